// The chain itself: locking, appending and the exact bytes each hash covers.
#include <boost/json.hpp>

#include <stdexcept>

#include "core/audit/audit.h"
#include "core/audit/internal.h"
#include "core/crypto/crypto.h"

namespace dj::audit {
namespace detail {

const std::string& genesis_hash() {
  static const std::string h = crypto::sm3_hex("dangjian-audit-genesis");
  return h;
}

const char* const kStoredColumns =
    "id, at_ms, user_id, username, ip, user_agent, request_id, action, entity, entity_id, "
    "org_id, detail, outcome, reason, prev_hash, hash";

StoredRow read_stored_row(const store::Row& r) {
  StoredRow s;
  s.id = r.int64(0);
  s.at_ms = r.int64(1);
  s.user_id = r.int64(2);
  s.username = r.text(3);
  s.ip = r.text(4);
  s.user_agent = r.text(5);
  s.request_id = r.text(6);
  s.action = r.text(7);
  s.entity = r.text(8);
  s.entity_id = r.text(9);
  s.org_id = r.opt_int64(10);
  s.detail = r.text(11);
  s.outcome = r.text(12);
  s.reason = r.text(13);
  s.prev_hash = r.text(14);
  s.hash = r.text(15);
  return s;
}

// The hashed content. The id is included so that a deleted row cannot be
// hidden by relinking its successor: the id gap stays, and closing it means
// renumbering and rehashing every later row. Strings are JSON-escaped, so no
// field's content can imitate a separator and shift the fields after it.
std::string canonical_row(const StoredRow& row) {
  std::string out = "[";
  auto num = [&](std::int64_t n) { out += std::to_string(n); out += ','; };
  auto str = [&](std::string_view s) { append_json_string(out, s); out += ','; };
  num(row.id);
  num(row.at_ms);
  num(row.user_id);
  str(row.username);
  str(row.ip);
  str(row.user_agent);
  str(row.request_id);
  str(row.action);
  str(row.entity);
  str(row.entity_id);
  if (row.org_id) num(*row.org_id);
  else out += "null,";
  str(row.detail);
  str(row.outcome);
  append_json_string(out, row.reason);
  out += ']';
  return out;
}

namespace {
std::string& chain_key() {
  static std::string key;  // set once at start-up, before threads serve requests
  return key;
}
}  // namespace

std::string row_hash(const StoredRow& row) {
  const std::string data = row.prev_hash + "\n" + canonical_row(row);
  const std::string& key = chain_key();
  return key.empty() ? crypto::sm3_hex(data) : crypto::to_hex(crypto::hmac_sm3(key, data));
}

std::string stored_row_json(const StoredRow& row) {
  boost::json::object o;
  o["id"] = row.id;
  o["at_ms"] = row.at_ms;
  o["user_id"] = row.user_id;
  o["username"] = row.username;
  o["ip"] = row.ip;
  o["user_agent"] = row.user_agent;
  o["request_id"] = row.request_id;
  o["action"] = row.action;
  o["entity"] = row.entity;
  o["entity_id"] = row.entity_id;
  o["org_id"] = row.org_id ? boost::json::value(*row.org_id) : boost::json::value();
  o["detail"] = row.detail;  // the stored text, so the line's hash can be recomputed
  o["outcome"] = row.outcome;
  o["reason"] = row.reason;
  o["prev_hash"] = row.prev_hash;
  o["hash"] = row.hash;
  return canonical_json(o);
}

}  // namespace detail

void set_chain_key(std::string key) { detail::chain_key() = std::move(key); }

void lock_chain(store::Conn& conn) {
  if (conn.dialect() != store::Dialect::postgres) return;  // SQLite has one writer already
  // EXCLUSIVE conflicts with itself and with the row locks of UPDATE, but
  // not with plain SELECTs, so the viewer and verify() never wait on it.
  conn.exec("LOCK TABLE audit_chain_head IN EXCLUSIVE MODE");
}

ChainWriter::ChainWriter(store::Conn& conn) : conn_(conn) {
  // Read through a no-op UPDATE: it takes the head row's lock before any row
  // is inserted, so without lock_chain() on PostgreSQL a second appender gets
  // a serialization failure (retried by write()) rather than a unique
  // violation on the insert (which is not retried).
  const auto head = conn.query(
      "UPDATE audit_chain_head SET last_id = last_id WHERE id = 1 RETURNING last_id, last_hash");
  if (head.empty())
    throw std::runtime_error("审计链头缺失（数据库未迁移？）/ "
                             "audit_chain_head row missing (schema not migrated?)");
  start_id_ = last_id_ = head.int64(0, 0);
  last_hash_ = head.text(0, 1);
}

void ChainWriter::add(const Actor& actor, const Entry& entry, std::int64_t at_ms) {
  if (entry.action.empty()) throw std::invalid_argument("audit entry without an action");
  if (entry.outcome != "success" && entry.outcome != "failure" && entry.outcome != "denied")
    throw std::invalid_argument("audit outcome must be success, failure or denied: " + entry.outcome);

  boost::json::object detail = entry.detail;
  detail::scrub_secrets(detail);

  detail::StoredRow row;
  row.id = last_id_ + 1;
  row.at_ms = at_ms != 0 ? at_ms : detail::now_ms();
  row.user_id = actor.user_id;
  row.username = actor.username;
  row.ip = actor.ip;
  row.user_agent = detail::clip_utf8(actor.user_agent, detail::kMaxUserAgent);
  row.request_id = actor.request_id;
  row.action = entry.action;
  row.entity = entry.entity;
  row.entity_id = entry.entity_id;
  row.org_id = entry.org_id;
  row.detail = detail::canonical_json(detail);
  row.outcome = entry.outcome;
  row.reason = entry.reason;
  row.prev_hash = last_hash_;
  row.hash = detail::row_hash(row);

  store::Params p;
  p.reserve(16);
  for (const std::int64_t n : {row.id, row.at_ms, row.user_id}) p.emplace_back(n);
  for (const auto* s : {&row.username, &row.ip, &row.user_agent, &row.request_id, &row.action, &row.entity,
                        &row.entity_id})
    p.emplace_back(*s);
  if (row.org_id) p.emplace_back(*row.org_id);
  else p.emplace_back(std::monostate{});
  for (const auto* s : {&row.detail, &row.outcome, &row.reason, &row.prev_hash, &row.hash}) p.emplace_back(*s);
  conn_.exec(
      "INSERT INTO audit_log (id, at_ms, user_id, username, ip, user_agent, request_id, action, entity, "
      "entity_id, org_id, detail, outcome, reason, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
      p);
  last_id_ = row.id;
  last_hash_ = std::move(row.hash);
}

void ChainWriter::finish() {
  if (last_id_ == start_id_) return;
  // Guarded by the id we started from: without lock_chain() on PostgreSQL a
  // concurrent appender would have moved the head, and this becomes a
  // retryable failure of the whole transaction instead of a forked chain.
  const auto moved = conn_.exec(
      "UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1 AND last_id = $3",
      {last_id_, last_hash_, start_id_});
  if (moved != 1)
    throw store::Error(store::ErrorKind::retryable, "audit chain head moved during append");
  start_id_ = last_id_;
}

void append(store::Conn& conn, const Actor& actor, const Entry& entry, std::int64_t at_ms) {
  ChainWriter w(conn);
  w.add(actor, entry, at_ms);
  w.finish();
}

}  // namespace dj::audit
