// Pieces the work-tracking route files share (routes_reports.cpp,
// routes_tracking.cpp, routes_inspections.cpp): composing WHERE clauses with
// numbered parameters, the organisation-subtree condition, the milestone
// state conditions (so the to-do counts, the drill-down list and the
// statistics count exactly the same rows), and reports with their files as
// JSON.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace dj::target::work {

// A WHERE clause being built: conditions joined with AND, each value bound as
// the next $N (so the clause composes with @SCOPE@, whose parameters are
// numbered after these).
class Where {
 public:
  explicit Where(std::string first) : sql_(std::move(first)) {}
  std::string arg(store::Value v) {
    params_.push_back(std::move(v));
    return "$" + std::to_string(params_.size());
  }
  void add(const std::string& cond) { sql_ += " AND " + cond; }
  const std::string& sql() const { return sql_; }
  const store::Params& params() const { return params_; }

 private:
  std::string sql_;
  store::Params params_;
};

// `org_col` is organisation `org_id` or one below it (orgs.path range, one
// index range scan whatever the depth — as the member list does it).
inline std::string in_subtree(Where& w, std::string_view org_col, std::int64_t org_id) {
  return std::string(org_col) + " IN (SELECT s.id FROM orgs s JOIN orgs r ON r.id = " + w.arg(org_id) +
         " WHERE s.path >= r.path AND s.path < r.path || '~')";
}

// Milestones (alias `m`, plan `p` LEFT JOINed) that count anywhere outside
// the plan's own editors: rectifications, and milestones of issued or closed
// plans (a draft is seen only by its managers, in the tree).
inline constexpr const char* kVisibleMilestone = "(m.plan_id IS NULL OR p.status <> 'draft')";
// Milestones that can still be reported: not done, and not in a closed plan.
inline constexpr const char* kLiveMilestone = "(m.state <> 'done' AND (m.plan_id IS NULL OR p.status = 'issued'))";

// The figures of the drill-down list and the statistics, as SQL conditions
// on a milestone `m`. `today` and `soon` are the placeholders ($N) of today
// and today + kDueSoonDays, the same dates target_json's is_overdue /
// is_due_soon compare with. Throws 422 (field `state`) for an unknown state.
//   open     not done (未完成: 未报告, 待审核 or 已退回)
//   submitted a report awaits review
//   overdue  not done and due before today
//   due_soon not done and due today … soon
//   done     accepted as complete; on_time / late: done by / after the due date
std::string state_condition(std::string_view state, const std::string& today, const std::string& soon);
// today + kDueSoonDays (reminders.h): the last day a milestone is "due soon".
std::string soon_date(const std::string& today);

// state_condition() on a Where, binding today and the horizon the first time
// a condition needs them (a statement must use every parameter it binds).
class StateConditions {
 public:
  StateConditions(Where& w, std::string today) : w_(w), day_(std::move(today)) {}
  std::string operator()(std::string_view state) {
    std::string cond = state_condition(state, kToday, kSoon);
    replace(cond, kToday, today_, day_);
    replace(cond, kSoon, soon_, soon_date(day_));
    return cond;
  }

 private:
  static constexpr const char* kToday = "\x01today\x01";
  static constexpr const char* kSoon = "\x01soon\x01";
  // Every `mark` in `cond` becomes the placeholder of `value`, bound once.
  void replace(std::string& cond, std::string_view mark, std::string& placeholder, const std::string& value) {
    for (auto at = cond.find(mark); at != std::string::npos; at = cond.find(mark)) {
      if (placeholder.empty()) placeholder = w_.arg(value);
      cond.replace(at, mark.size(), placeholder);
    }
  }
  Where& w_;
  std::string day_, today_, soon_;
};

// Defined in routes_reports.cpp (state_condition and soon_date in routes_tracking.cpp).
//
// Reports matching `where` (on target_reports `r`, with `params`), oldest
// first, as the report JSON of docs/targets.md with their files. File urls
// point at /my/files/{id} when `mine` (the owner's own view), else at
// /files/{id}. Runs on the raw connection: callers have checked access to the
// milestone(s) the reports belong to.
boost::json::array reports_json(store::Conn& c, const std::string& where, const store::Params& params, bool mine);

// A milestone row by id with the shared columns (target_json.h), or nullopt.
std::optional<boost::json::object> milestone_by_id(store::Conn& c, std::int64_t id, const std::string& today);

}  // namespace dj::target::work
