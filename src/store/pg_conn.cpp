#include "store/pg_conn.h"

#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "store/convert.h"
#include "store/pg_url.h"

namespace dj::store::detail {

namespace {

// Prepared statements kept per connection; past this they are all dropped
// (SQL built from variable-length IN lists must not grow the server's memory).
constexpr std::size_t kMaxPreparedStatements = 256;

// Type OIDs from pg_type.h (stable across PostgreSQL versions).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;

std::string clip(std::string_view sql) {
  constexpr std::size_t kMax = 300;
  return sql.size() <= kMax ? std::string(sql) : std::string(sql.substr(0, kMax)) + "...";
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string_view cell_text(const PGresult* r, int row, int col) {
  return {PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col))};
}

Value cell_value(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return std::monostate{};
  const std::string_view t = cell_text(r, row, col);
  switch (PQftype(r, col)) {
    case kInt8:
    case kInt4:
    case kInt2:
    case kOid:
      if (auto v = parse_int64(t)) return *v;
      break;
    case kBool: return std::int64_t{t == "t" ? 1 : 0};  // like SQLite, where booleans are 0/1
    case kFloat4:
    case kFloat8:
      if (auto v = parse_double(t)) return *v;
      break;
    case kNumeric:  // sum(bigint) is numeric: keep whole numbers integers, as SQLite does
      if (auto v = parse_int64(t)) return *v;
      if (auto v = parse_double(t)) return *v;
      break;
    case kBytea:
      if (auto v = decode_bytea_hex(t)) return Blob{std::move(*v)};
      break;
    default: break;
  }
  return std::string(t);
}

class PgRow final : public Row {
 public:
  PgRow(const PGresult* r, int row) : r_(r), row_(row) {}
  int size() const override { return PQnfields(r_); }
  std::string_view name(int col) const override {
    const char* n = PQfname(r_, col);
    return n ? n : "";
  }
  bool is_null(int col) const override { return PQgetisnull(r_, row_, col) != 0; }
  std::int64_t int64(int col) const override {
    if (is_null(col)) return 0;
    const auto t = text(col);
    if (auto v = parse_int64(t)) return *v;
    if (t == "t" || t == "f") return t == "t";
    if (auto d = parse_double(t)) return static_cast<std::int64_t>(*d);
    throw Error(ErrorKind::other, "column " + std::string(name(col)) + " is not an integer");
  }
  double real(int col) const override {
    if (is_null(col)) return 0;
    const auto t = text(col);
    if (auto d = parse_double(t)) return *d;
    if (t == "t" || t == "f") return t == "t" ? 1 : 0;
    throw Error(ErrorKind::other, "column " + std::string(name(col)) + " is not a number");
  }
  std::string_view text(int col) const override { return cell_text(r_, row_, col); }
  std::string blob(int col) const override {
    const auto t = text(col);
    if (PQftype(r_, col) == kBytea)
      if (auto v = decode_bytea_hex(t)) return std::move(*v);
    return std::string(t);
  }

 private:
  const PGresult* r_;
  int row_;
};

// libpq's parallel arrays for one call. Text format except blobs, which go
// as binary so zero bytes need no escaping.
class Marshalled {
 public:
  explicit Marshalled(const Params& params) {
    storage_.reserve(params.size());  // no reallocation: values_ points into it
    for (const Value& v : params) {
      const char* value = nullptr;
      int length = 0, format = 0;
      if (auto* i = std::get_if<std::int64_t>(&v)) {
        value = storage_.emplace_back(std::to_string(*i)).c_str();
      } else if (auto* d = std::get_if<double>(&v)) {
        value = storage_.emplace_back(format_double(*d)).c_str();
      } else if (auto* s = std::get_if<std::string>(&v)) {
        value = s->c_str();
      } else if (auto* b = std::get_if<Blob>(&v)) {
        value = b->bytes.data();
        length = static_cast<int>(b->bytes.size());
        format = 1;
      }
      values_.push_back(value);
      lengths_.push_back(length);
      formats_.push_back(format);
    }
  }
  int count() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<const char*> values_;
  std::vector<int> lengths_, formats_;
};

ErrorKind kind_of(std::string_view state) {
  if (state == "23505") return ErrorKind::unique;
  if (state == "23503" || state == "23001") return ErrorKind::foreign_key;
  if (state.starts_with("23")) return ErrorKind::constraint;  // 23502 NOT NULL, 23514 CHECK, ...
  // Serialization failure, deadlock, lock_timeout (the analogue of SQLITE_BUSY).
  if (state == "40001" || state == "40P01" || state == "55P03") return ErrorKind::retryable;
  if (state.starts_with("08") || state == "57P01" || state == "57P02" || state == "57P03" || state == "53300")
    return ErrorKind::unavailable;
  return ErrorKind::other;
}

}  // namespace

