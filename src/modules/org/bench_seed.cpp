#include "modules/org/bench_seed.h"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <vector>

#include "core/audit/audit.h"
#include "core/bench/rng.h"
#include "core/orgtree/orgtree.h"
#include "modules/org/demo_names.h"
#include "modules/org/profile.h"

namespace dj::org {
namespace {

inline constexpr const char* kBenchRootCode = "SZJG";

struct Spec {
  int parent = -1;  // index into the node list; -1 for the root
  int depth = 0;
  int dept = -1;    // index of the department (depth-1 ancestor)
  int children = 0;
  int sibling = 0;  // 1-based position among its siblings
  std::string code, name, type, secretary;
};

// The shape first, in memory: breadth first, so the shallow levels fill
// before the deep ones and the count is exact. The root has up to 80
// departments (the demo city's organs); below them each organisation has
// 2–9 children, and from the third level on three in ten are 党支部
// (leaves) straight away. Nothing goes below max_depth levels.
std::vector<Spec> shape(const bench::Scale& scale, bench::Rng& rng) {
  const std::int64_t n = std::max<std::int64_t>(1, scale.orgs);
  std::vector<Spec> out;
  out.reserve(static_cast<std::size_t>(n));
  out.push_back(Spec{});
  const int departments = static_cast<int>(std::clamp<std::int64_t>(n / 40, std::min<std::int64_t>(2, n - 1), 80));
  for (int d = 0; d < departments && static_cast<std::int64_t>(out.size()) < n; ++d) {
    out.push_back(Spec{0, 1, d, 0, d + 1, {}, {}, {}, {}});
    ++out[0].children;
  }
  for (std::size_t i = 1; i < out.size() && static_cast<std::int64_t>(out.size()) < n; ++i) {
    const Spec parent = out[i];
    if (parent.depth + 1 >= scale.max_depth) continue;
    if (parent.depth >= 2 && rng.below(10) < 3) continue;  // a 党支部 without sub-branches
    const int k = static_cast<int>(rng.between(2, 9));
    for (int j = 0; j < k && static_cast<std::int64_t>(out.size()) < n; ++j) {
      out.push_back(Spec{static_cast<int>(i), parent.depth + 1, parent.dept, 0, j + 1, {}, {}, {}, {}});
      ++out[i].children;
    }
  }
  return out;
}

std::string person(bench::Rng& rng) {
  const auto& given = demo::given_name_chars();
  std::string name = demo::surnames()[rng.below(demo::surnames().size())] + given[rng.below(given.size())];
  if (rng.below(3) != 0) name += given[rng.below(given.size())];
  return name;
}

std::string numbered(const char* format, int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, n);
  return buf;
}

// Names, types and codes: departments are the demo city's organs (机关党委,
// or 机关党总支 for a small one without sub-organisations), their children
// are named after the organ's divisions (处室), deeper organisations are
// numbered within their division. Codes are hierarchical like the demo's
// ("D012-03-07"), two digits a level, at most 32 characters.
void label(std::vector<Spec>& nodes, bench::Rng& rng, const std::string& root_name) {
  const auto& deps = demo::departments();
  std::vector<std::string> division(nodes.size());  // the division a node belongs to (depth ≥ 2)
  std::vector<int> counter(nodes.size(), 0);        // numbered descendants per depth-2 node
  std::vector<int> top(nodes.size(), -1);           // its depth-2 ancestor
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Spec& s = nodes[i];
    s.secretary = person(rng);
    const bool leaf = s.children == 0;
    if (s.depth == 0) {
      s.code = kBenchRootCode;
      s.name = root_name;
      s.type = "机关工委";
      continue;
    }
    const Spec& parent = nodes[static_cast<std::size_t>(s.parent)];
    const auto& dep = deps[static_cast<std::size_t>(s.dept) % deps.size()];
    if (s.depth == 1) {
      s.code = numbered("D%03d", s.dept + 1);
      s.name = std::string(dep.name) + (s.children <= 5 ? "机关党总支" : "机关党委");
      s.type = s.children <= 5 ? "党总支" : "机关党委";
      if (leaf) s.type = "党支部", s.name = std::string(dep.name) + "机关党支部";
      continue;
    }
    s.code = parent.code + numbered("-%02d", s.sibling);
    if (s.depth == 2) {
      const auto divisions = demo::divisions_of(dep);
      const std::size_t k = static_cast<std::size_t>(s.sibling - 1);
      division[i] = k < divisions.size() ? divisions[k] : "直属单位" + std::to_string(k + 1 - divisions.size());
      top[i] = static_cast<int>(i);
      s.name = division[i] + (leaf ? "党支部" : "党总支");
    } else {
      top[i] = top[static_cast<std::size_t>(s.parent)];
      const auto t = static_cast<std::size_t>(top[i]);
      s.name = division[t] + "第" + std::to_string(++counter[t]) + (leaf ? "党支部" : "党总支");
    }
    s.type = leaf ? "党支部" : "党总支";
  }
}

}  // namespace

void seed_bench(ModuleContext& ctx, const bench::Scale& scale) {
  if (scale.is_city()) return;  // city = the demo tree
  bench::Rng rng(scale.seed);
  std::vector<Spec> nodes = shape(scale, rng);
  label(nodes, rng, "省直机关工委");
  const auto& deps = demo::departments();
  const auto& zones = demo::zone_numerals();

  std::vector<std::int64_t> ids(nodes.size(), 0);
  std::size_t next = 0;
  while (next < nodes.size()) {
    const std::size_t end = std::min(nodes.size(), next + static_cast<std::size_t>(bench::kBatchRows));
    ctx.store.write([&](store::Conn& c) {
      audit::lock_chain(c);
      for (std::size_t i = next; i < end; ++i) {
        const Spec& s = nodes[i];
        const std::string department = s.depth == 0 ? s.name : deps[static_cast<std::size_t>(s.dept) % deps.size()].name;
        const std::string zone =
            s.depth == 0 ? "" : "第" + zones[static_cast<std::size_t>(s.dept) / 10 % zones.size()] + "联系片";
        std::int64_t id = 0;
        if (s.depth == 0) {
          // Like the demo: the one empty root `admin create` made is taken over.
          const auto roots = c.query("SELECT id FROM orgs WHERE parent_id IS NULL");
          if (roots.size() == 1) {
            id = roots.int64(0, 0);
            orgtree::update(c, id, {s.name, s.code, s.type, department, 0});
          }
        }
        if (!id) {
          orgtree::NewOrg o;
          if (s.parent >= 0) o.parent_id = ids[static_cast<std::size_t>(s.parent)];
          o.name = s.name;
          o.code = s.code;
          o.type = s.type;
          o.department = department;
          o.sort_order = s.sibling;
          id = orgtree::create(c, o);
        }
        set_profile(c, id, s.secretary, zone);
        ids[i] = id;
      }
      if (end == nodes.size()) {
        audit::Actor actor;
        actor.username = ctx.actor_name.empty() ? "bench" : ctx.actor_name;
        audit::Entry e{"org.bench_seed", "org", std::to_string(ids[0]), ids[0], {}};
        e.detail["orgs"] = static_cast<std::int64_t>(nodes.size());
        e.detail["scale"] = scale.name;
        audit::append(c, actor, e);
      }
    });
    next = end;
  }
}

}  // namespace dj::org
