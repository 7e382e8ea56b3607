// The audit trail: every write and every sensitive read leaves a row, written
// in the same transaction as the change, hash-chained with SM3 so that an
// edited or deleted row breaks the chain. No API edits or deletes audit rows;
// `dangjian audit archive` moves rows past the retention period to a file
// (keeping the chain verifiable across the cut), `dangjian audit verify`
// checks the chain and names the first broken row.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace dj::audit {

// Who acted, from where. user_id 0 = the system (CLI, jobs).
struct Actor {
  std::int64_t user_id = 0;
  std::string username;
  std::string ip;
  std::string user_agent;
  std::string request_id;
};

struct Entry {
  std::string action;        // "user.create", "member.reveal", "auth.force_logout" ...
  std::string entity;        // "user", "member", "role" ...
  std::string entity_id;     // "" when not about one row
  std::optional<std::int64_t> org_id;  // the organisation the row belongs to (for scoped viewing)
  boost::json::object detail;  // changed fields {"name":{"from":"…","to":"…"}} or other facts
  std::string outcome = "success";  // success | failure | denied
  std::string reason;        // for failure/denied: the (Chinese) message shown to the user
};

// Keys the chain: when set (the product sets it at start-up from the key
// file, see Keyring::derive_key("audit-chain")), each row hash is
// HMAC-SM3 under this key instead of plain SM3, so someone who can write to
// the database but does not hold the key file cannot forge a consistent
// chain. Call once, before any append or verify. Empty = plain SM3.
void set_chain_key(std::string key);

// Must be the first statement of every audited write transaction: on
// PostgreSQL it takes an exclusive lock on the chain head so audited writers
// queue instead of failing serialization; on SQLite (single writer) it is a no-op.
// Why first: a SERIALIZABLE transaction takes its snapshot at its first query,
// and LOCK TABLE is not one. Locking first means the snapshot is taken after
// the previous appender committed, so the head we read is current and the
// head update cannot conflict. Locking later would still queue writers, but
// every one of them would read a stale head and fail serialization.
//
//   store.write([&](store::Conn& c) {
//     audit::lock_chain(c);
//     ... the change ...
//     audit::append(c, actor, entry);
//   });
void lock_chain(store::Conn& conn);

// Appends one row, chained to the previous one. Call inside store.write()
// after lock_chain(). `at_ms` 0 = now. Values of detail keys whose name
// contains password/token/secret are replaced by "***" before storing.
// Throws std::invalid_argument for an unknown outcome or an empty action.
void append(store::Conn& conn, const Actor& actor, const Entry& entry, std::int64_t at_ms = 0);

// Many appends in one transaction (bulk imports): the chain head is read once
// and written once by finish(), instead of once per row. Same rules as
// append(): lock_chain() first, and call finish() before the transaction
// commits (rows added without finish() leave the head behind and the
// transaction must not commit; verify() would report the gap).
class ChainWriter {
 public:
  explicit ChainWriter(store::Conn& conn);
  void add(const Actor& actor, const Entry& entry, std::int64_t at_ms = 0);
  void finish();

 private:
  store::Conn& conn_;
  std::int64_t start_id_ = 0, last_id_ = 0;
  std::string last_hash_;
};

// {"field":{"from":before,"to":after}} for fields whose values differ.
// Fields named in `masked` (and any field whose name contains "password",
// "token", "secret") appear as "***" so secrets never reach the trail.
boost::json::object diff(const boost::json::object& before, const boost::json::object& after,
                         const std::set<std::string>& masked = {});

struct VerifyResult {
  bool ok = true;
  std::int64_t rows_checked = 0;
  std::int64_t first_bad_id = 0;   // first row whose hash or link does not match
  std::string problem;             // Chinese + English description
  // The head that was verified. A chain can be rewritten wholesale by
  // someone with write access to the database; recording last_id/last_hash
  // outside it (the verify command logs them) lets a later run prove that
  // the rows up to it are still the same.
  std::int64_t last_id = 0;
  std::string last_hash;
};
VerifyResult verify(store::Store& store);

// Query for the audit viewer: filters, newest first, paged.
struct Query {
  std::optional<std::int64_t> user_id;
  std::string username_like;  // substring
  std::string action_prefix;  // "member." finds all member actions
  std::string entity;
  std::string entity_id;
  std::string outcome;
  std::optional<std::int64_t> from_ms, to_ms;  // from inclusive, to exclusive
  int page = 1, page_size = 20;  // page_size capped at 200
  // Optional data-scope restriction: returns an SQL predicate on the
  // organisation column expression it is given, appending its parameters
  // (e.g. bound to orgtree::Scope::org_predicate). Empty = no restriction.
  std::function<std::string(std::string_view org_expr, store::Params& params)> scope;
};
struct Row {
  std::int64_t id = 0, at_ms = 0, user_id = 0;
  std::string username, ip, user_agent, request_id, action, entity, entity_id, outcome, reason;
  std::optional<std::int64_t> org_id;
  boost::json::object detail;
};
struct Page {
  std::vector<Row> rows;
  std::int64_t total = 0;
};
Page list(store::Store& store, const Query& q);
boost::json::value to_json(const Row& row);

// Moves rows older than `before_ms` (which must be at least 180 days ago) to
// a JSON-lines file, then deletes them and records a checkpoint (last id and
// hash) so verify() continues from it. The file is written and fsynced before
// anything is deleted. Returns the number of rows archived.
// Only a prefix of the chain can be archived: rows up to (not including) the
// first row at or after before_ms. The rows are verified while being written
// and a broken chain is refused (archiving must not launder tampering); an
// existing `file` is never overwritten. The run itself is appended to the
// trail as "audit.archive" by the system actor.
std::int64_t archive(store::Store& store, std::int64_t before_ms, const std::string& file, const Actor& actor = {});

// ---- login log ----------------------------------------------------------------
struct LoginEvent {
  std::string username;       // as typed (never the password)
  std::int64_t user_id = 0;   // 0 when no such user
  std::string ip, user_agent;
  bool success = false;
  std::string reason;         // "wrong_password", "locked", "unknown_user", "totp_failed", "ok" ...
};
void record_login(store::Conn& conn, const LoginEvent& event, std::int64_t at_ms = 0);
// Failed logins from `ip` since `since_ms` (for per-IP rate limiting).
std::int64_t failures_from_ip(store::Conn& conn, const std::string& ip, std::int64_t since_ms);
// Failed sign-ins naming `username` that matched no account, since `since_ms`:
// unknown names get the same countdown and lock as real ones, so the answers
// do not tell which usernames exist.
std::int64_t unknown_user_failures(store::Conn& conn, const std::string& username, std::int64_t since_ms);

struct LoginQuery {
  std::string username_like, ip, outcome;  // outcome: "", "success", "failure"
  std::optional<std::int64_t> from_ms, to_ms;  // from inclusive, to exclusive
  int page = 1, page_size = 20;
};
struct LoginRow {
  std::int64_t id = 0, at_ms = 0, user_id = 0;
  std::string username, ip, user_agent, reason;
  bool success = false;
};
struct LoginPage {
  std::vector<LoginRow> rows;
  std::int64_t total = 0;
};
LoginPage list_logins(store::Store& store, const LoginQuery& q);
boost::json::value to_json(const LoginRow& row);

}  // namespace dj::audit
