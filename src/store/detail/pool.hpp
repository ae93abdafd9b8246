#pragma once
// A bounded pool of connections. Callers block while every connection is leased. A slot may
// hold no connection (never opened, or dropped after it broke); the lessee then opens one.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace convonet::store::detail {

template <class Conn>
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<Conn>()>;

  Pool(std::size_t size, Factory factory) : factory_(std::move(factory)) {
    free_.resize(size);  // empty slots: opened on first lease
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Opens every slot now, so a bad configuration fails at startup. Throws what the factory
  // throws.
  void fill() {
    std::lock_guard lock(mutex_);
    for (auto& slot : free_) {
      if (!slot) slot = factory_();
    }
  }

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Conn> conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->give_back(std::move(conn_)); }

    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_.get(); }
    // The connection is unusable; its slot is reopened by the next lessee.
    void discard() { conn_.reset(); }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  // Waits for a free slot; opens a connection into it when it is empty. Throws what the
  // factory throws (the slot stays empty for a later attempt).
  Lease acquire() {
    std::unique_ptr<Conn> conn;
    {
      std::unique_lock lock(mutex_);
      available_.wait(lock, [&] { return !free_.empty(); });
      conn = std::move(free_.back());
      free_.pop_back();
    }
    if (!conn) {
      try {
        conn = factory_();
      } catch (...) {
        give_back(nullptr);
        throw;
      }
    }
    return Lease(*this, std::move(conn));
  }

 private:
  friend class Lease;

  void give_back(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(std::move(conn));
    }
    available_.notify_one();
  }

  Factory factory_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Conn>> free_;
};

}  // namespace convonet::store::detail
