// The session store's bounds and expiry, with an injected clock.
#include <gtest/gtest.h>

#include "mcp/sessions.hpp"

namespace convonet::mcp {
namespace {

using namespace std::chrono_literals;

struct FakeTime {
  std::chrono::steady_clock::time_point now{};
};

SessionOptions options(FakeTime& time, std::size_t total, std::size_t per_user) {
  SessionOptions o;
  o.max_sessions = total;
  o.max_sessions_per_user = per_user;
  o.idle_ttl = 60s;
  o.now = [&time] { return time.now; };
  return o;
}

TEST(SessionStore, IdsAreUniqueAndOwned) {
  SessionStore store;
  auto a = store.create(1);
  auto b = store.create(1);
  EXPECT_NE(a->id, b->id);
  EXPECT_GE(a->id.size(), 32u);
  EXPECT_EQ(store.find(a->id, 1), a);
  EXPECT_EQ(store.find(a->id, 2), nullptr);
  EXPECT_FALSE(store.remove(a->id, 2));
  EXPECT_TRUE(store.remove(a->id, 1));
  EXPECT_EQ(store.find(a->id, 1), nullptr);
}

TEST(SessionStore, IdleSessionsExpire) {
  FakeTime time;
  SessionStore store(options(time, 10, 10));
  auto a = store.create(1);
  time.now += 50s;
  EXPECT_NE(store.find(a->id, 1), nullptr);  // use renews it
  time.now += 50s;
  EXPECT_NE(store.find(a->id, 1), nullptr);
  time.now += 61s;
  EXPECT_EQ(store.find(a->id, 1), nullptr);
  EXPECT_EQ(store.size(), 0u);
}

TEST(SessionStore, BoundedPerUserAndOverall) {
  FakeTime time;
  SessionStore store(options(time, 3, 2));
  auto a1 = store.create(1);
  time.now += 1s;
  auto a2 = store.create(1);
  time.now += 1s;
  auto a3 = store.create(1);  // user 1's least recently used (a1) goes
  EXPECT_EQ(store.find(a1->id, 1), nullptr);
  EXPECT_NE(store.find(a2->id, 1), nullptr);
  time.now += 1s;
  auto b1 = store.create(2);
  time.now += 1s;
  auto b2 = store.create(2);  // full: the overall least recently used (a3) goes
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.find(a3->id, 1), nullptr);
  EXPECT_NE(store.find(b1->id, 2), nullptr);
  EXPECT_NE(store.find(b2->id, 2), nullptr);
}

TEST(SessionStore, EndingASessionClosesItsStreamAndBroadcastReachesOpenOnes) {
  SessionStore store;
  auto a = store.create(1);
  auto b = store.create(2);
  auto stream = std::make_shared<http::StreamBody>();
  {
    std::lock_guard lock(a->stream_mutex);
    a->stream = stream;
  }
  EXPECT_EQ(store.broadcast("data: x\n\n"), 1u);
  EXPECT_EQ(stream->take().chunks.size(), 1u);
  EXPECT_TRUE(store.remove(a->id, 1));
  EXPECT_TRUE(stream->closed());
  EXPECT_EQ(store.broadcast("data: y\n\n"), 0u);
  EXPECT_NE(store.find(b->id, 2), nullptr);
}

TEST(StreamBody, SlowReaderIsCutOff) {
  http::StreamBody body({}, 1s, 10);
  EXPECT_TRUE(body.push("12345"));
  EXPECT_FALSE(body.push("123456"));  // over the pending limit
  EXPECT_TRUE(body.closed());
  auto batch = body.take();
  EXPECT_EQ(batch.chunks.size(), 1u);
  EXPECT_TRUE(batch.closed);
}

}  // namespace
}  // namespace convonet::mcp
