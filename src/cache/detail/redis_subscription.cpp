#include "cache/detail/redis_subscription.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <string>
#include <thread>
#include <utility>

namespace convonet::cache::detail {
namespace {

using namespace std::chrono_literals;

constexpr auto kMinBackoff = 100ms;
constexpr auto kMaxBackoff = 2s;

// What the subscriber thread needs; shared so a detached thread can finish safely.
struct SubscriberState {
  RedisOptions options;
  std::string channel;
  std::function<void(std::string_view)> on_message;
  std::atomic<bool> stopping{false};
  int wake_fd = -1;

  ~SubscriberState() {
    if (wake_fd >= 0) ::close(wake_fd);
  }
};

bool is_reply_string(const redisReply& reply, std::string_view text) {
  return (reply.type == REDIS_REPLY_STRING || reply.type == REDIS_REPLY_STATUS) &&
         reply_text(reply) == text;
}

Result<ContextPtr> connect_subscriber(const RedisOptions& options, std::string_view channel) {
  auto context = connect(options, /*select_db=*/false);
  if (!context) return context;
  ReplyPtr reply = command(**context, {"SUBSCRIBE", channel});
  if (!reply) return Error::unavailable("redis SUBSCRIBE: " + connection_error(**context));
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 3 ||
      !is_reply_string(*reply->element[0], "subscribe")) {
    const auto detail = reply->type == REDIS_REPLY_ERROR ? std::string(reply_text(*reply))
                                                         : std::string("unexpected reply");
    return Error::unavailable("redis SUBSCRIBE failed: " + detail);
  }
  return context;
}

void deliver(SubscriberState& state, const redisReply& reply) {
  if (reply.type != REDIS_REPLY_ARRAY || reply.elements != 3 ||
      !is_reply_string(*reply.element[0], "message")) {
    return;  // subscribe confirmations and the like
  }
  try {
    state.on_message(reply_text(*reply.element[2]));
  } catch (const std::exception& e) {
    spdlog::error("msg=\"cache subscriber callback threw\" error=\"{}\"", e.what());
  } catch (...) {
    spdlog::error("msg=\"cache subscriber callback threw a non-standard exception\"");
  }
}

// Delivers every reply already parsed. False when the stream is corrupt.
bool drain(SubscriberState& state, redisContext& context) {
  while (!state.stopping) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(&context, &raw) != REDIS_OK) return false;
    if (!raw) return true;
    ReplyPtr reply(static_cast<redisReply*>(raw));
    deliver(state, *reply);
  }
  return true;
}

// Waits for data or a stop request and reads what arrived. False when the connection broke.
bool receive(SubscriberState& state, redisContext& context) {
  pollfd fds[2] = {{context.fd, POLLIN, 0}, {state.wake_fd, POLLIN, 0}};
  if (::poll(fds, 2, -1) < 0) return errno == EINTR;
  if (state.stopping || fds[0].revents == 0) return true;
  return redisBufferRead(&context) == REDIS_OK;
}

// Sleeps for `duration` unless woken by a stop request.
void sleep_unless_stopped(const SubscriberState& state, std::chrono::milliseconds duration) {
  pollfd fd{state.wake_fd, POLLIN, 0};
  ::poll(&fd, 1, static_cast<int>(duration.count()));
}

void run(const std::shared_ptr<SubscriberState>& state, ContextPtr context) {
  std::chrono::milliseconds backoff = kMinBackoff;
  while (!state->stopping) {
    if (!context) {
      auto reconnected = connect_subscriber(state->options, state->channel);
      if (!reconnected) {
        spdlog::warn("msg=\"cache subscriber cannot reconnect\" error=\"{}\"",
                     reconnected.error().message);
        sleep_unless_stopped(*state, backoff);
        backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxBackoff);
        continue;
      }
      context = std::move(*reconnected);
      backoff = kMinBackoff;
    }
    if (!drain(*state, *context) || (!state->stopping && !receive(*state, *context))) {
      spdlog::warn("msg=\"cache subscriber connection lost\" error=\"{}\"",
                   connection_error(*context));
      context.reset();
    }
  }
}

class RedisSubscription final : public Subscription {
 public:
  RedisSubscription(std::shared_ptr<SubscriberState> state, ContextPtr context)
      : state_(std::move(state)), thread_([state = state_, context = std::move(context)]() mutable {
          run(state, std::move(context));
        }) {}

  ~RedisSubscription() override {
    state_->stopping = true;
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();  // called from our own callback; run() returns right after it
      return;
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] auto written = ::write(state_->wake_fd, &one, sizeof one);
    thread_.join();
  }

 private:
  std::shared_ptr<SubscriberState> state_;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<Subscription>> subscribe_redis(
    const RedisOptions& options, std::string_view channel,
    std::function<void(std::string_view message)> on_message) {
  auto state = std::make_shared<SubscriberState>();
  state->options = options;
  state->channel = std::string(channel);
  state->on_message = std::move(on_message);
  state->wake_fd = ::eventfd(0, EFD_CLOEXEC);
  if (state->wake_fd < 0) {
    return Error::unavailable(std::string("cache subscriber: eventfd failed: ") +
                              std::strerror(errno));
  }
  auto context = connect_subscriber(options, channel);
  if (!context) return std::move(context).error();
  return std::unique_ptr<Subscription>(
      std::make_unique<RedisSubscription>(std::move(state), std::move(*context)));
}

}  // namespace convonet::cache::detail
