#pragma once
// The productivity tools: todos, calendar events, reminders (a todo and an event, linked) and
// teams, declared once for the dialogue, the LLM backend and MCP.
#include "assistant/tools/registry.hpp"
#include "core/time.hpp"
#include "productivity/events.hpp"
#include "productivity/teams.hpp"
#include "productivity/todos.hpp"
#include "store/database.hpp"

namespace convonet::assistant {

struct ProductivityServices {
  productivity::TeamService& teams;
  productivity::TodoService& todos;
  productivity::EventService& events;
  store::Database& db;  // for the reminder's single transaction
  const Clock& clock;
};

void add_productivity_tools(ToolRegistry& registry, const ProductivityServices& services);

}  // namespace convonet::assistant
