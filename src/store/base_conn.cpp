#include "store/base_conn.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

namespace dj::store::detail {

void BaseConn::begin(bool write) {
  do_begin(write);
  tx_ = true;
  write_tx_ = write;
  aborted_by_.clear();
}

void BaseConn::commit() {
  if (!tx_) return;
  if (!aborted_by_.empty()) throw Error(aborted_kind_, "commit of a transaction aborted by: " + aborted_by_);
  do_commit(write_tx_);
  tx_ = write_tx_ = false;
}

void BaseConn::rollback() noexcept {
  if (tx_) do_rollback(write_tx_);
  tx_ = write_tx_ = false;
  aborted_by_.clear();
}

void BaseConn::check_usable() const {
  if (streaming_)
    throw Error(ErrorKind::other,
                "a statement was issued from inside an each() callback; collect what you need first "
                "(PostgreSQL streams the rows over the same connection)");
  // The original kind, so a swallowed serialization failure is still retried.
  if (!aborted_by_.empty())
    throw Error(aborted_kind_,
                "statement issued after an earlier error in this write transaction (PostgreSQL aborts the "
                "transaction at the first error; let the error propagate): " +
                    aborted_by_);
}

const Error& BaseConn::failed(const Error& e) {
  if (write_tx_ && aborted_by_.empty()) {
    aborted_by_ = e.what();
    aborted_kind_ = e.kind();
  }
  return e;
}

namespace {

struct Active {
  const void* owner;
  BaseConn* conn;
  bool write;
};
thread_local std::vector<Active> active;

// Registers the connection as the thread's current one for `owner`.
class ActiveScope {
 public:
  ActiveScope(const void* owner, BaseConn* c, bool write) { active.push_back({owner, c, write}); }
  ~ActiveScope() { active.pop_back(); }
  ActiveScope(const ActiveScope&) = delete;
  ActiveScope& operator=(const ActiveScope&) = delete;
};

// Full jitter: a random delay below an exponentially growing cap, so writers
// that collided do not collide again in lock step.
void backoff(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  const int cap_us = std::min(100'000, 1'000 << std::min(attempt, 7));
  std::uniform_int_distribution<int> dist(cap_us / 4, cap_us);
  std::this_thread::sleep_for(std::chrono::microseconds(dist(rng)));
}

}  // namespace

BaseConn* current_conn(const void* owner, bool write) {
  for (auto it = active.rbegin(); it != active.rend(); ++it) {
    if (it->owner != owner) continue;
    if (write && !it->write)
      throw Error(ErrorKind::other, "write() called inside read() of the same store; use write() for the whole unit");
    return it->conn;
  }
  return nullptr;
}

void run_transaction(const void* owner, BaseConn& c, bool write, int max_retries,
                     std::atomic<std::uint64_t>& retries, const std::function<void(Conn&)>& fn) {
  ActiveScope scope(owner, &c, write);
  for (int attempt = 0;; ++attempt) {
    try {
      c.begin(write);
      fn(c);
      c.commit();
      return;
    } catch (const Error& e) {
      c.rollback();
      if (!write || e.kind() != ErrorKind::retryable || attempt >= max_retries) throw;
    } catch (...) {
      c.rollback();
      throw;
    }
    ++retries;
    backoff(attempt);
  }
}

}  // namespace dj::store::detail
