#pragma once
// Streamable HTTP sessions (Mcp-Session-Id): bounded in number, per user and overall, and
// expiring when idle, so clients that never send DELETE cannot grow memory without bound.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/stream.hpp"
#include "mcp/protocol.hpp"

namespace convonet::mcp {

struct SessionOptions {
  std::size_t max_sessions = 10000;
  std::size_t max_sessions_per_user = 100;
  std::chrono::seconds idle_ttl{30 * 60};
  // Injectable for tests; none: std::chrono::steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> now;
};

class SessionStore {
 public:
  struct Entry {
    Entry(std::string session_id, std::int64_t owner) : id(std::move(session_id)), user_id(owner) {}
    const std::string id;
    const std::int64_t user_id;
    std::mutex mutex;  // guards state; held while a request of the session is handled
    SessionState state;
    // Separate, so ending a session never waits for a slow tool call of it.
    std::mutex stream_mutex;
    std::shared_ptr<http::StreamBody> stream;  // the open GET stream, if any
  };

  explicit SessionStore(SessionOptions options = {});
  ~SessionStore();  // closes every open stream

  // A new session for the user with a fresh unguessable id. Drops expired sessions first; when
  // a limit is reached, the least recently used session (of the user, else of anyone) goes.
  std::shared_ptr<Entry> create(std::int64_t user_id);
  // The live session with this id owned by this user, marked as used; none when unknown,
  // expired or another user's (indistinguishable to the caller, on purpose).
  std::shared_ptr<Entry> find(const std::string& id, std::int64_t user_id);
  // Ends the session (its stream closes). False when find() would not have found it.
  bool remove(const std::string& id, std::int64_t user_id);
  // Pushes an already framed chunk to every open stream; returns how many took it.
  std::size_t broadcast(const std::string& chunk);
  std::size_t size() const;

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Slot {
    std::shared_ptr<Entry> entry;
    TimePoint last_used;
  };
  TimePoint now() const;
  bool expired(const Slot& slot, TimePoint at) const;
  void drop_locked(const std::string& id);
  void evict_oldest_locked(std::optional<std::int64_t> user_id);

  SessionOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Slot> sessions_;
  std::unordered_map<std::int64_t, std::size_t> per_user_;
};

}  // namespace convonet::mcp
