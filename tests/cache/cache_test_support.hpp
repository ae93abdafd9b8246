#pragma once
// Shared helpers for the cache tests: the test Redis from the environment, unique key
// prefixes (ctest runs test processes in parallel against one Redis), and waiting helpers.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace convonet::cache::testing {

// CONVONET_TEST_REDIS_URL, if set.
std::optional<std::string> test_redis_url();
// CONVONET_REQUIRE_TEST_SERVERS=1: a missing Redis is a failure, not a skip.
bool test_servers_required();

// Skips (or fails, when servers are required) the current test without a test Redis.
#define CONVONET_REQUIRE_REDIS_URL(var)                                                   \
  const auto var##_optional = ::convonet::cache::testing::test_redis_url();               \
  if (!var##_optional) {                                                                  \
    if (::convonet::cache::testing::test_servers_required()) {                            \
      FAIL() << "CONVONET_TEST_REDIS_URL is not set but CONVONET_REQUIRE_TEST_SERVERS=1"; \
    }                                                                                     \
    GTEST_SKIP() << "CONVONET_TEST_REDIS_URL is not set";                                 \
  }                                                                                       \
  const std::string& var = *var##_optional

// "convonet-test:<test name>:<random>:", unique per test run.
std::string unique_prefix();

// Polls `condition` until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The value of a Result that must succeed; throws (failing the test) otherwise.
template <class T>
T ok_value(Result<T> result) {
  if (!result.ok()) throw std::runtime_error("unexpected error: " + result.error().message);
  return std::move(result).value();
}
void expect_ok(const Status& status);

// Collects messages delivered to a subscription, from any thread.
class Inbox {
 public:
  std::function<void(std::string_view)> sink() {
    return [this](std::string_view message) { push(message); };
  }
  void push(std::string_view message);
  // True once at least `count` messages arrived.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::vector<std::string> messages() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::string> messages_;
};

}  // namespace convonet::cache::testing
