// verify(): walks the chain from the latest checkpoint (or genesis) and names
// the first row that does not fit. Rows are streamed, so memory stays flat
// however long the trail is.
#include <optional>
#include <string>

#include "core/audit/audit.h"
#include "core/audit/internal.h"

namespace dj::audit {
namespace {

// Thrown out of the row callback to stop streaming at the first finding.
struct StopWalk {};

struct Start {
  std::int64_t cut_id = 0;  // last archived id (0: none archived)
  std::string cut_hash;     // hash the next row links to
  std::int64_t head_id = 0;
  std::string head_hash;
};

std::string n(std::int64_t v) { return std::to_string(v); }

std::string deleted_from(std::int64_t id, std::int64_t head_id) {
  return "第 " + n(id) + " 条及之后的审计记录被删除（链头记录到第 " + n(head_id) + " 条）/ rows from " + n(id) +
         " on were deleted (the chain head says the last row is " + n(head_id) + ")";
}

std::string head_mismatch(std::int64_t id) {
  return "审计链头与第 " + n(id) + " 条审计记录不符 / the chain head does not match audit row " + n(id);
}

std::string beyond_head(std::int64_t id) {
  return "第 " + n(id) + " 条审计记录不在审计链中 / audit row " + n(id) +
         " lies beyond the chain head (inserted outside the chain)";
}

void fail(VerifyResult& r, std::int64_t id, std::string problem) {
  r.ok = false;
  r.first_bad_id = id;
  r.problem = std::move(problem);
}

// Head and latest checkpoint in one statement, so on PostgreSQL (where
// reads are autocommit) both come from one snapshot.
std::optional<Start> read_start(store::Conn& c) {
  const auto res = c.query(
      "SELECT h.last_id, h.last_hash, cp.archived_up_to_id, cp.hash_at_cut FROM audit_chain_head h "
      "LEFT JOIN (SELECT archived_up_to_id, hash_at_cut FROM audit_checkpoints "
      "           ORDER BY archived_up_to_id DESC LIMIT 1) cp ON 1 = 1 "
      "WHERE h.id = 1");
  if (res.empty()) return std::nullopt;
  Start s;
  s.head_id = res.int64(0, 0);
  s.head_hash = res.text(0, 1);
  if (!res.is_null(0, 2)) {
    s.cut_id = res.int64(0, 2);
    s.cut_hash = res.text(0, 3);
  } else {
    s.cut_hash = detail::genesis_hash();
  }
  return s;
}

VerifyResult verify_once(store::Conn& c, std::int64_t& cut_seen) {
  VerifyResult r;
  const auto start = read_start(c);
  if (!start) {
    fail(r, 0, "审计链头缺失 / the audit chain head is missing");
    return r;
  }
  cut_seen = start->cut_id;
  r.last_id = start->head_id;
  r.last_hash = start->head_hash;
  if (start->head_id < start->cut_id) {
    fail(r, start->head_id,
         "审计链头落后于归档检查点 / the audit chain head is behind the archive checkpoint");
    return r;
  }

  std::int64_t last_id = start->cut_id;
  std::string last_hash = start->cut_hash;
  try {
    c.each(std::string("SELECT ") + detail::kStoredColumns +
               " FROM audit_log WHERE id > $1 AND id <= $2 ORDER BY id",
           {start->cut_id, start->head_id}, [&](const store::Row& row) {
             const detail::StoredRow s = detail::read_stored_row(row);
             // In this order: a gap explains a broken link, and an edited
             // row's own hash fails before the next row's link does.
             if (s.id != last_id + 1) fail(r, s.id, detail::deleted_before(s.id));
             else if (detail::row_hash(s) != s.hash) fail(r, s.id, detail::altered(s.id));
             else if (s.prev_hash != last_hash) fail(r, s.id, detail::unlinked(s.id));
             if (!r.ok) throw StopWalk{};
             last_id = s.id;
             last_hash = s.hash;
             ++r.rows_checked;
           });
  } catch (const StopWalk&) {
    return r;
  }

  if (last_id != start->head_id) {
    fail(r, last_id + 1, deleted_from(last_id + 1, start->head_id));
  } else if (last_hash != start->head_hash) {
    fail(r, last_id, head_mismatch(last_id));
  } else if (const auto extra = c.scalar_int64("SELECT min(id) FROM audit_log WHERE id > $1", {last_id})) {
    // Rows past the head are either appended since the head was read
    // (PostgreSQL reads are not one snapshot) or forged outside the chain.
    const auto head_now = c.scalar_int64("SELECT last_id FROM audit_chain_head WHERE id = 1").value_or(0);
    if (head_now < *extra) fail(r, *extra, beyond_head(*extra));
  }
  return r;
}

}  // namespace

namespace detail {

std::string altered(std::int64_t id) {
  return "第 " + n(id) + " 条审计记录内容被修改 / audit row " + n(id) + " was altered";
}

std::string deleted_before(std::int64_t id) {
  return "第 " + n(id) + " 条之前的审计记录被删除 / rows before " + n(id) + " were deleted";
}

std::string unlinked(std::int64_t id) {
  return "第 " + n(id) + " 条审计记录与上一条衔接不上（上一条或本条被改动）/ audit row " + n(id) +
         " does not link to the previous row (one of them was altered)";
}

}  // namespace detail

VerifyResult verify(store::Store& store) {
  // An archive committing between our statements on PostgreSQL can make the
  // first rows vanish under us; that is retried, a real finding is not.
  for (int attempt = 0;; ++attempt) {
    std::int64_t cut_seen = 0;
    VerifyResult r = store.read([&](store::Conn& c) { return verify_once(c, cut_seen); });
    if (r.ok || attempt == 2 || store.dialect() == store::Dialect::sqlite) return r;
    const auto cut_now = store.read([](store::Conn& c) {
      return c.scalar_int64("SELECT max(archived_up_to_id) FROM audit_checkpoints").value_or(0);
    });
    if (cut_now == cut_seen) return r;
  }
}

}  // namespace dj::audit