PgConn::PgConn(const std::string& url, const Options& options) : options_(options) {
  // Keywords before "dbname" are defaults the URL may override.
  const char* const keys[] = {"connect_timeout", "fallback_application_name", "dbname", nullptr};
  const char* const values[] = {"10", "dangjian", url.c_str(), nullptr};
  pg_ = PQconnectdbParams(keys, values, 1);
  if (!pg_ || PQstatus(pg_) != CONNECTION_OK) {
    std::string msg = pg_ ? trim(PQerrorMessage(pg_)) : "out of memory";
    PQfinish(pg_);
    throw Error(ErrorKind::unavailable, "postgresql: cannot connect to " + strip_password(url) + ": " + msg);
  }
  try {
    configure_session();
  } catch (...) {
    PQfinish(pg_);
    throw;
  }
}

PgConn::~PgConn() { PQfinish(pg_); }

void PgConn::configure_session() {
  // libpq prints notices ("relation ... already exists, skipping") to stderr
  // by default; a server logs through its own channel, so drop them.
  PQsetNoticeProcessor(pg_, [](void*, const char*) {}, nullptr);
  if (PQsetClientEncoding(pg_, "UTF8") != 0)
    throw Error(ErrorKind::unavailable, "postgresql: cannot set client_encoding: " + trim(PQerrorMessage(pg_)));
  const std::string set = "SET lock_timeout = " + std::to_string(options_.busy_timeout_ms) +
                          "; SET bytea_output = 'hex'; SET client_min_messages = warning";
  ResultPtr r = simple(set.c_str());
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) throw error_from(r.get(), set);
}

void PgConn::make_ready() {
  if (PQstatus(pg_) != CONNECTION_OK) {
    PQreset(pg_);
    names_.clear();  // the new session has no prepared statements
    if (PQstatus(pg_) != CONNECTION_OK)
      throw Error(ErrorKind::unavailable, "postgresql: connection lost and reconnect failed: " + trim(PQerrorMessage(pg_)));
    configure_session();
  } else if (PQtransactionStatus(pg_) != PQTRANS_IDLE) {
    simple("ROLLBACK");  // left inside a transaction by an interrupted call
  }
}

PgConn::ResultPtr PgConn::simple(const char* sql) { return ResultPtr(PQexec(pg_, sql)); }

Error PgConn::error_from(const PGresult* r, std::string_view sql) const {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = trim(r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(pg_));
  ErrorKind kind = state ? kind_of(state) : ErrorKind::other;
  if (PQstatus(pg_) == CONNECTION_BAD) kind = ErrorKind::unavailable;
  msg = "postgresql: " + msg;
  if (state) msg += std::string(" (SQLSTATE ") + state + ")";
  if (!sql.empty()) msg += " in: " + clip(sql);
  return Error(kind, std::move(msg));
}

const std::string& PgConn::prepared(std::string_view sql) {
  if (auto it = names_.find(sql); it != names_.end()) return it->second;
  if (names_.size() >= kMaxPreparedStatements) {
    simple("DEALLOCATE ALL");
    names_.clear();
  }
  std::string name = "dj" + std::to_string(++next_name_);
  ResultPtr r(PQprepare(pg_, name.c_str(), std::string(sql).c_str(), 0, nullptr));
  if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) throw failed(error_from(r.get(), sql));
  return names_.emplace(std::string(sql), std::move(name)).first->second;
}

