#include "cache/cache_test_support.hpp"

#include <cstdlib>
#include <thread>

#include "core/secrets.hpp"

namespace convonet::cache::testing {

std::optional<std::string> test_redis_url() {
  const char* url = std::getenv("CONVONET_TEST_REDIS_URL");
  if (!url || !*url) return std::nullopt;
  return std::string(url);
}

bool test_servers_required() {
  const char* required = std::getenv("CONVONET_REQUIRE_TEST_SERVERS");
  return required && std::string_view(required) == "1";
}

std::string unique_prefix() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "test";
  return "convonet-test:" + name + ":" + random_hex(8) + ":";
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void expect_ok(const Status& status) {
  if (!status.ok()) throw std::runtime_error("unexpected error: " + status.error().message);
}

void Inbox::push(std::string_view message) {
  {
    std::lock_guard lock(mutex_);
    messages_.emplace_back(message);
  }
  arrived_.notify_all();
}

bool Inbox::wait_for(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
}

std::vector<std::string> Inbox::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

}  // namespace convonet::cache::testing
