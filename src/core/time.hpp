#pragma once
// Time is explicit: instants are UTC seconds, formatted as RFC 3339; clocks are injected.
#include <date/tz.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace convonet {

using Timestamp = std::chrono::sys_seconds;

// "2026-11-24T10:00:00Z". Always UTC with a Z suffix.
std::string format_rfc3339(Timestamp t);
// The same 20 characters written at out, without a temporary string (hot listing paths);
// false, with nothing written, for a year outside 0000-9999 (format_rfc3339 handles those).
bool write_rfc3339(Timestamp t, char* out);

// Accepts RFC 3339 date-times with 'Z' or a numeric offset and optional fractional seconds
// (which are truncated). Rejects anything else, including out-of-range fields.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

// The instant of a wall-clock time in zone: the one DST policy of the project. A time in a
// spring-forward gap moves forward by the gap; an ambiguous (fall-back) time takes the earlier
// instant.
Timestamp local_to_utc(const date::time_zone& zone, date::local_seconds local);

// True if name is an IANA time zone known to the system tz database.
bool is_known_timezone(const std::string& name);

// A clock the services read; tests substitute a fixed or manually advanced one.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp now() const override { return now_; }
  void advance(std::chrono::seconds by) { now_ += by; }
  void set(Timestamp t) { now_ = t; }

 private:
  Timestamp now_;
};

}  // namespace convonet
