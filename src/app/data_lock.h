// An advisory lock on <data-dir>/dangjian.lock held by a serving SQLite
// instance, so a second server, or a restore, cannot run against the same
// file by accident. (PostgreSQL deployments run many instances; no lock.)
#pragma once

#include <string>

namespace dj::app {

class DataLock {
 public:
  // Tries to take the lock; held() tells whether it succeeded.
  explicit DataLock(const std::string& data_dir);
  ~DataLock();
  DataLock(const DataLock&) = delete;
  DataLock& operator=(const DataLock&) = delete;
  bool held() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace dj::app
