// One libpq connection: per-connection prepared statements, parameter
// marshalling, text-format results, and the mapping of SQLSTATEs to
// ErrorKind. Internal to src/store.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/base_conn.h"

namespace dj::store::detail {

class PgConn final : public BaseConn {
 public:
  // Connects; throws Error(unavailable) when it cannot.
  PgConn(const std::string& url, const Options& options);
  ~PgConn() override;
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // Called on every checkout: a connection that broke while it was last used
  // is reset here (its prepared statements are gone with it).
  void make_ready();

  Dialect dialect() const override { return Dialect::postgres; }
  Result query(std::string_view sql, const Params& params) override;
  void each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& on_row) override;
  std::int64_t exec(std::string_view sql, const Params& params) override;
  void exec_script(std::string_view sql) override;

 protected:
  void do_begin(bool write) override;
  void do_commit(bool write) override;
  void do_rollback(bool write) noexcept override;

 private:
  struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  void configure_session();
  const std::string& prepared(std::string_view sql);
  ResultPtr run(std::string_view sql, const Params& params);
  Error error_from(const PGresult* r, std::string_view sql) const;
  ResultPtr simple(const char* sql);  // no parameters, not prepared

  PGconn* pg_ = nullptr;
  const Options options_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> names_;  // SQL -> statement name
  std::uint64_t next_name_ = 0;
};

}  // namespace dj::store::detail
