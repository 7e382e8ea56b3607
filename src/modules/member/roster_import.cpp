#include "modules/member/roster_import.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/error.h"
#include "core/identity/policy_store.h"
#include "modules/member/member_store.h"
#include "modules/member/roster_columns.h"
#include "modules/member/tally.h"
#include "modules/member/validate/id_number.h"
#include "modules/member/validate/member_rules.h"
#include "modules/member/validate/phone.h"

namespace dj::member {
namespace {

using importer::Rejection;
using importer::Repair;
using importer::Report;

enum Phase { kReading, kChecking, kWriting, kDone };

// A row that passed every per-row rule, waiting for the store checks.
struct Pending {
  std::int64_t row = 0;
  MemberInput input;
  bool org_given = false;  // 所在支部 was filled in (blank = the target, or where the member already is)
};

// Which optional columns the file has: a column the file lacks keeps the
// stored value on update instead of erasing it.
struct Present {
  bool phone = false, ethnicity = false, education = false, post = false, rank = false, category = false;
};

// What the store holds for an ID number that is already registered.
struct Existing {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  MemberInput stored;             // all but the ID number and phone
  std::vector<std::string> phone_hashes;  // stored phone hash ("" when none)
  std::string phone_enc;          // to keep the phone when the file has no phone column
};

struct OrgIndex {
  std::int64_t target = 0;
  std::string target_name;
  std::map<std::string, std::vector<std::int64_t>> by_name;  // subtree orgs in scope
  std::map<std::string, std::int64_t> by_code;
  std::map<std::int64_t, std::string> names;                 // the target's subtree, in scope
};

OrgIndex load_orgs(store::Conn& c, const orgtree::Scope& scope, std::int64_t target) {
  OrgIndex ix;
  ix.target = target;
  std::string path;
  c.each("SELECT name, path, status FROM orgs WHERE id = $1", {target}, [&](const store::Row& r) {
    ix.target_name = r.text(0);
    path = r.text(1);
    if (r.text(2) != "active") path.clear();
  });
  if (path.empty()) throw ApiError::invalid("导入目标党组织不存在或已撤销。", "org_id");
  store::Params p{path, path + "~"};
  std::string in_scope = scope.org_predicate("id", p);
  c.each("SELECT id, name, code FROM orgs WHERE status = 'active' AND path >= $1 AND path < $2 AND " + in_scope, p,
         [&](const store::Row& r) {
           ix.by_name[std::string(r.text(1))].push_back(r.int64(0));
           ix.by_code[std::string(r.text(2))] = r.int64(0);
           ix.names[r.int64(0)] = r.text(1);
         });
  if (!ix.names.count(target)) throw ApiError(403, "out_of_scope", "您无权向该党组织导入党员。", "org_id");
  return ix;
}

// 所在支部: a name or code of an organisation in the target's subtree; blank = the target.
std::optional<std::int64_t> resolve_org(const OrgIndex& ix, const std::string& text, std::string& error,
                                        std::string& code) {
  if (text.empty()) return ix.target;
  if (auto it = ix.by_code.find(text); it != ix.by_code.end()) return it->second;
  auto it = ix.by_name.find(text);
  if (it == ix.by_name.end()) {
    code = "org_not_found";
    error = "所在支部“" + text + "”不在“" + ix.target_name + "”之下，请核对名称或填写组织编码。";
    return std::nullopt;
  }
  if (it->second.size() > 1) {
    code = "org_ambiguous";
    error = "“" + ix.target_name + "”下有 " + std::to_string(it->second.size()) + " 个名为“" + text +
            "”的组织，请改填组织编码。";
    return std::nullopt;
  }
  return it->second.front();
}

std::string status_long_form(const std::string& s) {
  if (s == "正式") return std::string(kStatusFull);
  if (s == "预备") return std::string(kStatusProbationary);
  return s;
}

std::string record_field(const MemberRecord& r, const std::string& f) {
  if (f == "name") return r.name;
  if (f == "sex") return r.sex;
  if (f == "id_number") return r.id_number;
  if (f == "birth_date") return r.birth_date;
  if (f == "join_date") return r.join_date;
  if (f == "full_date") return r.full_date;
  if (f == "status") return r.status;
  if (f == "phone") return r.phone;
  return {};
}

// Checks one record; returns the pending row, or nothing after adding rejections.
std::optional<Pending> check_row(const importer::Record& rec, const OrgIndex& ix, const Date& today, Report& report,
                                 std::unordered_map<std::string, std::vector<std::int64_t>>& rows_of_id) {
  auto cell = [&](int i) -> const std::string& { return rec.cells[static_cast<std::size_t>(i)].value; };
  auto reject = [&](const std::string& field, const std::string& code, const std::string& message) {
    report.rejected.push_back({rec.row, field, code, message});
  };
  auto repaired = [&](const std::string& field, const std::string& from, const std::string& to) {
    // One entry per cell: extend the generic cleaning's entry when there is one.
    for (auto it = report.repaired.rbegin(); it != report.repaired.rend() && it->row == rec.row; ++it)
      if (it->field == field) {
        it->to = to;
        return;
      }
    report.repaired.push_back({rec.row, field, from, to});
  };

  MemberRecord in;
  in.name = cell(kName);
  in.sex = cell(kSex);
  in.id_number = cell(kIdNumber);
  in.birth_date = cell(kBirthDate);
  in.join_date = cell(kJoinDate);
  in.full_date = cell(kFullDate);
  in.status = status_long_form(cell(kStatus));
  if (in.status != cell(kStatus)) repaired("status", cell(kStatus), in.status);
  in.phone = cell(kPhone);

  // A number cell with 16+ digits was rounded by Excel before we ever saw it.
  const auto& id_cell = rec.cells[kIdNumber];
  if (id_cell.is_number && id_cell.value.size() >= 16) {
    reject("id_number", "id_lost_digits", std::string(kIdLostDigitsMessage));
    return std::nullopt;
  }
  MemberCheck check = check_member(in, today);
  // Only well-formed numbers: two rows both reading "3.20402E+17" are broken, not duplicates.
  if (check.record.id_number.size() == 18) rows_of_id[check.record.id_number].push_back(rec.row);
  for (const auto& field : check.repaired) {
    std::string from = record_field(in, field), to = record_field(check.record, field);
    if (from != to) repaired(field, from, to);
  }
  std::string org_error, org_code;
  auto org = resolve_org(ix, cell(kBranch), org_error, org_code);
  if (!org) reject("org", org_code, org_error);
  for (const auto& p : check.problems) reject(p.field, p.code, p.message);
  if (!check.ok() || !org) return std::nullopt;

  Pending out;
  out.row = rec.row;
  out.input.org_id = *org;
  out.input.record = check.record;
  out.input.ethnicity = cell(kEthnicity);
  out.input.education = cell(kEducation);
  out.input.post = cell(kPost);
  out.input.rank = cell(kRank);
  out.input.category = cell(kCategory);
  out.org_given = !cell(kBranch).empty();
  return out;
}

// The same ID number on several rows: none of them is imported — also when
// one of the rows was refused for another reason, since the user must still
// decide which row is right. `rows_of` holds every row's repaired ID number.
void reject_duplicates(std::vector<Pending>& pending,
                       const std::unordered_map<std::string, std::vector<std::int64_t>>& rows_of, Report& report) {
  for (const auto& [id, rows] : rows_of) {
    if (rows.size() < 2) continue;
    for (auto row : rows) {
      std::string others;
      for (auto r : rows)
        if (r != row) others += (others.empty() ? "" : "、") + std::to_string(r);
      report.rejected.push_back({row, "id_number", "duplicate_in_file",
                                 "身份证号与第 " + others + " 行重复，这些行都未导入。请删除重复的行后重新导入。"});
    }
  }
  std::erase_if(pending, [&](const Pending& p) {
    auto it = rows_of.find(p.input.record.id_number);
    return it != rows_of.end() && it->second.size() > 1;
  });
}

// Looks up the ID numbers of pending[begin, end) (all key versions).
std::unordered_map<std::string, Existing> load_existing(store::Conn& c, const crypto::Keyring& keys,
                                                        const std::vector<Pending>& pending, std::size_t begin,
                                                        std::size_t end) {
  std::unordered_map<std::string, std::string> id_of_hash;
  std::unordered_map<std::string, Existing> out;  // by ID number
  std::vector<std::string> hashes;
  auto flush = [&] {
    if (hashes.empty()) return;
    std::string in;
    store::Params p;
    for (auto& h : hashes) {
      p.push_back(h);
      in += (in.empty() ? "$" : ", $") + std::to_string(p.size());
    }
    c.each("SELECT id, id_hash, org_id, name, sex, ethnicity, birth_date, join_date, full_date, status, education, "
           "post, rank, category, phone_hash, phone_enc FROM members WHERE id_hash IN (" + in + ")",
           p, [&](const store::Row& r) {
             Existing e;
             e.id = r.int64(0);
             e.org_id = r.int64(2);
             auto& s = e.stored;
             s.org_id = e.org_id;
             s.record.name = r.text(3);
             s.record.sex = r.text(4);
             s.ethnicity = r.text(5);
             s.record.birth_date = r.text(6);
             s.record.join_date = r.text(7);
             s.record.full_date = r.is_null(8) ? "" : r.text(8);
             s.record.status = r.text(9);
             s.education = r.text(10);
             s.post = r.text(11);
             s.rank = r.text(12);
             s.category = r.text(13);
             e.phone_hashes.push_back(r.is_null(14) ? std::string() : std::string(r.text(14)));
             e.phone_enc = r.is_null(15) ? std::string() : std::string(r.text(15));
             out[id_of_hash[std::string(r.text(1))]] = std::move(e);
           });
    hashes.clear();
  };
  for (std::size_t i = begin; i < end; ++i) {
    const Pending& p = pending[i];
    for (auto& h : keys.lookup_hashes(p.input.record.id_number)) {
      id_of_hash[h] = p.input.record.id_number;
      hashes.push_back(std::move(h));
    }
    if (hashes.size() >= 400) flush();
  }
  flush();
  return out;
}

bool same_phone(const crypto::Keyring& keys, const std::string& phone, const std::string& stored_hash) {
  if (phone.empty() || stored_hash.empty()) return phone.empty() && stored_hash.empty();
  for (const auto& h : keys.lookup_hashes(phone))
    if (h == stored_hash) return true;
  return false;
}

bool same_member(const crypto::Keyring& keys, const MemberInput& a, const Existing& e) {
  const MemberInput& b = e.stored;
  const MemberRecord &x = a.record, &y = b.record;
  return x.name == y.name && x.sex == y.sex && x.birth_date == y.birth_date && x.join_date == y.join_date &&
         x.full_date == y.full_date && x.status == y.status && a.ethnicity == b.ethnicity &&
         a.education == b.education && a.post == b.post && a.rank == b.rank && a.category == b.category &&
         same_phone(keys, x.phone, e.phone_hashes.front());
}

struct Plan {
  std::vector<const Pending*> inserts;
  std::vector<MemberInput> merged;                          // the updated records
  std::vector<std::pair<std::size_t, std::int64_t>> updates;  // index into merged, member id
};

// How a message names the organisation a member already belongs to: by name
// when the importer may see it, otherwise without naming it.
std::string org_label(store::Conn& c, const orgtree::Scope& scope, std::int64_t org_id) {
  store::Params p{org_id};
  std::string in_scope = scope.org_predicate("id", p);
  auto name = c.scalar_text("SELECT name FROM orgs WHERE id = $1 AND " + in_scope, p);
  return name ? "“" + *name + "”" : std::string("您管理范围以外的党组织");
}

// Sorts valid rows into new / changed / unchanged; rows whose member belongs
// to another organisation are rejected as transfer candidates.
Plan classify(store::Conn& c, const crypto::Keyring& keys, const OrgIndex& ix, const orgtree::Scope& scope,
              const Present& present, const std::vector<Pending>& pending, Report& report) {
  Plan plan;
  report.imported = report.updated = report.unchanged = 0;
  // In chunks, so what the store holds is never all in memory at once.
  constexpr std::size_t kChunk = 2000;
  std::unordered_map<std::string, Existing> existing;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (i % kChunk == 0) existing = load_existing(c, keys, pending, i, std::min(pending.size(), i + kChunk));
    const Pending& p = pending[i];
    auto it = existing.find(p.input.record.id_number);
    if (it == existing.end()) {
      plan.inserts.push_back(&p);
      continue;
    }
    const Existing& e = it->second;
    // The row as it would be stored: columns the file lacks keep their stored
    // values, and a blank 所在支部 keeps a member already inside the target's subtree where she is.
    MemberInput merged = p.input;
    if (!present.ethnicity) merged.ethnicity = e.stored.ethnicity;
    if (!present.education) merged.education = e.stored.education;
    if (!present.post) merged.post = e.stored.post;
    if (!present.rank) merged.rank = e.stored.rank;
    if (!present.category) merged.category = e.stored.category;
    if (!present.phone) merged.record.phone = e.phone_enc.empty() ? "" : keys.decrypt(e.phone_enc);
    if (!p.org_given && ix.names.count(e.org_id)) merged.org_id = e.org_id;
    if (e.org_id != merged.org_id) {
      report.rejected.push_back({p.row, "id_number", "transfer_candidate",
                                 "该党员已在" + org_label(c, scope, e.org_id) +
                                     "登记，导入不会自动调动党员；如确需调入，请办理组织关系转接。"});
      continue;
    }
    if (same_member(keys, merged, e)) {
      ++report.unchanged;
    } else {
      plan.merged.push_back(std::move(merged));
      plan.updates.emplace_back(plan.merged.size() - 1, e.id);
    }
  }
  return plan;
}

boost::json::object audit_of(const MemberInput& in) {
  return {{"name", in.record.name}, {"id_number", mask_id(in.record.id_number)}, {"org_id", in.org_id}};
}

}  // namespace

