#pragma once
// The default cache: everything in this process (one node only).
#include <chrono>

#include "cache/cache.hpp"
#include "cache/detail/memory_pubsub.hpp"
#include "cache/detail/memory_store.hpp"

namespace convonet::cache::detail {

struct MemoryOptions {
  // How often a write also sweeps out every expired key.
  std::chrono::milliseconds sweep_interval{std::chrono::seconds(10)};
};

class MemoryCache final : public Cache {
 public:
  explicit MemoryCache(MemoryOptions options = {});

  Result<std::optional<std::string>> get(std::string_view key) override;
  Status set(std::string_view key, std::string_view value,
             std::optional<std::chrono::seconds> ttl = std::nullopt) override;
  Result<bool> erase(std::string_view key) override;
  Result<std::int64_t> increment(std::string_view key, std::chrono::seconds window) override;
  Result<std::optional<std::chrono::seconds>> ttl(std::string_view key) override;
  Result<std::unique_ptr<Subscription>> subscribe(
      std::string_view channel, std::function<void(std::string_view message)> on_message) override;
  Status publish(std::string_view channel, std::string_view message) override;
  bool ping() override { return true; }

  // Entries held, including expired ones not swept yet (tests, metrics).
  std::size_t stored_entries() const { return store_.size(); }

 private:
  MemoryStore store_;
  MemoryPubSub pubsub_;
};

}  // namespace convonet::cache::detail
