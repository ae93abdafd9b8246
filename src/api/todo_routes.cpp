// /api/v1/todos
#include <cstdlib>

#include "api/handler.hpp"
#include "api/json_io.hpp"
#include "api/route_groups.hpp"
#include "store/repositories.hpp"

namespace convonet::api {

namespace {

Result<store::Priority> read_priority(const std::string& text) {
  auto priority = store::priority_from_string(text);
  if (!priority) return Error::unprocessable("priority must be one of low, normal, high, urgent");
  return *priority;
}

Result<productivity::NewTodo> read_new_todo(const nlohmann::json& body) {
  BodyReader in(body);
  productivity::NewTodo todo;
  todo.title = in.required_string("title", 2000);
  todo.team_id = in.integer("team_id");
  todo.notes = in.string("notes", 40000).value_or("");
  const auto priority = in.string("priority", 16);
  todo.due_at = in.timestamp("due_at");
  todo.assignee_id = in.integer("assignee_id");
  if (auto ok = in.finish(); !ok) return ok.error();
  if (priority) {
    auto p = read_priority(*priority);
    if (!p) return p.error();
    todo.priority = *p;
  }
  return todo;
}

Result<productivity::TodoPatch> read_patch(const nlohmann::json& body) {
  BodyReader in(body);
  productivity::TodoPatch patch;
  if (in.has("title")) patch.title = in.required_string("title", 2000);
  if (in.has("notes")) patch.notes = in.string("notes", 40000).value_or("");
  const auto priority = in.string("priority", 16);
  if (in.has("due_at")) patch.due_at = in.timestamp("due_at");
  if (in.has("assignee_id")) patch.assignee_id = in.integer("assignee_id");
  if (in.has("status")) {
    const auto status = in.required_string("status", 8);
    if (status != "open" && status != "done") {
      return Error::unprocessable("status must be open or done");
    }
    patch.done = status == "done";
  }
  if (in.has("team_id"))
    return Error::unprocessable("team_id cannot be changed; create a new todo");
  if (auto ok = in.finish(); !ok) return ok.error();
  if (priority) {
    auto p = read_priority(*priority);
    if (!p) return p.error();
    patch.priority = *p;
  }
  return patch;
}

Result<productivity::TodoQuery> read_query(const http::Request& request) {
  productivity::TodoQuery q;
  auto team = query_id(request, "team_id");
  if (!team) return team.error();
  q.team_id = *team;
  auto assignee = query_id(request, "assignee_id");
  if (!assignee) return assignee.error();
  q.assignee_id = *assignee;
  if (auto status = request.query_param("status")) {
    if (*status != "open" && *status != "done") {
      return Error::bad_request("query parameter 'status' must be open or done",
                                "invalid_parameter");
    }
    q.done = *status == "done";
  }
  auto before = query_time(request, "due_before");
  if (!before) return before.error();
  q.due_before = *before;
  auto after = query_time(request, "due_after");
  if (!after) return after.error();
  q.due_after = *after;
  auto limit = query_int(request, "limit", 1, 200);
  if (!limit) return limit.error();
  q.limit = static_cast<int>(limit->value_or(50));
  if (auto cursor = request.query_param("cursor")) {
    auto value = decode_cursor(*cursor);
    if (!value) return value.error();
    char* end = nullptr;
    const auto id = std::strtoll(value->c_str(), &end, 10);
    if (end == value->c_str() || *end != '\0' || id < 0) {
      return Error::bad_request("cursor is not one this server issued", "invalid_cursor");
    }
    q.after_id = id;
  }
  return q;
}

}  // namespace

void add_todo_routes(http::Router& router, const ApiServices& api) {
  auto& todos = api.todos;
  auto authed = [&](AuthedHandler h) { return authed_handler(api.accounts, std::move(h)); };

  router.add("POST", "/api/v1/todos",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto body = http::parse_json_body(request);
               if (!body) return body.error();
               auto input = read_new_todo(*body);
               if (!input) return input.error();
               auto todo = todos.create(p, std::move(*input));
               if (!todo) return todo.error();
               return json_text(201, todo_text(*todo));
             }));

  router.add("GET", "/api/v1/todos",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto query = read_query(request);
               if (!query) return query.error();
               auto page = todos.list(p, *query);
               if (!page) return page.error();
               JsonWriter w(512 * (page->items.size() + 1));
               w.begin_object();
               w.key("items");
               w.begin_array();
               for (const auto& t : page->items) write_todo(w, t);
               w.end_array();
               w.key("next_cursor");
               if (page->next_after_id) {
                 w.string(encode_cursor(std::to_string(*page->next_after_id)));
               } else {
                 w.null();
               }
               w.end_object();
               return json_text(200, w.take());
             }));

  router.add("GET", "/api/v1/todos/{id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto todo = todos.get(p, *id);
               if (!todo) return todo.error();
               return json_text(200, todo_text(*todo));
             }));

  router.add("PATCH", "/api/v1/todos/{id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto body = http::parse_json_body(request);
               if (!body) return body.error();
               auto patch = read_patch(*body);
               if (!patch) return patch.error();
               auto todo = todos.update(p, *id, *patch);
               if (!todo) return todo.error();
               return json_text(200, todo_text(*todo));
             }));

  router.add("DELETE", "/api/v1/todos/{id}",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               if (auto ok = todos.remove(p, *id); !ok) return ok.error();
               return http::no_content();
             }));

  router.add("POST", "/api/v1/todos/{id}/complete",
             authed([&](http::Request& request, const Principal& p) -> Result<http::Response> {
               auto id = path_id(request);
               if (!id) return id.error();
               auto todo = todos.complete(p, *id);
               if (!todo) return todo.error();
               return json_text(200, todo_text(*todo));
             }));
}

}  // namespace convonet::api