const std::vector<std::string>& import_phases() {
  static const std::vector<std::string> phases = {"reading", "checking", "writing", "done"};
  return phases;
}

Report import_roster(store::Store& store, const crypto::Keyring& keys, const std::string& path,
                     const RosterImportOptions& options, const orgtree::Scope& scope, const audit::Actor& actor,
                     importer::JobProgress* progress) {
  auto phase = [&](Phase p) {
    if (progress) progress->phase = p;
  };
  Report report;
  report.dry_run = options.dry_run;
  report.all_or_nothing = options.all_or_nothing;
  const OrgIndex ix = store.read([&](store::Conn& c) { return load_orgs(c, scope, options.org_id); });

  // Read and check every row; only valid rows are kept (compactly) for the store checks.
  phase(kReading);
  const Date today = today_in_china();
  std::vector<Pending> pending;
  std::unordered_map<std::string, std::vector<std::int64_t>> rows_of_id;
  Present present;
  importer::Options read_opts;
  read_opts.sheet = options.sheet;
  read_opts.max_rows = options.max_rows;
  importer::Progress read_progress;
  read_opts.progress = &read_progress;
  importer::read_table(
      path, roster_columns(), read_opts,
      [&](const importer::Layout& l) {
        report.layout = l;
        auto has = [&](int col) { return !l.headers[static_cast<std::size_t>(col)].empty(); };
        present = {has(kPhone), has(kEthnicity), has(kEducation), has(kPost), has(kRank), has(kCategory)};
      },
      [&](const importer::Record& rec) {
        ++report.rows;
        if (progress) progress->done = report.rows;
        if (auto p = check_row(rec, ix, today, report, rows_of_id)) pending.push_back(std::move(*p));
      },
      [&](const Repair& r) { report.repaired.push_back(r); });
  reject_duplicates(pending, rows_of_id, report);
  rows_of_id.clear();

  phase(kChecking);
  if (progress) {
    progress->done = 0;
    progress->total = static_cast<std::int64_t>(pending.size());
  }
  auto finish_counts = [&](const Plan& plan) {
    report.imported = static_cast<std::int64_t>(plan.inserts.size());
    report.updated = static_cast<std::int64_t>(plan.updates.size());
    if (options.all_or_nothing && !report.rejected.empty()) {
      report.notes.push_back("已选择“全部成功才导入”：有 " + std::to_string(report.rejected_rows()) +
                             " 行被拒绝，因此没有导入任何数据。请按报告修改后重新导入。");
      report.imported = report.updated = report.unchanged = 0;
      return false;
    }
    return true;
  };
  auto sort_rejections = [&] {
    std::stable_sort(report.rejected.begin(), report.rejected.end(),
                     [](const Rejection& a, const Rejection& b) { return a.row < b.row; });
  };

  if (options.dry_run) {
    store.read([&](store::Conn& c) { finish_counts(classify(c, keys, ix, scope, present, pending, report)); });
    sort_rejections();
    report.notes.push_back("这是试导入：以上数字是正式导入时的结果，本次没有写入任何数据。");
    phase(kDone);
    return report;
  }

  // The real run classifies again inside the write transaction, so a member
  // added meanwhile by someone else is seen, and writes everything or nothing.
  store.write([&](store::Conn& c) {
    audit::lock_chain(c);
    report.notes.clear();  // the transaction may be retried: start each attempt afresh
    report.rejected.erase(std::remove_if(report.rejected.begin(), report.rejected.end(),
                                         [](const Rejection& r) { return r.code == "transfer_candidate"; }),
                          report.rejected.end());
    Plan plan = classify(c, keys, ix, scope, present, pending, report);
    report.applied = false;
    if (!finish_counts(plan)) return;
    phase(kWriting);
    const std::int64_t now = identity::now_ms();
    std::int64_t done = 0;
    audit::ChainWriter trail(c);  // one head read/write for the whole import
    tally::Batch tallies(c);      // one write per (organisation, count) for the whole import
    for (const Pending* p : plan.inserts) {
      std::int64_t id = insert(c, keys, p->input, now, true);
      trail.add(actor, {"member.create", "member", std::to_string(id), p->input.org_id, audit_of(p->input)}, now);
      if (progress) progress->done = ++done;
    }
    for (const auto& [index, id] : plan.updates) {
      const MemberInput& in = plan.merged[index];
      update(c, keys, id, in, now);
      trail.add(actor, {"member.update", "member", std::to_string(id), in.org_id, audit_of(in)}, now);
      if (progress) progress->done = ++done;
    }
    tallies.flush();
    trail.add(actor,
                  {"member.import", "org", std::to_string(options.org_id), options.org_id,
                   {{"rows", report.rows},
                    {"imported", report.imported},
                    {"updated", report.updated},
                    {"unchanged", report.unchanged},
                    {"rejected_rows", report.rejected_rows()},
                    {"format", report.layout.format}}},
              now);
    trail.finish();
    report.applied = report.imported + report.updated > 0;
  });
  sort_rejections();
  phase(kDone);
  return report;
}

}  // namespace dj::member
