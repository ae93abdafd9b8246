#pragma once
// A strict little reader for the Prometheus text format, so tests can check our exposition
// by parsing it back rather than by string matching.
#include <cstdlib>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace convonet::http::testing_support {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Exposition {
  bool ok = true;
  std::string problem;
  std::map<std::string, std::string> types;  // family -> counter|gauge|histogram|...
  std::map<std::string, std::string> helps;
  std::vector<Sample> samples;

  const Sample* find(std::string_view name,
                     const std::map<std::string, std::string>& labels) const {
    for (const auto& s : samples) {
      if (s.name == name && s.labels == labels) return &s;
    }
    return nullptr;
  }
  bool has(std::string_view name, const std::map<std::string, std::string>& labels) const {
    return find(name, labels) != nullptr;
  }
  // -1 when absent, so a missing series fails equality checks visibly.
  double value(std::string_view name, const std::map<std::string, std::string>& labels) const {
    const Sample* s = find(name, labels);
    return s ? s->value : -1;
  }
};

inline bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

inline std::string family_of(const std::string& name,
                             const std::map<std::string, std::string>& types) {
  for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      std::string base = name.substr(0, name.size() - suffix.size());
      auto it = types.find(base);
      if (it != types.end() && it->second == "histogram") return base;
    }
  }
  return name;
}

inline Exposition parse_exposition(std::string_view text) {
  Exposition out;
  auto fail = [&out](std::string problem) {
    if (out.ok) out.problem = std::move(problem);
    out.ok = false;
  };
  if (!text.empty() && text.back() != '\n') fail("text does not end with a newline");
  while (!text.empty() && out.ok) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (line.empty()) continue;
    if (line.starts_with("# TYPE ") || line.starts_with("# HELP ")) {
      std::string_view rest = line.substr(7);
      auto space = rest.find(' ');
      if (space == std::string_view::npos) {
        fail("comment without text: " + std::string(line));
        break;
      }
      std::string name(rest.substr(0, space));
      if (!valid_name(name)) fail("bad family name: " + name);
      if (line[2] == 'T') {
        if (out.types.count(name)) fail("duplicate TYPE for " + name);
        out.types[name] = std::string(rest.substr(space + 1));
      } else {
        out.helps[name] = std::string(rest.substr(space + 1));
      }
      continue;
    }
    if (line.front() == '#') continue;

    Sample sample;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    sample.name = std::string(line.substr(0, i));
    if (!valid_name(sample.name)) {
      fail("bad sample name: " + std::string(line));
      break;
    }
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::size_t eq = line.find('=', i);
        if (eq == std::string_view::npos || eq + 1 >= line.size() || line[eq + 1] != '"') {
          fail("bad label in: " + std::string(line));
          break;
        }
        std::string key(line.substr(i, eq - i));
        std::string value;
        std::size_t j = eq + 2;
        for (; j < line.size() && line[j] != '"'; ++j) {
          if (line[j] == '\\' && j + 1 < line.size()) {
            char e = line[++j];
            value += e == 'n' ? '\n' : e;
          } else {
            value += line[j];
          }
        }
        if (j >= line.size()) {
          fail("unterminated label value in: " + std::string(line));
          break;
        }
        sample.labels[key] = value;
        i = j + 1;
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (!out.ok) break;
      if (i >= line.size()) {
        fail("unterminated label set in: " + std::string(line));
        break;
      }
      ++i;  // '}'
    }
    if (i >= line.size() || line[i] != ' ') {
      fail("no value in: " + std::string(line));
      break;
    }
    std::string value(line.substr(i + 1));
    if (value == "+Inf") {
      sample.value = std::numeric_limits<double>::infinity();
    } else if (value == "-Inf") {
      sample.value = -std::numeric_limits<double>::infinity();
    } else {
      char* end = nullptr;
      sample.value = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || *end != '\0') fail("bad value in: " + std::string(line));
    }
    if (!out.types.count(family_of(sample.name, out.types))) {
      fail("sample before its TYPE: " + sample.name);
    }
    out.samples.push_back(std::move(sample));
  }
  return out;
}

}  // namespace convonet::http::testing_support
