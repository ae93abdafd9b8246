#include "auth/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

namespace convonet::auth {
namespace {

using std::chrono::seconds;

// An in-test Cache with its own clock: tests move time by advance(), so windows can be
// exercised without sleeping. Mirrors the contract in cache/cache.hpp for the parts the
// limiter uses.
class FakeCache final : public cache::Cache {
 public:
  void advance(seconds by) { now_ += by.count(); }
  bool failing = false;
  // Simulates a backend reporting a rounded-down TTL (Redis says 0 in the last second).
  std::optional<seconds> reported_ttl;
  std::optional<seconds> last_increment_window;

  bool contains(const std::string& key) {
    purge(key);
    return entries_.count(key) != 0;
  }

  Result<std::optional<std::string>> get(std::string_view key) override {
    if (failing) return down();
    purge(std::string(key));
    const auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return std::optional<std::string>{};
    return std::optional<std::string>{it->second.value};
  }

  Status set(std::string_view key, std::string_view value, std::optional<seconds> ttl) override {
    if (failing) return down();
    std::optional<std::int64_t> expires;
    if (ttl) expires = now_ + ttl->count();
    entries_[std::string(key)] = Entry{std::string(value), expires};
    return {};
  }

  Result<bool> erase(std::string_view key) override {
    if (failing) return down();
    purge(std::string(key));
    return entries_.erase(std::string(key)) != 0;
  }

  Result<std::int64_t> increment(std::string_view key, seconds window) override {
    if (failing) return down();
    last_increment_window = window;
    const std::string k(key);
    purge(k);
    auto it = entries_.find(k);
    if (it == entries_.end()) {
      it = entries_.emplace(k, Entry{"0", now_ + window.count()}).first;
    }
    const auto next = std::stoll(it->second.value) + 1;
    it->second.value = std::to_string(next);
    return next;
  }

  Result<std::optional<seconds>> ttl(std::string_view key) override {
    if (failing) return down();
    const std::string k(key);
    purge(k);
    const auto it = entries_.find(k);
    if (it == entries_.end() || !it->second.expires_at) return std::optional<seconds>{};
    if (reported_ttl) return std::optional<seconds>{*reported_ttl};
    return std::optional<seconds>{seconds{*it->second.expires_at - now_}};
  }

  Result<std::unique_ptr<cache::Subscription>> subscribe(
      std::string_view, std::function<void(std::string_view)>) override {
    return Error::internal("not used by the rate limiter");
  }
  Status publish(std::string_view, std::string_view) override {
    return Error::internal("not used by the rate limiter");
  }
  bool ping() override { return !failing; }

 private:
  struct Entry {
    std::string value;
    std::optional<std::int64_t> expires_at;
  };

  static Error down() { return Error::unavailable("cache is down"); }

  void purge(const std::string& key) {
    const auto it = entries_.find(key);
    if (it != entries_.end() && it->second.expires_at && *it->second.expires_at <= now_) {
      entries_.erase(it);
    }
  }

  std::int64_t now_ = 0;
  std::map<std::string, Entry> entries_;
};

constexpr RateLimit kThreePerMinute{3, seconds{60}};

void expect_limited(const Status& status, int retry_after) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::too_many_requests);
  EXPECT_EQ(http_status(status.error().kind), 429);
  EXPECT_EQ(status.error().retry_after_seconds, retry_after);
}

class RateLimiterTest : public ::testing::Test {
 protected:
  FakeCache cache_;
  RateLimiter limiter_{cache_, "rl:login"};
};

TEST_F(RateLimiterTest, AllowsUpToTheLimitThenRefuses) {
  EXPECT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  EXPECT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  cache_.advance(seconds{20});
  EXPECT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  expect_limited(limiter_.hit("alice", kThreePerMinute), 40);
  cache_.advance(seconds{15});
  expect_limited(limiter_.hit("alice", kThreePerMinute), 25);
}

TEST_F(RateLimiterTest, StartsAFreshWindowWhenTheOldOneEnds) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  EXPECT_FALSE(limiter_.hit("alice", kThreePerMinute).ok());
  cache_.advance(seconds{60});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  EXPECT_FALSE(limiter_.hit("alice", kThreePerMinute).ok());
}

