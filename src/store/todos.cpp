#include <algorithm>
#include <utility>

#include "store/detail/sql.hpp"
#include "store/repositories.hpp"

namespace convonet::store::todos {

using namespace detail;

namespace {

#define TODO_COLUMNS                                                                     \
  "id, team_id, creator_id, title, notes, priority, due_at, completed_at, assignee_id, " \
  "event_id, created_at, updated_at"

Todo read_todo(const RowReader& row) {
  Todo todo;
  todo.id = row.integer(0);
  todo.team_id = row.opt_integer(1);
  todo.creator_id = row.integer(2);
  todo.title = row.text(3);
  todo.notes = row.text(4);
  todo.priority = enum_column<Priority>(row, 5);
  todo.due_at = opt_timestamp(row, 6);
  todo.completed_at = opt_timestamp(row, 7);
  todo.assignee_id = row.opt_integer(8);
  todo.event_id = row.opt_integer(9);
  todo.created_at = to_timestamp(row.integer(10));
  todo.updated_at = to_timestamp(row.integer(11));
  return todo;
}

}  // namespace

Todo insert(Session& s, Todo todo) {
  default_times(todo.created_at, todo.updated_at);
  auto row = s.query_one(
      "INSERT INTO todos (team_id, creator_id, title, notes, priority, due_at, completed_at, "
      "assignee_id, event_id, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {opt_id(todo.team_id), todo.creator_id, todo.title, todo.notes,
       static_cast<std::int64_t>(todo.priority), opt_seconds(todo.due_at),
       opt_seconds(todo.completed_at), opt_id(todo.assignee_id), opt_id(todo.event_id),
       seconds(todo.created_at), seconds(todo.updated_at)});
  todo.id = row->integer(0);
  return todo;
}

std::optional<Todo> by_id(Session& s, Id id) {
  std::optional<Todo> todo;
  s.each("SELECT " TODO_COLUMNS " FROM todos WHERE id = ?", {id},
         [&](const RowReader& row) { todo = read_todo(row); });
  return todo;
}

namespace {

// The optional filters, appended to every branch of the listing query.
void append_filters(const Filter& filter, std::string& sql, std::vector<Value>& params) {
  if (filter.done) {
    sql += *filter.done ? " AND completed_at IS NOT NULL" : " AND completed_at IS NULL";
  }
  if (filter.assignee_id) {
    sql += " AND assignee_id = ?";
    params.emplace_back(*filter.assignee_id);
  }
  if (filter.due_before) {
    sql += " AND due_at < ?";
    params.emplace_back(seconds(*filter.due_before));
  }
  if (filter.due_after) {
    sql += " AND due_at >= ?";
    params.emplace_back(seconds(*filter.due_after));
  }
  if (filter.after_id) {
    sql += " AND id > ?";
    params.emplace_back(*filter.after_id);
  }
}

}  // namespace

// Personal and team todos are read by two branches merged by id, not one OR: each branch walks
// an index already in id order, so LIMIT stops early instead of sorting every visible todo
// (the planner cannot do that through an OR).
std::vector<Todo> list(Session& s, const Filter& filter) {
  std::string sql;
  sql.reserve(640);
  std::vector<Value> params;
  params.reserve(12);
  if (filter.team_id) {
    sql += "SELECT " TODO_COLUMNS " FROM todos WHERE team_id = ? AND ";
    params.emplace_back(*filter.team_id);
    append_viewer_teams(sql, params, filter.viewer_id);
    append_filters(filter, sql, params);
  } else {
    sql += "SELECT " TODO_COLUMNS " FROM todos WHERE team_id IS NULL AND creator_id = ?";
    params.emplace_back(filter.viewer_id);
    append_filters(filter, sql, params);
    sql += " UNION ALL SELECT " TODO_COLUMNS " FROM todos WHERE ";
    append_viewer_teams(sql, params, filter.viewer_id);
    append_filters(filter, sql, params);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(std::int64_t{std::max(filter.limit, 0)});

  std::vector<Todo> todos;
  todos.reserve(static_cast<std::size_t>(std::clamp(filter.limit, 0, 256)));
  s.each(sql, params, [&](const RowReader& row) { todos.push_back(read_todo(row)); });
  return todos;
}

void update(Session& s, const Todo& todo) {
  s.execute(
      "UPDATE todos SET team_id = ?, title = ?, notes = ?, priority = ?, due_at = ?, "
      "completed_at = ?, assignee_id = ?, event_id = ?, updated_at = ? WHERE id = ?",
      {opt_id(todo.team_id), todo.title, todo.notes, static_cast<std::int64_t>(todo.priority),
       opt_seconds(todo.due_at), opt_seconds(todo.completed_at), opt_id(todo.assignee_id),
       opt_id(todo.event_id), seconds(todo.updated_at), todo.id});
}

void remove(Session& s, Id id) {
  s.execute("DELETE FROM todos WHERE id = ?", {id});
}

}  // namespace convonet::store::todos
