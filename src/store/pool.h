// A bounded pool of connections, opened lazily up to its capacity. Callers
// block on a condition variable while all are in use; the time they wait is
// what PoolStats reports. SQLite uses one pool of readers and a pool of one
// for its writer; PostgreSQL one pool.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "store/store.h"

namespace dj::store::detail {

template <class C>
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<C>()>;

  // A checked-out connection; goes back to the pool when destroyed.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<C> c) : pool_(&pool), c_(std::move(c)) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), c_(std::move(o.c_)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (c_) pool_->give_back(std::move(c_));
    }
    C& operator*() const { return *c_; }
    C* operator->() const { return c_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<C> c_;
  };

  Pool(int capacity, Factory factory) : capacity_(capacity < 1 ? 1 : capacity), factory_(std::move(factory)) {}
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  Lease acquire() {
    std::unique_lock lock(mu_);
    if (idle_.empty() && open_ >= capacity_) {
      const auto start = std::chrono::steady_clock::now();
      ++waiting_;
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < capacity_; });
      --waiting_;
      wait_ns_ += static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());
    }
    ++acquired_;
    ++in_use_;
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
    // Connect outside the lock: it can take a while (network, file creation).
    ++open_;
    lock.unlock();
    try {
      return Lease(*this, factory_());
    } catch (...) {
      forget();
      throw;
    }
  }

  // Adds this pool's figures to s.
  void add_stats(PoolStats& s) const {
    std::lock_guard lock(mu_);
    s.size += open_;
    s.in_use += in_use_;
    s.waiting += waiting_;
    s.acquired_total += acquired_;
    s.wait_ns_total += wait_ns_;
  }

 private:
  void give_back(std::unique_ptr<C> c) {
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(c));
      --in_use_;
    }
    cv_.notify_one();
  }
  // A connection counted as open failed to open after all.
  void forget() {
    {
      std::lock_guard lock(mu_);
      --open_;
      --in_use_;
    }
    cv_.notify_one();
  }

  const int capacity_;
  const Factory factory_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<C>> idle_;
  int open_ = 0;
  int in_use_ = 0;
  int waiting_ = 0;
  std::uint64_t acquired_ = 0;
  std::uint64_t wait_ns_ = 0;
};

}  // namespace dj::store::detail
