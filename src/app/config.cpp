#include "app/config.h"

#include <algorithm>
#include <thread>

namespace dj::app {

std::string Config::db_url() const {
  if (!db.empty()) return db;
  return "sqlite:" + data_dir + "/dangjian.db";
}

int Config::effective_workers() const {
  if (workers > 0) return workers;
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(4, 2 * cores);
}

int Config::effective_password_threads() const {
  if (password_threads > 0) return password_threads;
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores - 1);
}

int Config::effective_pool_size() const { return effective_workers() + effective_password_threads(); }

std::string Config::effective_key_file() const {
  return key_file.empty() ? data_dir + "/keys/dangjian.key" : key_file;
}

bool Config::is_sqlite() const {
  const std::string url = db_url();
  return !(url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0);
}

}  // namespace dj::app
