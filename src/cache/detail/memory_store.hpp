#pragma once
// Keys with optional expiry, in process memory. Expired keys vanish lazily when touched and
// in an occasional sweep, so memory does not grow with keys nobody reads again.
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"

namespace convonet::cache::detail {

class MemoryStore {
 public:
  using Clock = std::chrono::steady_clock;

  explicit MemoryStore(Clock::duration sweep_interval);

  std::optional<std::string> get(std::string_view key);
  void set(std::string_view key, std::string_view value, std::optional<std::chrono::seconds> ttl);
  bool erase(std::string_view key);
  Result<std::int64_t> increment(std::string_view key, std::chrono::seconds window);
  std::optional<std::chrono::seconds> ttl(std::string_view key);

  // Entries held, including expired ones not swept yet.
  std::size_t size() const;

 private:
  struct Entry {
    std::string value;
    std::optional<Clock::time_point> expires_at;
    bool expired(Clock::time_point now) const { return expires_at && *expires_at <= now; }
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const {
      return std::hash<std::string_view>{}(key);
    }
  };
  using Map = std::unordered_map<std::string, Entry, Hash, std::equal_to<>>;
  struct Shard {
    mutable std::mutex mutex;
    Map entries;
  };
  static constexpr std::size_t kShards = 16;

  Shard& shard_for(std::string_view key);
  // Finds a live entry, dropping it when it has expired. Caller holds the shard lock.
  static Entry* find_live(Shard& shard, std::string_view key, Clock::time_point now);
  void maybe_sweep(Clock::time_point now);

  std::array<Shard, kShards> shards_;
  const Clock::duration sweep_interval_;
  std::atomic<Clock::rep> next_sweep_;  // steady_clock ticks
};

}  // namespace convonet::cache::detail
