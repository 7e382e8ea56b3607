// SQLite backend entry points (the implementation stays in sqlite_store.cpp so
// nobody else sees sqlite3.h).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace dj::store::detail {

std::unique_ptr<Store> open_sqlite(const std::string& path, const Options& options);
void restore_sqlite(const std::string& path, const std::string& backup_path);

}  // namespace dj::store::detail
