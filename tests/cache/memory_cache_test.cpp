// Memory-backend specifics beyond the shared contract: sweeping and lifetimes.
#include <gtest/gtest.h>

#include <mutex>

#include "cache/cache_test_support.hpp"
#include "cache/detail/memory_cache.hpp"

namespace convonet::cache::detail {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using testing::expect_ok;
using testing::Inbox;
using testing::ok_value;

TEST(MemoryCache, OpenCacheAcceptsMemoryUrl) {
  auto cache = open_cache("memory://");
  ASSERT_TRUE(cache.ok());
  EXPECT_TRUE((*cache)->ping());
}

TEST(MemoryCache, SweepDropsExpiredKeysNobodyReadsAgain) {
  MemoryCache cache(MemoryOptions{.sweep_interval = 0ms});
  for (int i = 0; i < 50; ++i) expect_ok(cache.set("k" + std::to_string(i), "v", 1s));
  expect_ok(cache.set("keep", "v"));
  EXPECT_EQ(cache.stored_entries(), 51u);
  // Only writes sweep, and none of the expired keys is ever read again.
  EXPECT_TRUE(eventually([&] {
    expect_ok(cache.set("keep", "v"));
    return cache.stored_entries() == 1;
  }));
  EXPECT_EQ(ok_value(cache.get("keep")), "v");
}

TEST(MemoryCache, SweepWaitsForItsInterval) {
  MemoryCache cache(MemoryOptions{.sweep_interval = 3600s});
  expect_ok(cache.set("short", "v", 1s));
  ASSERT_TRUE(eventually([&] { return !ok_value(cache.ttl("short")).has_value(); }));
  // ttl() found it expired and dropped it lazily.
  EXPECT_EQ(cache.stored_entries(), 0u);
}

TEST(MemoryCache, SubscriptionMayOutliveTheCache) {
  Inbox inbox;
  std::unique_ptr<Subscription> subscription;
  {
    MemoryCache cache;
    subscription = ok_value(cache.subscribe("events", inbox.sink()));
    expect_ok(cache.publish("events", "hello"));
    ASSERT_TRUE(inbox.wait_for(1));
  }
  subscription.reset();
  EXPECT_EQ(inbox.messages().size(), 1u);
}

TEST(MemoryCache, CallbackMayDestroyTheCache) {
  std::mutex mutex;
  auto cache = std::make_unique<MemoryCache>();
  Inbox inbox;
  auto subscription = ok_value(cache->subscribe("events", [&](std::string_view message) {
    std::lock_guard lock(mutex);
    cache.reset();
    inbox.push(message);
  }));
  expect_ok(cache->publish("events", "bye"));
  ASSERT_TRUE(inbox.wait_for(1));
  std::lock_guard lock(mutex);
  EXPECT_EQ(cache, nullptr);
  subscription.reset();
}

TEST(MemoryCache, ThrowingCallbackDoesNotStopDelivery) {
  MemoryCache cache;
  Inbox inbox;
  auto thrower = ok_value(cache.subscribe(
      "events", [](std::string_view) { throw std::runtime_error("subscriber bug"); }));
  auto listener = ok_value(cache.subscribe("events", inbox.sink()));
  expect_ok(cache.publish("events", "one"));
  expect_ok(cache.publish("events", "two"));
  EXPECT_TRUE(inbox.wait_for(2));
}

}  // namespace
}  // namespace convonet::cache::detail
