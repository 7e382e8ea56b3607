#include "modules/target/demo.h"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <string>

#include "core/audit/audit.h"
#include "core/identity/policy_store.h"
#include "core/notify/notify.h"
#include "core/tasks/tasks.h"
#include "modules/target/permissions.h"
#include "modules/target/rollup.h"
#include "modules/target/target_json.h"

namespace dj::target {
namespace {

// The member module's demo roles gain this module's permissions: the
// Committee and departments plan, decompose, review and inspect; a branch
// secretary decomposes and reviews inside the branch. Party members need
// none (their to-do list is theirs by ownership).
void grant_demo_permissions(store::Conn& c) {
  const std::map<std::string, std::vector<const char*>> grants = {
      {"committee_admin", {perm::read, perm::manage, perm::review, perm::supervise}},
      {"party_committee", {perm::read, perm::manage, perm::review, perm::supervise}},
      {"branch_secretary", {perm::read, perm::manage, perm::review}},
  };
  for (const auto& [code, perms] : grants) {
    auto role = c.scalar_int64("SELECT id FROM roles WHERE code = $1", {code});
    if (!role) continue;
    for (const char* p : perms)
      c.exec("INSERT INTO role_permissions(role_id, permission) VALUES ($1, $2) ON CONFLICT DO NOTHING",
             {*role, std::string(p)});
  }
}

}  // namespace

void grant_role_permissions(store::Conn& c) { grant_demo_permissions(c); }

namespace {

struct Person {
  std::int64_t user = 0, org = 0;
  std::string name;
};

class DemoWriter {
 public:
  DemoWriter(store::Conn& c, std::int64_t plan, std::int64_t now) : c_(c), plan_(plan), now_(now) {}

  std::int64_t item(std::int64_t parent, const std::string& title, const std::string& criteria, int weight,
                    const Person& owner) {
    std::string parent_path = parent ? c_.scalar_text("SELECT path FROM target_items WHERE id = $1", {parent}).value_or("/")
                                     : "/";
    const std::int64_t depth = parent ? c_.scalar_int64("SELECT depth FROM target_items WHERE id = $1", {parent}).value_or(0) + 1 : 1;
    std::int64_t id = *c_.scalar_int64(
        "INSERT INTO target_items(plan_id, parent_id, path, depth, sort, title, criteria, weight, org_id, owner_user_id, "
        "owner_name, created_at_ms, updated_at_ms) VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) "
        "RETURNING id",
        {plan_, parent ? store::Value(parent) : store::Value(), depth, ++sort_, title, criteria,
         static_cast<std::int64_t>(weight), owner.org, owner.user, owner.name, now_});
    c_.exec("UPDATE target_items SET path = $1 WHERE id = $2", {parent_path + std::to_string(id) + "/", id});
    c_.exec("INSERT INTO target_item_history(item_id, action, detail, by_name, at_ms) VALUES ($1, 'create', $2, '演示数据', $3)",
            {id, boost::json::serialize(boost::json::object{{"title", title}, {"owner", owner.name}}), now_});
    return id;
  }

  std::int64_t milestone(std::int64_t item, const std::string& title, const std::string& due, const Person& owner) {
    return *c_.scalar_int64(
        "INSERT INTO target_milestones(kind, plan_id, item_id, title, due_date, org_id, owner_user_id, owner_name, "
        "created_at_ms, updated_at_ms) VALUES ('milestone', $1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        {plan_, item, title, due, owner.org, owner.user, owner.name, now_});
  }

  // A report, accepted (done or partial) or waiting for review.
  void report(std::int64_t milestone, const Person& owner, const std::string& body, int percent,
              const std::string& submitted, const std::string& status, const Person& reviewer) {
    const bool done = percent == 100;
    c_.exec(
        "INSERT INTO target_reports(milestone_id, org_id, reporter_user_id, reporter_name, body, percent, done, status, "
        "reviewer_user_id, reviewer_name, reviewed_at_ms, submitted_date, submitted_at_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        {milestone, owner.org, owner.user, owner.name, body, static_cast<std::int64_t>(percent),
         static_cast<std::int64_t>(done), status,
         status == "accepted" ? store::Value(reviewer.user) : store::Value(),
         status == "accepted" ? reviewer.name : std::string(),
         status == "accepted" ? store::Value(now_) : store::Value(), submitted, now_});
    if (status == "accepted")
      c_.exec("UPDATE target_milestones SET progress_bp = $1, state = $2, done_date = $3 WHERE id = $4",
              {static_cast<std::int64_t>(percent) * 100, done ? "done" : "open",
               done ? store::Value(submitted) : store::Value(), milestone});
    else
      c_.exec("UPDATE target_milestones SET state = 'submitted' WHERE id = $1", {milestone});
  }

