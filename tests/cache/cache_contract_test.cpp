// One contract, two backends: every test here runs against the memory cache and against
// Redis (CONVONET_TEST_REDIS_URL).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <thread>

#include "cache/cache.hpp"
#include "cache/cache_test_support.hpp"

namespace convonet::cache {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using testing::eventually;
using testing::expect_ok;
using testing::Inbox;
using testing::ok_value;

class CacheContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = "memory://";
    if (GetParam() == "redis") {
      CONVONET_REQUIRE_REDIS_URL(redis_url);
      url = redis_url;
    }
    auto opened = open_cache(url);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    cache_ = std::move(*opened);
    prefix_ = testing::unique_prefix();
  }

  Cache& cache() { return *cache_; }
  // Keys and channels are prefixed so parallel test processes never share them.
  std::string key(std::string_view name) const { return prefix_ + std::string(name); }

 private:
  std::unique_ptr<Cache> cache_;
  std::string prefix_;
};

TEST_P(CacheContract, PingAnswers) {
  EXPECT_TRUE(cache().ping());
}

TEST_P(CacheContract, GetOfMissingKeyIsNone) {
  EXPECT_EQ(ok_value(cache().get(key("missing"))), std::nullopt);
}

TEST_P(CacheContract, SetThenGetReturnsTheValue) {
  expect_ok(cache().set(key("k"), "hello"));
  EXPECT_EQ(ok_value(cache().get(key("k"))), "hello");
}

TEST_P(CacheContract, SetOverwritesValue) {
  expect_ok(cache().set(key("k"), "first"));
  expect_ok(cache().set(key("k"), "second"));
  EXPECT_EQ(ok_value(cache().get(key("k"))), "second");
}

TEST_P(CacheContract, EmptyValueIsNotMissing) {
  expect_ok(cache().set(key("empty"), ""));
  EXPECT_EQ(ok_value(cache().get(key("empty"))), std::optional<std::string>(""));
}

TEST_P(CacheContract, ValuesAndKeysAreBinarySafe) {
  const std::string value("a\0b\xff\r\n%s", 8);
  const std::string binary_key = key(std::string("bin\0key", 7));
  expect_ok(cache().set(binary_key, value));
  EXPECT_EQ(ok_value(cache().get(binary_key)), value);
  EXPECT_EQ(ok_value(cache().get(key("bin"))), std::nullopt);
}

TEST_P(CacheContract, EraseReportsWhetherTheKeyExisted) {
  expect_ok(cache().set(key("k"), "v"));
  EXPECT_TRUE(ok_value(cache().erase(key("k"))));
  EXPECT_EQ(ok_value(cache().get(key("k"))), std::nullopt);
  EXPECT_FALSE(ok_value(cache().erase(key("k"))));
}

TEST_P(CacheContract, KeyWithTtlExpires) {
  expect_ok(cache().set(key("short"), "v", 1s));
  expect_ok(cache().set(key("forever"), "v"));
  EXPECT_TRUE(eventually([&] { return !ok_value(cache().get(key("short"))).has_value(); }));
  EXPECT_EQ(ok_value(cache().ttl(key("short"))), std::nullopt);
  EXPECT_FALSE(ok_value(cache().erase(key("short"))));
  EXPECT_EQ(ok_value(cache().get(key("forever"))), "v");
}

TEST_P(CacheContract, TtlReportsRemainingTime) {
  expect_ok(cache().set(key("k"), "v", 100s));
  const auto remaining = ok_value(cache().ttl(key("k")));
  ASSERT_TRUE(remaining.has_value());
  EXPECT_LE(*remaining, 100s);
  EXPECT_GT(*remaining, 50s);
}

TEST_P(CacheContract, TtlIsNoneForMissingAndPersistentKeys) {
  expect_ok(cache().set(key("persistent"), "v"));
  EXPECT_EQ(ok_value(cache().ttl(key("persistent"))), std::nullopt);
  EXPECT_EQ(ok_value(cache().ttl(key("missing"))), std::nullopt);
}

