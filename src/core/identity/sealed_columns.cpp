#include "core/identity/sealed_columns.h"

#include <algorithm>

namespace dj::identity {
namespace {
std::vector<SealedTable>& registry() {
  static std::vector<SealedTable> r;
  return r;
}
}  // namespace

void register_sealed_table(SealedTable t) {
  auto& r = registry();
  auto it = std::find_if(r.begin(), r.end(), [&](const SealedTable& x) { return x.table == t.table; });
  if (it != r.end())
    *it = std::move(t);
  else
    r.push_back(std::move(t));
}

const std::vector<SealedTable>& sealed_tables() { return registry(); }

}  // namespace dj::identity
