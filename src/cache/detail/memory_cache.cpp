#include "cache/detail/memory_cache.hpp"

namespace convonet::cache::detail {

MemoryCache::MemoryCache(MemoryOptions options) : store_(options.sweep_interval) {}

Result<std::optional<std::string>> MemoryCache::get(std::string_view key) {
  return store_.get(key);
}

Status MemoryCache::set(std::string_view key, std::string_view value,
                        std::optional<std::chrono::seconds> ttl) {
  if (ttl && ttl->count() <= 0) return Error::bad_request("cache ttl must be positive");
  store_.set(key, value, ttl);
  return {};
}

Result<bool> MemoryCache::erase(std::string_view key) {
  return store_.erase(key);
}

Result<std::int64_t> MemoryCache::increment(std::string_view key, std::chrono::seconds window) {
  if (window.count() <= 0) return Error::bad_request("cache counter window must be positive");
  return store_.increment(key, window);
}

Result<std::optional<std::chrono::seconds>> MemoryCache::ttl(std::string_view key) {
  return store_.ttl(key);
}

Result<std::unique_ptr<Subscription>> MemoryCache::subscribe(
    std::string_view channel, std::function<void(std::string_view message)> on_message) {
  return pubsub_.subscribe(channel, std::move(on_message));
}

Status MemoryCache::publish(std::string_view channel, std::string_view message) {
  pubsub_.publish(channel, message);
  return {};
}

}  // namespace convonet::cache::detail
