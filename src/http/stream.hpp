#pragma once
// A response body produced over time (Server-Sent Events, long polls). A handler returns a
// Response whose `stream` is set; the server sends the headers at once and then writes each
// pushed chunk as it arrives (chunked transfer coding), on the io thread, so no worker waits.
// Producers push from any thread. The stream ends when the producer closes it, the peer goes
// away (seen on the next write), or the server stops.
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace convonet::http {

class StreamBody {
 public:
  // heartbeat: written when nothing was pushed for heartbeat_interval, so a vanished peer is
  // noticed and proxies keep the connection open (for SSE, a comment line). Empty: none.
  explicit StreamBody(std::string heartbeat = {},
                      std::chrono::milliseconds heartbeat_interval = std::chrono::seconds{15},
                      std::size_t max_pending_bytes = 1 << 20);

  // Queues a chunk; false when the stream is closed or the reader fell too far behind (the
  // stream is then closed: a slow consumer must not grow memory without bound).
  bool push(std::string chunk);
  void close();
  bool closed() const;

  // Reader side (the server).
  struct Batch {
    std::deque<std::string> chunks;
    bool closed = false;
  };
  Batch take();
  // Called from any thread when a chunk or the close arrives; replaced by each call. The
  // callback must not call back into this object.
  void on_ready(std::function<void()> wake);

  const std::string& heartbeat() const { return heartbeat_; }
  std::chrono::milliseconds heartbeat_interval() const { return heartbeat_interval_; }

 private:
  void notify(std::unique_lock<std::mutex>& lock);

  const std::string heartbeat_;
  const std::chrono::milliseconds heartbeat_interval_;
  const std::size_t max_pending_bytes_;
  mutable std::mutex mutex_;
  std::deque<std::string> pending_;
  std::size_t pending_bytes_ = 0;
  bool closed_ = false;
  std::function<void()> wake_;
};

}  // namespace convonet::http
