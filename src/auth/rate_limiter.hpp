#pragma once
// Fixed-window rate limiting on the shared cache, so every node counts against the same limit.
#include <chrono>
#include <string>
#include <string_view>

#include "cache/cache.hpp"
#include "core/result.hpp"

namespace convonet::auth {

struct RateLimit {
  int max_attempts;
  std::chrono::seconds window;  // values under one second count as one second
};

// Counters live under "<key_prefix>:<key>", e.g. prefix "rl:login", key an email or address.
//
// When the cache fails, every call returns ok (fail OPEN) and logs a warning: an outage of the
// cache must not lock every user out of login. The limiter slows guessing down; it is not the
// only guard (Argon2id cost, PIN lockout in the database), so briefly losing it is acceptable.
class RateLimiter {
 public:
  RateLimiter(cache::Cache& cache, std::string key_prefix);

  // Counts one attempt for key. Ok while at most max_attempts were counted in the current
  // window, else Error::too_many_requests with retry_after_seconds = the rest of the window
  // (at least 1).
  Status hit(std::string_view key, RateLimit limit);
  // Without counting: fails like hit() once the window already holds max_attempts, i.e. when
  // one more hit() would be refused. For checking before doing costly work.
  Status check(std::string_view key, RateLimit limit) const;
  // Forgets the key's attempts (e.g. after a successful login).
  void reset(std::string_view key);

 private:
  std::string full_key(std::string_view key) const;
  Error limited(const std::string& key, std::chrono::seconds window) const;

  cache::Cache* cache_;
  std::string prefix_;
};

}  // namespace convonet::auth
