// A deliberately dumb blocking HTTP/1.1 client on POSIX sockets, so the
// server tests exercise the real wire format without pulling Beast or Asio
// into the test binary.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dj::http::test {

struct Reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Case-insensitive; empty when absent.
  std::string header(std::string_view name) const;
};

class Client {
 public:
  explicit Client(int port);  // connects to 127.0.0.1:port
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return fd_ >= 0; }
  int connect_errno() const { return connect_errno_; }
  bool send(std::string_view data);
  // Reads one final response (1xx interim responses are skipped unless
  // `interim` is set). nullopt when the connection closes or the timeout
  // passes first. `head`: the response has no body whatever it announces.
  std::optional<Reply> read(int timeout_ms = 5000, bool head = false, bool interim = false);
  // True when the server closes the connection within timeout_ms
  // (any unread response bytes are discarded).
  bool closed_within(int timeout_ms);

 private:
  bool fill(int timeout_ms);  // reads more into buf_; false on EOF, error or timeout
  int fd_ = -1;
  int connect_errno_ = 0;
  std::string buf_;
};

// "GET /x HTTP/1.1" with Host and the given extra header lines / body.
std::string make_request(std::string_view method, std::string_view target,
                         std::string_view extra_headers = {}, std::string_view body = {});

}  // namespace dj::http::test
