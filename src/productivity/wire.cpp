#include "productivity/wire.hpp"

#include "store/repositories.hpp"

namespace convonet::productivity {

using nlohmann::json;

json optional_time(const std::optional<Timestamp>& t) {
  return t ? json(format_rfc3339(*t)) : json(nullptr);
}

namespace {
template <class T>
json optional_value(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
}  // namespace

json team_json(const productivity::TeamView& t) {
  return {{"id", t.team.id},
          {"name", t.team.name},
          {"role", store::to_string(t.my_role)},
          {"created_by", t.team.created_by},
          {"created_at", format_rfc3339(t.team.created_at)}};
}

json member_json(const store::Membership& m) {
  return {{"team_id", m.team_id},
          {"user_id", m.user_id},
          {"email", m.user_email},
          {"name", m.user_name},
          {"role", store::to_string(m.role)},
          {"created_at", format_rfc3339(m.created_at)}};
}

void write_todo(JsonWriter& w, const store::Todo& t) {
  // Written keys: a listing writes this object up to 200 times per response.
  w.begin_object();
  w.written_key(R"("id":)");
  w.integer(t.id);
  w.written_key(R"("team_id":)");
  w.optional_integer(t.team_id);
  w.written_key(R"("creator_id":)");
  w.integer(t.creator_id);
  w.written_key(R"("title":)");
  w.string(t.title);
  w.written_key(R"("notes":)");
  w.string(t.notes);
  w.written_key(R"("priority":)");
  w.string(store::to_string(t.priority));
  w.written_key(R"("status":)");
  w.string(t.completed_at ? "done" : "open");
  w.written_key(R"("due_at":)");
  w.optional_time(t.due_at);
  w.written_key(R"("completed_at":)");
  w.optional_time(t.completed_at);
  w.written_key(R"("assignee_id":)");
  w.optional_integer(t.assignee_id);
  w.written_key(R"("event_id":)");
  w.optional_integer(t.event_id);
  w.written_key(R"("created_at":)");
  w.time(t.created_at);
  w.written_key(R"("updated_at":)");
  w.time(t.updated_at);
  w.end_object();
}

std::string todo_text(const store::Todo& t) {
  JsonWriter w;
  write_todo(w, t);
  return w.take();
}

json event_json(const store::Event& e) {
  auto exdates = json::array();
  for (Timestamp t : e.exdates) exdates.push_back(format_rfc3339(t));
  return {{"id", e.id},
          {"team_id", optional_value(e.team_id)},
          {"creator_id", e.creator_id},
          {"title", e.title},
          {"start", format_rfc3339(e.start)},
          {"end", format_rfc3339(e.end)},
          {"all_day", e.all_day},
          {"location", e.location},
          {"attendees", e.attendees},
          {"reminder_minutes", optional_value(e.reminder_minutes)},
          {"rrule", e.rrule.empty() ? json(nullptr) : json(e.rrule)},
          {"timezone", e.timezone},
          {"exdates", std::move(exdates)},
          {"created_at", format_rfc3339(e.created_at)},
          {"updated_at", format_rfc3339(e.updated_at)}};
}

json occurrence_json(const productivity::EventOccurrence& o) {
  json j = event_json(o.event);
  j["event_id"] = o.event.id;
  j["start"] = format_rfc3339(o.start);
  j["end"] = format_rfc3339(o.end);
  j["recurring"] = !o.event.rrule.empty();
  j["series_start"] = format_rfc3339(o.event.start);
  return j;
}

}  // namespace convonet::productivity
