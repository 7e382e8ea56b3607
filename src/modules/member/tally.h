// Member tallies (统计汇总): for every organisation, how many members its
// WHOLE SUBTREE holds — in total and by status, sex, rank, education and
// month of birth — kept exact in the same transaction as every change, so the
// statistics and the list's total of any subtree are a look-up of a few dozen
// rows instead of a scan of up to millions (issue #7: ≤ 100 ms at province
// scale; decision 48).
//
// Writers: member_store (insert, update, transfer), which calls count() for
// each member it changes; the organisation tree's move hook (an org moved
// with its subtree carries its tallies from the old ancestors to the new
// ones). Bulk writers (import, bench-data) open a Batch so a transaction of
// thousands of rows updates each (organisation, dimension, value) once.
// verify() recomputes everything from the members table and lists any
// difference; tests call it after every kind of change.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/orgtree/subtree_tally.h"
#include "store/store.h"

namespace dj::member::tally {

// What a member contributes: one count under each dimension.
struct Dims {
  std::string status, sex, rank, education, birth_date;  // birth_date "YYYY-MM-DD"
};

// Adds (sign +1) or removes (-1) a member of organisation `org_id` to the
// tallies of that organisation and all its ancestors. Inside a Batch on this
// connection the change is held until Batch::flush(); otherwise it is written
// at once.
void count(store::Conn& c, std::int64_t org_id, const Dims& d, int sign);

// A member moved from (old_org, old_dims) to (new_org, new_dims): one write
// of the net change (nothing when neither changed).
void change(store::Conn& c, std::int64_t old_org, const Dims& old_dims, std::int64_t new_org, const Dims& new_dims);

// Collects count()/change() calls on one connection (RAII, one per
// transaction) and writes their sum with flush(), which the caller runs
// before committing. Not flushed: nothing written (the transaction fails).
class Batch {
 public:
  explicit Batch(store::Conn& c);
  void flush() { batch_.flush(); }

 private:
  orgtree::SubtreeTally::Batch batch_;
};

// Registers the tallies with the organisation tree, so that moving an
// organisation carries its subtree's counts from the old ancestors to the new.
void follow_moves();

// dimension -> value -> members, summed over the subtrees of `roots` (which
// must not overlap). Dimensions: total (value ""), status, sex, rank,
// education, birth_month ("1975-03").
using Counts = orgtree::SubtreeTally::Counts;
Counts read(store::Conn& c, const std::vector<std::int64_t>& roots);
std::int64_t total(store::Conn& c, const std::vector<std::int64_t>& roots);

// Recomputes every tally from the members table and returns one line per
// difference ("org 5 status/正式党员: stored 3, actual 4"); empty when exact.
std::vector<std::string> verify(store::Conn& c);

}  // namespace dj::member::tally