TEST_P(CacheContract, SetWithoutTtlClearsAnEarlierTtl) {
  expect_ok(cache().set(key("k"), "v", 100s));
  expect_ok(cache().set(key("k"), "w"));
  EXPECT_EQ(ok_value(cache().ttl(key("k"))), std::nullopt);
}

TEST_P(CacheContract, NonPositiveDurationsAreBadRequests) {
  const auto set = cache().set(key("k"), "v", 0s);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().kind, ErrorKind::bad_request);
  const auto increment = cache().increment(key("c"), -1s);
  ASSERT_FALSE(increment.ok());
  EXPECT_EQ(increment.error().kind, ErrorKind::bad_request);
}

TEST_P(CacheContract, IncrementCountsFromOne) {
  EXPECT_EQ(ok_value(cache().increment(key("c"), 60s)), 1);
  EXPECT_EQ(ok_value(cache().increment(key("c"), 60s)), 2);
  EXPECT_EQ(ok_value(cache().increment(key("c"), 60s)), 3);
  EXPECT_EQ(ok_value(cache().get(key("c"))), "3");
}

TEST_P(CacheContract, NewCounterExpiresAfterItsWindow) {
  EXPECT_EQ(ok_value(cache().increment(key("c"), 60s)), 1);
  const auto remaining = ok_value(cache().ttl(key("c")));
  ASSERT_TRUE(remaining.has_value());
  EXPECT_LE(*remaining, 60s);
  EXPECT_GT(*remaining, 30s);
}

TEST_P(CacheContract, IncrementWindowIsFixedNotExtended) {
  // The window starts when the counter is created: later increments (even with a longer
  // window) must not push the expiry out, so a steady stream of hits still resets.
  ASSERT_EQ(ok_value(cache().increment(key("c"), 1s)), 1);
  std::int64_t last = 1;
  const bool reset = eventually([&] {
    const auto value = ok_value(cache().increment(key("c"), 3600s));
    if (value == 1) return true;
    EXPECT_EQ(value, last + 1);
    last = value;
    return false;
  });
  EXPECT_TRUE(reset);
  // The fresh counter got the window it was created with.
  const auto remaining = ok_value(cache().ttl(key("c")));
  ASSERT_TRUE(remaining.has_value());
  EXPECT_GT(*remaining, 60s);
}

TEST_P(CacheContract, IncrementKeepsTheExpiryOfAnExistingPlainValue) {
  expect_ok(cache().set(key("c"), "41"));
  EXPECT_EQ(ok_value(cache().increment(key("c"), 60s)), 42);
  EXPECT_EQ(ok_value(cache().ttl(key("c"))), std::nullopt);
}

TEST_P(CacheContract, IncrementOfNonIntegerIsConflict) {
  expect_ok(cache().set(key("text"), "hello"));
  const auto result = cache().increment(key("text"), 60s);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::conflict);
  EXPECT_EQ(ok_value(cache().get(key("text"))), "hello");
}

TEST_P(CacheContract, ConcurrentIncrementsSumExactly) {
  constexpr std::size_t kThreads = 4;
  constexpr std::size_t kPerThread = 200;
  std::vector<std::vector<std::int64_t>> seen(kThreads);
  std::atomic<int> failures{0};
  {
    std::vector<std::jthread> threads;
    threads.reserve(kThreads);
    for (std::size_t t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (std::size_t i = 0; i < kPerThread; ++i) {
          auto value = cache().increment(key("shared"), 60s);
          if (value.ok()) {
            seen[t].push_back(*value);
          } else {
            ++failures;
          }
        }
      });
    }
  }
  EXPECT_EQ(failures.load(), 0);
  std::vector<std::int64_t> all;
  for (const auto& values : seen) all.insert(all.end(), values.begin(), values.end());
  std::sort(all.begin(), all.end());
  std::vector<std::int64_t> expected(kThreads * kPerThread);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(all, expected);  // every value handed out exactly once
}

