#include "modules/org/import_file.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "core/error.h"
#include "modules/org/import_columns.h"
#include "modules/org/import_plan.h"
#include "modules/org/name_clean.h"
#include "modules/org/profile.h"

namespace dj::org {
namespace {

namespace json = boost::json;
using import::Action;
using import::ParentRef;
using import::Step;

import::Row row_from(const importer::Record& r) {
  auto cell = [&](import::Col c) { return c < r.cells.size() ? r.cells[c].value : std::string(); };
  import::Row row;
  row.row = r.row;
  row.name = cell(import::kName);
  row.code = cell(import::kCode);
  row.parent_code = cell(import::kParentCode);
  row.parent_name = cell(import::kParentName);
  row.type = cell(import::kType);
  row.department = cell(import::kDepartment);
  row.secretary = cell(import::kSecretary);
  row.contact_zone = cell(import::kZone);
  row.sort_order = cell(import::kSortOrder);
  return row;
}

// Name cells come raw from the importer (trimmed only, with the trim
// already reported); they get clean_name_cell here, and the report shows
// one repair per cell from what the file held to what is used.
void clean_names(importer::Record& r, std::vector<importer::Repair>& repaired) {
  for (const import::Col col : import::kNameColumns) {
    if (col >= r.cells.size() || !r.cells[col].present) continue;
    importer::Cell& cell = r.cells[col];
    const std::string cleaned = clean_name_cell(cell.original);
    const std::string& key = import::columns()[col].key;
    auto earlier = std::find_if(repaired.rbegin(), repaired.rend(),
                                [&](const importer::Repair& x) { return x.row == r.row && x.field == key; });
    if (earlier != repaired.rend())
      earlier->to = cleaned;
    else if (cleaned != cell.original)
      repaired.push_back({r.row, key, cell.original, cleaned});
    cell.value = cleaned;
  }
}

// What exists, the dictionary and the default parent, as the planner needs them.
import::Context load_context(store::Conn& c, const ImportOptions& o) {
  import::Context ctx;
  c.each("SELECT id, parent_id, path, code, name, type, department, secretary, contact_zone, status, sort_order "
         "FROM orgs",
         {}, [&](const store::Row& r) {
           import::Existing e;
           e.id = r.int64(0);
           e.parent_id = r.opt_int64(1);
           e.path = r.text(2);
           e.code = r.text(3);
           e.name = r.text(4);
           e.type = r.text(5);
           e.department = r.text(6);
           e.secretary = r.text(7);
           e.contact_zone = r.text(8);
           e.status = r.text(9);
           e.sort_order = static_cast<int>(r.int64(10));
           e.in_scope = o.scope.contains(e.id, e.path);
           ctx.existing.push_back(std::move(e));
         });
  c.each("SELECT code, name FROM org_types", {}, [&](const store::Row& r) {
    ctx.types[std::string(r.text(0))] = std::string(r.text(0));
    ctx.types.emplace(std::string(r.text(1)), std::string(r.text(0)));
  });
  const import::Existing* parent = nullptr;
  for (const auto& e : ctx.existing)
    if ((o.parent_id && e.id == *o.parent_id) || (!o.parent_id && !o.parent_code.empty() && e.code == o.parent_code))
      parent = &e;
  if (o.parent_id || !o.parent_code.empty()) {
    const std::string field = o.parent_id ? "parent_id" : "parent";
    if (!parent || !parent->in_scope) throw ApiError::invalid("默认的上级组织不存在或不在您的管理范围内。", field);
    if (parent->status != "active") throw ApiError::invalid("默认的上级组织已撤销。", field);
    ctx.default_parent = parent->id;
  }
  ctx.roots_allowed = o.scope.is_all();
  return ctx;
}

json::object step_fields(const Step& s, std::optional<std::int64_t> parent_id) {
  return {{"parent_id", parent_id ? json::value(*parent_id) : json::value(nullptr)},
          {"name", s.name},
          {"code", s.code},
          {"type", s.type},
          {"department", s.department},
          {kAuditSecretaryKey, s.secretary},
          {"contact_zone", s.contact_zone},
          {"sort_order", s.sort_order}};
}

json::object existing_fields(const import::Existing& e) {
  return {{"parent_id", e.parent_id ? json::value(*e.parent_id) : json::value(nullptr)},
          {"name", e.name},
          {"code", e.code},
          {"type", e.type},
          {"department", e.department},
          {kAuditSecretaryKey, e.secretary},
          {"contact_zone", e.contact_zone},
          {"sort_order", e.sort_order}};
}

// Writes the plan's steps in order (parents first); returns the audit rows.
std::vector<audit::Entry> apply(store::Conn& c, const std::vector<import::Row>& rows, const import::Context& ctx,
                                const import::Plan& plan, const ImportOptions& o) {
  std::map<std::size_t, std::int64_t> created;  // row index -> new id
  std::map<std::int64_t, const import::Existing*> existing;
  for (const auto& e : ctx.existing) existing[e.id] = &e;
  std::vector<audit::Entry> entries;
  const std::int64_t total = plan.creates + plan.updates;
  std::int64_t done = 0;
  for (const Step& s : plan.steps) {
    if (s.action == Action::unchanged) continue;
    std::optional<std::int64_t> parent;
    if (s.parent.kind == ParentRef::Kind::existing) parent = s.parent.id;
    if (s.parent.kind == ParentRef::Kind::row) parent = created.at(s.parent.index);
    audit::Entry e;
    e.entity = "org";
    if (s.action == Action::create) {
      orgtree::NewOrg n;
      n.parent_id = parent;
      n.name = s.name;
      n.code = s.code;
      n.type = s.type;
      n.department = s.department;
      n.sort_order = s.sort_order;
      const std::int64_t id = orgtree::create(c, n);
      set_profile(c, id, s.secretary, s.contact_zone);
      created[s.index] = id;
      e.action = "org.create";
      e.entity_id = std::to_string(id);
      e.org_id = id;
      e.detail = audit::diff({}, step_fields(s, parent));
    } else {
      const std::int64_t id = *s.existing_id;
      orgtree::OrgChanges ch;
      ch.name = s.name;
      ch.type = s.type;
      ch.department = s.department;
      ch.sort_order = s.sort_order;
      orgtree::update(c, id, ch);
      set_profile(c, id, s.secretary, s.contact_zone);
      if (s.moves) orgtree::move(c, id, *parent);
      e.action = s.moves ? "org.move" : "org.update";
      e.entity_id = std::to_string(id);
      e.org_id = id;
      e.detail = audit::diff(existing_fields(*existing.at(id)), step_fields(s, parent));
    }
    e.detail["import_row"] = rows[s.index].row;
    entries.push_back(std::move(e));
    if (o.on_progress) o.on_progress(2, ++done, total);
  }
  return entries;
}

struct Outcome {
  import::Plan plan;
  bool applied = false;
};

}  // namespace

importer::Report import_file(store::Store& store, const std::string& path, const ImportOptions& options,
                             const audit::Actor& actor, importer::Progress* progress) {
  importer::Report report;
  report.dry_run = options.dry_run;
  report.all_or_nothing = options.all_or_nothing;

  std::vector<import::Row> rows;
  importer::Options read_options;
  read_options.progress = progress;
  if (options.on_progress) options.on_progress(0, 0, 0);
  importer::read_table(
      path, import::columns(), read_options, [&](const importer::Layout& l) { report.layout = l; },
      [&](const importer::Record& r) {
        importer::Record record = r;
        clean_names(record, report.repaired);
        rows.push_back(row_from(record));
        if (options.on_progress && rows.size() % 500 == 0)
          options.on_progress(0, static_cast<std::int64_t>(rows.size()), 0);
      },
      [&](const importer::Repair& r) { report.repaired.push_back(r); });
  report.rows = static_cast<std::int64_t>(rows.size());
  if (options.on_progress) options.on_progress(1, 0, report.rows);

  // Planned inside the transaction that writes, so nothing changes between
  // the check and the write. write() may run this more than once (retries),
  // so it returns its result instead of touching the report.
  auto run = [&](store::Conn& c, bool write) {
    if (write) audit::lock_chain(c);
    Outcome out;
    const import::Context ctx = load_context(c, options);
    out.plan = import::plan(rows, ctx);
    const bool refused = options.all_or_nothing && !out.plan.rejected.empty();
    if (!write) return out;
    audit::Entry summary{"org.import", "org", "", std::nullopt, {}};
    if (!refused) {
      for (const auto& e : apply(c, rows, ctx, out.plan, options)) audit::append(c, actor, e);
      out.applied = true;
    } else {
      summary.outcome = "failure";
      summary.reason = "全部或全不导入：有被拒绝的行，未导入任何数据。";
    }
    std::set<std::int64_t> rejected_rows;
    for (const auto& r : out.plan.rejected) rejected_rows.insert(r.row);
    summary.detail = {{"rows", report.rows},          {"imported", out.applied ? out.plan.creates : 0},
                      {"updated", out.applied ? out.plan.updates : 0}, {"unchanged", out.plan.unchanged},
                      {"rejected_rows", rejected_rows.size()}, {"all_or_nothing", options.all_or_nothing}};
    if (options.parent_id) summary.org_id = options.parent_id;
    audit::append(c, actor, summary);
    return out;
  };
  const Outcome out = options.dry_run ? store.read([&](store::Conn& c) { return run(c, false); })
                                      : store.write([&](store::Conn& c) { return run(c, true); });

  report.applied = out.applied;
  report.rejected = out.plan.rejected;
  report.unchanged = out.plan.unchanged;
  const bool refused = options.all_or_nothing && !out.plan.rejected.empty();
  if (refused) {
    report.notes.push_back("全部或全不导入：有 " + std::to_string(report.rejected_rows()) +
                           " 行被拒绝，未导入任何数据。修正后重新导入，将新增 " + std::to_string(out.plan.creates) +
                           " 个、更新 " + std::to_string(out.plan.updates) + " 个组织。");
  } else {
    report.imported = out.plan.creates;
    report.updated = out.plan.updates;
  }
  if (options.dry_run) report.notes.push_back("试运行：以上是正式导入时的结果，未写入任何数据。");
  const auto& headers = report.layout.headers;
  if (headers.size() > import::kParentName && headers[import::kParentCode].empty() &&
      headers[import::kParentName].empty())
    report.notes.push_back("文件中没有“上级组织编码”或“上级组织名称”列：新组织都放在默认的上级组织之下。");
  return report;
}

}  // namespace dj::org
