#include "assistant/tools/productivity_tools.hpp"

#include "productivity/wire.hpp"
#include "store/repositories.hpp"

namespace convonet::assistant {

namespace {

using nlohmann::json;
using productivity::EventService;
using productivity::TodoService;

// --- schemas -------------------------------------------------------------------------------

json object_schema(json properties, json required = json::array()) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

const json kId = {{"type", "integer"}, {"minimum", 1}};
const json kNullableId = {{"type", {"integer", "null"}}, {"minimum", 1}};
const json kTime = {{"type", "string"}, {"format", "date-time"}};
const json kNullableTime = {{"type", {"string", "null"}}, {"format", "date-time"}};
const json kTitle = {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}};
const json kPriority = {{"type", "string"}, {"enum", {"low", "normal", "high", "urgent"}}};
const json kStatus = {{"type", "string"}, {"enum", {"open", "done"}}};
const json kAttendees = {
    {"type", "array"}, {"maxItems", 100}, {"items", {{"type", "string"}, {"format", "email"}}}};
const json kReminder = {{"type", "integer"}, {"minimum", 0}, {"maximum", 40320}};
const json kOccurrenceStart = {
    {"type", "string"},
    {"format", "date-time"},
    {"description", "Start of one occurrence of a recurring event: act on that occurrence only."}};

json todo_schema() {
  return {{"type", "object"},
          {"required", {"id", "title", "status", "priority"}},
          {"properties",
           {{"id", kId},
            {"team_id", kNullableId},
            {"creator_id", kId},
            {"title", {{"type", "string"}}},
            {"notes", {{"type", "string"}}},
            {"priority", kPriority},
            {"status", kStatus},
            {"due_at", kNullableTime},
            {"completed_at", kNullableTime},
            {"assignee_id", kNullableId},
            {"event_id", kNullableId},
            {"created_at", kTime},
            {"updated_at", kTime}}}};
}

json event_schema() {
  return {{"type", "object"},
          {"required", {"id", "title", "start", "end"}},
          {"properties",
           {{"id", kId},
            {"event_id", kId},
            {"team_id", kNullableId},
            {"creator_id", kId},
            {"title", {{"type", "string"}}},
            {"start", kTime},
            {"end", kTime},
            {"all_day", {{"type", "boolean"}}},
            {"location", {{"type", "string"}}},
            {"attendees", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"reminder_minutes", {{"type", {"integer", "null"}}}},
            {"rrule", {{"type", {"string", "null"}}}},
            {"timezone", {{"type", "string"}}},
            {"exdates", {{"type", "array"}, {"items", kTime}}},
            {"recurring", {{"type", "boolean"}}},
            {"series_start", kTime},
            {"created_at", kTime},
            {"updated_at", kTime}}}};
}

json page_schema(json item) {
  return {{"type", "object"},
          {"required", {"items", "next_cursor"}},
          {"properties",
           {{"items", {{"type", "array"}, {"items", std::move(item)}}},
            {"next_cursor", {{"type", {"string", "null"}}}}}}};
}

json deleted_schema() {
  return object_schema({{"deleted", {{"type", "boolean"}}}, {"id", kId}}, {"deleted", "id"});
}

// --- reading inputs (already validated against the schemas) --------------------------------

std::optional<Timestamp> time_of(const json& input, const char* key) {
  const auto it = input.find(key);
  if (it == input.end() || it->is_null()) return std::nullopt;
  return parse_rfc3339(it->get<std::string>());
}

template <class T>
std::optional<T> value_of(const json& input, const char* key) {
  const auto it = input.find(key);
  if (it == input.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

// For nullable fields of a patch: absent -> leave; null -> clear; value -> set.
template <class T, class Convert>
std::optional<std::optional<T>> patch_of(const json& input, const char* key, Convert convert) {
  std::optional<std::optional<T>> patch;
  const auto it = input.find(key);
  if (it == input.end()) return patch;
  // Built in place: GCC 12 at -O3 warns falsely (maybe-uninitialized) on a nested optional
  // constructed from an empty one.
  patch.emplace();
  if (!it->is_null()) patch->emplace(convert(*it));
  return patch;
}

store::Priority priority_of(const json& input, store::Priority fallback) {
  const auto text = value_of<std::string>(input, "priority");
  return text ? store::priority_from_string(*text).value_or(fallback) : fallback;
}

json todo_json(const store::Todo& todo) {
  return json::parse(productivity::todo_text(todo));
}

productivity::NewEvent new_event(const json& in) {
  productivity::NewEvent e;
  e.title = in["title"];
  e.start = *time_of(in, "start");
  e.end = time_of(in, "end").value_or(e.start + std::chrono::hours{1});
  e.team_id = value_of<store::Id>(in, "team_id");
  e.all_day = value_of<bool>(in, "all_day").value_or(false);
  e.location = value_of<std::string>(in, "location").value_or("");
  e.attendees =
      value_of<std::vector<std::string>>(in, "attendees").value_or(std::vector<std::string>{});
  e.reminder_minutes = value_of<int>(in, "reminder_minutes");
  e.rrule = value_of<std::string>(in, "rrule").value_or("");
  e.timezone = value_of<std::string>(in, "timezone").value_or("");
  return e;
}

// --- tools -----------------------------------------------------------------------------------

void add_todo_tools(ToolRegistry& registry, TodoService& todos) {
  registry.add(Tool{
      "create_todo", "Create todo",
      "Create a todo, personal or for a team, optionally with a due time, priority and assignee.",
      object_schema({{"title", kTitle},
                     {"team_id", kId},
                     {"notes", {{"type", "string"}, {"maxLength", 10000}}},
                     {"priority", kPriority},
                     {"due_at", kTime},
                     {"assignee_id", kId}},
                    {"title"}),
      object_schema({{"todo", todo_schema()}}, {"todo"}), ToolHints{},
      [&todos](const Principal& p, const json& in) -> Result<json> {
        productivity::NewTodo t;
        t.title = in["title"];
        t.team_id = value_of<store::Id>(in, "team_id");
        t.notes = value_of<std::string>(in, "notes").value_or("");
        t.priority = priority_of(in, store::Priority::normal);
        t.due_at = time_of(in, "due_at");
        t.assignee_id = value_of<store::Id>(in, "assignee_id");
        auto todo = todos.create(p, std::move(t));
        if (!todo) return todo.error();
        return json{{"todo", todo_json(*todo)}};
      }});

  registry.add(
      Tool{"list_todos", "List todos",
           "List the todos the user can see: personal ones and those of their teams, oldest first.",
           object_schema({{"team_id", kId},
                          {"status", kStatus},
                          {"assignee_id", kId},
                          {"due_before", kTime},
                          {"due_after", kTime},
                          {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}}},
                          {"after_id", kId}}),
           page_schema(todo_schema()), ToolHints{true, false, true},
           [&todos](const Principal& p, const json& in) -> Result<json> {
             productivity::TodoQuery q;
             q.team_id = value_of<store::Id>(in, "team_id");
             if (auto status = value_of<std::string>(in, "status")) q.done = *status == "done";
             q.assignee_id = value_of<store::Id>(in, "assignee_id");
             q.due_before = time_of(in, "due_before");
             q.due_after = time_of(in, "due_after");
             q.limit = value_of<int>(in, "limit").value_or(50);
             q.after_id = value_of<store::Id>(in, "after_id");
             auto page = todos.list(p, q);
             if (!page) return page.error();
             auto items = json::array();
             for (const auto& t : page->items) items.push_back(todo_json(t));
             json next = nullptr;
             if (page->next_after_id) next = std::to_string(*page->next_after_id);
             return json{{"items", std::move(items)}, {"next_cursor", next}};
           }});

  registry.add(
      Tool{"update_todo", "Update todo",
           "Change a todo's title, notes, priority, due time (null clears it), assignee or status.",
           object_schema({{"id", kId},
                          {"title", kTitle},
                          {"notes", {{"type", "string"}, {"maxLength", 10000}}},
                          {"priority", kPriority},
                          {"due_at", kNullableTime},
                          {"assignee_id", kNullableId},
                          {"status", kStatus}},
                         {"id"}),
           object_schema({{"todo", todo_schema()}}, {"todo"}), ToolHints{false, false, true},
           [&todos](const Principal& p, const json& in) -> Result<json> {
             productivity::TodoPatch patch;
             patch.title = value_of<std::string>(in, "title");
             patch.notes = value_of<std::string>(in, "notes");
             if (in.contains("priority")) patch.priority = priority_of(in, store::Priority::normal);
             patch.due_at = patch_of<Timestamp>(
                 in, "due_at", [](const json& v) { return *parse_rfc3339(v.get<std::string>()); });
             patch.assignee_id = patch_of<store::Id>(
                 in, "assignee_id", [](const json& v) { return v.get<store::Id>(); });
             if (auto status = value_of<std::string>(in, "status")) patch.done = *status == "done";
             auto todo = todos.update(p, in["id"], patch);
             if (!todo) return todo.error();
             return json{{"todo", todo_json(*todo)}};
           }});

  registry.add(Tool{
      "complete_todo", "Complete todo", "Mark a todo as done.",
      object_schema({{"id", kId}}, {"id"}), object_schema({{"todo", todo_schema()}}, {"todo"}),
      ToolHints{false, false, true}, [&todos](const Principal& p, const json& in) -> Result<json> {
        auto todo = todos.complete(p, in["id"]);
        if (!todo) return todo.error();
        return json{{"todo", todo_json(*todo)}};
      }});

  registry.add(Tool{"delete_todo", "Delete todo", "Delete a todo for good.",
                    object_schema({{"id", kId}}, {"id"}), deleted_schema(),
                    ToolHints{false, true, true},
                    [&todos](const Principal& p, const json& in) -> Result<json> {
                      const store::Id id = in["id"];
                      if (auto ok = todos.remove(p, id); !ok) return ok.error();
                      return json{{"deleted", true}, {"id", id}};
                    }});
}

json event_input_properties() {
  return {{"title", kTitle},
          {"start", kTime},
          {"end", kTime},
          {"team_id", kId},
          {"all_day", {{"type", "boolean"}}},
          {"location", {{"type", "string"}, {"maxLength", 500}}},
          {"attendees", kAttendees},
          {"reminder_minutes", kReminder},
          {"rrule", {{"type", "string"}, {"maxLength", 500}}},
          {"timezone", {{"type", "string"}, {"maxLength", 64}}}};
}

void add_event_tools(ToolRegistry& registry, EventService& events, const Clock& clock) {
  registry.add(
      Tool{"create_event", "Create event",
           "Add a calendar event (one hour unless an end is given); rrule makes it recurring "
           "(FREQ=DAILY|WEEKLY|MONTHLY with COUNT, UNTIL, INTERVAL, BYDAY).",
           object_schema(event_input_properties(), {"title", "start"}),
           object_schema({{"event", event_schema()}}, {"event"}), ToolHints{},
           [&events](const Principal& p, const json& in) -> Result<json> {
             auto event = events.create(p, new_event(in));
             if (!event) return event.error();
             return json{{"event", productivity::event_json(*event)}};
           }});

  registry.add(
      Tool{"list_events", "Agenda",
           "List calendar occurrences between from and to (default: the next 7 days), recurring "
           "events expanded, in start order.",
           object_schema({{"from", kTime},
                          {"to", kTime},
                          {"team_id", kId},
                          {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}}}),
           page_schema(event_schema()), ToolHints{true, false, true},
           [&events, &clock](const Principal& p, const json& in) -> Result<json> {
             productivity::EventQuery q;
             q.from = time_of(in, "from").value_or(clock.now());
             q.to = time_of(in, "to").value_or(q.from + std::chrono::days{7});
             q.team_id = value_of<store::Id>(in, "team_id");
             q.limit = value_of<std::size_t>(in, "limit").value_or(200);
             auto page = events.list(p, q);
             if (!page) return page.error();
             auto items = json::array();
             for (const auto& o : page->items) items.push_back(productivity::occurrence_json(o));
             json next = nullptr;
             if (page->next) next = format_rfc3339(page->next->start);
             return json{{"items", std::move(items)}, {"next_cursor", next}};
           }});

