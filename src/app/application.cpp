#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include "api/route_groups.hpp"
#include "assistant/tools/productivity_tools.hpp"

namespace convonet::app {

accounts::AccountSettings account_settings(const Settings& settings, auth::PasswordCost cost) {
  accounts::AccountSettings a;
  a.password_cost = cost;
  a.refresh_token_ttl = settings.refresh_token_ttl;
  a.login_per_account = {settings.login_attempts_per_account, settings.login_window};
  a.login_per_ip = {settings.login_attempts_per_ip, settings.login_window};
  return a;
}

Result<std::unique_ptr<Application>> Application::create(const Settings& settings,
                                                         const ServerSecrets& secrets,
                                                         Dependencies deps) {
  std::unique_ptr<Application> app(new Application());
  app->settings_ = settings;
  app->clock_ = deps.clock != nullptr ? deps.clock : &app->system_clock_;

  store::DatabaseOptions db_options;
  db_options.pool_size = settings.db_pool_size;
  db_options.on_wal_checkpoint = [](int pages) {
    spdlog::debug("msg=\"sqlite checkpoint\" pages={}", pages);
  };
  auto database = store::open_database(settings.effective_database_url(), db_options);
  if (!database) return database.error();
  app->database_ = std::move(*database);
  auto applied = store::migrate(*app->database_);
  if (!applied) return applied.error();
  if (*applied > 0) spdlog::info("msg=\"applied migrations\" count={}", *applied);

  auto cache = cache::open_cache(settings.cache_url);
  if (!cache) return cache.error();
  app->cache_ = std::move(*cache);

  auth::JwtSettings jwt;
  jwt.ttl = settings.access_token_ttl;
  app->signer_ = std::make_unique<auth::JwtSigner>(
      auth::JwtKey{secrets.jwt_key_id, secrets.jwt_secret}, std::vector<auth::JwtKey>{}, jwt);
  app->accounts_ = std::make_unique<accounts::AccountService>(
      *app->database_, *app->cache_, *app->clock_, *app->signer_, secrets.pin_pepper,
      account_settings(settings, deps.password_cost));
  app->teams_ = std::make_unique<productivity::TeamService>(*app->database_, *app->clock_);
  app->todos_ = std::make_unique<productivity::TodoService>(*app->database_, *app->clock_);
  app->events_ = std::make_unique<productivity::EventService>(*app->database_, *app->clock_);

  assistant::add_productivity_tools(
      app->tools_, assistant::ProductivityServices{*app->teams_, *app->todos_, *app->events_,
                                                   *app->database_, *app->clock_});

  app->dialogue_ =
      std::make_unique<assistant::dialogue::Dialogue>(*app->database_, app->tools_, *app->clock_);
  if (const auto llm = assistant::llm_settings_from(settings); llm.enabled()) {
    try {
      app->llm_ = std::make_unique<assistant::LlmPlanner>(llm, app->tools_, *app->clock_);
    } catch (const std::runtime_error& e) {
      return Error::internal(std::string("cannot set up the LLM client: ") + e.what());
    }
    app->dialogue_->set_llm(app->llm_.get());
    spdlog::info("msg=\"assistant uses an LLM planner\" model={}", llm.model);
  }

  app->api_services_ = std::make_unique<api::ApiServices>(api::ApiServices{
      *app->accounts_, *app->teams_, *app->todos_, *app->events_, *app->database_, *app->cache_,
      app->metrics_, *app->clock_, settings.effective_public_url(), *app->dialogue_});
  api::add_routes(app->router_, *app->api_services_);

  app->access_tokens_ =
      std::make_unique<accounts::AccessTokenService>(*app->database_, *app->clock_);
  api::add_token_routes(app->router_, *app->accounts_, *app->access_tokens_);

  mcp::ServerOptions mcp_options;
  mcp_options.version = CONVONET_VERSION;
  mcp_options.instructions =
      "ConvoNet manages the user's todos, calendar and teams. Times are RFC 3339; ids are "
      "integers from earlier results. Team items follow the user's team role.";
  mcp_options.clock = app->clock_;
  mcp_options.timezone_of = [accounts = app->accounts_.get()](const Principal& principal) {
    auto user = accounts->user(principal.user_id);
    return user ? user->timezone : std::string("UTC");
  };
  app->mcp_ = std::make_unique<mcp::Server>(app->tools_, std::move(mcp_options));
  app->mcp_sessions_ = std::make_unique<mcp::SessionStore>();
  mcp::HttpOptions mcp_http;
  mcp_http.public_url = settings.effective_public_url();
  const auto endpoint = settings.listen_endpoint();
  mcp_http.allowed_hosts =
      mcp::allowed_hosts_for(endpoint ? endpoint->first : std::string(), mcp_http.public_url);
  app->mcp_http_ = std::make_unique<mcp::HttpTransport>(
      *app->mcp_, *app->mcp_sessions_,
      [application = app.get()](std::string_view token) {
        return application->authenticate_bearer(token);
      },
      std::move(mcp_http));
  app->mcp_http_->add_routes(app->router_);
  return app;
}

Result<Principal> Application::authenticate_bearer(std::string_view token) const {
  if (accounts::AccessTokenService::looks_like(token)) return access_tokens_->authenticate(token);
  return accounts_->authenticate(token);
}

Application::~Application() {
  stop();
}

Result<unsigned short> Application::start() {
  auto endpoint = settings_.listen_endpoint();
  if (!endpoint) return endpoint.error();
  http::ServerOptions options;
  options.host = endpoint->first;
  options.port = endpoint->second;
  options.io_threads = settings_.io_threads;
  options.worker_threads = settings_.worker_threads;
  options.body_limit = settings_.body_limit_bytes;
  options.trusted_proxies = settings_.trusted_proxies;
  server_ = std::make_unique<http::Server>(options, router_, metrics_);
  return server_->start();
}

void Application::stop() {
  if (server_) server_->stop();
}

void Application::wait() {
  if (server_) server_->wait();
}

}  // namespace convonet::app