PgConn::ResultPtr PgConn::run(std::string_view sql, const Params& params) {
  check_usable();
  const std::string& name = prepared(sql);
  const Marshalled m(params);
  ResultPtr r(PQexecPrepared(pg_, name.c_str(), m.count(), m.values(), m.lengths(), m.formats(), 0));
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw failed(error_from(r.get(), sql));
  return r;
}

Result PgConn::query(std::string_view sql, const Params& params) {
  ResultPtr r = run(sql, params);
  Result out;
  const int cols = PQnfields(r.get()), rows = PQntuples(r.get());
  out.columns.reserve(static_cast<std::size_t>(cols));
  for (int c = 0; c < cols; ++c) out.columns.emplace_back(PQfname(r.get(), c));
  out.rows.reserve(static_cast<std::size_t>(rows));
  for (int i = 0; i < rows; ++i) {
    auto& row = out.rows.emplace_back();
    row.reserve(static_cast<std::size_t>(cols));
    for (int c = 0; c < cols; ++c) row.push_back(cell_value(r.get(), i, c));
  }
  return out;
}

void PgConn::each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& on_row) {
  check_usable();
  const std::string& name = prepared(sql);
  const Marshalled m(params);
  if (!PQsendQueryPrepared(pg_, name.c_str(), m.count(), m.values(), m.lengths(), m.formats(), 0))
    throw failed(error_from(nullptr, sql));
  PQsetSingleRowMode(pg_);  // rows arrive one PGresult each: constant memory
  Streaming streaming(*this);
  std::exception_ptr thrown;
  std::optional<Error> error;
  // Always read to the final NULL result: the connection is unusable until then.
  while (PGresult* raw = PQgetResult(pg_)) {
    ResultPtr r(raw);
    const auto status = PQresultStatus(raw);
    if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      for (int i = 0; i < PQntuples(raw) && !thrown && !error; ++i) {
        try {
          on_row(PgRow(raw, i));
        } catch (...) {
          thrown = std::current_exception();
          // Outside a transaction, stop the server sending the rest; inside
          // one a cancel would abort it, so the remaining rows are drained.
          if (!in_write_transaction())
            if (PGcancel* cancel = PQgetCancel(pg_)) {
              char buf[256];
              PQcancel(cancel, buf, sizeof buf);
              PQfreeCancel(cancel);
            }
        }
      }
    } else if (status != PGRES_COMMAND_OK && !thrown && !error) {
      error = error_from(raw, sql);
    }
  }
  if (thrown) std::rethrow_exception(thrown);
  if (error) throw failed(*error);
}

std::int64_t PgConn::exec(std::string_view sql, const Params& params) {
  ResultPtr r = run(sql, params);
  return parse_int64(PQcmdTuples(r.get())).value_or(0);
}

void PgConn::exec_script(std::string_view sql) {
  check_usable();
  ResultPtr r = simple(std::string(sql).c_str());
  const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
    throw failed(error_from(r.get(), sql));
}

void PgConn::do_begin(bool write) {
  if (!write) return;  // reads run in autocommit: each statement its own snapshot
  ResultPtr r = simple("BEGIN ISOLATION LEVEL SERIALIZABLE");
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) throw error_from(r.get(), "BEGIN");
}

void PgConn::do_commit(bool write) {
  if (!write) return;
  ResultPtr r = simple("COMMIT");
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) throw error_from(r.get(), "COMMIT");  // 40001 lands here too
  // COMMIT of an aborted transaction "succeeds" by rolling back.
  if (std::string_view(PQcmdStatus(r.get())) == "ROLLBACK")
    throw Error(ErrorKind::other, "postgresql: the transaction had failed; COMMIT rolled it back");
}

void PgConn::do_rollback(bool) noexcept {
  const auto status = PQtransactionStatus(pg_);
  if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) simple("ROLLBACK");
}

}  // namespace dj::store::detail
