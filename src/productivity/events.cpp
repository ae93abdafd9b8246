#include "productivity/events.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "productivity/access.hpp"
#include "productivity/recurrence.hpp"
#include "productivity/teams.hpp"
#include "store/repositories.hpp"

namespace convonet::productivity {

using store::TxMode;

namespace {

constexpr auto kMaxRange = std::chrono::days{366};
constexpr auto kMaxDuration = std::chrono::days{31};

Status validate_text(const std::string& text, std::string_view what, std::size_t max) {
  if (!is_valid_utf8(text) || has_control_characters(text)) {
    return Error::unprocessable(std::string(what) + " must be printable UTF-8 text");
  }
  if (utf8_length(text) > max) {
    return Error::unprocessable(std::string(what) + " must be at most " + std::to_string(max) +
                                " characters");
  }
  return {};
}

// Checks every field of a complete event, after a create or a patch.
Status validate(store::Event& e) {
  auto title = clean_title(e.title, "title");
  if (!title) return title.error();
  e.title = *title;
  if (e.end < e.start) return Error::unprocessable("end must not be before start");
  if (e.end - e.start > kMaxDuration) return Error::unprocessable("an event lasts at most 31 days");
  if (auto ok = validate_text(e.location, "location", 500); !ok) return ok;
  if (e.attendees.size() > 100) return Error::unprocessable("at most 100 attendees");
  for (auto& attendee : e.attendees) {
    auto email = normalize_email(attendee);
    if (!email) return Error::unprocessable("attendees must be email addresses");
    attendee = *email;
  }
  if (e.reminder_minutes && (*e.reminder_minutes < 0 || *e.reminder_minutes > 40320)) {
    return Error::unprocessable("reminder_minutes must be between 0 and 40320 (four weeks)");
  }
  if (!e.rrule.empty()) {
    auto rule = parse_rrule(e.rrule);
    if (!rule) return rule.error();
    e.rrule = format_rrule(*rule);
  }
  if (!is_known_timezone(e.timezone)) {
    return Error::unprocessable("timezone must be an IANA zone name such as Europe/London");
  }
  return {};
}

std::string creator_timezone(store::Session& s, store::Id user_id) {
  auto user = store::users::by_id(s, user_id);
  return user ? user->timezone : "UTC";
}

// The event as `p` may change it: 404 when p cannot see it, 403 when p may only read it.
Result<store::Event> editable_event(store::Session& s, const Principal& p, store::Id id) {
  auto e = store::events::by_id(s, id);
  if (!e) return Error::not_found("event not found");
  auto access = item_access(s, p, e->team_id, e->creator_id, std::nullopt, "event");
  if (!access) return access.error();
  if (auto ok = require_edit(*access); !ok) return ok.error();
  return std::move(*e);
}

void apply_patch(store::Event& e, const EventPatch& patch) {
  if (patch.title) e.title = *patch.title;
  // Moving only the start keeps the duration.
  if (patch.start && !patch.end) e.end = *patch.start + (e.end - e.start);
  if (patch.start) e.start = *patch.start;
  if (patch.end) e.end = *patch.end;
  if (patch.all_day) e.all_day = *patch.all_day;
  if (patch.location) e.location = *patch.location;
  if (patch.attendees) e.attendees = *patch.attendees;
  if (patch.reminder_minutes) e.reminder_minutes = *patch.reminder_minutes;
  if (patch.rrule) e.rrule = *patch.rrule;
  if (patch.timezone) e.timezone = *patch.timezone;
}

bool is_cancelled(const store::Event& e, Timestamp start) {
  return std::binary_search(e.exdates.begin(), e.exdates.end(), start);
}

// Whether an occurrence of the (recurring, validated) event starts at `start`.
bool starts_occurrence(const store::Event& e, Timestamp start) {
  auto rule = parse_rrule(e.rrule);
  return rule && is_known_timezone(e.timezone) &&
         is_occurrence(*rule, e.start, e.end, e.timezone, start);
}

Status require_occurrence(const store::Event& e, Timestamp start) {
  if (e.rrule.empty()) {
    return Error::unprocessable("this event does not repeat: change or delete the event itself",
                                "not_recurring");
  }
  if (!starts_occurrence(e, start)) {
    return Error::unprocessable("no occurrence of this event starts at " + format_rfc3339(start),
                                "not_an_occurrence");
  }
  return {};
}

// False once every occurrence of a bounded series (COUNT or UNTIL) is cancelled.
bool has_occurrences_left(const store::Event& e) {
  auto rule = parse_rrule(e.rrule);
  if (!rule || !is_known_timezone(e.timezone)) return true;  // unreadable: never delete on it
  // One more occurrence than there are exdates: at least one of them is not cancelled, if
  // the series has that many.
  const auto found =
      expand(*rule, e.start, e.end, e.timezone, e.start, Timestamp::max(), e.exdates.size() + 1);
  return std::any_of(found.begin(), found.end(),
                     [&](const Occurrence& o) { return !is_cancelled(e, o.start); });
}

// The instant `t` of the series `before` moved as the series moved to `after`: by the change
// of its local start time, in its zone, so a cancelled 09:00 becomes 10:00 across DST too.
Timestamp moved_with_series(Timestamp t, const store::Event& before, const store::Event& after) {
  if (!is_known_timezone(before.timezone) || !is_known_timezone(after.timezone)) {
    return t + (after.start - before.start);
  }
  const auto* from = date::locate_zone(before.timezone);
  const auto* to = date::locate_zone(after.timezone);
  const auto shift = to->to_local(after.start) - from->to_local(before.start);
  return local_to_utc(*to, from->to_local(t) + shift);
}

// The exdates of `before` that still name an occurrence once the series is `after`.
std::vector<Timestamp> carried_exdates(const store::Event& before, const store::Event& after) {
  if (after.rrule.empty()) return {};
  if (before.start == after.start && before.rrule == after.rrule &&
      before.timezone == after.timezone) {
    return before.exdates;
  }
  std::vector<Timestamp> carried;
  for (Timestamp t : before.exdates) {
    const Timestamp moved = moved_with_series(t, before, after);
    if (starts_occurrence(after, moved)) carried.push_back(moved);
  }
  std::sort(carried.begin(), carried.end());
  carried.erase(std::unique(carried.begin(), carried.end()), carried.end());
  return carried;
}

// The one-off copy of the series' occurrence at `start` (which update_occurrence patches).
store::Event single_occurrence(const store::Event& series, Timestamp start, Timestamp now) {
  store::Event single = series;
  single.id = 0;
  single.rrule.clear();
  single.exdates.clear();
  single.end = start + (series.end - series.start);
  single.start = start;
  single.created_at = single.updated_at = now;
  return single;
}

}  // namespace

Result<store::Event> EventService::create_in(store::Session& s, const Principal& p,
                                             NewEvent input) {
  if (input.team_id) {
    auto role = role_in_team(s, p, *input.team_id);
    if (!role) return role.error();
    if (auto ok = require_team_action(*role, auth::TeamAction::create_item); !ok) return ok.error();
  }
  const auto now = clock_.now();
  store::Event e;
  e.team_id = input.team_id;
  e.creator_id = p.user_id;
  e.title = std::move(input.title);
  e.start = input.start;
  e.end = input.end;
  e.all_day = input.all_day;
  e.location = std::move(input.location);
  e.attendees = std::move(input.attendees);
  e.reminder_minutes = input.reminder_minutes;
  e.rrule = std::move(input.rrule);
  e.timezone = input.timezone.empty() ? creator_timezone(s, p.user_id) : input.timezone;
  e.created_at = e.updated_at = now;
  if (auto ok = validate(e); !ok) return ok.error();
  e = store::events::insert(s, std::move(e));
  audit(s, p, "event.create", "event", e.id, now);
  return e;
}

Result<store::Event> EventService::create(const Principal& p, NewEvent event) {
  return db_.transact(TxMode::write,
                      [&](store::Session& s) { return create_in(s, p, std::move(event)); });
}

Result<store::Event> EventService::get(const Principal& p, store::Id id) {
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<store::Event> {
    auto e = store::events::by_id(s, id);
    if (!e) return Error::not_found("event not found");
    auto access = item_access(s, p, e->team_id, e->creator_id, std::nullopt, "event");
    if (!access) return access.error();
    return *e;
  });
}

