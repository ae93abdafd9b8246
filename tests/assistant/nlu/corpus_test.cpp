// Runs the project-owned corpus (corpus.jsonl): every line must come out as written.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "assistant/nlu/nlu.hpp"

namespace convonet::assistant::nlu {
namespace {

using nlohmann::json;

// Returns "" when the line's expectations hold, otherwise what differed.
std::string check(const json& line) {
  const auto now = parse_rfc3339(line.at("now").get<std::string>());
  if (!now) return "bad now";
  const auto got = to_json(
      understand(line.at("utterance").get<std::string>(), *now, line.at("tz").get<std::string>()));
  std::string problems;
  if (got["intent"] != line.at("intent")) problems += " intent";
  for (const auto& [key, value] : line.at("slots").items()) {
    if (!got["slots"].contains(key) || got["slots"][key] != value) problems += " slot:" + key;
  }
  if (line.contains("time")) {
    const auto& want = line["time"];
    const auto& have = got["time"];
    if (want.is_null() != have.is_null()) {
      problems += " time";
    } else if (!want.is_null()) {
      for (const auto& [key, value] : want.items()) {
        if (have[key] != value) problems += " time." + key;
      }
    }
  }
  if (problems.empty()) return "";
  return problems + "\n    got " + got.dump();
}

TEST(NluCorpus, EveryLinePasses) {
  std::ifstream in(CONVONET_NLU_CORPUS);
  ASSERT_TRUE(in) << "cannot open " << CONVONET_NLU_CORPUS;
  std::string text;
  int total = 0, passed = 0;
  while (std::getline(in, text)) {
    if (text.empty()) continue;
    const auto line = json::parse(text);
    ++total;
    const auto problems = check(line);
    if (problems.empty()) {
      ++passed;
    } else {
      ADD_FAILURE() << "\"" << line["utterance"].get<std::string>() << "\":" << problems;
    }
  }
  std::cout << "corpus: " << passed << "/" << total << " lines pass\n";
  EXPECT_GE(total, 300);
  EXPECT_EQ(passed, total);
}

}  // namespace
}  // namespace convonet::assistant::nlu
