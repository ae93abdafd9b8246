#pragma once
// Calendar events: personal or team, optionally recurring (RRULE, expanded in the event's time
// zone), with an ICS feed of everything a user can see.
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::productivity {

struct NewEvent {
  std::string title;
  Timestamp start{};
  Timestamp end{};
  std::optional<store::Id> team_id;
  bool all_day = false;
  std::string location;
  std::vector<std::string> attendees;  // email addresses
  std::optional<int> reminder_minutes;
  std::string rrule;
  std::string timezone;  // empty: the creator's
};

struct EventPatch {
  std::optional<std::string> title;
  std::optional<Timestamp> start;
  std::optional<Timestamp> end;
  std::optional<bool> all_day;
  std::optional<std::string> location;
  std::optional<std::vector<std::string>> attendees;
  std::optional<std::optional<int>> reminder_minutes;
  std::optional<std::string> rrule;  // "" stops recurrence
  std::optional<std::string> timezone;
};

// One occurrence of an event inside a requested range.
struct EventOccurrence {
  store::Event event;
  Timestamp start{};
  Timestamp end{};
};

// Occurrences are ordered by (start, event id); a page resumes at such a position.
struct OccurrencePosition {
  Timestamp start{};
  store::Id event_id = 0;
};

// What cancelling an occurrence did.
struct CancelledOccurrence {
  // It was the last occurrence left (a series with COUNT or UNTIL), so the event is deleted.
  bool event_deleted = false;
};

struct EventQuery {
  Timestamp from{};
  Timestamp to{};
  std::optional<store::Id> team_id;
  std::size_t limit = 500;                      // occurrences, 1..1000
  std::optional<OccurrencePosition> resume_at;  // skip occurrences ordered before it
};

struct EventPage {
  std::vector<EventOccurrence> items;
  // The first occurrence left out when the page was full: the next page's resume_at.
  std::optional<OccurrencePosition> next;
};

class EventService {
 public:
  EventService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<store::Event> create(const Principal& p, NewEvent event);
  Result<store::Event> get(const Principal& p, store::Id id);
  Result<EventPage> list(const Principal& p, const EventQuery& query);
  // A change of the series' start, rrule or timezone carries its cancelled occurrences along:
  // each moves with the series' local start time, and those that no longer start an
  // occurrence are dropped (all of them when the event stops repeating).
  Result<store::Event> update(const Principal& p, store::Id id, const EventPatch& patch);
  Status remove(const Principal& p, store::Id id);
  // Cancels one occurrence of a recurring event (an EXDATE); same permission as remove.
  // `occurrence_start` must be the start of one of its occurrences (422 not_an_occurrence);
  // a one-off event is 422 not_recurring. Cancelling a cancelled occurrence again changes
  // nothing. Cancelling the last occurrence left deletes the event.
  Result<CancelledOccurrence> cancel_occurrence(const Principal& p, store::Id id,
                                                Timestamp occurrence_start);
  // "This occurrence only": in one transaction, cancels the occurrence as cancel_occurrence
  // does and creates a one-off event copying the series (creator, team, title, location,
  // attendees, reminder, all_day, timezone, duration) at the occurrence's time with the patch
  // applied; returns it. A patch with rrule is 422 series_change; an occurrence already
  // cancelled (or moved) is 409 occurrence_cancelled.
  Result<store::Event> update_occurrence(const Principal& p, store::Id id,
                                         Timestamp occurrence_start, const EventPatch& patch);
  // Every event the user can see, for the ICS feed.
  Result<std::vector<store::Event>> all_visible(store::Id user_id);

  Result<store::Event> create_in(store::Session& s, const Principal& p, NewEvent event);

 private:
  // Records the cancellation of `start`, already checked to be an occurrence of `e`;
  // nothing when it was cancelled already.
  std::optional<CancelledOccurrence> cancel_in(store::Session& s, const Principal& p,
                                               store::Event& e, Timestamp start);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace convonet::productivity
