// Redis-backend specifics: URL handling, failures, several nodes, reconnection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "cache/cache_test_support.hpp"
#include "cache/detail/redis_cache.hpp"
#include "cache/detail/redis_connection.hpp"
#include "core/secrets.hpp"

namespace convonet::cache::detail {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using testing::eventually;
using testing::expect_ok;
using ::testing::HasSubstr;
using testing::Inbox;
using ::testing::Not;
using testing::ok_value;

// A loopback port nobody listens on: bound to get a free number, then closed.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!bound) throw std::runtime_error("cannot bind a loopback port");
  return ntohs(address.sin_port);
}

TEST(RedisUrl, ParsesHostPortAndDatabase) {
  const auto options = ok_value(parse_redis_url("redis://cache.internal:7000/3"));
  EXPECT_EQ(options.host, "cache.internal");
  EXPECT_EQ(options.port, 7000);
  EXPECT_EQ(options.db, 3);
  EXPECT_EQ(options.password, "");
}

TEST(RedisUrl, DefaultsPortAndDatabase) {
  const auto options = ok_value(parse_redis_url("redis://localhost"));
  EXPECT_EQ(options.host, "localhost");
  EXPECT_EQ(options.port, 6379);
  EXPECT_EQ(options.db, 0);
}

TEST(RedisUrl, ParsesCredentialsAndIpv6) {
  const auto options = ok_value(parse_redis_url("redis://app:p%40ss%3Aword@[::1]:6380/2"));
  EXPECT_EQ(options.host, "::1");
  EXPECT_EQ(options.port, 6380);
  EXPECT_EQ(options.db, 2);
  EXPECT_EQ(options.username, "app");
  EXPECT_EQ(options.password, "p@ss:word");
}

TEST(RedisUrl, MalformedUrlsAreBadRequests) {
  for (const char* url :
       {"", "memory", "memory:/", "ftp://host", "redis://", "redis://:6379",
        "redis://host:", "redis://host:port", "redis://host:0", "redis://host:70000",
        "redis://host:1/db", "redis://host:1/-1", "redis://host:1?timeout=1", "redis://::1:6379",
        "redis://[::1", "redis://:bad%zz@host:1"}) {
    const auto cache = open_cache(url);
    ASSERT_FALSE(cache.ok()) << url;
    EXPECT_EQ(cache.error().kind, ErrorKind::bad_request) << url;
    EXPECT_FALSE(cache.error().message.empty()) << url;
  }
}

TEST(RedisUrl, ErrorsNeverEchoThePassword) {
  const auto cache = open_cache("redis://:hunter2secret@host:notaport");
  ASSERT_FALSE(cache.ok());
  EXPECT_THAT(cache.error().message, Not(HasSubstr("hunter2secret")));
}

TEST(RedisCache, UnreachableServerIsUnavailable) {
  const auto cache = open_cache("redis://127.0.0.1:" + std::to_string(closed_port()));
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.error().kind, ErrorKind::unavailable);
  EXPECT_THAT(cache.error().message, HasSubstr("cannot connect"));
}

class RedisCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CONVONET_REQUIRE_REDIS_URL(redis_url);
    url_ = redis_url;
    options_ = ok_value(parse_redis_url(url_));
    prefix_ = testing::unique_prefix();
  }

  std::string key(std::string_view name) const { return prefix_ + std::string(name); }

  // Drops every server-side connection whose client name is `name`.
  void kill_clients_named(const std::string& name) {
    auto admin = ok_value(connect(options_, false));
    ReplyPtr list = command(*admin, {"CLIENT", "LIST"});
    ASSERT_TRUE(list && list->type == REDIS_REPLY_STRING);
    std::istringstream lines{std::string(reply_text(*list))};
    int killed = 0;
    for (std::string line; std::getline(lines, line);) {
      if (line.find(" name=" + name + " ") == std::string::npos) continue;
      const auto id = line.substr(3, line.find(' ') - 3);  // "id=<n> addr=..."
      ReplyPtr reply = command(*admin, {"CLIENT", "KILL", "ID", id});
      ASSERT_TRUE(reply && reply->type == REDIS_REPLY_INTEGER);
      killed += static_cast<int>(reply->integer);
    }
    EXPECT_GT(killed, 0);
  }

  std::string url_;
  RedisOptions options_;
  std::string prefix_;
};

