// archive(): moves a verified prefix of the chain to a JSON-lines file and
// leaves a checkpoint, so the retained rows stay verifiable on their own and
// the archived ones can be checked against the file.
#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "core/audit/audit.h"
#include "core/audit/internal.h"
#include "store/durable_file.h"

namespace dj::audit {
namespace {

constexpr std::int64_t kRetentionMs = 180LL * 24 * 3600 * 1000;  // 等保 2.0: at least six months

struct Plan {
  std::int64_t after_id = 0;  // previous checkpoint (exclusive)
  std::int64_t up_to_id = 0;  // last row to archive
  std::int64_t rows = 0;
  std::string last_hash;
};

std::string write_failed() {
  return std::string("写入归档文件失败 / writing the archive file failed: ") + std::strerror(errno);
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Opens `path` for writing, readable by the owner only (the rows hold
// names and IP addresses).
std::unique_ptr<std::FILE, FileCloser> create_private(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  std::FILE* f = fd >= 0 ? ::fdopen(fd, "w") : nullptr;
  if (!f) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("无法创建归档文件 " + path + " / cannot create archive file " + path + ": " +
                             std::strerror(err));
  }
  return std::unique_ptr<std::FILE, FileCloser>(f);
}

// Decides the cut and writes rows (after_id, up_to_id] to `tmp`, checking
// the chain as it goes: archiving a broken segment would delete the
// evidence and restart verification from a checkpoint we made up.
Plan write_segment(store::Conn& c, std::int64_t before_ms, const std::string& tmp) {
  Plan plan;
  const auto start = c.query(
      "SELECT h.last_id, cp.archived_up_to_id, cp.hash_at_cut FROM audit_chain_head h "
      "LEFT JOIN (SELECT archived_up_to_id, hash_at_cut FROM audit_checkpoints "
      "           ORDER BY archived_up_to_id DESC LIMIT 1) cp ON 1 = 1 WHERE h.id = 1");
  if (start.empty()) throw std::runtime_error("审计链头缺失 / the audit chain head is missing");
  const auto head_id = start.int64(0, 0);
  plan.after_id = start.is_null(0, 1) ? 0 : start.int64(0, 1);
  std::string link = start.is_null(0, 1) ? detail::genesis_hash() : start.text(0, 2);
  // Only a prefix can go: rows up to the first one at or after the cut-off.
  const auto first_kept = c.scalar_int64(
      "SELECT min(id) FROM audit_log WHERE id > $1 AND id <= $2 AND at_ms >= $3",
      {plan.after_id, head_id, before_ms});
  plan.up_to_id = first_kept ? *first_kept - 1 : head_id;
  if (plan.up_to_id <= plan.after_id) return plan;

  auto out = create_private(tmp);
  std::string problem;
  std::int64_t last_id = plan.after_id;
  c.each(std::string("SELECT ") + detail::kStoredColumns +
             " FROM audit_log WHERE id > $1 AND id <= $2 ORDER BY id",
         {plan.after_id, plan.up_to_id}, [&](const store::Row& r) {
           if (!problem.empty()) return;
           const auto s = detail::read_stored_row(r);
           if (s.id != last_id + 1) problem = detail::deleted_before(s.id);
           else if (detail::row_hash(s) != s.hash) problem = detail::altered(s.id);
           else if (s.prev_hash != link) problem = detail::unlinked(s.id);
           if (!problem.empty()) return;
           std::string line = detail::stored_row_json(s);
           line += '\n';
           if (std::fwrite(line.data(), 1, line.size(), out.get()) != line.size()) problem = write_failed();
           last_id = s.id;
           link = s.hash;
           ++plan.rows;
         });
  if (problem.empty() && last_id != plan.up_to_id) problem = detail::deleted_before(plan.up_to_id + 1);
  if (std::fflush(out.get()) != 0 && problem.empty()) problem = write_failed();
  if (std::fclose(out.release()) != 0 && problem.empty()) problem = write_failed();
  if (!problem.empty()) {
    std::remove(tmp.c_str());
    throw std::runtime_error("审计记录未归档：" + problem +
                             " / nothing was archived; run `dangjian audit verify`");
  }
  plan.last_hash = link;
  return plan;
}

}  // namespace

std::int64_t archive(store::Store& store, std::int64_t before_ms, const std::string& file, const Actor& actor) {
  const auto now = detail::now_ms();
  if (before_ms > now - kRetentionMs) {
    const std::string limit = detail::iso_local(now - kRetentionMs);
    throw std::invalid_argument("审计记录须保留至少 180 天，归档截止时间不能晚于 " + limit +
                                " / audit rows must be kept for at least 180 days: the cut-off must not be after " +
                                limit);
  }
  if (file.empty()) throw std::invalid_argument("未指定归档文件 / no archive file given");
  if (std::filesystem::exists(file))
    throw std::runtime_error("归档文件已存在，不会覆盖：" + file + " / the archive file already exists: " + file);
  store::detail::create_parent_dirs(file);

  const std::string tmp = file + ".tmp";
  const Plan plan = store.read([&](store::Conn& c) { return write_segment(c, before_ms, tmp); });
  if (plan.rows == 0) return 0;
  // On disk (file, rename and directory fsynced) before anything is deleted.
  store::detail::durable_rename(tmp, file);

  bool unchanged = true;
  store.write([&](store::Conn& c) {
    lock_chain(c);
    // Someone else may have archived or appended (or tampered) since we
    // read: delete only if the segment is still exactly what the file holds.
    const auto cut = c.scalar_int64("SELECT max(archived_up_to_id) FROM audit_checkpoints").value_or(0);
    const auto rows = c.scalar_int64("SELECT count(*) FROM audit_log WHERE id > $1 AND id <= $2",
                                     {plan.after_id, plan.up_to_id})
                          .value_or(0);
    const auto hash = c.scalar_text("SELECT hash FROM audit_log WHERE id = $1", {plan.up_to_id});
    unchanged = cut == plan.after_id && rows == plan.rows && hash == plan.last_hash;
    if (!unchanged) return;
    c.exec("DELETE FROM audit_log WHERE id <= $1", {plan.up_to_id});
    c.exec("INSERT INTO audit_checkpoints (archived_up_to_id, hash_at_cut, archived_at_ms, file, rows) "
           "VALUES ($1, $2, $3, $4, $5)",
           {plan.up_to_id, plan.last_hash, now, file, plan.rows});
    // The archive run is itself audited, chained after the remaining rows.
    Entry e;
    e.action = "audit.archive";
    e.entity = "audit_log";
    e.detail = {{"after_id", plan.after_id}, {"up_to_id", plan.up_to_id}, {"rows", plan.rows},
                {"hash_at_cut", plan.last_hash}, {"file", file}, {"before_ms", before_ms}};
    Actor by = actor;
    if (by.username.empty()) by.username = "system";
    append(c, by, e, now);
  });
  if (!unchanged) {
    // Nothing was deleted, so the file would only duplicate live rows.
    std::remove(file.c_str());
    throw std::runtime_error("归档期间审计记录发生变化，未归档，请重试 / the audit rows changed while archiving; "
                             "nothing was archived, try again");
  }
  return plan.rows;
}

}  // namespace dj::audit
