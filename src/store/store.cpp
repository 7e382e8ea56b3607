// The backend-neutral parts of store.h: Result accessors, Conn conveniences,
// and open()/restore(), which pick the backend from the URL.
#include "store/store.h"

#include <string>

#include "store/convert.h"
#include "store/pg_store.h"
#include "store/sqlite_store.h"

namespace dj::store {

namespace {

const Value& cell(const Result& r, std::size_t row, int col) {
  if (row >= r.rows.size()) throw std::out_of_range("Result: row " + std::to_string(row) + " out of range");
  const auto& cells = r.rows[row];
  if (col < 0 || static_cast<std::size_t>(col) >= cells.size())
    throw std::out_of_range("Result: column " + std::to_string(col) + " out of range");
  return cells[static_cast<std::size_t>(col)];
}

std::string col_name(const Result& r, int col) {
  return col >= 0 && static_cast<std::size_t>(col) < r.columns.size() ? r.columns[static_cast<std::size_t>(col)]
                                                                      : std::to_string(col);
}

bool is_pg_url(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// "sqlite:PATH", "sqlite://PATH" or a bare path.
std::string sqlite_path(const std::string& url) {
  std::string path = url;
  if (path.starts_with("sqlite:")) path.erase(0, 7);
  if (path.starts_with("//")) path.erase(0, 2);
  if (path.empty()) throw Error(ErrorKind::other, "empty SQLite path in database URL");
  if (path == ":memory:")
    throw Error(ErrorKind::other, "in-memory SQLite cannot be shared by the connection pool; use a file path");
  return path;
}

}  // namespace

int Result::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

std::int64_t Result::int64(std::size_t row, int col) const {
  const Value& v = cell(*this, row, col);
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) {
    if (auto parsed = detail::parse_int64(*s)) return *parsed;
    throw Error(ErrorKind::other, "column " + col_name(*this, col) + " holds text that is not an integer");
  }
  if (std::holds_alternative<Blob>(v))
    throw Error(ErrorKind::other, "column " + col_name(*this, col) + " holds a blob, not an integer");
  return 0;  // NULL
}

double Result::real(std::size_t row, int col) const {
  const Value& v = cell(*this, row, col);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) {
    if (auto parsed = detail::parse_double(*s)) return *parsed;
    throw Error(ErrorKind::other, "column " + col_name(*this, col) + " holds text that is not a number");
  }
  if (std::holds_alternative<Blob>(v))
    throw Error(ErrorKind::other, "column " + col_name(*this, col) + " holds a blob, not a number");
  return 0;
}

std::string Result::text(std::size_t row, int col) const {
  const Value& v = cell(*this, row, col);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return detail::format_double(*d);
  if (auto* b = std::get_if<Blob>(&v)) return b->bytes;
  return {};
}

bool Result::is_null(std::size_t row, int col) const {
  return std::holds_alternative<std::monostate>(cell(*this, row, col));
}

std::optional<std::int64_t> Conn::scalar_int64(std::string_view sql, const Params& params) {
  Result r = query(sql, params);
  if (r.empty() || r.columns.empty() || r.is_null(0, 0)) return std::nullopt;
  return r.int64(0, 0);
}

std::optional<std::string> Conn::scalar_text(std::string_view sql, const Params& params) {
  Result r = query(sql, params);
  if (r.empty() || r.columns.empty() || r.is_null(0, 0)) return std::nullopt;
  return r.text(0, 0);
}

std::unique_ptr<Store> open(const std::string& url, const Options& options) {
  Options o = options;
  if (o.pool_size < 1) o.pool_size = 1;
  if (o.max_retries < 0) o.max_retries = 0;
  if (o.busy_timeout_ms < 0) o.busy_timeout_ms = 0;
  if (is_pg_url(url)) return detail::open_pg(url, o);
  return detail::open_sqlite(sqlite_path(url), o);
}

void restore(const std::string& url, const std::string& backup_path) {
  if (is_pg_url(url))
    detail::restore_pg(url, backup_path);
  else
    detail::restore_sqlite(sqlite_path(url), backup_path);
}

}  // namespace dj::store
