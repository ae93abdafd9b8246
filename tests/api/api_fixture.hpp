#pragma once
// Runs the whole Application in-process on an ephemeral port, over a fresh database, and talks
// to it over real HTTP.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app/application.hpp"
#include "core/secrets.hpp"
#include "http/client.hpp"

namespace convonet::testing {

struct Reply {
  int status = 0;
  nlohmann::json body;
  http::ClientResponse raw;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir_ = std::filesystem::temp_directory_path() / ("convonet-api-" + random_hex(8));
    std::filesystem::create_directories(data_dir_);
    settings_.listen = "127.0.0.1:0";
    settings_.data_dir = data_dir_.string();
    settings_.database_url = "sqlite://" + (data_dir_ / "convonet.db").string();
    settings_.login_attempts_per_account = 5;
    settings_.login_attempts_per_ip = 1000;
    customize(settings_);
    auto secrets = load_or_create_secrets(settings_);
    ASSERT_TRUE(secrets) << secrets.error().message;
    app::Dependencies deps;
    deps.password_cost = auth::minimal_cost();
    deps.clock = &clock_;
    auto created = app::Application::create(settings_, *secrets, deps);
    ASSERT_TRUE(created) << created.error().message;
    app_ = std::move(*created);
    auto port = app_->start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }

  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(data_dir_);
  }

  virtual void customize(Settings&) {}

  Reply call(const std::string& method, const std::string& target,
             const nlohmann::json& body = nullptr, const std::string& token = "",
             http::Headers headers = {}) {
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    std::string payload;
    if (!body.is_null()) {
      headers.emplace_back("Content-Type", "application/json");
      payload = body.dump();
    }
    auto response = http::request("127.0.0.1", port_, method, target, payload, headers);
    EXPECT_TRUE(response) << (response ? "" : response.error().message);
    if (!response) return {};
    Reply reply{response->status, nullptr, *response};
    const auto type = response->header("Content-Type");
    if (type && type->find("json") != std::string::npos && !response->body.empty()) {
      reply.body = nlohmann::json::parse(response->body, nullptr, false);
    }
    return reply;
  }

  // Registers a user and returns {user, access_token, refresh_token, ...}.
  nlohmann::json register_user(const std::string& name) {
    auto reply = call("POST", "/api/v1/auth/register",
                      {{"email", name + "@example.com"},
                       {"password", "correct horse battery"},
                       {"name", name},
                       {"timezone", "Europe/London"}});
    EXPECT_EQ(reply.status, 201) << reply.raw.body;
    return reply.body;
  }

  ManualClock clock_{SystemClock{}.now()};
  std::filesystem::path data_dir_;
  Settings settings_;
  std::unique_ptr<app::Application> app_;
  unsigned short port_ = 0;
};

}  // namespace convonet::testing
