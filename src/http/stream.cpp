#include "http/stream.hpp"

#include <utility>

namespace convonet::http {

StreamBody::StreamBody(std::string heartbeat, std::chrono::milliseconds heartbeat_interval,
                       std::size_t max_pending_bytes)
    : heartbeat_(std::move(heartbeat)),
      heartbeat_interval_(heartbeat_interval),
      max_pending_bytes_(max_pending_bytes) {}

bool StreamBody::push(std::string chunk) {
  std::unique_lock lock(mutex_);
  if (closed_) return false;
  if (pending_bytes_ + chunk.size() > max_pending_bytes_) {
    closed_ = true;
    notify(lock);
    return false;
  }
  pending_bytes_ += chunk.size();
  pending_.push_back(std::move(chunk));
  notify(lock);
  return true;
}

void StreamBody::close() {
  std::unique_lock lock(mutex_);
  if (closed_) return;
  closed_ = true;
  notify(lock);
}

bool StreamBody::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

StreamBody::Batch StreamBody::take() {
  std::lock_guard lock(mutex_);
  Batch batch;
  batch.chunks.swap(pending_);
  pending_bytes_ = 0;
  batch.closed = closed_;
  return batch;
}

void StreamBody::on_ready(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
}

void StreamBody::notify(std::unique_lock<std::mutex>& lock) {
  // Called outside the lock so that the callback may take locks of its own.
  auto wake = wake_;
  lock.unlock();
  if (wake) wake();
}

}  // namespace convonet::http