 private:
  store::Conn& c_;
  std::int64_t plan_, now_;
  int sort_ = 0;
};

std::optional<Person> demo_person(store::Conn& c, const char* username) {
  std::optional<Person> p;
  c.each("SELECT id, org_id, display_name FROM users WHERE username = $1", {std::string(username)},
         [&](const store::Row& r) { p = Person{r.int64(0), r.int64(1), std::string(r.text(2))}; });
  return p;
}

}  // namespace

void seed_demo(ModuleContext& ctx) {
  ctx.store.write([&](store::Conn& c) {
    audit::lock_chain(c);
    grant_demo_permissions(c);
    if (c.scalar_int64("SELECT count(*) FROM target_plans").value_or(0) > 0) return;
    auto committee = demo_person(c, "gwadmin");
    auto dept = demo_person(c, "dangwei");
    auto branch = demo_person(c, "zhibu");
    auto member = demo_person(c, "dangyuan");
    if (!committee || !dept || !branch || !member) return;  // the member module's demo accounts are missing

    const std::int64_t now = identity::now_ms();
    const std::string today = tasks::today_beijing();
    const std::string year = today.substr(0, 4);
    const std::string start = year + "-01-01", end = year + "-12-31";
    auto in_year = [&](std::string d) { return std::clamp(d, start, end); };

    std::int64_t plan = *c.scalar_int64(
        "INSERT INTO target_plans(org_id, year, title, tags, description, start_date, end_date, status, created_by, "
        "created_by_name, created_at_ms, updated_at_ms, issued_at_ms) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, 'issued', $8, $9, $10, $10, $10) RETURNING id",
        {committee->org, static_cast<std::int64_t>(std::stoi(year)), year + "年“创新驱动加速年”党建目标任务",
         std::string(R"(["五大工程","创先争优"])"),
         "把目标任务细化分解到每个岗位，明确时序进度，加强督促检查，切实提高执行力。", start, end, committee->user,
         committee->name, now});
    DemoWriter w(c, plan, now);

    std::int64_t projects = w.item(0, "深化“五大工程”建设", "五大工程各项载体按计划开展，年度考核达到良好以上", 40, *dept);
    std::int64_t lecture = w.item(projects, "道德讲堂每季度开讲一次", "每季度至少一次，参加人数不少于在职党员的80%", 50, *branch);
    std::int64_t reading = w.item(projects, "书香工程：党员人均读书4本", "组织读书分享会不少于2次，人均撰写心得2篇", 50, *member);
    std::int64_t meetings = w.item(0, "“三会一课”规范化", "支部党员大会每季度一次、党课每季度一次，记录完整", 30, *branch);
    std::int64_t pledge = w.item(0, "创先争优公开承诺", "党员公开承诺率100%，年底评诺", 20, *dept);  // weights sum to 90: shown normalised

    std::int64_t q1 = w.milestone(lecture, "第一季度道德讲堂", in_year(year + "-03-31"), *branch);
    std::int64_t q2 = w.milestone(lecture, "第二季度道德讲堂", in_year(year + "-06-30"), *branch);
    w.milestone(lecture, "第三季度道德讲堂", in_year(year + "-09-30"), *branch);
    w.milestone(lecture, "第四季度道德讲堂", in_year(year + "-12-20"), *branch);
    std::int64_t share = w.milestone(reading, "上半年读书分享会", in_year(year + "-06-30"), *member);
    std::int64_t share2 = w.milestone(reading, "下半年读书分享会", in_year(add_days(today, 2)), *member);
    w.milestone(meetings, "上半年“三会一课”检查", in_year(year + "-07-15"), *branch);
    w.milestone(meetings, "全年“三会一课”总结", in_year(year + "-12-25"), *branch);
    w.milestone(pledge, "年底评诺", in_year(year + "-12-28"), *dept);

    w.report(q1, *branch, "3月20日开讲，主题“身边好人”，参加42人。", 100, in_year(year + "-03-20"), "accepted", *dept);
    w.report(q2, *branch, "7月3日补开，主题“敬业奉献”。", 100, in_year(year + "-07-03"), "accepted", *dept);
    w.report(share, *member, "6月28日举办分享会，12名党员交流读书心得。", 100, in_year(year + "-06-28"), "accepted", *branch);
    w.report(share2, *member, "已确定书目，分享会筹备中。", 60, in_year(today), "submitted", *branch);

    for (std::int64_t leaf : {lecture, reading, meetings, pledge}) rollup_from_item(c, leaf);

    // 督查: the Committee inspected the department; one rectification for the branch.
    std::string inspected = in_year(add_days(today, -10));
    std::int64_t inspection = *c.scalar_int64(
        "INSERT INTO target_inspections(org_id, plan_id, inspected_on, findings, inspector_user_id, inspector_name, "
        "created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {dept->org, plan, inspected, "抽查“三会一课”记录：第三季度党课记录缺少参会人员签到。", committee->user,
         committee->name, now});
    // Like the inspections route: a rectification belongs to its inspection, not to a plan.
    c.exec("INSERT INTO target_milestones(kind, inspection_id, title, due_date, org_id, owner_user_id, "
           "owner_name, created_at_ms, updated_at_ms) VALUES ('rectification', $1, $2, $3, $4, $5, $6, $7, $7)",
           {inspection, "补齐第三季度党课签到记录", add_days(today, 14), dept->org, branch->user, branch->name,
            now});

    for (const Person* p : {&*dept, &*branch, &*member})
      notify::send(c,
                   {p->user, "target.issued", "收到新的目标任务：" + year + "年“创新驱动加速年”党建目标任务",
                    "请在“我的待办”中查看分配给您的事项和时序节点。", "/targets/todo",
                    "target.issued:" + std::to_string(plan) + ":" + std::to_string(p->user)},
                   now);

    audit::Actor actor;
    actor.username = ctx.actor_name.empty() ? "demo" : ctx.actor_name;
    audit::append(c, actor, {"target.demo_seed", "target_plan", std::to_string(plan), committee->org, {{"items", 5}}});
  });
}

}  // namespace dj::target
