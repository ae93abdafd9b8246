#include "cache/detail/redis_cache.hpp"

#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "cache/detail/redis_subscription.hpp"

namespace convonet::cache::detail {
namespace {

// INCR and EXPIRE as one step, so a counter can never be left without its window.
constexpr std::string_view kIncrementScript =
    "local value = redis.call('INCR', KEYS[1])\n"
    "if value == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end\n"
    "return value\n";

enum class Retry { safe, unsafe };

class ConnectionPool {
 public:
  explicit ConnectionPool(RedisOptions options) : options_(std::move(options)) {}

  void add_idle(ContextPtr context) {
    std::lock_guard lock(mutex_);
    ++open_;
    idle_.push_back(std::move(context));
  }

  // Runs one command. A broken connection is dropped; a command that is safe to repeat is
  // then retried once on a fresh connection, which hides connections that went stale while
  // idle (e.g. after a Redis restart).
  Result<ReplyPtr> run(const std::vector<std::string_view>& args, Retry retry) {
    std::string failure;
    const int attempts = retry == Retry::safe ? 2 : 1;
    for (int attempt = 0; attempt < attempts; ++attempt) {
      auto context = acquire();
      if (!context) return std::move(context).error();
      ReplyPtr reply = command(**context, args);
      if (reply) {
        release(std::move(*context));
        return reply;
      }
      failure = connection_error(**context);
      discard();
    }
    return Error::unavailable("redis " + std::string(args.front()) + ": " + failure);
  }

 private:
  Result<ContextPtr> acquire() {
    std::unique_lock lock(mutex_);
    const auto deadline =
        std::chrono::steady_clock::now() + options_.connect_timeout + options_.command_timeout;
    const bool ready = available_.wait_until(
        lock, deadline, [&] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!ready) return Error::unavailable("redis: every pooled connection is busy");
    if (!idle_.empty()) {
      ContextPtr context = std::move(idle_.back());
      idle_.pop_back();
      return context;
    }
    ++open_;
    lock.unlock();
    auto context = connect(options_, /*select_db=*/true);
    if (!context) discard();
    return context;
  }

  void release(ContextPtr context) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(context));
    }
    available_.notify_one();
  }

  void discard() {
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    available_.notify_one();
  }

  const RedisOptions options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<ContextPtr> idle_;
  std::size_t open_ = 0;  // idle plus in use
};

class RedisCache final : public Cache {
 public:
  explicit RedisCache(RedisOptions options) : options_(options), pool_(std::move(options)) {}

  ConnectionPool& pool() { return pool_; }

  Result<std::optional<std::string>> get(std::string_view key) override {
    auto reply = call({"GET", key}, Retry::safe);
    if (!reply) return std::move(reply).error();
    if ((*reply)->type == REDIS_REPLY_NIL) return std::optional<std::string>();
    if ((*reply)->type != REDIS_REPLY_STRING) return unexpected("GET");
    return std::optional<std::string>(reply_text(**reply));
  }

  Status set(std::string_view key, std::string_view value,
             std::optional<std::chrono::seconds> ttl) override {
    if (ttl && ttl->count() <= 0) return Error::bad_request("cache ttl must be positive");
    const std::string seconds = ttl ? std::to_string(ttl->count()) : std::string();
    auto reply = ttl ? call({"SET", key, value, "EX", seconds}, Retry::safe)
                     : call({"SET", key, value}, Retry::safe);
    if (!reply) return std::move(reply).error();
    return {};
  }

  Result<bool> erase(std::string_view key) override {
    auto reply = call({"DEL", key}, Retry::unsafe);
    if (!reply) return std::move(reply).error();
    if ((*reply)->type != REDIS_REPLY_INTEGER) return unexpected("DEL");
    return (*reply)->integer > 0;
  }

  Result<std::int64_t> increment(std::string_view key, std::chrono::seconds window) override {
    if (window.count() <= 0) return Error::bad_request("cache counter window must be positive");
    const std::string seconds = std::to_string(window.count());
    auto reply = call({"EVAL", kIncrementScript, "1", key, seconds}, Retry::unsafe);
    if (!reply) return std::move(reply).error();
    if ((*reply)->type != REDIS_REPLY_INTEGER) return unexpected("EVAL");
    return static_cast<std::int64_t>((*reply)->integer);
  }

  Result<std::optional<std::chrono::seconds>> ttl(std::string_view key) override {
    auto reply = call({"TTL", key}, Retry::safe);
    if (!reply) return std::move(reply).error();
    if ((*reply)->type != REDIS_REPLY_INTEGER) return unexpected("TTL");
    // -2: no such key, -1: no expiry.
    if ((*reply)->integer < 0) return std::optional<std::chrono::seconds>();
    return std::optional<std::chrono::seconds>(std::chrono::seconds((*reply)->integer));
  }

  Result<std::unique_ptr<Subscription>> subscribe(
      std::string_view channel, std::function<void(std::string_view message)> on_message) override {
    return subscribe_redis(options_, channel, std::move(on_message));
  }

  Status publish(std::string_view channel, std::string_view message) override {
    auto reply = call({"PUBLISH", channel, message}, Retry::unsafe);
    if (!reply) return std::move(reply).error();
    return {};
  }

  bool ping() override {
    auto reply = call({"PING"}, Retry::safe);
    return reply && is_pong(**reply);
  }

 private:
  static bool is_pong(const redisReply& reply) {
    return reply.type == REDIS_REPLY_STATUS && reply_text(reply) == "PONG";
  }

  static Error unexpected(std::string_view command) {
    return Error::unavailable("redis " + std::string(command) + ": unexpected reply type");
  }

  // Like ConnectionPool::run, with error replies turned into errors too.
  Result<ReplyPtr> call(const std::vector<std::string_view>& args, Retry retry) {
    auto reply = pool_.run(args, retry);
    if (!reply || (*reply)->type != REDIS_REPLY_ERROR) return reply;
    const std::string text(reply_text(**reply));
    // Contract: both backends report a non-counter value the same way.
    if (text.find("not an integer") != std::string::npos ||
        text.find("overflow") != std::string::npos) {
      return Error::conflict("cache value is not an integer counter");
    }
    return Error::unavailable("redis " + std::string(args.front()) + " failed: " + text);
  }

  const RedisOptions options_;
  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Cache>> open_redis_cache(RedisOptions options) {
  if (options.pool_size == 0) options.pool_size = 1;
  auto first = connect(options, /*select_db=*/true);
  if (!first) return std::move(first).error();
  ReplyPtr pong = command(**first, {"PING"});
  if (!pong) return Error::unavailable("redis PING: " + connection_error(**first));
  auto cache = std::make_unique<RedisCache>(std::move(options));
  cache->pool().add_idle(std::move(*first));
  return std::unique_ptr<Cache>(std::move(cache));
}

}  // namespace convonet::cache::detail
