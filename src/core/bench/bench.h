// Benchmark support shared by the CLI and the modules (issue 7):
//  * Scale — how much synthetic data `dangjian bench-data` writes; each module
//    writes its own part through its own store code (Module::seed_bench);
//  * probes — named in-process measurements (`dangjian bench probe NAME`):
//    the "query limit" of an endpoint, i.e. the same SQL and JSON
//    serialisation its handler runs, without HTTP, sessions or the guard.
// See bench/README.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "store/store.h"

namespace dj::bench {

struct Scale {
  std::string name;                 // "city", "province" or the member count as text
  std::int64_t members = 0;
  std::int64_t orgs = 0;
  std::int64_t users = 0;
  std::int64_t target_items = 0;    // each with milestones and reports
  std::int64_t audit_rows = 0;
  int max_depth = 10;               // organisation tree levels at most
  std::uint64_t seed = 20121127;    // every run of a scale writes the same data

  bool is_city() const { return name == "city"; }  // city = the demo data
};

// "city" (the demo), "province" (5,000,000 members, 300,000 orgs, 50,000
// users, 2,000,000 target items, 20,000,000 audit rows) or a member count N
// with the rest in the province's proportions. Throws std::invalid_argument.
Scale scale_from(const std::string& text);

// A probe runs one request's worth of work against the store and returns the
// bytes it serialised (so the work cannot be optimised away). `args` are
// name=value pairs from the command line (e.g. org=<code>, q=zs).
using Probe = std::function<std::size_t(store::Store&, const std::map<std::string, std::string>& args)>;
void register_probe(const std::string& name, Probe probe);
const std::map<std::string, Probe>& probes();

}  // namespace dj::bench
