#include "core/json_writer.hpp"

#include <charconv>

namespace convonet {

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_) out_ += ',';
  first_ = false;
}

void JsonWriter::key(std::string_view name) {
  separate();
  out_ += '"';
  out_ += name;
  out_ += "\":";
  after_key_ = true;
}

void JsonWriter::string(std::string_view value) {
  separate();
  quoted(value);
}

void JsonWriter::quoted(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  // Copy runs of characters that need no escaping in one append: this is the hottest loop of
  // a todo listing.
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto u = static_cast<unsigned char>(value[i]);
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out_.append(value.data() + run, i - run);
    run = i + 1;
    switch (u) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      default:
        out_ += "\\u00";
        out_ += kHex[u >> 4];
        out_ += kHex[u & 0xF];
    }
  }
  out_.append(value.data() + run, value.size() - run);
  out_ += '"';
}

void JsonWriter::integer(std::int64_t value) {
  separate();
  char buffer[24];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, end);
}

void JsonWriter::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
}

void JsonWriter::null() {
  separate();
  out_ += "null";
}

void JsonWriter::optional_integer(const std::optional<std::int64_t>& value) {
  if (value) {
    integer(*value);
  } else {
    null();
  }
}

void JsonWriter::time(Timestamp t) {
  // Digits, '-', ':', 'T' and 'Z' only: nothing to escape.
  char text[22];
  if (!write_rfc3339(t, text + 1)) {
    string(format_rfc3339(t));
    return;
  }
  separate();
  text[0] = '"';
  text[21] = '"';
  out_.append(text, sizeof text);
}

void JsonWriter::optional_time(const std::optional<Timestamp>& t) {
  if (t) {
    time(*t);
  } else {
    null();
  }
}

}  // namespace convonet