Result<EventPage> EventService::list(const Principal& p, const EventQuery& q) {
  if (q.to <= q.from) return Error::unprocessable("'to' must be after 'from'");
  if (q.to - q.from > kMaxRange) return Error::unprocessable("the range is at most 366 days");
  if (q.limit < 1 || q.limit > 1000)
    return Error::unprocessable("limit must be between 1 and 1000");
  auto events =
      db_.transact(TxMode::read, [&](store::Session& s) -> Result<std::vector<store::Event>> {
        store::events::Filter filter;
        filter.viewer_id = p.user_id;
        if (q.team_id) {
          auto role = role_in_team(s, p, *q.team_id);
          if (!role) return role.error();
          filter.team_id = q.team_id;
        }
        filter.from = q.from - kMaxDuration;  // a long event that started before `from` overlaps
        filter.to = q.to;
        return store::events::list(s, filter);
      });
  if (!events) return events.error();

  std::vector<EventOccurrence> occurrences;
  for (const auto& e : *events) {
    if (e.rrule.empty()) {
      const bool overlaps =
          e.start < q.to && (e.end > q.from || (e.end == e.start && e.start >= q.from));
      if (overlaps) occurrences.push_back({e, e.start, e.end});
      continue;
    }
    // Rules and zones are validated on write; one that no longer reads (a zone removed from
    // the tz database) is skipped rather than failing the whole listing.
    auto rule = parse_rrule(e.rrule);
    if (!rule || !is_known_timezone(e.timezone)) continue;
    // A later page only needs occurrences from its resume position on.
    const auto window_start = q.resume_at ? std::max(q.from, q.resume_at->start) : q.from;
    // Cancelled occurrences are dropped after the expansion, so it goes that much further
    // for the page (and its `next`) to stay full.
    const auto wanted = q.limit + 1 + e.exdates.size();
    for (const auto& o : expand(*rule, e.start, e.end, e.timezone, window_start, q.to, wanted)) {
      if (!is_cancelled(e, o.start)) occurrences.push_back({e, o.start, o.end});
    }
  }
  const auto before = [](Timestamp a_start, store::Id a_id, Timestamp b_start, store::Id b_id) {
    return a_start != b_start ? a_start < b_start : a_id < b_id;
  };
  std::sort(occurrences.begin(), occurrences.end(), [&](const auto& a, const auto& b) {
    return before(a.start, a.event.id, b.start, b.event.id);
  });
  if (q.resume_at) {
    std::erase_if(occurrences, [&](const auto& o) {
      return before(o.start, o.event.id, q.resume_at->start, q.resume_at->event_id);
    });
  }
  EventPage page;
  if (occurrences.size() > q.limit) {
    page.next = OccurrencePosition{occurrences[q.limit].start, occurrences[q.limit].event.id};
    occurrences.resize(q.limit);
  }
  page.items = std::move(occurrences);
  return page;
}

