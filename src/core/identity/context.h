// The per-request context handlers use: who is calling, the data scope of the
// route's permission, scoped reads and audited writes. The Guard builds it
// before the handler runs; handlers reach it with ctx(request).
//
//   auto& c = identity::ctx(req);
//   auto page = c.read([&](identity::ScopedConn& db) {
//     return db.query("SELECT id, name FROM users u WHERE @SCOPE(u.org_id)@ ORDER BY id");
//   });
//   c.write({"user.update", "user", id}, [&](identity::ScopedConn& db, audit::Entry& e) { ... });
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/audit/audit.h"
#include "core/orgtree/scope.h"
#include "http/message.h"
#include "store/store.h"

namespace dj::identity {

// One role held by a user, with the scope it applies to.
struct Binding {
  std::int64_t role_id = 0;
  std::string role_code;
  orgtree::ScopeKind kind = orgtree::ScopeKind::org;
  std::int64_t anchor_org = 0;
  std::vector<std::int64_t> custom_orgs;
  std::set<std::string> permissions;
};

struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::int64_t org_id = 0;
  std::int64_t person_id = 0;
  std::int64_t session_id = 0;
  std::string stage;   // full | change_password | totp | totp_enrol
  std::string csrf_token;
  std::vector<Binding> bindings;

  bool has_permission(std::string_view permission) const;
  std::set<std::string> permissions() const;
};

// Tables whose rows belong to an organisation, with the column that says
// which. A SELECT/UPDATE/DELETE through ScopedConn naming one of them must
// carry an @SCOPE(expr)@ marker, or it is refused: scoping is not left to
// each handler's memory.
void register_org_table(std::string table);
const std::set<std::string>& org_tables();

// A connection that expands @SCOPE(expr)@ into the caller's scope predicate
// and refuses unscoped statements on organisation-owned tables.
class ScopedConn {
 public:
  ScopedConn(store::Conn& conn, const orgtree::Scope& scope) : conn_(conn), scope_(scope) {}
  store::Result query(std::string_view sql, const store::Params& params = {});
  void each(std::string_view sql, const store::Params& params,
            const std::function<void(const store::Row&)>& on_row);
  std::int64_t exec(std::string_view sql, const store::Params& params = {});
  std::optional<std::int64_t> scalar_int64(std::string_view sql, const store::Params& params = {});
  std::optional<std::string> scalar_text(std::string_view sql, const store::Params& params = {});
  const orgtree::Scope& scope() const { return scope_; }
  // The raw connection, for statements that must not be scoped (look-ups of
  // reference data). Use sparingly; reviewers look for it.
  store::Conn& unscoped() { return conn_; }

 private:
  std::string expand(std::string_view sql, store::Params& params) const;
  store::Conn& conn_;
  const orgtree::Scope& scope_;
};

class Ctx {
 public:
  Ctx(store::Store& store, const http::Request& request);

  store::Store& store() { return store_; }
  // The signed-in caller, or null on public routes.
  const Principal* principal() const { return principal_.get(); }
  // The signed-in caller; throws 401 when there is none.
  const Principal& who() const;
  // The scope of the route's permission (everything for routes without one).
  const orgtree::Scope& scope() const { return scope_; }
  audit::Actor actor() const;

  template <class F>
  auto read(F&& fn) -> std::invoke_result_t<F, ScopedConn&> {
    return store_.read([&](store::Conn& c) {
      ScopedConn sc(c, scope_);
      return fn(sc);
    });
  }

  // An audited write: the chain lock first, then fn, then the audit row(s),
  // all in one transaction. fn may fill in entry.detail / entity_id / org_id
  // and may add more entries with also_audit().
  template <class F>
  auto write(audit::Entry entry, F&& fn) -> std::invoke_result_t<F, ScopedConn&, audit::Entry&> {
    using R = std::invoke_result_t<F, ScopedConn&, audit::Entry&>;
    return store_.write([&](store::Conn& c) -> R {
      audit::lock_chain(c);
      extra_.clear();
      audit::Entry e = entry;  // fresh copy on every retry
      ScopedConn sc(c, scope_);
      if constexpr (std::is_void_v<R>) {
        fn(sc, e);
        append_all(c, e);
      } else {
        R out = fn(sc, e);
        append_all(c, e);
        return out;
      }
    });
  }
  // Adds another audit row to the write in progress (bulk operations).
  void also_audit(audit::Entry entry) { extra_.push_back(std::move(entry)); }
  // Records a sensitive read (revealing personal data, an export) in its own transaction.
  void audit_read(const audit::Entry& entry);

  int audited() const { return audited_; }

  // Set by the guard.
  void set_principal(std::shared_ptr<Principal> p) { principal_ = std::move(p); }
  void set_scope(orgtree::Scope s) { scope_ = std::move(s); }

 private:
  void append_all(store::Conn& c, const audit::Entry& main);
  store::Store& store_;
  std::shared_ptr<Principal> principal_;
  orgtree::Scope scope_ = orgtree::Scope::everything();
  std::string ip_, user_agent_, request_id_;
  std::vector<audit::Entry> extra_;
  int audited_ = 0;
};

// The context of a request that passed the guard. Throws std::logic_error
// when there is none (a route installed without the guard).
Ctx& ctx(http::Request& request);

}  // namespace dj::identity
