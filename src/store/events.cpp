#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "store/detail/sql.hpp"
#include "store/repositories.hpp"

namespace convonet::store::events {

using namespace detail;

namespace {

#define EVENT_COLUMNS                                                                \
  "id, team_id, creator_id, title, start_at, end_at, all_day, location, attendees, " \
  "reminder_minutes, rrule, timezone, created_at, updated_at"

std::string attendees_json(const std::vector<std::string>& attendees) {
  return nlohmann::json(attendees).dump();
}

// Tolerates a malformed column (hand-edited data) by dropping what is not a string.
std::vector<std::string> parse_attendees(const std::string& text) {
  std::vector<std::string> attendees;
  const auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_array()) return attendees;
  attendees.reserve(json.size());
  for (const auto& item : json) {
    if (item.is_string()) attendees.push_back(item.get<std::string>());
  }
  return attendees;
}

Value reminder(const std::optional<int>& minutes) {
  if (!minutes) return Null{};
  return std::int64_t{*minutes};
}

Event read_event(Row& row) {
  Event event;
  event.id = row.integer(0);
  event.team_id = row.opt_integer(1);
  event.creator_id = row.integer(2);
  event.title = row.take_text(3);
  event.start = to_timestamp(row.integer(4));
  event.end = to_timestamp(row.integer(5));
  event.all_day = row.integer(6) != 0;
  event.location = row.take_text(7);
  event.attendees = parse_attendees(row.text(8));
  if (auto minutes = row.opt_integer(9)) event.reminder_minutes = static_cast<int>(*minutes);
  event.rrule = row.take_text(10);
  event.timezone = row.take_text(11);
  event.created_at = to_timestamp(row.integer(12));
  event.updated_at = to_timestamp(row.integer(13));
  return event;
}

// The WHERE conditions of a listing, shared by the events query and its exdates query.
void append_filter(std::string& sql, std::vector<Value>& params, const Filter& filter) {
  append_visibility(sql, params, filter.viewer_id);
  if (filter.team_id) {
    sql += " AND team_id = ?";
    params.emplace_back(*filter.team_id);
  }
  if (filter.to) {
    sql += " AND start_at < ?";
    params.emplace_back(seconds(*filter.to));
  }
  if (filter.from) {
    // Recurring events may have occurrences after `from` whatever their first end.
    sql += " AND (rrule <> '' OR end_at > ?)";
    params.emplace_back(seconds(*filter.from));
  }
}

// The exdates of every recurring event of a listing in one query: the listing's own filter
// selects the events again, so the query neither grows with the list nor hits a limit on
// bound parameters.
void load_exdates(Session& s, const Filter& filter, std::vector<Event>& events) {
  std::unordered_map<Id, Event*> recurring;
  for (Event& event : events) {
    if (!event.rrule.empty()) recurring.emplace(event.id, &event);
  }
  if (recurring.empty()) return;
  std::string sql =
      "SELECT event_id, occurrence_start FROM event_exdates WHERE event_id IN "
      "(SELECT id FROM events WHERE rrule <> '' AND ";
  std::vector<Value> params;
  append_filter(sql, params, filter);
  sql += ") ORDER BY event_id, occurrence_start";
  s.each(sql, params, [&](const RowReader& row) {
    // An event created after the listing read its rows is not in the map.
    if (auto it = recurring.find(row.integer(0)); it != recurring.end()) {
      it->second->exdates.push_back(to_timestamp(row.integer(1)));
    }
  });
}

std::vector<Timestamp> exdates_of(Session& s, Id event_id) {
  std::vector<Timestamp> exdates;
  s.each("SELECT occurrence_start FROM event_exdates WHERE event_id = ? ORDER BY occurrence_start",
         {event_id},
         [&](const RowReader& row) { exdates.push_back(to_timestamp(row.integer(0))); });
  return exdates;
}

}  // namespace

Event insert(Session& s, Event event) {
  default_times(event.created_at, event.updated_at);
  auto row = s.query_one(
      "INSERT INTO events (team_id, creator_id, title, start_at, end_at, all_day, location, "
      "attendees, reminder_minutes, rrule, timezone, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {opt_id(event.team_id), event.creator_id, event.title, seconds(event.start),
       seconds(event.end), std::int64_t{event.all_day ? 1 : 0}, event.location,
       attendees_json(event.attendees), reminder(event.reminder_minutes), event.rrule,
       event.timezone, seconds(event.created_at), seconds(event.updated_at)});
  event.id = row->integer(0);
  return event;
}

std::optional<Event> by_id(Session& s, Id id) {
  auto row = s.query_one("SELECT " EVENT_COLUMNS " FROM events WHERE id = ?", {id});
  if (!row) return std::nullopt;
  Event event = read_event(*row);
  if (!event.rrule.empty()) event.exdates = exdates_of(s, id);
  return event;
}

std::vector<Event> list(Session& s, const Filter& filter) {
  std::string sql;
  sql.reserve(512);
  sql += "SELECT " EVENT_COLUMNS " FROM events WHERE ";
  std::vector<Value> params;
  params.reserve(6);
  append_filter(sql, params, filter);
  sql += " ORDER BY start_at, id";

  auto rows = s.query(sql, params);
  std::vector<Event> events;
  events.reserve(rows.size());
  for (Row& row : rows) events.push_back(read_event(row));
  load_exdates(s, filter, events);
  return events;
}

void update(Session& s, const Event& event) {
  s.execute(
      "UPDATE events SET team_id = ?, title = ?, start_at = ?, end_at = ?, all_day = ?, "
      "location = ?, attendees = ?, reminder_minutes = ?, rrule = ?, timezone = ?, updated_at = ? "
      "WHERE id = ?",
      {opt_id(event.team_id), event.title, seconds(event.start), seconds(event.end),
       std::int64_t{event.all_day ? 1 : 0}, event.location, attendees_json(event.attendees),
       reminder(event.reminder_minutes), event.rrule, event.timezone, seconds(event.updated_at),
       event.id});
}

void remove(Session& s, Id id) {
  s.execute("DELETE FROM events WHERE id = ?", {id});
}

bool add_exdate(Session& s, Id event_id, Timestamp occurrence_start) {
  return s.execute(
             "INSERT INTO event_exdates (event_id, occurrence_start) VALUES (?, ?) "
             "ON CONFLICT (event_id, occurrence_start) DO NOTHING",
             {event_id, seconds(occurrence_start)}) > 0;
}

void replace_exdates(Session& s, Id event_id, const std::vector<Timestamp>& exdates) {
  s.execute("DELETE FROM event_exdates WHERE event_id = ?", {event_id});
  for (Timestamp t : exdates) add_exdate(s, event_id, t);
}

}  // namespace convonet::store::events
