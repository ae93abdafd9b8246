#include "core/time.hpp"

#include <gtest/gtest.h>

#include <string>

namespace convonet {
namespace {

using namespace std::chrono;

TEST(Rfc3339, FormatsUtcWithZ) {
  const Timestamp t = sys_days{year_month_day{year{2026}, month{11}, day{24}}} + hours{14} +
                      minutes{5} + seconds{9};
  EXPECT_EQ(format_rfc3339(t), "2026-11-24T14:05:09Z");
}

TEST(Rfc3339, ParsesZuluOffsetsAndFractions) {
  const auto zulu = parse_rfc3339("2026-11-24T14:00:00Z");
  ASSERT_TRUE(zulu);
  EXPECT_EQ(format_rfc3339(*zulu), "2026-11-24T14:00:00Z");
  EXPECT_EQ(parse_rfc3339("2026-11-24T15:30:00+01:30"), parse_rfc3339("2026-11-24T14:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-11-24T09:00:00-05:00"), zulu);
  EXPECT_EQ(parse_rfc3339("2026-11-24T14:00:00.987654Z"), zulu);
  EXPECT_EQ(parse_rfc3339("2026-11-24t14:00:00z"), zulu);
}

TEST(Rfc3339, RejectsMalformedAndOutOfRange) {
  for (const char* bad :
       {"", "2026-11-24", "2026-11-24T14:00:00", "2026-11-24 14:00:00Z", "2026-02-30T10:00:00Z",
        "2026-13-01T10:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T14:60:00Z",
        "2026-11-24T14:00:60Z", "2026-11-24T14:00:00+2400", "2026-11-24T14:00:00+01:00x",
        "2026-11-24T14:00:00.Z", "abcd-11-24T14:00:00Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
}

TEST(Rfc3339, RejectsInstantsOutsideFourDigitYears) {
  // Found by rfc3339_fuzz: year 0000 with a positive offset is in year -1 in UTC.
  EXPECT_FALSE(parse_rfc3339("0000-01-01T01:30:03+05:30"));
  EXPECT_FALSE(parse_rfc3339("9999-12-31T23:00:00-05:00"));
  EXPECT_TRUE(parse_rfc3339("0000-01-01T10:00:00+05:30"));
}

TEST(Rfc3339, RoundTripsAcrossYears) {
  for (int y : {1970, 2000, 2024, 2038, 2100}) {
    const Timestamp t =
        sys_days{year_month_day{year{y}, month{2}, day{28}}} + hours{23} + minutes{59};
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t);
  }
}

// write_rfc3339 keeps the last date it wrote per thread: alternating days, times across
// midnight and dates before 1970 must all still come out right.
TEST(Rfc3339, WritesIntoABufferAcrossDaysAndEras) {
  char buffer[21] = {};
  const auto written = [&](const char* text) {
    const auto t = *parse_rfc3339(text);
    EXPECT_TRUE(write_rfc3339(t, buffer));
    return std::string(buffer, 20);
  };
  for (const char* text :
       {"2026-11-24T14:05:09Z", "2026-11-24T23:59:59Z", "2026-11-25T00:00:00Z",
        "2026-11-24T00:00:00Z", "1969-12-31T23:59:59Z", "1900-03-01T12:00:00Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-24T14:05:09Z"}) {
    EXPECT_EQ(written(text), text);
  }
  const Timestamp beyond = sys_days{year_month_day{year{10000}, month{1}, day{1}}};
  EXPECT_FALSE(write_rfc3339(beyond, buffer));
}

TEST(TimeZones, KnowsIanaNames) {
  EXPECT_TRUE(is_known_timezone("Europe/London"));
  EXPECT_TRUE(is_known_timezone("America/New_York"));
  EXPECT_TRUE(is_known_timezone("UTC"));
  EXPECT_FALSE(is_known_timezone("Mars/Olympus_Mons"));
  EXPECT_FALSE(is_known_timezone(""));
  EXPECT_FALSE(is_known_timezone("../../etc/passwd"));
}

TEST(ManualClock, AdvancesOnlyWhenTold) {
  ManualClock clock(Timestamp{seconds{1000}});
  EXPECT_EQ(clock.now(), Timestamp{seconds{1000}});
  clock.advance(seconds{60});
  EXPECT_EQ(clock.now(), Timestamp{seconds{1060}});
}

}  // namespace
}  // namespace convonet
