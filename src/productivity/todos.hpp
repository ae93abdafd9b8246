#pragma once
// Todos: personal (creator only) or team (members read; members create and edit their own or
// assigned items; admins and owners edit all).
#include <optional>
#include <string>
#include <vector>

#include "core/principal.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::productivity {

struct NewTodo {
  std::string title;
  std::optional<store::Id> team_id;
  std::string notes;
  store::Priority priority = store::Priority::normal;
  std::optional<Timestamp> due_at;
  std::optional<store::Id> assignee_id;
  std::optional<store::Id> event_id;
};

// Absent fields stay as they are; for nullable ones an inner nullopt clears the value.
struct TodoPatch {
  std::optional<std::string> title;
  std::optional<std::string> notes;
  std::optional<store::Priority> priority;
  std::optional<std::optional<Timestamp>> due_at;
  std::optional<std::optional<store::Id>> assignee_id;
  std::optional<bool> done;
};

struct TodoQuery {
  std::optional<store::Id> team_id;
  std::optional<bool> done;
  std::optional<store::Id> assignee_id;
  std::optional<Timestamp> due_before;
  std::optional<Timestamp> due_after;
  std::optional<store::Id> after_id;
  int limit = 50;  // 1..200
};

struct TodoPage {
  std::vector<store::Todo> items;
  std::optional<store::Id> next_after_id;
};

class TodoService {
 public:
  TodoService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<store::Todo> create(const Principal& p, NewTodo todo);
  Result<store::Todo> get(const Principal& p, store::Id id);
  Result<TodoPage> list(const Principal& p, const TodoQuery& query);
  Result<store::Todo> update(const Principal& p, store::Id id, const TodoPatch& patch);
  Result<store::Todo> complete(const Principal& p, store::Id id);
  Status remove(const Principal& p, store::Id id);

  // For composing with other writes (a reminder is a todo and an event in one transaction).
  Result<store::Todo> create_in(store::Session& s, const Principal& p, NewTodo todo);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace convonet::productivity