  auto update_properties = event_input_properties();
  update_properties["id"] = kId;
  update_properties["reminder_minutes"] = {
      {"type", {"integer", "null"}}, {"minimum", 0}, {"maximum", 40320}};
  update_properties["occurrence_start"] = kOccurrenceStart;
  registry.add(Tool{
      "update_event", "Update event",
      "Change an event; moving only its start keeps its duration. reminder_minutes null removes "
      "the reminder, rrule \"\" stops the recurrence. With occurrence_start (the start of one "
      "occurrence of a recurring event, as list_events gives it) only that occurrence changes: "
      "it becomes a separate one-off event, which is returned, and rrule is refused.",
      object_schema(update_properties, {"id"}),
      object_schema({{"event", event_schema()}}, {"event"}), ToolHints{false, false, true},
      [&events](const Principal& p, const json& in) -> Result<json> {
        productivity::EventPatch patch;
        patch.title = value_of<std::string>(in, "title");
        patch.start = time_of(in, "start");
        patch.end = time_of(in, "end");
        patch.all_day = value_of<bool>(in, "all_day");
        patch.location = value_of<std::string>(in, "location");
        patch.attendees = value_of<std::vector<std::string>>(in, "attendees");
        patch.reminder_minutes =
            patch_of<int>(in, "reminder_minutes", [](const json& v) { return v.get<int>(); });
        patch.rrule = value_of<std::string>(in, "rrule");
        patch.timezone = value_of<std::string>(in, "timezone");
        const auto occurrence = time_of(in, "occurrence_start");
        auto event = occurrence ? events.update_occurrence(p, in["id"], *occurrence, patch)
                                : events.update(p, in["id"], patch);
        if (!event) return event.error();
        return json{{"event", productivity::event_json(*event)}};
      }});

