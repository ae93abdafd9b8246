#include <nlohmann/json.hpp>
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
  return read_event(*row);
}

std::vector<Event> list(Session& s, const Filter& filter) {
  std::string sql;
  sql.reserve(512);
  sql += "SELECT " EVENT_COLUMNS " FROM events WHERE ";
  std::vector<Value> params;
  params.reserve(6);
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
  sql += " ORDER BY start_at, id";

  auto rows = s.query(sql, params);
  std::vector<Event> events;
  events.reserve(rows.size());
  for (Row& row : rows) events.push_back(read_event(row));
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

}  // namespace convonet::store::events