TEST_P(CacheContract, PublishDeliversToSubscriberInOrder) {
  Inbox inbox;
  const auto channel = key("events");
  auto subscription = ok_value(cache().subscribe(channel, inbox.sink()));
  expect_ok(cache().publish(channel, "one"));
  expect_ok(cache().publish(channel, std::string("t\0wo", 4)));
  expect_ok(cache().publish(channel, "three"));
  ASSERT_TRUE(inbox.wait_for(3));
  EXPECT_THAT(inbox.messages(), ElementsAre("one", std::string("t\0wo", 4), "three"));
}

TEST_P(CacheContract, EverySubscriberOfAChannelReceives) {
  Inbox first;
  Inbox second;
  const auto channel = key("events");
  auto a = ok_value(cache().subscribe(channel, first.sink()));
  auto b = ok_value(cache().subscribe(channel, second.sink()));
  expect_ok(cache().publish(channel, "hello"));
  ASSERT_TRUE(first.wait_for(1));
  ASSERT_TRUE(second.wait_for(1));
  EXPECT_THAT(first.messages(), ElementsAre("hello"));
  EXPECT_THAT(second.messages(), ElementsAre("hello"));
}

TEST_P(CacheContract, SubscribersOnlySeeTheirChannel) {
  Inbox a_inbox;
  Inbox b_inbox;
  auto a = ok_value(cache().subscribe(key("a"), a_inbox.sink()));
  auto b = ok_value(cache().subscribe(key("b"), b_inbox.sink()));
  expect_ok(cache().publish(key("b"), "for b"));
  expect_ok(cache().publish(key("a"), "for a"));
  ASSERT_TRUE(a_inbox.wait_for(1));
  ASSERT_TRUE(b_inbox.wait_for(1));
  EXPECT_THAT(a_inbox.messages(), ElementsAre("for a"));
  EXPECT_THAT(b_inbox.messages(), ElementsAre("for b"));
}

TEST_P(CacheContract, NoDeliveryAfterUnsubscribe) {
  Inbox gone;
  Inbox witness;
  const auto channel = key("events");
  auto subscription = ok_value(cache().subscribe(channel, gone.sink()));
  auto witness_subscription = ok_value(cache().subscribe(channel, witness.sink()));
  expect_ok(cache().publish(channel, "before"));
  ASSERT_TRUE(gone.wait_for(1));
  subscription.reset();
  expect_ok(cache().publish(channel, "after"));
  // Once the witness has "after", the unsubscribed one would have had it too.
  ASSERT_TRUE(witness.wait_for(2));
  EXPECT_THAT(gone.messages(), ElementsAre("before"));
}

TEST_P(CacheContract, UnsubscribeWaitsForARunningCallback) {
  std::atomic<bool> entered{false};
  std::atomic<bool> finished{false};
  const auto channel = key("events");
  auto subscription = ok_value(cache().subscribe(channel, [&](std::string_view) {
    entered = true;
    std::this_thread::sleep_for(200ms);
    finished = true;
  }));
  expect_ok(cache().publish(channel, "slow"));
  ASSERT_TRUE(eventually([&] { return entered.load(); }));
  subscription.reset();
  EXPECT_TRUE(finished.load());
}

TEST_P(CacheContract, CallbackMayDestroyItsOwnSubscription) {
  std::mutex mutex;
  std::unique_ptr<Subscription> subscription;
  Inbox inbox;
  Inbox witness;
  const auto channel = key("events");
  {
    std::lock_guard lock(mutex);
    subscription = ok_value(cache().subscribe(channel, [&](std::string_view message) {
      inbox.push(message);
      std::lock_guard inner(mutex);
      subscription.reset();
    }));
  }
  auto witness_subscription = ok_value(cache().subscribe(channel, witness.sink()));
  expect_ok(cache().publish(channel, "first"));
  ASSERT_TRUE(inbox.wait_for(1));
  expect_ok(cache().publish(channel, "second"));
  ASSERT_TRUE(witness.wait_for(2));
  std::lock_guard lock(mutex);
  EXPECT_EQ(subscription, nullptr);
  EXPECT_THAT(inbox.messages(), ElementsAre("first"));
}

TEST_P(CacheContract, PublishWithoutSubscribersSucceeds) {
  expect_ok(cache().publish(key("nobody"), "hello"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CacheContract, ::testing::Values("memory", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace convonet::cache
