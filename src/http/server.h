// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines. I/O threads
// parse and write; handlers run on a separate worker pool so a slow database
// call (PostgreSQL over the network, a SQLite write waiting for the lock)
// never blocks an I/O thread. Routes that hash passwords (sign-in, password
// changes: Route::hashes_password) run on a second, small pool instead, the
// password lane, with a bounded queue, so a sign-in storm waiting for
// Argon2id slots cannot hold the workers every other request needs
// (docs/decisions.md 47). Enforces header/body limits and read/idle
// timeouts; SIGTERM/SIGINT stop accepting, let in-flight requests finish
// within the grace period, then return from run().
#pragma once

#include <memory>
#include <string>

#include "http/dispatch.h"

namespace dj::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int io_threads = 2;
  int worker_threads = 4;
  // The password lane: its threads (serve uses max(1, cores - 1) and sets
  // the Argon2id gate, crypto::max_concurrent_password_hashes(), to the
  // same number, so every lane thread can hash at once and one core stays
  // for everything else), and how many of its requests may wait or run at
  // once before new ones get 503 + Retry-After.
  int password_threads = 1;
  int password_queue = 1000;
};

class Server {
 public:
  Server(ServerOptions options, Dispatcher& dispatcher, Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; throws std::runtime_error with a Chinese +
  // English message when the address is in use or invalid.
  void bind();
  // The bound port (after bind()).
  int port() const;
  // Serves until stop() or SIGTERM/SIGINT, then drains and returns.
  void run();
  // Requests a graceful stop (thread-safe).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dj::http