  registry.add(Tool{
      "delete_event", "Delete event",
      "Delete a calendar event (every occurrence). To cancel one occurrence of a recurring "
      "event only, give occurrence_start: the start of that occurrence, as list_events gives "
      "it.",
      object_schema({{"id", kId}, {"occurrence_start", kOccurrenceStart}}, {"id"}),
      object_schema({{"deleted", {{"type", "boolean"}}},
                     {"id", kId},
                     {"occurrence_start", kTime},
                     {"event_deleted", {{"type", "boolean"}}}},
                    {"deleted", "id"}),
      ToolHints{false, true, true}, [&events](const Principal& p, const json& in) -> Result<json> {
        const store::Id id = in["id"];
        const auto occurrence = time_of(in, "occurrence_start");
        if (!occurrence) {
          if (auto ok = events.remove(p, id); !ok) return ok.error();
          return json{{"deleted", true}, {"id", id}};
        }
        auto cancelled = events.cancel_occurrence(p, id, *occurrence);
        if (!cancelled) return cancelled.error();
        // event_deleted: that was the last occurrence left, so the whole event is gone.
        return json{{"deleted", true},
                    {"id", id},
                    {"occurrence_start", format_rfc3339(*occurrence)},
                    {"event_deleted", cancelled->event_deleted}};
      }});
}

