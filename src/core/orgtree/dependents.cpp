#include "core/orgtree/dependents.h"

#include <algorithm>

namespace dj::orgtree {
namespace {
std::vector<Dependent>& registry() {
  static std::vector<Dependent> r;
  return r;
}
}  // namespace

void register_dependent(Dependent d) {
  auto& r = registry();
  // Installing twice (tests build several routers in one process) replaces, never duplicates.
  auto it = std::find_if(r.begin(), r.end(), [&](const Dependent& x) { return x.key == d.key; });
  if (it != r.end())
    *it = std::move(d);
  else
    r.push_back(std::move(d));
}

const std::vector<Dependent>& dependents() { return registry(); }

}  // namespace dj::orgtree
