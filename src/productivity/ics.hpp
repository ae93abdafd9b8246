#pragma once
// iCalendar (RFC 5545) export of calendar events, for subscribable calendar feeds.
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/records.hpp"

namespace convonet::productivity {

// A VCALENDAR with one VEVENT per event: CRLF line endings, lines folded at 75 octets without
// splitting a UTF-8 sequence, TEXT values escaped. Times are UTC (all-day events use
// VALUE=DATE); UID is "event-<id>@<uid_domain>"; DTSTAMP is `now`. Attendee entries that are
// not plain e-mail addresses, and rrules that do not parse, are left out rather than risk an
// invalid or injected line.
std::string render_ics(const std::vector<store::Event>& events, std::string_view calendar_name,
                       std::string_view uid_domain, Timestamp now);

}  // namespace convonet::productivity
