// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines. I/O threads
// parse and write; handlers run on a separate worker pool so a slow database
// call (PostgreSQL over the network, a SQLite write waiting for the lock)
// never blocks an I/O thread. Enforces header/body limits and read/idle
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
