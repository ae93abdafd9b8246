// EventService over a real (in-memory SQLite) store: cancelling and moving one occurrence of a
// recurring event, and what the series and its listing look like afterwards.
#include "productivity/events.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "productivity/teams.hpp"
#include "store/repositories.hpp"

namespace convonet::productivity {
namespace {

Timestamp at(std::string_view rfc3339) {
  const auto t = parse_rfc3339(rfc3339);
  if (!t) throw std::invalid_argument(std::string(rfc3339));
  return *t;
}

template <class T>
T must(Result<T> result) {
  if (!result) throw std::runtime_error(result.error().message);
  return std::move(result).value();
}

class EventOccurrences : public ::testing::Test {
 protected:
  void SetUp() override {
    owner_ = Principal{add_user("owner@example.com"), {}};
    viewer_ = Principal{add_user("viewer@example.com"), {}};
    outsider_ = Principal{add_user("outsider@example.com"), {}};
  }

  store::Id add_user(const std::string& email) {
    return must(db_->transact(store::TxMode::write,
                              [&](store::Session& s) -> Result<store::User> {
                                store::User u;
                                u.email = email;
                                u.name = email;
                                u.password_hash = "unused";
                                u.timezone = "UTC";
                                return store::users::insert(s, u);
                              }))
        .id;
  }

  // Monday, Wednesday and Friday at 09:00 UTC for 15 minutes, from Monday 30 November 2026.
  store::Event standup(std::optional<store::Id> team = std::nullopt, std::string rrule = "") {
    NewEvent e;
    e.title = "Standup";
    e.start = at("2026-11-30T09:00:00Z");
    e.end = at("2026-11-30T09:15:00Z");
    e.team_id = team;
    e.location = "Room 4";
    e.attendees = {"kim@example.com", "lee@example.com"};
    e.reminder_minutes = 10;
    e.rrule = rrule.empty() ? "FREQ=WEEKLY;BYDAY=MO,WE,FR" : rrule;
    e.timezone = "UTC";
    return must(events_.create(owner_, e));
  }

  std::vector<std::string> starts(const Principal& p, std::string_view from, std::string_view to,
                                  std::size_t limit = 500) {
    EventQuery q;
    q.from = at(from);
    q.to = at(to);
    q.limit = limit;
    std::vector<std::string> out;
    for (const auto& o : must(events_.list(p, q)).items) out.push_back(format_rfc3339(o.start));
    return out;
  }

  std::vector<std::string> week(const Principal& p) {
    return starts(p, "2026-11-30T00:00:00Z", "2026-12-07T00:00:00Z");
  }

  std::vector<std::string> exdates(const store::Event& e) {
    std::vector<std::string> out;
    for (Timestamp t : must(events_.get(owner_, e.id)).exdates) out.push_back(format_rfc3339(t));
    return out;
  }

  store::Id sales_team() {
    const auto team = must(teams_.create(owner_, "Sales")).team.id;
    must(teams_.add_member(owner_, team, "viewer@example.com", store::Role::viewer));
    return team;
  }

  static std::unique_ptr<store::Database> open_migrated() {
    auto db = must(store::open_database("sqlite://:memory:"));
    must(store::migrate(*db));
    return db;
  }

