// Subtree tallies: counters a module keeps per organisation for its WHOLE
// SUBTREE, so "how many … under this organisation" is a look-up of a few rows
// instead of a scan of up to millions (issue #7, decision 48). A module owns
// a table of the shape
//   (org_id BIGINT, dim TEXT, value TEXT, n BIGINT, PRIMARY KEY (org_id, dim, value))
// and reports what changed for an organisation; this code adds it to that
// organisation and all its ancestors, in the caller's transaction. A module
// registers its tally with follow_moves() at start-up so that moving an
// organisation (orgtree::move) carries its subtree's counts along.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace dj::orgtree {

class SubtreeTally {
 public:
  using Key = std::pair<std::string, std::string>;            // (dim, value)
  using Deltas = std::map<std::int64_t, std::map<Key, std::int64_t>>;  // org -> key -> change
  using Counts = std::map<std::string, std::map<std::string, std::int64_t>>;  // dim -> value -> n

  explicit SubtreeTally(std::string table) : table_(std::move(table)) {}
  const std::string& table() const { return table_; }

  // Adds per-organisation changes to each organisation and its ancestors;
  // held instead while a Batch of this table is open on `c`.
  void add(store::Conn& c, const Deltas& deltas) const;

  // Collects add() calls on one connection (one per transaction) and writes
  // their sum with flush() before the caller commits. Not flushed: nothing
  // written (the transaction is failing anyway).
  class Batch {
   public:
    Batch(const SubtreeTally& tally, store::Conn& c);
    ~Batch();
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    void flush();
    Deltas held;

   private:
    const SubtreeTally& tally_;
    store::Conn& conn_;
  };

  // Registers `t` (a static) to follow organisation moves.
  static void follow_moves(const SubtreeTally& t);
  // Called by orgtree::move in its transaction: moved() on every registered tally.
  static void subtree_moved(store::Conn& c, std::int64_t org_id, const std::string& old_parent_path,
                            const std::string& new_parent_path);

  // Organisation `org_id` and its subtree moved from under old_parent_path to
  // under new_parent_path ("/1/5/"; "" for none).
  void moved(store::Conn& c, std::int64_t org_id, const std::string& old_parent_path,
             const std::string& new_parent_path) const;

  // The counts of the subtrees of `roots` (must not overlap), summed.
  Counts read(store::Conn& c, const std::vector<std::int64_t>& roots) const;
  // Each organisation's own subtree counts.
  std::map<std::int64_t, Counts> read_each(store::Conn& c, const std::vector<std::int64_t>& orgs) const;

  // Recomputes the table with `fill_sql` — the module's migration that fills
  // it, "INSERT INTO <table> (…) WITH RECURSIVE … SELECT org, dim, value, n …"
  // — and lists each stored row that differs, one line each ("org 5
  // status/正式党员: stored 3, actual 4"); empty when exact.
  std::vector<std::string> verify(store::Conn& c, const std::string& fill_sql) const;

 private:
  void apply(store::Conn& c, const Deltas& deltas) const;  // per organisation -> each ancestor, written
  void write(store::Conn& c, const Deltas& rolled) const;  // already per ancestor
  std::string table_;
};

}  // namespace dj::orgtree
