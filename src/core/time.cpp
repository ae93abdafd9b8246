#include "core/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>

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
void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}
}  // namespace

std::string format_rfc3339(Timestamp t) {
  // Hand-formatted: it runs for every timestamp of every listed item, and snprintf dominated
  // the profile of a todo listing.
  const auto day = std::chrono::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const auto seconds_of_day = static_cast<unsigned>((t - day).count());
  const int year = int(ymd.year());
  if (year < 0 || year > 9999) return date::format("%FT%TZ", t);
  std::string text = "0000-00-00T00:00:00Z";
  put_digits(&text[0], static_cast<unsigned>(year), 4);
  put_digits(&text[5], unsigned(ymd.month()), 2);
  put_digits(&text[8], unsigned(ymd.day()), 2);
  put_digits(&text[11], seconds_of_day / 3600, 2);
  put_digits(&text[14], seconds_of_day / 60 % 60, 2);
  put_digits(&text[17], seconds_of_day % 60, 2);
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