  ManualClock clock_{at("2026-11-24T10:00:00Z")};
  std::unique_ptr<store::Database> db_ = open_migrated();
  EventService events_{*db_, clock_};
  TeamService teams_{*db_, clock_};
  Principal owner_, viewer_, outsider_;
};

TEST_F(EventOccurrences, CancellingOneOccurrenceRemovesItFromTheWeekOnly) {
  const auto series = standup();
  auto cancelled = events_.cancel_occurrence(owner_, series.id, at("2026-12-02T09:00:00Z"));
  ASSERT_TRUE(cancelled) << cancelled.error().message;
  EXPECT_FALSE(cancelled->event_deleted);
  EXPECT_EQ(week(owner_),
            (std::vector<std::string>{"2026-11-30T09:00:00Z", "2026-12-04T09:00:00Z"}));
  EXPECT_EQ(starts(owner_, "2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z").size(), 3u);
  EXPECT_EQ(exdates(series), (std::vector<std::string>{"2026-12-02T09:00:00Z"}));

  // Cancelling it again is a no-op, not an error; exdates stay sorted.
  ASSERT_TRUE(events_.cancel_occurrence(owner_, series.id, at("2026-12-02T09:00:00Z")));
  ASSERT_TRUE(events_.cancel_occurrence(owner_, series.id, at("2026-11-30T09:00:00Z")));
  EXPECT_EQ(exdates(series),
            (std::vector<std::string>{"2026-11-30T09:00:00Z", "2026-12-02T09:00:00Z"}));
  EXPECT_EQ(week(owner_), (std::vector<std::string>{"2026-12-04T09:00:00Z"}));
}

TEST_F(EventOccurrences, UpdatingOneOccurrenceMakesAOneOffCopyAndSkipsItInTheSeries) {
  const auto series = standup();
  EventPatch patch;
  patch.start = at("2026-12-02T11:00:00Z");
  auto moved = events_.update_occurrence(owner_, series.id, at("2026-12-02T09:00:00Z"), patch);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_NE(moved->id, series.id);
  EXPECT_EQ(moved->start, at("2026-12-02T11:00:00Z"));
  EXPECT_EQ(moved->end, at("2026-12-02T11:15:00Z"));  // the duration is kept
  EXPECT_EQ(moved->rrule, "");
  EXPECT_EQ(moved->title, "Standup");
  EXPECT_EQ(moved->location, "Room 4");
  EXPECT_EQ(moved->attendees, series.attendees);
  EXPECT_EQ(moved->reminder_minutes, 10);
  EXPECT_EQ(moved->timezone, "UTC");
  EXPECT_EQ(moved->creator_id, owner_.user_id);
  EXPECT_EQ(must(events_.get(owner_, moved->id)).attendees, series.attendees);

  EXPECT_EQ(week(owner_), (std::vector<std::string>{"2026-11-30T09:00:00Z", "2026-12-02T11:00:00Z",
                                                    "2026-12-04T09:00:00Z"}));
  EXPECT_EQ(exdates(series), (std::vector<std::string>{"2026-12-02T09:00:00Z"}));

  // A retry must not make a second copy.
  auto again = events_.update_occurrence(owner_, series.id, at("2026-12-02T09:00:00Z"), patch);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().code, "occurrence_cancelled");
}

TEST_F(EventOccurrences, AnOccurrencePatchIsValidatedAndCannotRepeat) {
  const auto series = standup();
  EventPatch repeat;
  repeat.rrule = "FREQ=DAILY";
  auto refused = events_.update_occurrence(owner_, series.id, at("2026-12-02T09:00:00Z"), repeat);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::unprocessable);
  EXPECT_EQ(refused.error().code, "series_change");

  EventPatch backwards;
  backwards.end = at("2026-12-02T08:00:00Z");
  auto invalid =
      events_.update_occurrence(owner_, series.id, at("2026-12-02T09:00:00Z"), backwards);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().kind, ErrorKind::unprocessable);
  // Nothing was written: the occurrence is still there.
  EXPECT_EQ(week(owner_).size(), 3u);
  EXPECT_TRUE(exdates(series).empty());
}

TEST_F(EventOccurrences, AStartThatIsNoOccurrenceIsRefused) {
  const auto series = standup();
  for (const char* start : {"2026-12-01T09:00:00Z",     // a Tuesday
                            "2026-12-02T09:01:00Z",     // a minute late
                            "2026-11-27T09:00:00Z"}) {  // a Friday before the series began
    auto cancelled = events_.cancel_occurrence(owner_, series.id, at(start));
    ASSERT_FALSE(cancelled) << start;
    EXPECT_EQ(cancelled.error().kind, ErrorKind::unprocessable);
    EXPECT_EQ(cancelled.error().code, "not_an_occurrence");
    auto moved = events_.update_occurrence(owner_, series.id, at(start), EventPatch{});
    ASSERT_FALSE(moved) << start;
    EXPECT_EQ(moved.error().code, "not_an_occurrence");
  }
  EXPECT_TRUE(exdates(series).empty());
}