void add_reminder_tool(ToolRegistry& registry, const ProductivityServices& services) {
  registry.add(Tool{
      "create_reminder", "Create reminder",
      "Remind the user of something at a time: creates a todo due then and a linked calendar "
      "event (15 minutes unless a duration is given) with an alert, in one step.",
      object_schema({{"title", kTitle},
                     {"at", kTime},
                     {"duration_minutes", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1440}}},
                     {"team_id", kId},
                     {"notes", {{"type", "string"}, {"maxLength", 10000}}},
                     {"reminder_minutes", kReminder},
                     {"rrule", {{"type", "string"}, {"maxLength", 500}}}},
                    {"title", "at"}),
      object_schema({{"todo", todo_schema()}, {"event", event_schema()}}, {"todo", "event"}),
      ToolHints{}, [services](const Principal& p, const json& in) -> Result<json> {
        productivity::NewEvent e;
        e.title = in["title"];
        e.start = *time_of(in, "at");
        e.end = e.start + std::chrono::minutes{value_of<int>(in, "duration_minutes").value_or(15)};
        e.team_id = value_of<store::Id>(in, "team_id");
        e.reminder_minutes = value_of<int>(in, "reminder_minutes").value_or(0);
        e.rrule = value_of<std::string>(in, "rrule").value_or("");
        struct Created {
          store::Todo todo;
          store::Event event;
        };
        // Both or neither: the event and the todo pointing at it share one transaction.
        auto created =
            services.db.transact(store::TxMode::write, [&](store::Session& s) -> Result<Created> {
              auto event = services.events.create_in(s, p, e);
              if (!event) return event.error();
              productivity::NewTodo t;
              t.title = e.title;
              t.team_id = e.team_id;
              t.notes = value_of<std::string>(in, "notes").value_or("");
              t.due_at = e.start;
              t.event_id = event->id;
              auto todo = services.todos.create_in(s, p, std::move(t));
              if (!todo) return todo.error();
              return Created{*todo, *event};
            });
        if (!created) return created.error();
        return json{{"todo", todo_json(created->todo)},
                    {"event", productivity::event_json(created->event)}};
      }});
}

