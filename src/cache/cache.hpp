#pragma once
// Shared short-lived state: rate-limit counters, cached lookups and event fan-out.
// In-process memory by default; Redis (hiredis) when several nodes must share it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace convonet::cache {

// Keeps a subscription alive; destroying it unsubscribes (no callback runs after that).
class Subscription {
 public:
  virtual ~Subscription() = default;
};

class Cache {
 public:
  virtual ~Cache() = default;

  virtual Result<std::optional<std::string>> get(std::string_view key) = 0;
  // ttl none: no expiry.
  virtual Status set(std::string_view key, std::string_view value,
                     std::optional<std::chrono::seconds> ttl = std::nullopt) = 0;
  // Returns whether the key existed.
  virtual Result<bool> erase(std::string_view key) = 0;
  // Atomically adds 1 to an integer counter and returns the new value. A counter that did not
  // exist starts at 0 and expires `window` after its creation (fixed-window rate limiting).
  virtual Result<std::int64_t> increment(std::string_view key, std::chrono::seconds window) = 0;
  // Remaining time to live; none if the key is missing or has no expiry.
  virtual Result<std::optional<std::chrono::seconds>> ttl(std::string_view key) = 0;

  // Delivers every message published on channel (by any node) to on_message, on a
  // background thread, until the returned Subscription is destroyed.
  virtual Result<std::unique_ptr<Subscription>> subscribe(
      std::string_view channel, std::function<void(std::string_view message)> on_message) = 0;
  virtual Status publish(std::string_view channel, std::string_view message) = 0;

  // True when the backend answers (readiness probe).
  virtual bool ping() = 0;
};

// "memory://" or "redis://host:port[/db]".
Result<std::unique_ptr<Cache>> open_cache(const std::string& url);

}  // namespace convonet::cache
