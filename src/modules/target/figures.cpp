#include "modules/target/figures.h"

#include <stdexcept>

#include "store/migrations.h"

std::vector<dj::store::Migration> dj_migrations_target();

namespace dj::target::figures {
namespace {

using Key = orgtree::SubtreeTally::Key;

const orgtree::SubtreeTally& table() {
  static const orgtree::SubtreeTally t("target_figures");
  return t;
}

const store::Migration& fill_migration() {
  static const store::Migration m = [] {
    for (auto& mig : dj_migrations_target())
      if (mig.name == "0003_figures_fill") return mig;
    throw std::logic_error("target migration 0003_figures_fill is not embedded");
  }();
  return m;
}

// One organisation's own figures, counted from its rows. An independent
// formulation of the migration's `direct`: verify() compares the two.
std::map<Key, std::int64_t> own_figures(store::Conn& c, std::int64_t org) {
  std::map<Key, std::int64_t> f;
  const auto items = c.scalar_int64(
      "SELECT count(*) FROM target_items i JOIN target_plans p ON p.id = i.plan_id "
      "WHERE i.org_id = $1 AND p.status <> 'draft'",
      {org});
  if (items.value_or(0)) f[{"items", ""}] = *items;
  c.each(
      "SELECT m.state, m.due_date, m.done_date FROM target_milestones m LEFT JOIN target_plans p ON p.id = m.plan_id "
      "WHERE m.org_id = $1 AND (m.plan_id IS NULL OR p.status <> 'draft')",
      {org}, [&](const store::Row& r) {
        ++f[{"milestones", ""}];
        const std::string due(r.text(1));
        if (r.text(0) == "done") {
          ++f[{"done", ""}];
          if (!r.is_null(2) && std::string(r.text(2)) <= due) ++f[{"on_time", ""}];
        } else {
          ++f[{"open_due", due}];
        }
      });
  return f;
}

}  // namespace

Change::Change(store::Conn& c, std::set<std::int64_t> orgs) : c_(c) {
  for (std::int64_t org : orgs) touch(org);
}

void Change::touch(std::int64_t org) {
  if (!before_.count(org)) before_[org] = own_figures(c_, org);
}

void Change::commit() {
  orgtree::SubtreeTally::Deltas deltas;
  for (const auto& [org, before] : before_) {
    std::map<Key, std::int64_t> d = own_figures(c_, org);
    for (const auto& [key, n] : before) d[key] -= n;
    std::erase_if(d, [](const auto& kv) { return kv.second == 0; });
    if (!d.empty()) deltas[org] = std::move(d);
  }
  if (!deltas.empty()) table().add(c_, deltas);
  before_.clear();
}

std::set<std::int64_t> orgs_of_plan(store::Conn& c, std::int64_t plan_id) {
  std::set<std::int64_t> out;
  c.each("SELECT DISTINCT org_id FROM target_items WHERE plan_id = $1", {plan_id},
         [&](const store::Row& r) { out.insert(r.int64(0)); });
  c.each("SELECT DISTINCT org_id FROM target_milestones WHERE plan_id = $1", {plan_id},
         [&](const store::Row& r) { out.insert(r.int64(0)); });
  return out;
}

std::map<std::int64_t, orgtree::SubtreeTally::Counts> read_each(store::Conn& c, const std::vector<std::int64_t>& orgs) {
  return table().read_each(c, orgs);
}

void follow_moves() { orgtree::SubtreeTally::follow_moves(table()); }

void rebuild(store::Conn& c) {
  c.exec("DELETE FROM target_figures");
  c.exec_script(fill_migration().sql_for(c.dialect()));
}

std::vector<std::string> verify(store::Conn& c) { return table().verify(c, fill_migration().sql_for(c.dialect())); }

}  // namespace dj::target::figures
