#include "cache/detail/memory_pubsub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace convonet::cache::detail {
namespace {

// One subscriber's callback and the state that lets its destructor wait for delivery.
class Subscriber {
 public:
  explicit Subscriber(std::function<void(std::string_view)> on_message)
      : on_message_(std::move(on_message)) {}

  void deliver(std::string_view message) {
    {
      std::lock_guard lock(mutex_);
      if (!active_) return;
      delivering_on_ = std::this_thread::get_id();
    }
    try {
      on_message_(message);
    } catch (const std::exception& e) {
      spdlog::error("msg=\"cache subscriber callback threw\" error=\"{}\"", e.what());
    } catch (...) {
      spdlog::error("msg=\"cache subscriber callback threw a non-standard exception\"");
    }
    std::lock_guard lock(mutex_);
    delivering_on_ = {};
    idle_.notify_all();
  }

  // After this returns no callback is running, except the caller's own.
  void deactivate() {
    std::unique_lock lock(mutex_);
    active_ = false;
    const auto self = std::this_thread::get_id();
    idle_.wait(lock, [&] { return delivering_on_ == std::thread::id{} || delivering_on_ == self; });
  }

 private:
  std::function<void(std::string_view)> on_message_;
  std::mutex mutex_;
  std::condition_variable idle_;
  bool active_ = true;
  std::thread::id delivering_on_;
};

struct Message {
  std::string channel;
  std::string body;
};

}  // namespace

struct MemoryPubSub::Hub {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Message> queue;
  std::unordered_map<std::string, std::vector<std::shared_ptr<Subscriber>>> channels;
  bool stopping = false;

  bool is_stopping() {
    std::lock_guard lock(mutex);
    return stopping;
  }

  void remove(const std::string& channel, const Subscriber* subscriber) {
    std::lock_guard lock(mutex);
    auto it = channels.find(channel);
    if (it == channels.end()) return;
    std::erase_if(it->second, [&](const auto& s) { return s.get() == subscriber; });
    if (it->second.empty()) channels.erase(it);
  }

  // Next message and a snapshot of its subscribers; none when stopping.
  std::optional<std::pair<Message, std::vector<std::shared_ptr<Subscriber>>>> next() {
    std::unique_lock lock(mutex);
    wake.wait(lock, [&] { return stopping || !queue.empty(); });
    if (stopping) return std::nullopt;
    Message message = std::move(queue.front());
    queue.pop_front();
    auto it = channels.find(message.channel);
    std::vector<std::shared_ptr<Subscriber>> targets;
    if (it != channels.end()) targets = it->second;
    return std::pair{std::move(message), std::move(targets)};
  }

  static void run(const std::shared_ptr<Hub>& hub) {
    while (auto work = hub->next()) {
      for (const auto& subscriber : work->second) {
        if (hub->is_stopping()) return;
        subscriber->deliver(work->first.body);
      }
    }
  }
};

namespace {

class MemorySubscription final : public Subscription {
 public:
  MemorySubscription(std::weak_ptr<MemoryPubSub::Hub> hub, std::string channel,
                     std::shared_ptr<Subscriber> subscriber)
      : hub_(std::move(hub)), channel_(std::move(channel)), subscriber_(std::move(subscriber)) {}

  ~MemorySubscription() override {
    if (auto hub = hub_.lock()) hub->remove(channel_, subscriber_.get());
    subscriber_->deactivate();
  }

 private:
  std::weak_ptr<MemoryPubSub::Hub> hub_;
  std::string channel_;
  std::shared_ptr<Subscriber> subscriber_;
};

}  // namespace

MemoryPubSub::MemoryPubSub()
    : hub_(std::make_shared<Hub>()), dispatcher_([hub = hub_] { Hub::run(hub); }) {}

MemoryPubSub::~MemoryPubSub() {
  {
    std::lock_guard lock(hub_->mutex);
    hub_->stopping = true;
  }
  hub_->wake.notify_all();
  // Destroyed from one of its own callbacks: the dispatcher keeps the hub alive and exits
  // once that callback returns.
  if (dispatcher_.get_id() == std::this_thread::get_id()) {
    dispatcher_.detach();
  } else {
    dispatcher_.join();
  }
}

std::unique_ptr<Subscription> MemoryPubSub::subscribe(
    std::string_view channel, std::function<void(std::string_view)> on_message) {
  auto subscriber = std::make_shared<Subscriber>(std::move(on_message));
  {
    std::lock_guard lock(hub_->mutex);
    hub_->channels[std::string(channel)].push_back(subscriber);
  }
  return std::make_unique<MemorySubscription>(hub_, std::string(channel), std::move(subscriber));
}

void MemoryPubSub::publish(std::string_view channel, std::string_view message) {
  {
    std::lock_guard lock(hub_->mutex);
    hub_->queue.push_back(Message{std::string(channel), std::string(message)});
  }
  hub_->wake.notify_one();
}

}  // namespace convonet::cache::detail
