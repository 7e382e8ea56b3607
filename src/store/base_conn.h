// What the SQLite and PostgreSQL connections share: transaction control used
// by the write-retry loop, and guards that make both databases refuse the same
// mistakes, so code that passes its SQLite tests also works on PostgreSQL.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "store/store.h"

namespace dj::store::detail {

class BaseConn : public Conn {
 public:
  // Transaction boundaries as driven by run_transaction(). A read transaction
  // is only a snapshot (SQLite) or nothing at all (PostgreSQL autocommit).
  void begin(bool write);
  void commit();
  void rollback() noexcept;
  bool in_write_transaction() const { return write_tx_; }

 protected:
  virtual void do_begin(bool write) = 0;
  virtual void do_commit(bool write) = 0;
  virtual void do_rollback(bool write) noexcept = 0;

  // Every statement entry point calls this first. It refuses:
  //  * statements issued from inside an each() callback (PostgreSQL streams
  //    the rows over the connection, so it cannot run another statement);
  //  * statements after an error inside a write transaction (PostgreSQL
  //    aborts the transaction at the first error; let the Error propagate,
  //    or use INSERT ... ON CONFLICT instead of catching a unique violation).
  void check_usable() const;
  // Called by drivers when a statement failed; returns e for `throw`.
  const Error& failed(const Error& e);

  // Marks the connection as streaming for the lifetime of the guard.
  class Streaming {
   public:
    explicit Streaming(BaseConn& c) : c_(c) { c_.streaming_ = true; }
    ~Streaming() { c_.streaming_ = false; }
    Streaming(const Streaming&) = delete;
    Streaming& operator=(const Streaming&) = delete;

   private:
    BaseConn& c_;
  };

 private:
  bool tx_ = false;
  bool write_tx_ = false;
  bool streaming_ = false;
  std::string aborted_by_;  // message of the error that poisoned the write transaction
  ErrorKind aborted_kind_ = ErrorKind::other;
};

// Runs fn on c: a read (one snapshot on SQLite) or a write transaction that is
// committed when fn returns, rolled back when it throws, and retried as a
// whole on ErrorKind::retryable up to max_retries times (jittered exponential
// backoff; every retry is counted in `retries`). The connection is registered
// as the calling thread's current one for `owner`, see current_conn().
void run_transaction(const void* owner, BaseConn& c, bool write, int max_retries,
                     std::atomic<std::uint64_t>& retries, const std::function<void(Conn&)>& fn);

// When the calling thread is already inside read()/write() of store `owner`,
// the connection it holds: nested calls reuse it (a read inside a write sees
// the write's own changes, a write inside a write joins it) instead of taking
// a second connection, which could deadlock a small pool. Throws when a write
// is requested inside a read.
BaseConn* current_conn(const void* owner, bool write);

}  // namespace dj::store::detail
