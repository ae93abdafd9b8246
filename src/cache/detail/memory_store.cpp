#include "cache/detail/memory_store.hpp"

#include <charconv>
#include <limits>

namespace convonet::cache::detail {
namespace {

std::optional<std::int64_t> parse_counter(const std::string& text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

MemoryStore::MemoryStore(Clock::duration sweep_interval)
    : sweep_interval_(sweep_interval),
      next_sweep_((Clock::now() + sweep_interval).time_since_epoch().count()) {}

MemoryStore::Shard& MemoryStore::shard_for(std::string_view key) {
  return shards_[Hash{}(key) % kShards];
}

MemoryStore::Entry* MemoryStore::find_live(Shard& shard, std::string_view key,
                                           Clock::time_point now) {
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) return nullptr;
  if (it->second.expired(now)) {
    shard.entries.erase(it);
    return nullptr;
  }
  return &it->second;
}

std::optional<std::string> MemoryStore::get(std::string_view key) {
  const auto now = Clock::now();
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  const Entry* entry = find_live(shard, key, now);
  if (!entry) return std::nullopt;
  return entry->value;
}

void MemoryStore::set(std::string_view key, std::string_view value,
                      std::optional<std::chrono::seconds> ttl) {
  const auto now = Clock::now();
  maybe_sweep(now);
  Entry entry{std::string(value), std::nullopt};
  if (ttl) entry.expires_at = now + *ttl;
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  shard.entries.insert_or_assign(std::string(key), std::move(entry));
}

bool MemoryStore::erase(std::string_view key) {
  const auto now = Clock::now();
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  if (!find_live(shard, key, now)) return false;
  shard.entries.erase(shard.entries.find(key));
  return true;
}

Result<std::int64_t> MemoryStore::increment(std::string_view key, std::chrono::seconds window) {
  const auto now = Clock::now();
  maybe_sweep(now);
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  Entry* entry = find_live(shard, key, now);
  if (!entry) {
    shard.entries.emplace(std::string(key), Entry{"1", now + window});
    return std::int64_t{1};
  }
  // Like Redis INCR: an existing value keeps its expiry (or lack of one).
  const auto current = parse_counter(entry->value);
  if (!current) return Error::conflict("cache value is not an integer counter");
  if (*current == std::numeric_limits<std::int64_t>::max()) {
    return Error::conflict("cache counter would overflow");
  }
  entry->value = std::to_string(*current + 1);
  return *current + 1;
}

std::optional<std::chrono::seconds> MemoryStore::ttl(std::string_view key) {
  const auto now = Clock::now();
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);
  const Entry* entry = find_live(shard, key, now);
  if (!entry || !entry->expires_at) return std::nullopt;
  return std::chrono::ceil<std::chrono::seconds>(*entry->expires_at - now);
}

std::size_t MemoryStore::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

void MemoryStore::maybe_sweep(Clock::time_point now) {
  auto due = next_sweep_.load(std::memory_order_relaxed);
  if (now.time_since_epoch().count() < due) return;
  // Whoever wins the exchange sweeps; everyone else carries on.
  const auto next = (now + sweep_interval_).time_since_epoch().count();
  if (!next_sweep_.compare_exchange_strong(due, next, std::memory_order_relaxed)) return;
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    std::erase_if(shard.entries, [now](const auto& item) { return item.second.expired(now); });
  }
}

}  // namespace convonet::cache::detail