TEST_F(RedisCacheTest, TwoNodesShareValuesAndCounters) {
  auto node_a = ok_value(open_cache(url_));
  auto node_b = ok_value(open_cache(url_));
  expect_ok(node_a->set(key("k"), "from a"));
  EXPECT_EQ(ok_value(node_b->get(key("k"))), "from a");
  EXPECT_EQ(ok_value(node_a->increment(key("hits"), 60s)), 1);
  EXPECT_EQ(ok_value(node_b->increment(key("hits"), 60s)), 2);
}

TEST_F(RedisCacheTest, PublishReachesSubscribersOnOtherNodes) {
  auto node_a = ok_value(open_cache(url_));
  auto node_b = ok_value(open_cache(url_));
  Inbox on_a;
  Inbox on_b;
  auto sub_a = ok_value(node_a->subscribe(key("events"), on_a.sink()));
  auto sub_b = ok_value(node_b->subscribe(key("events"), on_b.sink()));
  expect_ok(node_a->publish(key("events"), "from a"));
  expect_ok(node_b->publish(key("events"), "from b"));
  ASSERT_TRUE(on_a.wait_for(2));
  ASSERT_TRUE(on_b.wait_for(2));
  EXPECT_THAT(on_a.messages(), ElementsAre("from a", "from b"));
  EXPECT_THAT(on_b.messages(), ElementsAre("from a", "from b"));
}

TEST_F(RedisCacheTest, DatabasesAreSeparate) {
  options_.db = 1;
  auto db1 = ok_value(open_redis_cache(options_));
  options_.db = 2;
  auto db2 = ok_value(open_redis_cache(options_));
  expect_ok(db1->set(key("k"), "one"));
  EXPECT_EQ(ok_value(db2->get(key("k"))), std::nullopt);
  EXPECT_EQ(ok_value(db1->get(key("k"))), "one");
}

TEST_F(RedisCacheTest, MissingDatabaseIsUnavailable) {
  options_.db = 100000;  // Redis has 16 databases unless configured otherwise
  const auto cache = open_redis_cache(options_);
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.error().kind, ErrorKind::unavailable);
  EXPECT_THAT(cache.error().message, HasSubstr("SELECT"));
}

TEST_F(RedisCacheTest, RejectedPasswordIsUnavailableAndNotEchoed) {
  options_.password = "hunter2secret";  // the test server has no password
  const auto cache = open_redis_cache(options_);
  ASSERT_FALSE(cache.ok());
  EXPECT_EQ(cache.error().kind, ErrorKind::unavailable);
  EXPECT_THAT(cache.error().message, HasSubstr("AUTH"));
  EXPECT_THAT(cache.error().message, Not(HasSubstr("hunter2secret")));
}

TEST_F(RedisCacheTest, ReconnectsAfterPooledConnectionIsKilled) {
  options_.client_name = "convonet-test-" + random_hex(6);
  options_.pool_size = 1;
  auto cache = ok_value(open_redis_cache(options_));
  expect_ok(cache->set(key("k"), "v"));
  kill_clients_named(options_.client_name);
  EXPECT_EQ(ok_value(cache->get(key("k"))), "v");
  EXPECT_TRUE(cache->ping());
}

TEST_F(RedisCacheTest, SubscriberReconnectsAfterItsConnectionIsKilled) {
  options_.client_name = "convonet-test-" + random_hex(6);
  auto cache = ok_value(open_redis_cache(options_));
  Inbox inbox;
  auto subscription = ok_value(cache->subscribe(key("events"), inbox.sink()));
  auto publisher = ok_value(open_cache(url_));  // a connection that survives the kill
  kill_clients_named(options_.client_name);
  // Messages published while it is reconnecting are lost, so keep publishing.
  EXPECT_TRUE(eventually([&] {
    expect_ok(publisher->publish(key("events"), "again"));
    return !inbox.messages().empty();
  }));
}

TEST_F(RedisCacheTest, KilledConnectionFailsNonRepeatableCommandsCleanly) {
  options_.client_name = "convonet-test-" + random_hex(6);
  options_.pool_size = 1;
  auto cache = ok_value(open_redis_cache(options_));
  kill_clients_named(options_.client_name);
  // INCR is not retried (it may have run); the error is a value and the next call recovers.
  const auto first = cache->increment(key("c"), 60s);
  if (!first.ok()) {
    EXPECT_EQ(first.error().kind, ErrorKind::unavailable);
  }
  const auto second = cache->increment(key("c"), 60s);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(*second, first.ok() ? 2 : 1);
}

}  // namespace
}  // namespace convonet::cache::detail