Result<store::Event> EventService::update(const Principal& p, store::Id id,
                                          const EventPatch& patch) {
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<store::Event> {
    auto e = editable_event(s, p, id);
    if (!e) return e.error();
    const store::Event before = *e;
    apply_patch(*e, patch);
    e->updated_at = now;
    if (auto ok = validate(*e); !ok) return ok.error();
    store::events::update(s, *e);
    if (auto carried = carried_exdates(before, *e); carried != e->exdates) {
      store::events::replace_exdates(s, id, carried);
      e->exdates = std::move(carried);
    }
    audit(s, p, "event.update", "event", id, now);
    return *e;
  });
}

Status EventService::remove(const Principal& p, store::Id id) {
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    auto e = editable_event(s, p, id);
    if (!e) return e.error();
    store::events::remove(s, id);
    audit(s, p, "event.delete", "event", id, now);
    return {};
  });
}

std::optional<CancelledOccurrence> EventService::cancel_in(store::Session& s, const Principal& p,
                                                           store::Event& e, Timestamp start) {
  // The primary key makes this the one claim on the occurrence, even between concurrent
  // transactions.
  if (!store::events::add_exdate(s, e.id, start)) return std::nullopt;
  const auto now = clock_.now();
  // Calendar clients refresh a series by its last modification. Writing the row first also
  // holds its lock, so the exdates read next include any other transaction's just committed.
  e.updated_at = now;
  store::events::update(s, e);
  e.exdates = store::events::by_id(s, e.id)->exdates;
  if (!has_occurrences_left(e)) {
    store::events::remove(s, e.id);
    audit(s, p, "event.delete", "event", e.id, now);
    return CancelledOccurrence{true};
  }
  audit(s, p, "event.cancel_occurrence", "event", e.id, now,
        nlohmann::json{{"occurrence_start", format_rfc3339(start)}}.dump());
  return CancelledOccurrence{false};
}

Result<CancelledOccurrence> EventService::cancel_occurrence(const Principal& p, store::Id id,
                                                            Timestamp occurrence_start) {
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<CancelledOccurrence> {
    auto e = editable_event(s, p, id);
    if (!e) return e.error();
    if (auto ok = require_occurrence(*e, occurrence_start); !ok) return ok.error();
    // Cancelling a cancelled occurrence again changes nothing.
    return cancel_in(s, p, *e, occurrence_start).value_or(CancelledOccurrence{});
  });
}

Result<store::Event> EventService::update_occurrence(const Principal& p, store::Id id,
                                                     Timestamp occurrence_start,
                                                     const EventPatch& patch) {
  if (patch.rrule) {
    return Error::unprocessable(
        "one occurrence cannot get a recurrence rule: change the rrule of the whole event",
        "series_change");
  }
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<store::Event> {
    auto e = editable_event(s, p, id);
    if (!e) return e.error();
    if (auto ok = require_occurrence(*e, occurrence_start); !ok) return ok.error();
    store::Event single = single_occurrence(*e, occurrence_start, now);
    apply_patch(single, patch);
    if (auto ok = validate(single); !ok) return ok.error();
    // A retried move must not leave two copies behind.
    if (!cancel_in(s, p, *e, occurrence_start)) {
      return Error::conflict("that occurrence was cancelled or moved already",
                             "occurrence_cancelled");
    }
    single = store::events::insert(s, std::move(single));
    audit(s, p, "event.create", "event", single.id, now);
    return single;
  });
}

Result<std::vector<store::Event>> EventService::all_visible(store::Id user_id) {
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<std::vector<store::Event>> {
    store::events::Filter filter;
    filter.viewer_id = user_id;
    return store::events::list(s, filter);
  });
}

}  // namespace convonet::productivity
