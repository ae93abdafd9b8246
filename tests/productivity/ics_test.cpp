#include "productivity/ics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace convonet::productivity {
namespace {

Timestamp at(std::string_view rfc3339) {
  const auto t = parse_rfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

const Timestamp kNow = at("2024-03-04T00:00:00Z");

store::Event simple_event() {
  store::Event e;
  e.id = 42;
  e.creator_id = 7;
  e.title = "Team sync";
  e.start = at("2024-03-05T09:30:00Z");
  e.end = at("2024-03-05T10:00:00Z");
  e.created_at = at("2024-03-01T12:00:00Z");
  e.updated_at = at("2024-03-02T08:15:00Z");
  return e;
}

std::string render(const store::Event& e) {
  return render_ics({e}, "Work", "convonet.example", kNow);
}

// Physical lines, split on CRLF (the trailing CRLF yields no empty last line).
std::vector<std::string> physical_lines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    const auto end = ics.find("\r\n", pos);
    if (end == std::string::npos) {
      lines.push_back(ics.substr(pos));
      break;
    }
    lines.push_back(ics.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// Content lines after unfolding (RFC 5545 3.1: CRLF followed by one space is removed).
std::vector<std::string> content_lines(const std::string& ics) {
  std::vector<std::string> lines;
  for (auto& line : physical_lines(ics)) {
    if (!line.empty() && line.front() == ' ' && !lines.empty()) {
      lines.back() += line.substr(1);
    } else {
      lines.push_back(line);
    }
  }
  return lines;
}

bool has_line(const std::string& ics, const std::string& line) {
  for (const auto& l : content_lines(ics)) {
    if (l == line) return true;
  }
  return false;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

// True when `s` is a sequence of complete, well-formed UTF-8 characters.
bool is_complete_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xE  ? 3
                            : (c >> 3) == 0x1E ? 4
                                               : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

TEST(RenderIcs, SimpleEventExactly) {
  const std::string expected =
      "BEGIN:VCALENDAR\r\n"
      "VERSION:2.0\r\n"
      "PRODID:-//ConvoNet//ConvoNet 0.1//EN\r\n"
      "CALSCALE:GREGORIAN\r\n"
      "X-WR-CALNAME:Work\r\n"
      "BEGIN:VEVENT\r\n"
      "UID:event-42@convonet.example\r\n"
      "DTSTAMP:20240304T000000Z\r\n"
      "DTSTART:20240305T093000Z\r\n"
      "DTEND:20240305T100000Z\r\n"
      "SUMMARY:Team sync\r\n"
      "CREATED:20240301T120000Z\r\n"
      "LAST-MODIFIED:20240302T081500Z\r\n"
      "END:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  EXPECT_EQ(render(simple_event()), expected);
}

TEST(RenderIcs, EmptyCalendarHasHeaderAndFooterOnly) {
  EXPECT_EQ(render_ics({}, "Work", "convonet.example", kNow),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ConvoNet//ConvoNet 0.1//EN\r\n"
            "CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Work\r\nEND:VCALENDAR\r\n");
}

TEST(RenderIcs, FullEvent) {
  auto e = simple_event();
  e.location = "Room 4";
  e.attendees = {"ann@example.com", "bob@example.org"};
  e.rrule = "freq=weekly;byday=we,mo;count=10";
  e.reminder_minutes = 15;
  const auto ics = render(e);
  EXPECT_TRUE(has_line(ics, "LOCATION:Room 4"));
  EXPECT_TRUE(has_line(ics, "ATTENDEE;CN=ann@example.com:mailto:ann@example.com"));
  EXPECT_TRUE(has_line(ics, "ATTENDEE;CN=bob@example.org:mailto:bob@example.org"));
  EXPECT_TRUE(has_line(ics, "RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=MO,WE"));
  EXPECT_NE(ics.find("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\n"
                     "DESCRIPTION:Team sync\r\nEND:VALARM\r\nEND:VEVENT\r\n"),
            std::string::npos);
}

TEST(RenderIcs, AlarmOnlyWhenReminderIsSet) {
  auto e = simple_event();
  EXPECT_EQ(render(e).find("VALARM"), std::string::npos);
  e.reminder_minutes = 0;
  EXPECT_TRUE(has_line(render(e), "TRIGGER:-PT0M"));
  e.reminder_minutes = 90;
  const auto ics = render(e);
  EXPECT_EQ(count_of(ics, "BEGIN:VALARM\r\n"), 1u);
  EXPECT_TRUE(has_line(ics, "TRIGGER:-PT90M"));
}

TEST(RenderIcs, OneEventPerVevent) {
  auto a = simple_event();
  auto b = simple_event();
  b.id = 43;
  b.reminder_minutes = 5;
  const auto ics = render_ics({a, b}, "Work", "convonet.example", kNow);
  EXPECT_EQ(count_of(ics, "BEGIN:VEVENT\r\n"), 2u);
  EXPECT_EQ(count_of(ics, "END:VEVENT\r\n"), 2u);
  EXPECT_TRUE(has_line(ics, "UID:event-43@convonet.example"));
  EXPECT_EQ(count_of(ics, "BEGIN:VALARM\r\n"), 1u);
}

TEST(RenderIcs, AllDayEventsUseDates) {
  auto e = simple_event();
  e.all_day = true;
  e.start = at("2024-07-04T00:00:00Z");
  e.end = at("2024-07-05T00:00:00Z");
  auto ics = render(e);
  EXPECT_TRUE(has_line(ics, "DTSTART;VALUE=DATE:20240704"));
  EXPECT_TRUE(has_line(ics, "DTEND;VALUE=DATE:20240705"));
  EXPECT_EQ(ics.find("DTSTART:"), std::string::npos);

  e.end = at("2024-07-06T00:00:00Z");  // two days
  EXPECT_TRUE(has_line(render(e), "DTEND;VALUE=DATE:20240706"));
  e.end = at("2024-07-04T23:59:59Z");  // an inclusive end still means that day
  EXPECT_TRUE(has_line(render(e), "DTEND;VALUE=DATE:20240705"));
  e.end = e.start;  // no length: still one whole day
  EXPECT_TRUE(has_line(render(e), "DTEND;VALUE=DATE:20240705"));
}

TEST(RenderIcs, AllDayRecurrenceEndsOnADate) {
  auto e = simple_event();
  e.all_day = true;
  e.start = at("2024-07-04T00:00:00Z");
  e.end = at("2024-07-05T00:00:00Z");
  e.rrule = "FREQ=DAILY;UNTIL=20240710";
  EXPECT_TRUE(has_line(render(e), "RRULE:FREQ=DAILY;UNTIL=20240710"));
  e.all_day = false;
  EXPECT_TRUE(has_line(render(e), "RRULE:FREQ=DAILY;UNTIL=20240710T235959Z"));
}

// The simple event, repeating by `rrule` in `zone`.
std::string render_series(const std::string& zone, const std::string& rrule) {
  auto e = simple_event();
  e.timezone = zone;
  e.rrule = rrule;
  return render(e);
}

// kNow is 2024-03-04. London moves to +01:00 on 2024-03-31 at 01:00 UTC and back on
// 2024-10-27 at 01:00 UTC.
TEST(RenderIcs, ASeriesKeepsItsWallClockTimeAcrossDaylightSaving) {
  const auto ics = render_series("Europe/London", "FREQ=WEEKLY;COUNT=20");
  EXPECT_TRUE(has_line(ics, "DTSTART;TZID=Europe/London:20240305T093000"));
  EXPECT_TRUE(has_line(ics, "DTEND;TZID=Europe/London:20240305T100000"));
  EXPECT_EQ(ics.find("DTSTART:20240305T093000Z"), std::string::npos);

  // The zone is defined once, before the events, with the real changes.
  EXPECT_EQ(count_of(ics, "BEGIN:VTIMEZONE\r\n"), 1u);
  EXPECT_LT(ics.find("END:VTIMEZONE"), ics.find("BEGIN:VEVENT"));
  EXPECT_TRUE(has_line(ics, "TZID:Europe/London"));
  const auto spring = ics.find(
      "DTSTART:20240331T010000\r\nTZOFFSETFROM:+0000\r\n"
      "TZOFFSETTO:+0100\r\nTZNAME:BST\r\nEND:DAYLIGHT");
  EXPECT_NE(spring, std::string::npos);
  EXPECT_EQ(ics.rfind("BEGIN:DAYLIGHT", spring), ics.rfind("BEGIN:", spring));
  EXPECT_NE(ics.find("DTSTART:20241027T020000\r\nTZOFFSETFROM:+0100\r\n"
                     "TZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD"),
            std::string::npos);
  // Until about five years past now: the spring 2028 change is there, 2030's is not.
  EXPECT_NE(ics.find("DTSTART:20280326T010000"), std::string::npos);
  EXPECT_EQ(ics.find("DTSTART:20300331T010000"), std::string::npos);
}

TEST(RenderIcs, OneOffEventsAndUtcSeriesStayInUtc) {
  auto one_off = simple_event();
  one_off.timezone = "Europe/London";
  auto utc_series = simple_event();
  utc_series.id = 43;
  utc_series.timezone = "UTC";
  utc_series.rrule = "FREQ=DAILY;COUNT=3";
  const auto ics = render_ics({one_off, utc_series}, "Work", "convonet.example", kNow);
  EXPECT_EQ(count_of(ics, "DTSTART:20240305T093000Z\r\n"), 2u);
  EXPECT_EQ(ics.find("VTIMEZONE"), std::string::npos);
  EXPECT_EQ(ics.find("TZID"), std::string::npos);
}

// Weekly on Tuesdays 09:30 London time from 2024-03-05 (GMT): 2024-04-02 is in summer time.
TEST(RenderIcs, CancelledOccurrencesAreExdatesInTheFormOfDtstart) {
  auto e = simple_event();
  e.timezone = "Europe/London";
  e.rrule = "FREQ=WEEKLY";
  e.exdates = {at("2024-03-12T09:30:00Z"), at("2024-04-02T08:30:00Z")};
  auto ics = render(e);
  EXPECT_TRUE(has_line(ics, "EXDATE;TZID=Europe/London:20240312T093000,20240402T093000"));
  EXPECT_LT(ics.find("RRULE:"), ics.find("EXDATE"));

  e.timezone = "UTC";
  EXPECT_TRUE(has_line(render(e), "EXDATE:20240312T093000Z,20240402T083000Z"));

  // All-day series: dates, counted from DTSTART's date in the series' zone.
  e.all_day = true;
  e.timezone = "Europe/London";
  e.start = at("2024-03-04T00:00:00Z");
  e.end = at("2024-03-05T00:00:00Z");
  e.exdates = {at("2024-03-11T00:00:00Z"), at("2024-04-07T23:00:00Z")};  // London midnights
  ics = render(e);
  EXPECT_TRUE(has_line(ics, "DTSTART;VALUE=DATE:20240304"));
  EXPECT_TRUE(has_line(ics, "EXDATE;VALUE=DATE:20240311,20240408"));

  // None for a one-off event, whatever it carries.
  e.rrule.clear();
  EXPECT_EQ(render(e).find("EXDATE"), std::string::npos);
}

TEST(RenderIcs, ManyExdatesFoldLikeEveryOtherLine) {
  auto e = simple_event();
  e.timezone = "Europe/London";
  e.rrule = "FREQ=DAILY";
  std::string expected = "EXDATE;TZID=Europe/London:";
  for (int day = 10; day <= 29; ++day) {
    e.exdates.push_back(at("2024-03-" + std::to_string(day) + "T09:30:00Z"));
    expected += (day == 10 ? "" : ",") + std::string("202403") + std::to_string(day) + "T093000";
  }
  const auto ics = render(e);
  for (const auto& line : physical_lines(ics)) EXPECT_LE(line.size(), 75u) << line;
  EXPECT_TRUE(has_line(ics, expected));
  EXPECT_EQ(count_of(ics, "EXDATE"), 1u);
}

TEST(RenderIcs, ZonesWithoutDaylightSavingHaveOneObservanceAndOddOffsets) {
  const auto ics = render_series("Asia/Kolkata", "FREQ=DAILY");
  EXPECT_TRUE(has_line(ics, "DTSTART;TZID=Asia/Kolkata:20240305T150000"));
  EXPECT_EQ(count_of(ics, "BEGIN:STANDARD\r\n"), 1u);
  EXPECT_EQ(ics.find("BEGIN:DAYLIGHT"), std::string::npos);
  EXPECT_TRUE(has_line(ics, "TZOFFSETTO:+0530"));
}

TEST(RenderIcs, EscapesText) {
  auto e = simple_event();
  e.title = "Plan; budget, review\\notes\nnext line\r\nthird\x01";
  e.location = "Main St, 5; back";
  const auto ics = render_ics({e}, "Ann's, work; cal", "convonet.example", kNow);
  EXPECT_TRUE(has_line(ics, "SUMMARY:Plan\\; budget\\, review\\\\notes\\nnext line\\nthird"));
  EXPECT_TRUE(has_line(ics, "LOCATION:Main St\\, 5\\; back"));
  EXPECT_TRUE(has_line(ics, "X-WR-CALNAME:Ann's\\, work\\; cal"));
}

TEST(RenderIcs, NothingUnvalidatedCanInjectLines) {
  auto e = simple_event();
  e.title = "x\r\nBEGIN:VEVENT";
  e.rrule = "FREQ=DAILY\r\nBEGIN:VEVENT";
  e.attendees = {"eve@example.com\r\nX-EVIL:1", "not an email", "a@b;RSVP=TRUE", "ok@example.com"};
  const auto ics = render(e);
  const auto lines = content_lines(ics);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "BEGIN:VEVENT"), 1);
  EXPECT_EQ(ics.find("RRULE"), std::string::npos);
  EXPECT_EQ(ics.find("EVIL"), std::string::npos);
  EXPECT_EQ(count_of(ics, "ATTENDEE"), 1u);
  EXPECT_TRUE(has_line(ics, "ATTENDEE;CN=ok@example.com:mailto:ok@example.com"));
  EXPECT_TRUE(has_line(ics, "SUMMARY:x\\nBEGIN:VEVENT"));
}

TEST(RenderIcs, FoldsLongUtf8LinesAt75Octets) {
  auto e = simple_event();
  std::string title;
  for (int i = 0; i < 12; ++i) title += "Réunion d'équipe — 会議室 🎉 ";
  e.title = title;
  const auto ics = render(e);
  bool folded = false;
  for (const auto& line : physical_lines(ics)) {
    EXPECT_LE(line.size(), 75u) << line;
    // Each physical line holds whole characters: no UTF-8 sequence is split by a fold.
    EXPECT_TRUE(is_complete_utf8(line)) << line;
    folded = folded || (!line.empty() && line.front() == ' ');
  }
  EXPECT_TRUE(folded);
  EXPECT_TRUE(has_line(ics, "SUMMARY:" + title));
}

TEST(RenderIcs, FoldsLongAsciiLinesAtExactly75Octets) {
  auto e = simple_event();
  e.title = std::string(200, 'a');
  const auto lines = physical_lines(render(e));
  const std::string first = "SUMMARY:" + std::string(75 - 8, 'a');
  const auto it = std::find(lines.begin(), lines.end(), first);
  ASSERT_NE(it, lines.end());
  EXPECT_EQ(*(it + 1), " " + std::string(74, 'a'));
  EXPECT_EQ(*(it + 2), " " + std::string(200 - 67 - 74, 'a'));
}

TEST(RenderIcs, UsesCrlfEverywhere) {
  auto e = simple_event();
  e.title = std::string(300, 'x') + "\nline";
  e.location = "here";
  e.attendees = {"ann@example.com"};
  e.rrule = "FREQ=DAILY;COUNT=2";
  e.reminder_minutes = 10;
  const auto ics = render(e);
  ASSERT_GE(ics.size(), 2u);
  EXPECT_EQ(ics.substr(ics.size() - 2), "\r\n");
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') {
      EXPECT_TRUE(i > 0 && ics[i - 1] == '\r') << "bare LF at " << i;
    }
    if (ics[i] == '\r') {
      EXPECT_TRUE(i + 1 < ics.size() && ics[i + 1] == '\n') << "bare CR at " << i;
    }
  }
}

}  // namespace
}  // namespace convonet::productivity
