#include "store/process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/store.h"

extern char** environ;

namespace dj::store::detail {

namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Our environment with extra_env replacing variables of the same name.
std::vector<std::string> child_environment(const std::vector<std::pair<std::string, std::string>>& extra_env) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [name, value] : extra_env)
      if (entry.starts_with(name + "=")) replaced = true;
    if (!replaced) env.emplace_back(entry);
  }
  for (const auto& [name, value] : extra_env) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::vector<std::pair<std::string, std::string>>& extra_env) {
  ProcessResult result;
  int pipe_fds[2];
  // O_CLOEXEC: children spawned concurrently by other threads must not
  // inherit our pipe, or we would never see EOF.
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw Error(ErrorKind::other, std::string("pipe: ") + std::strerror(errno));
  Fd read_end(pipe_fds[0]), write_end(pipe_fds[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 2);

  std::vector<std::string> args = argv;
  std::vector<std::string> env = child_environment(extra_env);
  auto arg_ptrs = pointers(args);
  auto env_ptrs = pointers(env);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args.at(0).c_str(), &actions, nullptr, arg_ptrs.data(), env_ptrs.data());
  posix_spawn_file_actions_destroy(&actions);
  write_end.reset();  // only the child writes now; EOF when it exits
  if (rc == ENOENT) {
    result.not_found = true;
    return result;
  }
  if (rc != 0) {
    result.stderr_text = "cannot start " + argv[0] + ": " + std::strerror(rc);
    return result;
  }

  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(read_end.get(), buf, sizeof buf);
    if (n > 0) {
      if (result.stderr_text.size() < 65536) result.stderr_text.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace dj::store::detail
