#pragma once
// A Redis subscription: its own connection and thread. The thread sleeps in poll() on the
// socket and an eventfd, so destroying the Subscription wakes and joins it at once. A broken
// connection is re-established (and re-subscribed) with backoff; messages published while it
// is down are lost, as with any Redis pub/sub client.
//
// The destructor waits for a running callback, or for a reconnect attempt in progress (at
// most connect_timeout + command_timeout while Redis is unreachable). A callback may destroy its
// own subscription: the thread is then detached and exits as soon as that callback returns.
#include <functional>
#include <memory>
#include <string_view>

#include "cache/cache.hpp"
#include "cache/detail/redis_connection.hpp"

namespace convonet::cache::detail {

// Returns once Redis has confirmed the subscription, so later publishes are delivered.
Result<std::unique_ptr<Subscription>> subscribe_redis(
    const RedisOptions& options, std::string_view channel,
    std::function<void(std::string_view message)> on_message);

}  // namespace convonet::cache::detail
