#include "modules/member/tally.h"

#include <stdexcept>

#include "store/migrations.h"

std::vector<dj::store::Migration> dj_migrations_member();

namespace dj::member::tally {
namespace {

const orgtree::SubtreeTally& table() {
  static const orgtree::SubtreeTally t("member_tallies");
  return t;
}

void add_dims(std::map<orgtree::SubtreeTally::Key, std::int64_t>& into, const Dims& d, int sign) {
  into[{"total", ""}] += sign;
  into[{"status", d.status}] += sign;
  into[{"sex", d.sex}] += sign;
  into[{"rank", d.rank}] += sign;
  into[{"education", d.education}] += sign;
  into[{"birth_month", d.birth_date.substr(0, 7)}] += sign;
}

const store::Migration& fill_migration() {
  static const store::Migration m = [] {
    for (auto& mig : dj_migrations_member())
      if (mig.name == "0003_tallies_fill") return mig;
    throw std::logic_error("member migration 0003_tallies_fill is not embedded");
  }();
  return m;
}

}  // namespace

Batch::Batch(store::Conn& c) : batch_(table(), c) {}

void count(store::Conn& c, std::int64_t org_id, const Dims& d, int sign) {
  orgtree::SubtreeTally::Deltas deltas;
  add_dims(deltas[org_id], d, sign);
  table().add(c, deltas);
}

void change(store::Conn& c, std::int64_t old_org, const Dims& old_dims, std::int64_t new_org, const Dims& new_dims) {
  orgtree::SubtreeTally::Deltas deltas;
  add_dims(deltas[old_org], old_dims, -1);
  add_dims(deltas[new_org], new_dims, +1);
  // Unchanged fields net to zero and are not written.
  for (auto& [org, keys] : deltas) std::erase_if(keys, [](const auto& kv) { return kv.second == 0; });
  std::erase_if(deltas, [](const auto& kv) { return kv.second.empty(); });
  if (!deltas.empty()) table().add(c, deltas);
}

void follow_moves() { orgtree::SubtreeTally::follow_moves(table()); }

Counts read(store::Conn& c, const std::vector<std::int64_t>& roots) { return table().read(c, roots); }

std::int64_t total(store::Conn& c, const std::vector<std::int64_t>& roots) {
  std::int64_t sum = 0;
  for (std::int64_t root : roots)
    sum += c.scalar_int64("SELECT n FROM member_tallies WHERE org_id = $1 AND dim = 'total' AND value = ''", {root})
               .value_or(0);
  return sum;
}

std::vector<std::string> verify(store::Conn& c) { return table().verify(c, fill_migration().sql_for(c.dialect())); }

}  // namespace dj::member::tally
