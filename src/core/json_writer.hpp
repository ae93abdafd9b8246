#pragma once
// A small streaming JSON writer for hot listing paths, where building a nlohmann::json tree
// per item costs more than the database query. Callers write well-formed structure; strings
// are escaped here (the input is valid UTF-8, validated on write).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace convonet {

class JsonWriter {
 public:
  explicit JsonWriter(std::size_t expected_bytes = 256) { out_.reserve(expected_bytes); }
  void begin_object() {
    separate();
    out_ += '{';
    first_ = true;
  }
  void end_object() {
    out_ += '}';
    first_ = false;
  }
  void begin_array() {
    separate();
    out_ += '[';
    first_ = true;
  }
  void end_array() {
    out_ += ']';
    first_ = false;
  }
  // Key names are the program's own identifiers, written as they are (never escaped).
  void key(std::string_view name);
  // The same key already in its written form, a literal such as R"("team_id":)": one append
  // instead of three, for objects written many times per response (listings).
  void written_key(std::string_view quoted_name_and_colon) {
    separate();
    out_ += quoted_name_and_colon;
    after_key_ = true;
  }

  void string(std::string_view value);
  void integer(std::int64_t value);
  void boolean(bool value);
  void null();
  void optional_integer(const std::optional<std::int64_t>& value);
  void time(Timestamp t);  // RFC 3339, formatted straight into the buffer
  void optional_time(const std::optional<Timestamp>& t);

  std::string take() { return std::move(out_); }

 private:
  void separate();
  void quoted(std::string_view value);  // escaped, in double quotes
  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace convonet
