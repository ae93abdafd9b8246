#include "productivity/todos.hpp"

#include "auth/rbac.hpp"
#include "core/text.hpp"
#include "productivity/access.hpp"
#include "productivity/teams.hpp"
#include "store/repositories.hpp"

namespace convonet::productivity {

using store::TxMode;

namespace {

Status validate_notes(const std::string& notes) {
  if (!is_valid_utf8(notes)) return Error::unprocessable("notes must be UTF-8 text");
  if (utf8_length(notes) > 10000)
    return Error::unprocessable("notes must be at most 10000 characters");
  return {};
}

// An assignee must be able to see the item: a member of its team, or the creator for a
// personal todo.
Status validate_assignee(store::Session& s, const store::Todo& todo, store::Id assignee) {
  if (!todo.team_id) {
    if (assignee != todo.creator_id) {
      return Error::unprocessable("a personal todo can only be assigned to its creator");
    }
    return {};
  }
  const auto role = store::teams::role_of(s, *todo.team_id, assignee);
  if (!role) return Error::unprocessable("the assignee must be a member of the team");
  if (!auth::allowed(*role, auth::TeamAction::edit_own_item)) {
    return Error::unprocessable("the assignee's role (" + store::to_string(*role) +
                                ") cannot work on team items");
  }
  return {};
}

}  // namespace

Result<store::Todo> TodoService::create_in(store::Session& s, const Principal& p, NewTodo input) {
  auto title = clean_title(input.title, "title");
  if (!title) return title.error();
  if (auto ok = validate_notes(input.notes); !ok) return ok.error();
  if (input.team_id) {
    auto role = role_in_team(s, p, *input.team_id);
    if (!role) return role.error();
    if (auto ok = require_team_action(*role, auth::TeamAction::create_item); !ok) return ok.error();
  }
  const auto now = clock_.now();
  store::Todo todo;
  todo.team_id = input.team_id;
  todo.creator_id = p.user_id;
  todo.title = *title;
  todo.notes = input.notes;
  todo.priority = input.priority;
  todo.due_at = input.due_at;
  todo.assignee_id = input.assignee_id;
  todo.event_id = input.event_id;
  todo.created_at = todo.updated_at = now;
  if (todo.assignee_id) {
    if (auto ok = validate_assignee(s, todo, *todo.assignee_id); !ok) return ok.error();
  }
  todo = store::todos::insert(s, std::move(todo));
  audit(s, p, "todo.create", "todo", todo.id, now);
  return todo;
}

Result<store::Todo> TodoService::create(const Principal& p, NewTodo todo) {
  return db_.transact(TxMode::write,
                      [&](store::Session& s) { return create_in(s, p, std::move(todo)); });
}

Result<store::Todo> TodoService::get(const Principal& p, store::Id id) {
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<store::Todo> {
    auto todo = store::todos::by_id(s, id);
    if (!todo) return Error::not_found("todo not found");
    auto access = item_access(s, p, todo->team_id, todo->creator_id, todo->assignee_id, "todo");
    if (!access) return access.error();
    return *todo;
  });
}

Result<TodoPage> TodoService::list(const Principal& p, const TodoQuery& query) {
  if (query.limit < 1 || query.limit > 200) {
    return Error::unprocessable("limit must be between 1 and 200");
  }
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<TodoPage> {
    store::todos::Filter filter;
    filter.viewer_id = p.user_id;
    if (query.team_id) {
      auto role = role_in_team(s, p, *query.team_id);
      if (!role) return role.error();
      filter.team_id = query.team_id;
    }
    filter.done = query.done;
    filter.assignee_id = query.assignee_id;
    filter.due_before = query.due_before;
    filter.due_after = query.due_after;
    filter.after_id = query.after_id;
    filter.limit = query.limit + 1;  // one more tells whether another page exists
    TodoPage page;
    page.items = store::todos::list(s, filter);
    if (static_cast<int>(page.items.size()) > query.limit) {
      page.items.pop_back();
      page.next_after_id = page.items.back().id;
    }
    return page;
  });
}

Result<store::Todo> TodoService::update(const Principal& p, store::Id id, const TodoPatch& patch) {
  std::optional<std::string> title;
  if (patch.title) {
    auto cleaned = clean_title(*patch.title, "title");
    if (!cleaned) return cleaned.error();
    title = *cleaned;
  }
  if (patch.notes) {
    if (auto ok = validate_notes(*patch.notes); !ok) return ok.error();
  }
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<store::Todo> {
    auto todo = store::todos::by_id(s, id);
    if (!todo) return Error::not_found("todo not found");
    auto access = item_access(s, p, todo->team_id, todo->creator_id, todo->assignee_id, "todo");
    if (!access) return access.error();
    if (auto ok = require_edit(*access); !ok) return ok.error();
    if (title) todo->title = *title;
    if (patch.notes) todo->notes = *patch.notes;
    if (patch.priority) todo->priority = *patch.priority;
    if (patch.due_at) todo->due_at = *patch.due_at;
    if (patch.assignee_id) {
      todo->assignee_id = *patch.assignee_id;
      if (todo->assignee_id) {
        if (auto ok = validate_assignee(s, *todo, *todo->assignee_id); !ok) return ok.error();
      }
    }
    if (patch.done) {
      if (*patch.done && !todo->completed_at) todo->completed_at = now;
      if (!*patch.done) todo->completed_at.reset();
    }
    todo->updated_at = now;
    store::todos::update(s, *todo);
    audit(s, p, "todo.update", "todo", id, now);
    return *todo;
  });
}

Result<store::Todo> TodoService::complete(const Principal& p, store::Id id) {
  TodoPatch patch;
  patch.done = true;
  return update(p, id, patch);
}

Status TodoService::remove(const Principal& p, store::Id id) {
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    auto todo = store::todos::by_id(s, id);
    if (!todo) return Error::not_found("todo not found");
    auto access = item_access(s, p, todo->team_id, todo->creator_id, todo->assignee_id, "todo");
    if (!access) return access.error();
    if (auto ok = require_edit(*access); !ok) return ok;
    store::todos::remove(s, id);
    audit(s, p, "todo.delete", "todo", id, now);
    return {};
  });
}

}  // namespace convonet::productivity
