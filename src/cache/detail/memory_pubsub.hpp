#pragma once
// In-process publish/subscribe. One dispatcher thread delivers messages in publish order.
//
// Destroying a Subscription waits for its callback if that callback is running on the
// dispatcher, so no callback starts or runs after the destructor returns. A callback may
// destroy its own (or any other) subscription, and even the owning cache, without deadlock:
// on the dispatcher thread there is nothing to wait for. A callback must not block on another
// thread that is itself destroying the subscription being delivered to.
#include <functional>
#include <memory>
#include <string_view>
#include <thread>

#include "cache/cache.hpp"

namespace convonet::cache::detail {

class MemoryPubSub {
 public:
  MemoryPubSub();
  ~MemoryPubSub();  // Messages still queued are dropped.
  MemoryPubSub(const MemoryPubSub&) = delete;
  MemoryPubSub& operator=(const MemoryPubSub&) = delete;

  std::unique_ptr<Subscription> subscribe(std::string_view channel,
                                          std::function<void(std::string_view)> on_message);
  void publish(std::string_view channel, std::string_view message);

  struct Hub;

 private:
  // Shared with the dispatcher and with subscriptions, which may outlive this object.
  std::shared_ptr<Hub> hub_;
  std::thread dispatcher_;
};

}  // namespace convonet::cache::detail
