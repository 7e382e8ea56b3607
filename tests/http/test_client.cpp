#include "test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

namespace dj::http::test {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

}  // namespace

std::string Reply::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

Client::Client(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    connect_errno_ = errno;
    ::close(fd_);
    fd_ = -1;
  }
}

Client::~Client() {
  if (fd_ >= 0) ::close(fd_);
}

bool Client::send(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool Client::fill(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  int r = ::poll(&p, 1, timeout_ms);
  if (r <= 0) return false;
  char chunk[16384];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buf_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<Reply> Client::read(int timeout_ms, bool head, bool interim) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!fill(remaining_ms(deadline))) return std::nullopt;
    Reply reply;
    std::string_view head_text(buf_.data(), end);
    std::size_t line_end = head_text.find("\r\n");
    std::string_view status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    reply.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
    std::size_t pos = line_end == std::string_view::npos ? head_text.size() : line_end + 2;
    while (pos < head_text.size()) {
      std::size_t next = head_text.find("\r\n", pos);
      if (next == std::string_view::npos) next = head_text.size();
      std::string_view line = head_text.substr(pos, next - pos);
      std::size_t colon = line.find(':');
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      reply.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
      pos = next + 2;
    }
    buf_.erase(0, end + 4);
    if (reply.status >= 100 && reply.status < 200) {
      if (interim) return reply;
      continue;
    }
    bool bodiless = head || reply.status == 204 || reply.status == 304;
    if (!bodiless) {
      std::string length = reply.header("Content-Length");
      if (!length.empty()) {
        auto want = static_cast<std::size_t>(std::stoull(length));
        while (buf_.size() < want)
          if (!fill(remaining_ms(deadline))) return std::nullopt;
        reply.body = buf_.substr(0, want);
        buf_.erase(0, want);
      } else {
        while (fill(remaining_ms(deadline))) {
        }
        reply.body = std::move(buf_);
        buf_.clear();
      }
    }
    return reply;
  }
}

bool Client::closed_within(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int left = remaining_ms(deadline);
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, left);
    if (r == 0) return false;  // timed out, still open
    if (r < 0) return errno != EINTR ? false : closed_within(left);
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return true;  // EOF or reset
  }
}

std::string make_request(std::string_view method, std::string_view target,
                         std::string_view extra_headers, std::string_view body) {
  std::string out;
  out += method;
  out += ' ';
  out += target;
  out += " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  out += extra_headers;
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "\r\n";
  out += body;
  return out;
}

}  // namespace dj::http::test
