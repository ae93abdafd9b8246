#include "app/application.hpp"

#include <spdlog/spdlog.h>

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

  app->dialogue_ = std::make_unique<assistant::dialogue::Dialogue>(*app->database_, app->tools_,
                                                                   *app->clock_);

  app->api_services_ = std::make_unique<api::ApiServices>(
      api::ApiServices{*app->accounts_, *app->teams_, *app->todos_, *app->events_, *app->database_,
                       *app->cache_, app->metrics_, *app->clock_, settings.effective_public_url(),
                       *app->dialogue_});
  api::add_routes(app->router_, *app->api_services_);
  return app;
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
