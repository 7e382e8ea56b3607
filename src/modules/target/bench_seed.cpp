#include "modules/target/bench_seed.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/audit/audit.h"
#include "core/bench/rng.h"
#include "core/identity/policy_store.h"
#include "core/orgtree/path.h"
#include "core/tasks/tasks.h"
#include "modules/target/demo.h"
#include "modules/target/rollup.h"
#include "modules/target/target_json.h"

namespace dj::target {
namespace {

inline constexpr std::int64_t kItemsPerPlan = 100;

struct Person {
  std::int64_t user = 0, org = 0;
  std::string name;
};

struct Report {
  int percent = 0;
  std::string status;  // accepted | submitted
  std::string submitted;
};

struct Milestone {
  std::string title, due;
  std::string state = "open";
  std::int64_t progress_bp = 0;
  std::string done_date;
  std::vector<Report> reports;
};

struct Item {
  int parent = -1;  // index in the plan's items; -1 = top level
  int depth = 1;
  int children = 0;
  std::int64_t weight = 10, progress_bp = 0;
  std::string title, criteria;
  Person owner;
  std::vector<Milestone> milestones;
};

const char* const kTopics[] = {"“三会一课”规范化",   "主题党日活动",       "党员发展质量",   "道德讲堂",
                               "书香机关建设",       "创先争优公开承诺",   "党建品牌创建",   "党风廉政教育",
                               "志愿服务进社区",     "党员教育培训",       "基层组织标准化", "作风建设专项整治",
                               "意识形态工作",       "党费收缴管理",       "组织生活会",     "谈心谈话"};
const char* const kSteps[] = {"制定方案", "组织实施", "检查督导", "总结评估", "整改提升"};

std::string clamp_date(const std::string& d, const std::string& lo, const std::string& hi) {
  return std::clamp(d, lo, hi);
}

// A leaf's milestones and reports. Due dates spread over the year; what
// happened to each depends on whether it is already due.
void plan_milestones(Item& item, bench::Rng& rng, const std::string& start, const std::string& end,
                     const std::string& today) {
  const int n = static_cast<int>(rng.between(2, 3));
  for (int k = 0; k < n; ++k) {
    Milestone m;
    m.title = item.title + "·" + kSteps[k % 5];
    m.due = clamp_date(add_days(start, static_cast<int>(rng.between(20, 350))), start, end);
    const bool due = m.due < today;
    const auto roll = rng.below(100);
    auto on = [&](int offset) { return clamp_date(add_days(m.due, offset), start, std::min(end, today)); };
    if (due ? roll < 40 : roll < 10) {  // done on time (or early)
      m.reports.push_back({100, "accepted", on(-static_cast<int>(rng.between(0, 10)))});
    } else if (due && roll < 60) {  // done late
      m.reports.push_back({100, "accepted", on(static_cast<int>(rng.between(1, 20)))});
    } else if (due ? roll < 75 : roll < 25) {  // pending review
      if (rng.below(2)) m.reports.push_back({40, "accepted", on(-30)});
      m.reports.push_back({static_cast<int>(rng.between(60, 95)), "submitted", on(-static_cast<int>(rng.between(0, 5)))});
    } else if (roll < (due ? 88 : 50)) {  // partly done: overdue when due
      m.reports.push_back({static_cast<int>(rng.between(20, 70)), "accepted", on(-static_cast<int>(rng.between(5, 40)))});
    }  // else: nothing reported (overdue when due)
    for (const Report& r : m.reports) {
      if (r.status == "accepted") {
        m.progress_bp = r.percent * 100;
        m.state = r.percent == 100 ? "done" : "open";
        m.done_date = r.percent == 100 ? r.submitted : "";
      } else {
        m.state = "submitted";
      }
    }
    item.milestones.push_back(std::move(m));
  }
}

// The items of one plan, breadth first (parents before children), with
// their derived progress computed bottom-up by rollup.h's rule.
std::vector<Item> plan_items(std::int64_t count, bench::Rng& rng, const std::vector<Person>& people,
                             const std::string& start, const std::string& end, const std::string& today,
                             std::int64_t& plan_bp) {
  std::vector<Item> items;
  items.reserve(static_cast<std::size_t>(count));
  auto pick = [&] { return people[rng.below(people.size())]; };
  auto add = [&](int parent) {
    Item it;
    it.parent = parent;
    it.depth = parent < 0 ? 1 : items[static_cast<std::size_t>(parent)].depth + 1;
    it.weight = rng.between(1, 10) * 10;
    const std::string base = parent < 0 ? kTopics[rng.below(std::size(kTopics))] : items[static_cast<std::size_t>(parent)].title;
    it.title = parent < 0 ? base : base.substr(0, std::min<std::size_t>(base.size(), 60)) + "（" +
                                       std::to_string(items[static_cast<std::size_t>(parent)].children + 1) + "）";
    it.criteria = "按时保质完成，有记录、有总结、有成效";
    it.owner = pick();
    if (parent >= 0) ++items[static_cast<std::size_t>(parent)].children;
    items.push_back(std::move(it));
  };
  const std::int64_t top = std::min<std::int64_t>(count, rng.between(3, 6));
  for (std::int64_t i = 0; i < top; ++i) add(-1);
  for (std::size_t i = 0; static_cast<std::int64_t>(items.size()) < count; ++i) {
    if (i >= items.size()) {
      add(-1);  // every branch is 4 deep already: widen the top
      continue;
    }
    if (items[i].depth >= 4) continue;
    const std::int64_t k = rng.between(2, 5);
    for (std::int64_t j = 0; j < k && static_cast<std::int64_t>(items.size()) < count; ++j)
      add(static_cast<int>(i));
  }
  // Bottom-up: children come after their parent, so walk backwards.
  std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> child_bp(items.size());
  std::vector<std::pair<std::int64_t, std::int64_t>> top_bp;
  for (std::size_t i = items.size(); i-- > 0;) {
    Item& it = items[i];
    if (it.children == 0) {
      plan_milestones(it, rng, start, end, today);
      std::vector<std::pair<std::int64_t, std::int64_t>> ms;
      for (const auto& m : it.milestones) ms.emplace_back(1, m.progress_bp);
      it.progress_bp = weighted_bp(ms);
    } else {
      it.progress_bp = weighted_bp(child_bp[i]);
    }
    if (it.parent >= 0) child_bp[static_cast<std::size_t>(it.parent)].emplace_back(it.weight, it.progress_bp);
    else top_bp.emplace_back(it.weight, it.progress_bp);
  }
  plan_bp = weighted_bp(top_bp);
  return items;
}

}  // namespace

void seed_bench(ModuleContext& ctx, const bench::Scale& scale) {
  if (scale.is_city()) return;  // city = the demo plan
  const std::int64_t total = std::max<std::int64_t>(0, scale.target_items);
  const std::string today = tasks::today_beijing();
  const std::string year = today.substr(0, 4);
  const std::string start = year + "-01-01", end = year + "-12-31";
  const std::int64_t now = identity::now_ms();

  // Who can own items: the bench accounts, grouped by their department (the
  // depth-1 organisation above their home). Issuers: the departments and
  // the organisations right below them.
  std::map<std::int64_t, std::vector<Person>> by_department;
  struct Issuer {
    std::int64_t org = 0, department = 0;
    std::string name;
  };
  std::vector<Issuer> issuers;
  Person admin;
  ctx.store.write([&](store::Conn& c) {
    grant_role_permissions(c);
    by_department.clear();
    issuers.clear();
    c.each("SELECT u.id, u.org_id, u.display_name, o.path, u.username FROM users u JOIN orgs o ON o.id = u.org_id "
           "WHERE u.status = 'active' ORDER BY u.id",
           {}, [&](const store::Row& r) {
             const auto ids = orgtree::detail::path_ids(r.text(3));
             Person p{r.int64(0), r.int64(1), std::string(r.text(2))};
             if (r.text(4) == "bench_admin") admin = p;
             by_department[ids.size() > 1 ? ids[1] : ids[0]].push_back(p);
           });
    c.each("SELECT id, path, depth, name FROM orgs WHERE status = 'active' AND depth BETWEEN 0 AND 2 ORDER BY path",
           {}, [&](const store::Row& r) {
             const auto ids = orgtree::detail::path_ids(r.text(1));
             if (r.int64(2) == 0 && ids.size() == 1) {
               if (!admin.user) return;
               issuers.push_back({r.int64(0), ids[0], std::string(r.text(3))});
             } else if (r.int64(2) > 0) {
               issuers.push_back({r.int64(0), ids[1], std::string(r.text(3))});
             }
           });
  });
  if (total == 0 || issuers.empty() || by_department.empty()) return;

  const std::int64_t plans = (total + kItemsPerPlan - 1) / kItemsPerPlan;
  bench::Rng rng(scale.seed ^ 0x7a72676574ULL);
  std::int64_t written = 0;
  for (std::int64_t p = 0; p < plans;) {
    // Plan the next batch in memory (a retried transaction writes it again).
    struct Planned {
      Issuer issuer;
      std::int64_t round = 0;  // the issuer's n-th plan
      Person issued_by;
      std::int64_t bp = 0;
      std::vector<Item> items;
    };
    std::vector<Planned> batch;
    std::int64_t rows = 0;
    for (; p < plans && rows < bench::kBatchRows; ++p) {
      const Issuer& is = issuers[static_cast<std::size_t>(p) % issuers.size()];
      auto found = by_department.find(is.department);
      const std::vector<Person> fallback{admin.user ? admin : by_department.begin()->second.front()};
      const std::vector<Person>& people = found != by_department.end() ? found->second : fallback;
      const std::int64_t count = total / plans + (p < total % plans ? 1 : 0);
      Planned planned{is, p / static_cast<std::int64_t>(issuers.size()) + 1, people.front(), 0, {}};
      planned.items = plan_items(count, rng, people, start, end, today, planned.bp);
      rows += count;
      batch.push_back(std::move(planned));
    }
    ctx.store.write([&](store::Conn& c) {
      for (std::size_t b = 0; b < batch.size(); ++b) {
        const Planned& pl = batch[b];
        const std::int64_t plan = *c.scalar_int64(
            "INSERT INTO target_plans(org_id, year, title, tags, description, start_date, end_date, status, "
            "progress_bp, created_by, created_by_name, created_at_ms, updated_at_ms, issued_at_ms) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, 'issued', $8, $9, $10, $11, $11, $11) RETURNING id",
            {pl.issuer.org, static_cast<std::int64_t>(std::stoi(year)),
             year + "年" + pl.issuer.name + "党建目标任务（第" + std::to_string(pl.round) + "批）",
             std::string(R"(["五大工程","创先争优"])"), std::string("把目标任务细化分解到每个岗位，明确时序进度。"),
             start, end, pl.bp, pl.issued_by.user, pl.issued_by.name, now});
        std::vector<std::int64_t> ids(pl.items.size(), 0);
        std::vector<std::string> paths(pl.items.size());
        for (std::size_t i = 0; i < pl.items.size(); ++i) {
          const Item& it = pl.items[i];
          const std::size_t parent = static_cast<std::size_t>(it.parent);
          const std::int64_t id = *c.scalar_int64(
              "INSERT INTO target_items(plan_id, parent_id, path, depth, sort, title, criteria, weight, org_id, "
              "owner_user_id, owner_name, progress_bp, created_at_ms, updated_at_ms) "
              "VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
              {plan, it.parent < 0 ? store::Value() : store::Value(ids[parent]), static_cast<std::int64_t>(it.depth),
               static_cast<std::int64_t>(i + 1), it.title, it.criteria, it.weight, it.owner.org, it.owner.user,
               it.owner.name, it.progress_bp, now});
          ids[i] = id;
          paths[i] = (it.parent < 0 ? std::string("/") : paths[parent]) + std::to_string(id) + "/";
          c.exec("UPDATE target_items SET path = $1 WHERE id = $2", {paths[i], id});
          c.exec("INSERT INTO target_item_history(item_id, action, detail, by_name, at_ms) "
                 "VALUES ($1, 'create', $2, '基准测试数据', $3)",
                 {id, boost::json::serialize(boost::json::object{{"title", it.title}, {"owner", it.owner.name}}), now});
          for (const Milestone& m : it.milestones) {
            const std::int64_t mid = *c.scalar_int64(
                "INSERT INTO target_milestones(kind, plan_id, item_id, title, due_date, org_id, owner_user_id, "
                "owner_name, state, progress_bp, done_date, created_at_ms, updated_at_ms) "
                "VALUES ('milestone', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
                {plan, id, m.title, m.due, it.owner.org, it.owner.user, it.owner.name, m.state, m.progress_bp,
                 m.done_date.empty() ? store::Value() : store::Value(m.done_date), now});
            for (const Report& r : m.reports) {
              const bool accepted = r.status == "accepted";
              c.exec("INSERT INTO target_reports(milestone_id, org_id, reporter_user_id, reporter_name, body, percent, "
                     "done, status, reviewer_user_id, reviewer_name, reviewed_at_ms, submitted_date, submitted_at_ms) "
                     "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                     {mid, it.owner.org, it.owner.user, it.owner.name,
                      std::string(r.percent == 100 ? "已按要求完成，相关材料已归档。" : "正在推进，已完成阶段性工作。"),
                      static_cast<std::int64_t>(r.percent), static_cast<std::int64_t>(r.percent == 100), r.status,
                      accepted ? store::Value(pl.issued_by.user) : store::Value(),
                      accepted ? pl.issued_by.name : std::string(), accepted ? store::Value(now) : store::Value(),
                      r.submitted, now});
            }
          }
        }
      }
    });
    written += rows;
  }
  ctx.store.write([&](store::Conn& c) {
    audit::lock_chain(c);
    audit::Actor actor;
    actor.username = ctx.actor_name.empty() ? "bench" : ctx.actor_name;
    audit::append(c, actor,
                  {"target.bench_seed", "target_plan", "", std::nullopt,
                   {{"plans", plans}, {"items", written}, {"scale", scale.name}}});
  });
}

}  // namespace dj::target
