// PostgreSQL backend entry points (the implementation stays in pg_store.cpp so
// nobody else sees libpq-fe.h).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace dj::store::detail {

std::unique_ptr<Store> open_pg(const std::string& url, const Options& options);
void restore_pg(const std::string& url, const std::string& backup_path);

}  // namespace dj::store::detail
