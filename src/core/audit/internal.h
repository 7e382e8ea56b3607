// Internals shared by the audit sources (not part of the public API).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace dj::audit::detail {

// The hash the chain starts from: SM3("dangjian-audit-genesis"). The
// migration stores the same constant as the head's initial last_hash.
const std::string& genesis_hash();

// Deterministic JSON: object keys sorted by their UTF-8 bytes, no
// whitespace, strings escaped the same way every time, integers in decimal,
// doubles in shortest round-trip form (non-finite ones as null).
std::string canonical_json(const boost::json::value& v);
void append_json_string(std::string& out, std::string_view s);

// True when a field name suggests a secret (contains password, token or
// secret, in any letter case): such values never reach the trail.
bool is_secret_name(std::string_view name);
// Replaces the value of every secret-named key, at any depth, by "***".
// An object value keeps its shape ({"from":"***","to":"***"}) so a diff
// still shows that the secret changed.
void scrub_secrets(boost::json::object& obj);
// "***" for scalars and arrays; objects keep their keys with masked values.
boost::json::value masked(const boost::json::value& v);

// Every stored column of an audit row, as hashed and archived.
struct StoredRow {
  std::int64_t id = 0, at_ms = 0, user_id = 0;
  std::string username, ip, user_agent, request_id, action, entity, entity_id;
  std::optional<std::int64_t> org_id;
  std::string detail;  // canonical JSON text, exactly as stored
  std::string outcome, reason, prev_hash, hash;
};

// The column list matching read_stored_row(), for SELECTs.
extern const char* const kStoredColumns;
StoredRow read_stored_row(const store::Row& r);

// The canonical serialisation of a row's content: a JSON array of every
// column except the hashes, in a fixed order, the detail as a string.
std::string canonical_row(const StoredRow& row);
// SM3(prev_hash + "\n" + canonical_row(row)).
std::string row_hash(const StoredRow& row);

// The whole row as one JSON object (archive lines).
std::string stored_row_json(const StoredRow& row);

// What verify() and archive() report, in Chinese and English.
std::string altered(std::int64_t id);         // 第 N 条审计记录内容被修改
std::string deleted_before(std::int64_t id);  // 第 N 条之前的审计记录被删除
std::string unlinked(std::int64_t id);        // 第 N 条审计记录与上一条衔接不上

// Milliseconds since the epoch, now.
std::int64_t now_ms();
// "2026-11-27T13:05:09+08:00": Beijing time, which has had no daylight
// saving since 1991, so a fixed offset is exact for every date we record.
std::string iso_local(std::int64_t at_ms);

// At most `max_bytes` of `s`, cut before a UTF-8 sequence rather than inside
// one. Request-supplied text (User-Agent, a typed user name) is bounded so a
// hostile client cannot bloat rows nobody may delete for 180 days.
std::string clip_utf8(std::string_view s, std::size_t max_bytes);
constexpr std::size_t kMaxUserAgent = 512, kMaxTypedName = 128;

// A WHERE clause assembled from optional filters, with its parameters.
class Filter {
 public:
  // Binds a parameter and returns its placeholder ("$3").
  std::string bind(store::Value v) {
    params_.push_back(std::move(v));
    return "$" + std::to_string(params_.size());
  }
  void require(std::string condition) {
    sql_ += sql_.empty() ? " WHERE " : " AND ";
    sql_ += condition;
  }
  const std::string& sql() const { return sql_; }
  store::Params& params() { return params_; }

 private:
  std::string sql_;
  store::Params params_;
};

// Page size clamped to 1..200 and the row offset of `page` (1-based).
struct Paging {
  std::int64_t limit = 20, offset = 0;
};
Paging paging(int page, int page_size);

}  // namespace dj::audit::detail