TEST_F(EventOccurrences, AOneOffEventHasNoOccurrencesToChange) {
  NewEvent e;
  e.title = "Review";
  e.start = at("2026-12-01T10:00:00Z");
  e.end = at("2026-12-01T11:00:00Z");
  const auto once = must(events_.create(owner_, e));
  auto cancelled = events_.cancel_occurrence(owner_, once.id, once.start);
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().kind, ErrorKind::unprocessable);
  EXPECT_EQ(cancelled.error().code, "not_recurring");
  auto moved = events_.update_occurrence(owner_, once.id, once.start, EventPatch{});
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code, "not_recurring");
}

TEST_F(EventOccurrences, RolesApplyAsForDeletingTheEvent) {
  const auto series = standup(sales_team());
  const auto occurrence = at("2026-12-02T09:00:00Z");
  auto by_viewer = events_.cancel_occurrence(viewer_, series.id, occurrence);
  ASSERT_FALSE(by_viewer);
  EXPECT_EQ(by_viewer.error().kind, ErrorKind::forbidden);
  auto moved_by_viewer = events_.update_occurrence(viewer_, series.id, occurrence, EventPatch{});
  ASSERT_FALSE(moved_by_viewer);
  EXPECT_EQ(moved_by_viewer.error().kind, ErrorKind::forbidden);
  auto by_outsider = events_.cancel_occurrence(outsider_, series.id, occurrence);
  ASSERT_FALSE(by_outsider);
  EXPECT_EQ(by_outsider.error().kind, ErrorKind::not_found);
  auto unknown = events_.cancel_occurrence(owner_, series.id + 100, occurrence);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);

  // The viewer still sees every occurrence; the team's copy of a moved one stays in the team.
  EXPECT_EQ(week(viewer_).size(), 3u);
  EventPatch later;
  later.start = at("2026-12-02T10:00:00Z");
  const auto moved = must(events_.update_occurrence(owner_, series.id, occurrence, later));
  EXPECT_EQ(moved.team_id, series.team_id);
  EXPECT_EQ(week(viewer_)[1], "2026-12-02T10:00:00Z");
}

TEST_F(EventOccurrences, CancellingTheLastOccurrenceLeftDeletesTheEvent) {
  const auto series = standup(std::nullopt, "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=2");
  auto first = events_.cancel_occurrence(owner_, series.id, at("2026-11-30T09:00:00Z"));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->event_deleted);
  auto last = events_.cancel_occurrence(owner_, series.id, at("2026-12-02T09:00:00Z"));
  ASSERT_TRUE(last) << last.error().message;
  EXPECT_TRUE(last->event_deleted);
  EXPECT_EQ(events_.get(owner_, series.id).error().kind, ErrorKind::not_found);

  // Moving the last one leaves the copy alone.
  const auto pair = standup(std::nullopt, "FREQ=DAILY;COUNT=2");
  must(events_.cancel_occurrence(owner_, pair.id, at("2026-11-30T09:00:00Z")));
  const auto copy =
      must(events_.update_occurrence(owner_, pair.id, at("2026-12-01T09:00:00Z"), EventPatch{}));
  EXPECT_EQ(events_.get(owner_, pair.id).error().kind, ErrorKind::not_found);
  EXPECT_EQ(week(owner_), (std::vector<std::string>{"2026-12-01T09:00:00Z"}));
  EXPECT_EQ(must(events_.get(owner_, copy.id)).title, "Standup");
}