TEST_F(RateLimiterTest, WindowsAreFixedNotSliding) {
  // Refused attempts do not extend the window.
  for (int i = 0; i < 10; ++i) (void)limiter_.hit("alice", kThreePerMinute);
  cache_.advance(seconds{59});
  expect_limited(limiter_.hit("alice", kThreePerMinute), 1);
  cache_.advance(seconds{1});
  EXPECT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
}

TEST_F(RateLimiterTest, CountsKeysAndPrefixesSeparately) {
  RateLimiter other_purpose(cache_, "rl:pin");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  EXPECT_FALSE(limiter_.hit("alice", kThreePerMinute).ok());
  EXPECT_TRUE(limiter_.hit("bob", kThreePerMinute).ok());
  EXPECT_TRUE(other_purpose.hit("alice", kThreePerMinute).ok());
  EXPECT_TRUE(cache_.contains("rl:login:alice"));
  EXPECT_TRUE(cache_.contains("rl:login:bob"));
  EXPECT_TRUE(cache_.contains("rl:pin:alice"));
}

TEST_F(RateLimiterTest, CheckDoesNotCount) {
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter_.check("alice", kThreePerMinute).ok());
  EXPECT_FALSE(cache_.contains("rl:login:alice"));
  ASSERT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  ASSERT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  EXPECT_TRUE(limiter_.check("alice", kThreePerMinute).ok());
  EXPECT_TRUE(limiter_.check("alice", kThreePerMinute).ok());
  EXPECT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());  // checks did not use it up
}

TEST_F(RateLimiterTest, CheckRefusesOnceTheLimitIsReached) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  cache_.advance(seconds{10});
  expect_limited(limiter_.check("alice", kThreePerMinute), 50);
  EXPECT_TRUE(limiter_.check("bob", kThreePerMinute).ok());
  cache_.advance(seconds{50});
  EXPECT_TRUE(limiter_.check("alice", kThreePerMinute).ok());
}

TEST_F(RateLimiterTest, ResetForgetsAttempts) {
  for (int i = 0; i < 4; ++i) (void)limiter_.hit("alice", kThreePerMinute);
  ASSERT_FALSE(limiter_.check("alice", kThreePerMinute).ok());
  limiter_.reset("alice");
  EXPECT_FALSE(cache_.contains("rl:login:alice"));
  EXPECT_TRUE(limiter_.check("alice", kThreePerMinute).ok());
  EXPECT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  limiter_.reset("never-seen");  // harmless
}

TEST_F(RateLimiterTest, RetryAfterIsAtLeastOneSecond) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  cache_.reported_ttl = seconds{0};
  expect_limited(limiter_.hit("alice", kThreePerMinute), 1);
  expect_limited(limiter_.check("alice", kThreePerMinute), 1);
}

TEST_F(RateLimiterTest, RetryAfterFallsBackToTheWindowWithoutATtl) {
  ASSERT_TRUE(cache_.set("rl:login:alice", "3", std::nullopt).ok());
  expect_limited(limiter_.hit("alice", kThreePerMinute), 60);
}

TEST_F(RateLimiterTest, TreatsWindowsUnderOneSecondAsOneSecond) {
  const RateLimit once{1, seconds{0}};
  EXPECT_TRUE(limiter_.hit("alice", once).ok());
  EXPECT_EQ(cache_.last_increment_window, seconds{1});
  expect_limited(limiter_.hit("alice", once), 1);
  cache_.advance(seconds{1});
  EXPECT_TRUE(limiter_.hit("alice", once).ok());
}

TEST_F(RateLimiterTest, ALimitOfZeroRefusesEverything) {
  const RateLimit never{0, seconds{30}};
  expect_limited(limiter_.check("alice", never), 30);
  expect_limited(limiter_.hit("alice", never), 30);
}

TEST_F(RateLimiterTest, FailsOpenWhenTheCacheIsDown) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
  cache_.failing = true;
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(limiter_.hit("alice", kThreePerMinute).ok());
    EXPECT_TRUE(limiter_.check("alice", kThreePerMinute).ok());
  }
  limiter_.reset("alice");  // must not throw or crash
  cache_.failing = false;
  EXPECT_FALSE(limiter_.hit("alice", kThreePerMinute).ok());  // the old count is back in force
}

TEST_F(RateLimiterTest, FailsOpenOnACorruptCounter) {
  ASSERT_TRUE(cache_.set("rl:login:alice", "not a number", seconds{60}).ok());
  EXPECT_TRUE(limiter_.check("alice", kThreePerMinute).ok());
}

}  // namespace
}  // namespace convonet::auth
