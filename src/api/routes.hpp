#pragma once
// The REST channel: translates HTTP requests to service calls and results to JSON.
// No business rules here; services decide.
#include <string>

#include "accounts/accounts.hpp"
#include "assistant/dialogue/dialogue.hpp"
#include "cache/cache.hpp"
#include "core/time.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "productivity/events.hpp"
#include "productivity/teams.hpp"
#include "productivity/todos.hpp"
#include "store/database.hpp"

namespace convonet::api {

struct ApiServices {
  accounts::AccountService& accounts;
  productivity::TeamService& teams;
  productivity::TodoService& todos;
  productivity::EventService& events;
  store::Database& db;
  cache::Cache& cache;
  http::Metrics& metrics;
  const Clock& clock;
  std::string public_base_url;  // for links such as the calendar feed URL
  assistant::dialogue::Dialogue& dialogue;
};

void add_routes(http::Router& router, const ApiServices& services);

// The OpenAPI document (docs/openapi.yaml), compiled in.
extern const char* const kOpenApiYaml;

}  // namespace convonet::api
