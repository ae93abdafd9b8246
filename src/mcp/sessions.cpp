#include "mcp/sessions.hpp"

#include <vector>

#include "auth/crypto.hpp"

namespace convonet::mcp {

namespace {

void close_stream(SessionStore::Entry& entry) {
  std::lock_guard lock(entry.stream_mutex);
  if (entry.stream) entry.stream->close();
  entry.stream.reset();
}

}  // namespace

SessionStore::SessionStore(SessionOptions options) : options_(std::move(options)) {
  if (options_.max_sessions == 0) options_.max_sessions = 1;
  if (options_.max_sessions_per_user == 0) options_.max_sessions_per_user = 1;
}

SessionStore::~SessionStore() {
  for (auto& [id, slot] : sessions_) close_stream(*slot.entry);
}

SessionStore::TimePoint SessionStore::now() const {
  return options_.now ? options_.now() : std::chrono::steady_clock::now();
}

bool SessionStore::expired(const Slot& slot, TimePoint at) const {
  return at - slot.last_used > options_.idle_ttl;
}

void SessionStore::drop_locked(const std::string& id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  auto entry = std::move(it->second.entry);
  sessions_.erase(it);
  if (auto count = per_user_.find(entry->user_id); count != per_user_.end()) {
    if (--count->second == 0) per_user_.erase(count);
  }
  // A stream mutex is only ever taken after the store's, never the other way round.
  close_stream(*entry);
}

void SessionStore::evict_oldest_locked(std::optional<std::int64_t> user_id) {
  const std::string* oldest = nullptr;
  TimePoint oldest_use = TimePoint::max();
  for (const auto& [id, slot] : sessions_) {
    if (user_id && slot.entry->user_id != *user_id) continue;
    if (slot.last_used < oldest_use) {
      oldest_use = slot.last_used;
      oldest = &id;
    }
  }
  if (oldest != nullptr) drop_locked(std::string(*oldest));
}

std::shared_ptr<SessionStore::Entry> SessionStore::create(std::int64_t user_id) {
  // 24 random bytes: 32 characters of base64url, all visible ASCII as the spec requires.
  auto entry = std::make_shared<Entry>(auth::random_token(24), user_id);
  const auto at = now();
  std::lock_guard lock(mutex_);
  std::vector<std::string> stale;
  for (const auto& [id, slot] : sessions_) {
    if (expired(slot, at)) stale.push_back(id);
  }
  for (const auto& id : stale) drop_locked(id);
  if (per_user_[user_id] >= options_.max_sessions_per_user) evict_oldest_locked(user_id);
  if (sessions_.size() >= options_.max_sessions) evict_oldest_locked(std::nullopt);
  sessions_.emplace(entry->id, Slot{entry, at});
  ++per_user_[user_id];
  return entry;
}

std::shared_ptr<SessionStore::Entry> SessionStore::find(const std::string& id,
                                                        std::int64_t user_id) {
  const auto at = now();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  if (expired(it->second, at)) {
    drop_locked(id);
    return nullptr;
  }
  if (it->second.entry->user_id != user_id) return nullptr;
  it->second.last_used = at;
  return it->second.entry;
}

bool SessionStore::remove(const std::string& id, std::int64_t user_id) {
  if (!find(id, user_id)) return false;
  std::lock_guard lock(mutex_);
  drop_locked(id);
  return true;
}

std::size_t SessionStore::broadcast(const std::string& chunk) {
  std::vector<std::shared_ptr<Entry>> entries;
  {
    std::lock_guard lock(mutex_);
    entries.reserve(sessions_.size());
    for (const auto& [id, slot] : sessions_) entries.push_back(slot.entry);
  }
  std::size_t delivered = 0;
  for (const auto& entry : entries) {
    std::lock_guard lock(entry->stream_mutex);
    if (entry->stream && entry->stream->push(chunk)) ++delivered;
  }
  return delivered;
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace convonet::mcp
