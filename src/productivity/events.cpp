#include "productivity/events.hpp"

#include <algorithm>

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
    for (const auto& o :
         expand(*rule, e.start, e.end, e.timezone, window_start, q.to, q.limit + 1)) {
      occurrences.push_back({e, o.start, o.end});
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
    auto e = store::events::by_id(s, id);
    if (!e) return Error::not_found("event not found");
    auto access = item_access(s, p, e->team_id, e->creator_id, std::nullopt, "event");
    if (!access) return access.error();
    if (auto ok = require_edit(*access); !ok) return ok.error();
    if (patch.title) e->title = *patch.title;
    // Moving only the start keeps the duration.
    if (patch.start && !patch.end) e->end = *patch.start + (e->end - e->start);
    if (patch.start) e->start = *patch.start;
    if (patch.end) e->end = *patch.end;
    if (patch.all_day) e->all_day = *patch.all_day;
    if (patch.location) e->location = *patch.location;
    if (patch.attendees) e->attendees = *patch.attendees;
    if (patch.reminder_minutes) e->reminder_minutes = *patch.reminder_minutes;
    if (patch.rrule) e->rrule = *patch.rrule;
    if (patch.timezone) e->timezone = *patch.timezone;
    e->updated_at = now;
    if (auto ok = validate(*e); !ok) return ok.error();
    store::events::update(s, *e);
    audit(s, p, "event.update", "event", id, now);
    return *e;
  });
}

Status EventService::remove(const Principal& p, store::Id id) {
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    auto e = store::events::by_id(s, id);
    if (!e) return Error::not_found("event not found");
    auto access = item_access(s, p, e->team_id, e->creator_id, std::nullopt, "event");
    if (!access) return access.error();
    if (auto ok = require_edit(*access); !ok) return ok;
    store::events::remove(s, id);
    audit(s, p, "event.delete", "event", id, now);
    return {};
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
