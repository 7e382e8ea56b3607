#include "app/data_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace dj::app {

DataLock::DataLock(const std::string& data_dir) : path_(data_dir + "/dangjian.lock") {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return;
  }
  // The pid is for people reading the file; the lock itself is the flock.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0 && ::write(fd, pid.data(), pid.size()) < 0) {
    // Not fatal: the flock is what matters.
  }
  fd_ = fd;
}

DataLock::~DataLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace dj::app