TEST_F(EventOccurrences, PagesStayFullAndCompleteAroundCancelledOccurrences) {
  const auto daily = standup(std::nullopt, "FREQ=DAILY;COUNT=10");
  for (const char* day : {"2026-12-01T09:00:00Z", "2026-12-02T09:00:00Z", "2026-12-03T09:00:00Z"}) {
    must(events_.cancel_occurrence(owner_, daily.id, at(day)));
  }
  EventQuery q;
  q.from = at("2026-11-30T00:00:00Z");
  q.to = at("2026-12-31T00:00:00Z");
  q.limit = 2;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    const auto page = must(events_.list(owner_, q));
    EXPECT_LE(page.items.size(), 2u);
    for (const auto& o : page.items) seen.push_back(format_rfc3339(o.start));
    if (!page.next) break;
    EXPECT_EQ(page.items.size(), 2u);  // only the last page may be short
    q.resume_at = page.next;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"2026-11-30T09:00:00Z", "2026-12-04T09:00:00Z",
                                            "2026-12-05T09:00:00Z", "2026-12-06T09:00:00Z",
                                            "2026-12-07T09:00:00Z", "2026-12-08T09:00:00Z",
                                            "2026-12-09T09:00:00Z"}));
}

TEST_F(EventOccurrences, ASeriesChangeCarriesItsCancelledOccurrencesAlong) {
  // Every Monday 09:00 London time; 30 March 2026 is the first Monday of summer time.
  NewEvent e;
  e.title = "Planning";
  e.start = at("2026-03-16T09:00:00Z");
  e.end = at("2026-03-16T09:30:00Z");
  e.rrule = "FREQ=WEEKLY;BYDAY=MO";
  e.timezone = "Europe/London";
  const auto series = must(events_.create(owner_, e));
  must(events_.cancel_occurrence(owner_, series.id, at("2026-03-30T08:00:00Z")));

  // An hour later: the cancelled Monday stays cancelled, at 10:00 BST.
  EventPatch later;
  later.start = at("2026-03-16T10:00:00Z");
  auto moved = events_.update(owner_, series.id, later);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(exdates(series), (std::vector<std::string>{"2026-03-30T09:00:00Z"}));

  // Tuesdays instead: the week's cancellation moves to its Tuesday.
  EventPatch tuesdays;
  tuesdays.start = at("2026-03-17T10:00:00Z");
  tuesdays.rrule = "FREQ=WEEKLY;BYDAY=TU";
  ASSERT_TRUE(events_.update(owner_, series.id, tuesdays));
  EXPECT_EQ(exdates(series), (std::vector<std::string>{"2026-03-31T09:00:00Z"}));
  EXPECT_EQ(starts(owner_, "2026-03-30T00:00:00Z", "2026-04-08T00:00:00Z"),
            (std::vector<std::string>{"2026-04-07T09:00:00Z"}));

  // A rule that no longer reaches it drops it; so does not repeating at all.
  EventPatch shorter;
  shorter.rrule = "FREQ=WEEKLY;BYDAY=TU;COUNT=2";
  auto kept = events_.update(owner_, series.id, shorter);
  ASSERT_TRUE(kept);
  EXPECT_TRUE(kept->exdates.empty());
  EXPECT_TRUE(exdates(series).empty());

  must(events_.cancel_occurrence(owner_, series.id, at("2026-03-24T10:00:00Z")));
  EventPatch once;
  once.rrule = "";
  EXPECT_TRUE(must(events_.update(owner_, series.id, once)).exdates.empty());
  EXPECT_TRUE(exdates(series).empty());
}

TEST_F(EventOccurrences, AnUnrelatedChangeKeepsTheCancelledOccurrences) {
  const auto series = standup();
  must(events_.cancel_occurrence(owner_, series.id, at("2026-12-02T09:00:00Z")));
  EventPatch renamed;
  renamed.title = "Daily sync";
  renamed.end = at("2026-11-30T09:30:00Z");
  EXPECT_EQ(must(events_.update(owner_, series.id, renamed)).exdates.size(), 1u);
  EXPECT_EQ(exdates(series), (std::vector<std::string>{"2026-12-02T09:00:00Z"}));
}

}  // namespace
}  // namespace convonet::productivity
