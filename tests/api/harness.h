// Test harness for API tests: runs the real test server binary as a child
// process and talks to it over real sockets with a tiny blocking HTTP client.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <vector>

namespace dj::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  boost::json::value json() const;             // parses body (throws on bad JSON)
  std::string header(const std::string& lower_name) const;
};

// One request on a fresh connection (Connection: close). Throws
// std::runtime_error when the server cannot be reached.
HttpResponse http_request(int port, const std::string& method, const std::string& target,
                          const std::string& body = "",
                          const std::vector<std::pair<std::string, std::string>>& headers = {});

// Result of running the test binary as a CLI command.
struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout + stderr
};
CommandResult run_command(const std::vector<std::string>& args);
// The last non-empty line of a command's output (where the bench commands put their JSON line).
std::string last_line(const std::string& output);

// `dangjian-testd serve` as a child process on a free loopback port.
class ServerProcess {
 public:
  // extra: more flags after the defaults (--listen 127.0.0.1:0 --db URL --data-dir DIR).
  ServerProcess(std::string db_url, std::string data_dir, std::vector<std::string> extra = {});
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts and waits (up to 20 s) until the log says it listens; returns false on failure.
  bool start();
  int port() const { return port_; }
  void kill9();
  // SIGTERM, then waits for exit; returns the exit status (or -1 on timeout).
  int terminate(int timeout_ms = 15000);
  std::string log() const;
  bool running() const;

 private:
  std::string db_url_, data_dir_, log_path_;
  std::vector<std::string> extra_;
  mutable int pid_ = -1;  // reset to -1 once the child is reaped
  int port_ = 0;
};

// The path of the dangjian-testd binary under test.
const char* testd_path();

}  // namespace dj::test
