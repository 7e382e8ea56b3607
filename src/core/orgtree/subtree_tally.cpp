#include "core/orgtree/subtree_tally.h"

#include <cctype>
#include <mutex>
#include <stdexcept>

#include "core/orgtree/path.h"

namespace dj::orgtree {
namespace {

// The open Batch of each (connection, table): a connection serves one
// transaction at a time, so the pair identifies the transaction.
std::mutex batches_mu;
std::map<std::pair<const store::Conn*, std::string>, SubtreeTally::Batch*>& batches() {
  static std::map<std::pair<const store::Conn*, std::string>, SubtreeTally::Batch*> m;
  return m;
}

SubtreeTally::Batch* open_batch(const store::Conn& c, const std::string& table) {
  std::lock_guard lock(batches_mu);
  auto it = batches().find({&c, table});
  return it == batches().end() ? nullptr : it->second;
}

void merge(SubtreeTally::Deltas& into, const SubtreeTally::Deltas& from) {
  for (const auto& [org, keys] : from)
    for (const auto& [key, n] : keys) into[org][key] += n;
}

std::vector<const SubtreeTally*>& followers() {
  static std::vector<const SubtreeTally*> v;
  return v;
}

}  // namespace

void SubtreeTally::follow_moves(const SubtreeTally& t) {
  for (const auto* f : followers())
    if (f->table() == t.table()) return;
  followers().push_back(&t);  // start-up only, before requests run
}

void SubtreeTally::subtree_moved(store::Conn& c, std::int64_t org_id, const std::string& old_parent_path,
                                 const std::string& new_parent_path) {
  for (const auto* f : followers()) f->moved(c, org_id, old_parent_path, new_parent_path);
}

void SubtreeTally::add(store::Conn& c, const Deltas& deltas) const {
  if (Batch* b = open_batch(c, table_))
    merge(b->held, deltas);
  else
    apply(c, deltas);
}

void SubtreeTally::apply(store::Conn& c, const Deltas& deltas) const {
  // Per ancestor, summed first so each row is written once.
  Deltas rolled;
  for (const auto& [org, keys] : deltas) {
    auto path = c.scalar_text("SELECT path FROM orgs WHERE id = $1", {org});
    if (!path) throw std::logic_error(table_ + ": organisation " + std::to_string(org) + " has no path");
    for (std::int64_t a : detail::path_ids(*path))
      for (const auto& [key, n] : keys) rolled[a][key] += n;
  }
  write(c, rolled);
}

void SubtreeTally::write(store::Conn& c, const Deltas& rolled) const {
  const std::string upsert = "INSERT INTO " + table_ +
                             " (org_id, dim, value, n) VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, dim, value) "
                             "DO UPDATE SET n = " + table_ + ".n + excluded.n";
  for (const auto& [org, keys] : rolled) {
    bool changed = false;
    for (const auto& [key, n] : keys)
      if (n != 0) {
        c.exec(upsert, {org, key.first, key.second, n});
        changed = true;
      }
    // Rows that reached zero carry nothing; keep the table as small as the data.
    if (changed) c.exec("DELETE FROM " + table_ + " WHERE org_id = $1 AND n = 0", {org});
  }
}

SubtreeTally::Batch::Batch(const SubtreeTally& tally, store::Conn& c) : tally_(tally), conn_(c) {
  std::lock_guard lock(batches_mu);
  if (!batches().emplace(std::make_pair(&c, tally.table()), this).second)
    throw std::logic_error(tally.table() + ": a Batch is already open on this connection");
}

SubtreeTally::Batch::~Batch() {
  std::lock_guard lock(batches_mu);
  batches().erase({&conn_, tally_.table()});
}

void SubtreeTally::Batch::flush() {
  tally_.apply(conn_, held);
  held.clear();
}

void SubtreeTally::moved(store::Conn& c, std::int64_t org_id, const std::string& old_parent_path,
                         const std::string& new_parent_path) const {
  std::map<Key, std::int64_t> own;
  c.each("SELECT dim, value, n FROM " + table_ + " WHERE org_id = $1", {org_id},
         [&](const store::Row& r) { own[{std::string(r.text(0)), std::string(r.text(1))}] = r.int64(2); });
  if (own.empty()) return;
  Deltas rolled;
  for (std::int64_t a : detail::path_ids(old_parent_path))
    for (const auto& [key, n] : own) rolled[a][key] -= n;
  for (std::int64_t a : detail::path_ids(new_parent_path))
    for (const auto& [key, n] : own) rolled[a][key] += n;  // a shared ancestor nets to zero
  write(c, rolled);
}

SubtreeTally::Counts SubtreeTally::read(store::Conn& c, const std::vector<std::int64_t>& roots) const {
  Counts out;
  for (const auto& [org, counts] : read_each(c, roots))
    for (const auto& [dim, values] : counts)
      for (const auto& [value, n] : values) out[dim][value] += n;
  return out;
}

std::map<std::int64_t, SubtreeTally::Counts> SubtreeTally::read_each(store::Conn& c,
                                                                     const std::vector<std::int64_t>& orgs) const {
  std::map<std::int64_t, Counts> out;
  for (std::int64_t org : orgs) {
    Counts& counts = out[org];
    c.each("SELECT dim, value, n FROM " + table_ + " WHERE org_id = $1", {org}, [&](const store::Row& r) {
      if (r.int64(2) != 0) counts[std::string(r.text(0))][std::string(r.text(1))] += r.int64(2);
    });
  }
  return out;
}

std::vector<std::string> SubtreeTally::verify(store::Conn& c, const std::string& fill_sql) const {
  const auto with = fill_sql.find("WITH RECURSIVE");
  if (with == std::string::npos) throw std::logic_error(table_ + ": the fill statement has no WITH RECURSIVE");
  std::string select = fill_sql.substr(with);
  while (!select.empty() && (select.back() == ';' || std::isspace(static_cast<unsigned char>(select.back()))))
    select.pop_back();
  std::map<std::pair<std::int64_t, Key>, std::int64_t> actual, stored;
  c.each(select, {}, [&](const store::Row& r) {
    actual[{r.int64(0), {std::string(r.text(1)), std::string(r.text(2))}}] = r.int64(3);
  });
  c.each("SELECT org_id, dim, value, n FROM " + table_, {}, [&](const store::Row& r) {
    if (r.int64(3) != 0) stored[{r.int64(0), {std::string(r.text(1)), std::string(r.text(2))}}] = r.int64(3);
  });
  std::vector<std::string> out;
  auto line = [&](const std::pair<std::int64_t, Key>& k, std::int64_t s, std::int64_t a) {
    out.push_back("org " + std::to_string(k.first) + " " + k.second.first + "/" + k.second.second + ": stored " +
                  std::to_string(s) + ", actual " + std::to_string(a));
  };
  for (const auto& [k, n] : stored)
    if (auto it = actual.find(k); it == actual.end() || it->second != n) line(k, n, it == actual.end() ? 0 : it->second);
  for (const auto& [k, n] : actual)
    if (n != 0 && !stored.count(k)) line(k, 0, n);
  return out;
}

}  // namespace dj::orgtree
