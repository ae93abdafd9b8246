#pragma once
// All wiring in one place: settings in, a running server out. main() and the end-to-end
// tests build the same Application.
#include <memory>

#include "accounts/access_tokens.hpp"
#include "accounts/accounts.hpp"
#include "api/routes.hpp"
#include "assistant/dialogue/dialogue.hpp"
#include "assistant/llm/planner.hpp"
#include "assistant/tools/registry.hpp"
#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "cache/cache.hpp"
#include "core/config.hpp"
#include "core/secrets.hpp"
#include "core/time.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "mcp/http_transport.hpp"
#include "mcp/protocol.hpp"
#include "mcp/sessions.hpp"
#include "productivity/events.hpp"
#include "productivity/teams.hpp"
#include "productivity/todos.hpp"
#include "store/database.hpp"

namespace convonet::app {

struct Dependencies {
  const Clock* clock = nullptr;  // none: the system clock
  auth::PasswordCost password_cost = auth::interactive_cost();
};

class Application {
 public:
  // Opens the database (applying migrations) and the cache and builds every service.
  static Result<std::unique_ptr<Application>> create(const Settings& settings,
                                                     const ServerSecrets& secrets,
                                                     Dependencies dependencies = {});
  ~Application();

  // Starts serving on settings.listen; returns the bound port.
  Result<unsigned short> start();
  void stop();
  void wait();

  accounts::AccountService& accounts() { return *accounts_; }
  productivity::TeamService& teams() { return *teams_; }
  productivity::TodoService& todos() { return *todos_; }
  productivity::EventService& events() { return *events_; }
  store::Database& database() { return *database_; }
  accounts::AccessTokenService& access_tokens() { return *access_tokens_; }
  // A bearer token, either a ConvoNet access token or a personal access token, as a Principal.
  Result<Principal> authenticate_bearer(std::string_view token) const;
  // MCP over the tool registry: the protocol engine (stdio uses it directly) and /mcp.
  const mcp::Server& mcp() const { return *mcp_; }
  mcp::HttpTransport& mcp_http() { return *mcp_http_; }
  // The one tool registry the dialogue, the LLM backend and MCP read.
  const assistant::ToolRegistry& tools() const { return tools_; }
  assistant::dialogue::Dialogue& dialogue() { return *dialogue_; }
  const Clock& clock() const { return *clock_; }
  const Settings& settings() const { return settings_; }
  const http::Router& router() const { return router_; }

 private:
  Application() = default;

  Settings settings_;
  SystemClock system_clock_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<store::Database> database_;
  std::unique_ptr<cache::Cache> cache_;
  std::unique_ptr<auth::JwtSigner> signer_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<productivity::TeamService> teams_;
  std::unique_ptr<productivity::TodoService> todos_;
  std::unique_ptr<productivity::EventService> events_;
  std::unique_ptr<accounts::AccessTokenService> access_tokens_;
  http::Metrics metrics_;
  assistant::ToolRegistry tools_;
  std::unique_ptr<assistant::LlmPlanner> llm_;  // set when an LLM is configured
  std::unique_ptr<assistant::dialogue::Dialogue> dialogue_;
  std::unique_ptr<mcp::Server> mcp_;
  std::unique_ptr<mcp::SessionStore> mcp_sessions_;
  std::unique_ptr<mcp::HttpTransport> mcp_http_;
  // The routes keep references into it, so it lives as long as the router.
  std::unique_ptr<api::ApiServices> api_services_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

// Builds the settings the API layer needs into AccountSettings.
accounts::AccountSettings account_settings(const Settings& settings, auth::PasswordCost cost);

}  // namespace convonet::app
