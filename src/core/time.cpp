#include "core/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>

namespace convonet {

namespace {

bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

bool expect(std::string_view text, std::size_t pos, char c) {
  return pos < text.size() && (text[pos] == c || (c == 'T' && text[pos] == 't'));
}

}  // namespace

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// "00" to "99", for writing two digits with one copy.
constexpr std::array<char, 200> kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    pairs[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

void put_two(char* out, unsigned value) {
  std::memcpy(out, &kDigitPairs[2 * value], 2);
}

// "YYYY-MM-DDT" of a day since the epoch; false outside years 0000-9999.
bool write_date(std::int64_t days, char* out) {
  const date::year_month_day ymd{date::sys_days{date::days{days}}};
  const int year = int(ymd.year());
  if (year < 0 || year > 9999) return false;
  put_two(out, static_cast<unsigned>(year / 100));
  put_two(out + 2, static_cast<unsigned>(year % 100));
  out[4] = '-';
  put_two(out + 5, unsigned(ymd.month()));
  out[7] = '-';
  put_two(out + 8, unsigned(ymd.day()));
  out[10] = 'T';
  return true;
}

}  // namespace

bool write_rfc3339(Timestamp t, char* out) {
  // Hand-formatted: it runs for every timestamp of every listed item, and snprintf dominated
  // the profile of a todo listing. The timestamps of one listing mostly fall on a few days,
  // so each thread remembers the last date it wrote.
  struct LastDate {
    std::int64_t days = std::numeric_limits<std::int64_t>::min();
    char text[11];
  };
  thread_local LastDate last;
  const std::int64_t seconds = t.time_since_epoch().count();
  std::int64_t days = seconds / kSecondsPerDay;
  std::int64_t second_of_day = seconds % kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += kSecondsPerDay;
    --days;
  }
  if (days != last.days) {
    if (!write_date(days, last.text)) return false;
    last.days = days;
  }
  std::memcpy(out, last.text, sizeof last.text);
  const auto sod = static_cast<unsigned>(second_of_day);
  put_two(out + 11, sod / 3600);
  out[13] = ':';
  put_two(out + 14, sod / 60 % 60);
  out[16] = ':';
  put_two(out + 17, sod % 60);
  out[19] = 'Z';
  return true;
}

std::string format_rfc3339(Timestamp t) {
  std::string text(20, '\0');
  if (!write_rfc3339(t, text.data())) return date::format("%FT%TZ", t);
  return text;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (!read_digits(text, 0, 4, year) || !expect(text, 4, '-') || !read_digits(text, 5, 2, month) ||
      !expect(text, 7, '-') || !read_digits(text, 8, 2, day) || !expect(text, 10, 'T') ||
      !read_digits(text, 11, 2, hour) || !expect(text, 13, ':') ||
      !read_digits(text, 14, 2, minute) || !expect(text, 16, ':') ||
      !read_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  // Leap seconds (60) are not representable in sys_seconds; reject them with the rest.
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  const date::year_month_day ymd{date::year{year}, date::month{unsigned(month)},
                                 date::day{unsigned(day)}};
  if (!ymd.ok()) return std::nullopt;

  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start || pos - start > 9) return std::nullopt;
  }
  if (pos >= text.size()) return std::nullopt;

  int offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    int off_h, off_m;
    if (!read_digits(text, pos + 1, 2, off_h) || !expect(text, pos + 3, ':') ||
        !read_digits(text, pos + 4, 2, off_m) || off_h > 23 || off_m > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (off_h * 60 + off_m);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  const auto local = date::sys_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
                     std::chrono::seconds{second};
  const Timestamp instant{local - std::chrono::minutes{offset_minutes}};
  // An offset can carry year 0000 or 9999 across the edge of RFC 3339's four-digit years.
  const int utc_year = int(date::year_month_day{std::chrono::floor<date::days>(instant)}.year());
  if (utc_year < 0 || utc_year > 9999) return std::nullopt;
  return instant;
}

Timestamp local_to_utc(const date::time_zone& zone, date::local_seconds local) {
  // Reading with the offset before a gap lands after it, moved forward by the gap; for an
  // ambiguous time the first offset is the earlier instant. local_info::first is both.
  const date::local_info info = zone.get_info(local);
  return Timestamp{local.time_since_epoch() - info.first.offset};
}

bool is_known_timezone(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

Timestamp SystemClock::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace convonet
