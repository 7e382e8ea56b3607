#include "core/identity/context.h"

#include <cctype>
#include <mutex>
#include <stdexcept>

#include "core/error.h"

namespace dj::identity {
namespace {

std::set<std::string>& table_registry() {
  static std::set<std::string> tables;
  return tables;
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// True when `sql` names `table` as a whole word.
bool names_table(std::string_view sql, std::string_view table) {
  for (std::size_t pos = sql.find(table); pos != std::string_view::npos; pos = sql.find(table, pos + 1)) {
    bool left = pos == 0 || !word_char(sql[pos - 1]);
    std::size_t end = pos + table.size();
    bool right = end >= sql.size() || !word_char(sql[end]);
    if (left && right) return true;
  }
  return false;
}

std::string first_word_upper(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  std::string w;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
    w += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  return w;
}

}  // namespace

bool Principal::has_permission(std::string_view permission) const {
  for (const auto& b : bindings)
    if (b.permissions.count(std::string(permission))) return true;
  return false;
}

std::set<std::string> Principal::permissions() const {
  std::set<std::string> out;
  for (const auto& b : bindings) out.insert(b.permissions.begin(), b.permissions.end());
  return out;
}

void register_org_table(std::string table) { table_registry().insert(std::move(table)); }
const std::set<std::string>& org_tables() { return table_registry(); }

std::string ScopedConn::expand(std::string_view sql, store::Params& params) const {
  static constexpr std::string_view kOpen = "@SCOPE(";
  std::string out;
  bool scoped = false;
  std::size_t pos = 0;
  for (;;) {
    std::size_t at = sql.find(kOpen, pos);
    if (at == std::string_view::npos) break;
    std::size_t close = sql.find(")@", at);
    if (close == std::string_view::npos) throw std::logic_error("unterminated @SCOPE( in SQL");
    out.append(sql.substr(pos, at - pos));
    std::string_view expr = sql.substr(at + kOpen.size(), close - at - kOpen.size());
    out += "(" + scope_.org_predicate(expr, params) + ")";
    pos = close + 2;
    scoped = true;
  }
  out.append(sql.substr(pos));
  if (!scoped) {
    std::string verb = first_word_upper(sql);
    if (verb == "SELECT" || verb == "UPDATE" || verb == "DELETE" || verb == "WITH") {
      for (const auto& t : org_tables())
        if (names_table(sql, t))
          throw std::logic_error("unscoped statement on organisation-owned table '" + t +
                                 "': add @SCOPE(<org column>)@ — " + std::string(sql.substr(0, 120)));
    }
  }
  return out;
}

store::Result ScopedConn::query(std::string_view sql, const store::Params& params) {
  store::Params p = params;
  std::string s = expand(sql, p);
  return conn_.query(s, p);
}

void ScopedConn::each(std::string_view sql, const store::Params& params,
                      const std::function<void(const store::Row&)>& on_row) {
  store::Params p = params;
  std::string s = expand(sql, p);
  conn_.each(s, p, on_row);
}

std::int64_t ScopedConn::exec(std::string_view sql, const store::Params& params) {
  store::Params p = params;
  std::string s = expand(sql, p);
  return conn_.exec(s, p);
}

std::optional<std::int64_t> ScopedConn::scalar_int64(std::string_view sql, const store::Params& params) {
  store::Params p = params;
  std::string s = expand(sql, p);
  return conn_.scalar_int64(s, p);
}

std::optional<std::string> ScopedConn::scalar_text(std::string_view sql, const store::Params& params) {
  store::Params p = params;
  std::string s = expand(sql, p);
  return conn_.scalar_text(s, p);
}

Ctx::Ctx(store::Store& store, const http::Request& request)
    : store_(store),
      ip_(request.remote_addr),
      user_agent_(std::string(request.header("User-Agent")).substr(0, 300)),
      request_id_(request.request_id) {}

const Principal& Ctx::who() const {
  if (!principal_) throw ApiError::unauthenticated();
  return *principal_;
}

audit::Actor Ctx::actor() const {
  audit::Actor a;
  if (principal_) {
    a.user_id = principal_->user_id;
    a.username = principal_->username;
  }
  a.ip = ip_;
  a.user_agent = user_agent_;
  a.request_id = request_id_;
  return a;
}

void Ctx::append_all(store::Conn& c, const audit::Entry& main) {
  audit::Actor a = actor();
  audit::append(c, a, main);
  for (const auto& e : extra_) audit::append(c, a, e);
  audited_ = 1 + static_cast<int>(extra_.size());
}

void Ctx::audit_read(const audit::Entry& entry) {
  store_.write([&](store::Conn& c) {
    audit::lock_chain(c);
    audit::append(c, actor(), entry);
  });
  ++audited_;
}

Ctx& ctx(http::Request& request) {
  if (!request.context) throw std::logic_error("no request context: route installed without the guard");
  return *static_cast<Ctx*>(request.context.get());
}

}  // namespace dj::identity