void add_team_tools(ToolRegistry& registry, productivity::TeamService& teams) {
  const json team = {
      {"type", "object"},
      {"required", {"id", "name", "role"}},
      {"properties",
       {{"id", kId},
        {"name", {{"type", "string"}}},
        {"role", {{"type", "string"}, {"enum", {"owner", "admin", "member", "viewer"}}}},
        {"created_by", kId},
        {"created_at", kTime}}}};
  registry.add(Tool{"list_teams", "List teams", "The teams the user belongs to, with their role.",
                    object_schema(json::object()), page_schema(team), ToolHints{true, false, true},
                    [&teams](const Principal& p, const json&) -> Result<json> {
                      auto list = teams.list(p);
                      if (!list) return list.error();
                      auto items = json::array();
                      for (const auto& t : *list) items.push_back(productivity::team_json(t));
                      return json{{"items", std::move(items)}, {"next_cursor", nullptr}};
                    }});

  const json member = {{"type", "object"},
                       {"required", {"user_id", "name", "role"}},
                       {"properties",
                        {{"team_id", kId},
                         {"user_id", kId},
                         {"email", {{"type", "string"}}},
                         {"name", {{"type", "string"}}},
                         {"role", {{"type", "string"}}},
                         {"created_at", kTime}}}};
  registry.add(Tool{"list_team_members", "List team members",
                    "The members of one of the user's teams, with their roles.",
                    object_schema({{"team_id", kId}}, {"team_id"}), page_schema(member),
                    ToolHints{true, false, true},
                    [&teams](const Principal& p, const json& in) -> Result<json> {
                      auto members = teams.members(p, in["team_id"]);
                      if (!members) return members.error();
                      auto items = json::array();
                      for (const auto& m : *members) items.push_back(productivity::member_json(m));
                      return json{{"items", std::move(items)}, {"next_cursor", nullptr}};
                    }});
}

}  // namespace

void add_productivity_tools(ToolRegistry& registry, const ProductivityServices& services) {
  add_todo_tools(registry, services.todos);
  add_event_tools(registry, services.events, services.clock);
  add_reminder_tool(registry, services);
  add_team_tools(registry, services.teams);
}

}  // namespace convonet::assistant
