#include "auth/rate_limiter.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <utility>

namespace convonet::auth {

namespace {

std::chrono::seconds effective_window(RateLimit limit) {
  return std::max(limit.window, std::chrono::seconds{1});
}

// Keys may hold e-mail addresses or client addresses, so only the prefix is logged.
Status fail_open(const std::string& prefix, const Error& error) {
  spdlog::warn("rate limiter cache failure, allowing request prefix={} error=\"{}\"", prefix,
               error.message);
  return {};
}

}  // namespace

RateLimiter::RateLimiter(cache::Cache& cache, std::string key_prefix)
    : cache_(&cache), prefix_(std::move(key_prefix)) {}

std::string RateLimiter::full_key(std::string_view key) const {
  std::string full = prefix_;
  full += ':';
  full.append(key);
  return full;
}

Error RateLimiter::limited(const std::string& key, std::chrono::seconds window) const {
  auto remaining = window;
  if (auto ttl = cache_->ttl(key); ttl.ok() && ttl->has_value()) remaining = **ttl;
  const auto seconds =
      std::clamp<std::int64_t>(remaining.count(), 1, std::numeric_limits<int>::max());
  return Error::too_many_requests("too many attempts, try again later", static_cast<int>(seconds));
}

Status RateLimiter::hit(std::string_view key, RateLimit limit) {
  const auto window = effective_window(limit);
  const auto full = full_key(key);
  const auto count = cache_->increment(full, window);
  if (!count) return fail_open(prefix_, count.error());
  if (*count <= limit.max_attempts) return {};
  return limited(full, window);
}

Status RateLimiter::check(std::string_view key, RateLimit limit) const {
  const auto window = effective_window(limit);
  const auto full = full_key(key);
  const auto value = cache_->get(full);
  if (!value) return fail_open(prefix_, value.error());
  if (!value->has_value()) return limit.max_attempts > 0 ? Status{} : limited(full, window);
  const std::string& text = **value;
  std::int64_t count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return fail_open(prefix_, Error::internal("counter is not an integer"));
  }
  if (count < limit.max_attempts) return {};
  return limited(full, window);
}

void RateLimiter::reset(std::string_view key) {
  if (auto erased = cache_->erase(full_key(key)); !erased) {
    spdlog::warn("rate limiter cache failure on reset prefix={} error=\"{}\"", prefix_,
                 erased.error().message);
  }
}

}  // namespace convonet::auth
