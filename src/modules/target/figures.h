// Target figures per subtree (decision 48): what the statistics count —
// items, milestones, done, done on time, and not-done milestones by due date
// — kept for every organisation's whole subtree in target_figures, so the
// statistics of any organisation read its children's rows instead of
// scanning millions of items (issue #7: ≤ 100 ms at province scale).
//
// Writers snapshot the organisations they touch before the change and
// commit() after it: the difference of each one's own figures, recounted
// from its rows, goes to it and its ancestors. verify() recomputes the whole
// table (the API tests run it after every test).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/orgtree/subtree_tally.h"
#include "store/store.h"

namespace dj::target::figures {

class Change {
 public:
  // Reads the own figures of `orgs` now (before the change).
  Change(store::Conn& c, std::set<std::int64_t> orgs);
  // Adds an organisation the change touches; must be called before it does.
  void touch(std::int64_t org);
  // Recounts and writes the differences (call after the change, in the same transaction).
  void commit();

 private:
  store::Conn& c_;
  orgtree::SubtreeTally::Deltas before_;
};

// The organisations owning items or milestones of plan `plan_id`.
std::set<std::int64_t> orgs_of_plan(store::Conn& c, std::int64_t plan_id);

// Figures of each organisation's subtree: dim -> value -> n.
std::map<std::int64_t, orgtree::SubtreeTally::Counts> read_each(store::Conn& c, const std::vector<std::int64_t>& orgs);

// Registers the figures with the organisation tree (moves carry them along).
void follow_moves();

// Rewrites the whole table from the rows (after bulk loading: demo, bench-data).
void rebuild(store::Conn& c);
// Differences between the table and a recount; empty when exact.
std::vector<std::string> verify(store::Conn& c);

}  // namespace dj::target::figures
