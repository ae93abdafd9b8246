#include "productivity/ics.hpp"

#include <date/date.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "productivity/recurrence.hpp"

namespace convonet::productivity {

namespace {

constexpr std::size_t kMaxLineOctets = 75;

bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Appends `line` folded per RFC 5545 3.1: no line longer than 75 octets (CRLF excluded),
// continuation lines start with a space, and a multi-octet UTF-8 character is never split.
void append_line(std::string& out, std::string_view line) {
  std::size_t limit = kMaxLineOctets;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && is_utf8_continuation(line[cut])) --cut;
    if (cut == 0) cut = limit;  // not UTF-8 at all: any cut is as good as another
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
}

// TEXT value escaping (RFC 5545 3.3.11). Control characters other than tab are not allowed
// in TEXT, so they are dropped; CRLF and lone CR become a single escaped newline.
std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) break;
        out += c;
    }
  }
  return out;
}

std::string format_date(date::sys_days day) {
  const date::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buffer;
}

std::string format_utc(Timestamp t) {
  const auto day = std::chrono::floor<date::days>(t);
  const date::hh_mm_ss hms{t - day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "T%02d%02d%02dZ", int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return format_date(day) + buffer;
}

// Only plain addresses make it into a CAL-ADDRESS: anything with spaces, quotes or iCalendar
// delimiters could break the line or smuggle in parameters.
bool is_plain_email(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return false;
  if (email.find('@', at + 1) != std::string_view::npos) return false;
  return std::none_of(email.begin(), email.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F ||
           std::string_view("\"\\;:,<>").find(c) != std::string_view::npos;
  });
}

// The stored rrule is re-rendered from its parsed form so nothing unvalidated reaches the
// feed. All-day events need a DATE UNTIL to match their DATE DTSTART (RFC 5545 3.3.10).
std::optional<std::string> rrule_line(const store::Event& event) {
  if (event.rrule.empty()) return std::nullopt;
  auto rule = parse_rrule(event.rrule);
  if (!rule) return std::nullopt;
  if (!event.all_day || !rule->until) return "RRULE:" + format_rrule(*rule);
  const auto until_day = std::chrono::floor<date::days>(*rule->until);
  rule->until.reset();
  return "RRULE:" + format_rrule(*rule) + ";UNTIL=" + format_date(until_day);
}

void append_times(std::string& out, const store::Event& event) {
  if (event.all_day) {
    // DTEND is exclusive: an end at or before the next midnight still means one whole day.
    const auto first = std::chrono::floor<date::days>(event.start);
    const auto last = std::max(std::chrono::ceil<date::days>(event.end), first + date::days{1});
    append_line(out, "DTSTART;VALUE=DATE:" + format_date(first));
    append_line(out, "DTEND;VALUE=DATE:" + format_date(last));
    return;
  }
  append_line(out, "DTSTART:" + format_utc(event.start));
  append_line(out, "DTEND:" + format_utc(std::max(event.end, event.start)));
}

void append_alarm(std::string& out, const store::Event& event) {
  if (!event.reminder_minutes) return;
  const int minutes = *event.reminder_minutes;
  // Negative reminder minutes mean "after the start".
  const std::string trigger =
      minutes >= 0 ? "-PT" + std::to_string(minutes) + "M" : "PT" + std::to_string(-minutes) + "M";
  append_line(out, "BEGIN:VALARM");
  append_line(out, "ACTION:DISPLAY");
  append_line(out, "TRIGGER:" + trigger);
  append_line(out, "DESCRIPTION:" + escape_text(event.title.empty() ? "Reminder" : event.title));
  append_line(out, "END:VALARM");
}

void append_event(std::string& out, const store::Event& event, std::string_view uid_domain,
                  const std::string& dtstamp) {
  append_line(out, "BEGIN:VEVENT");
  append_line(out, "UID:" + escape_text("event-" + std::to_string(event.id) + "@" +
                                        std::string(uid_domain)));
  append_line(out, "DTSTAMP:" + dtstamp);
  append_times(out, event);
  append_line(out, "SUMMARY:" + escape_text(event.title));
  if (!event.location.empty()) append_line(out, "LOCATION:" + escape_text(event.location));
  for (const std::string& attendee : event.attendees) {
    if (!is_plain_email(attendee)) continue;
    append_line(out, "ATTENDEE;CN=" + attendee + ":mailto:" + attendee);
  }
  if (const auto rrule = rrule_line(event)) append_line(out, *rrule);
  append_line(out, "CREATED:" + format_utc(event.created_at));
  append_line(out, "LAST-MODIFIED:" + format_utc(event.updated_at));
  append_alarm(out, event);
  append_line(out, "END:VEVENT");
}

}  // namespace

std::string render_ics(const std::vector<store::Event>& events, std::string_view calendar_name,
                       std::string_view uid_domain, Timestamp now) {
  std::string out;
  append_line(out, "BEGIN:VCALENDAR");
  append_line(out, "VERSION:2.0");
  append_line(out, "PRODID:-//ConvoNet//ConvoNet 0.1//EN");
  append_line(out, "CALSCALE:GREGORIAN");
  append_line(out, "X-WR-CALNAME:" + escape_text(calendar_name));
  const std::string dtstamp = format_utc(now);
  for (const store::Event& event : events) append_event(out, event, uid_domain, dtstamp);
  append_line(out, "END:VCALENDAR");
  return out;
}

}  // namespace convonet::productivity
