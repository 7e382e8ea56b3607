// Modules write parameters PostgreSQL-style ($1, $2, ...). SQLite understands
// numbered parameters as ?1, ?2, ..., so the SQLite driver rewrites them once
// when it prepares a statement.
#pragma once

#include <string>
#include <string_view>

namespace dj::store::detail {

// Replaces every $N placeholder by ?N. Text inside string literals ('...'),
// quoted identifiers ("..." and `...`) and comments (-- and /* */) is copied
// unchanged, as is a '$' that is part of an identifier (a$1).
std::string to_sqlite_placeholders(std::string_view sql);

}  // namespace dj::store::detail
