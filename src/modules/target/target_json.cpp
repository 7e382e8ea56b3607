#include "modules/target/target_json.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "modules/target/reminders.h"

namespace dj::target {

namespace json = boost::json;

const char* plan_status_label(const std::string& status) {
  if (status == "draft") return "草稿";
  if (status == "issued") return "已下达";
  if (status == "closed") return "已关闭";
  return "未知";
}

const char* milestone_state_label(const std::string& state) {
  if (state == "open") return "未报告";
  if (state == "submitted") return "待审核";
  if (state == "returned") return "已退回";
  if (state == "done") return "已完成";
  return "未知";
}

const char* report_status_label(const std::string& status) {
  if (status == "submitted") return "待审核";
  if (status == "accepted") return "已通过";
  if (status == "returned") return "已退回";
  return "未知";
}

double percent_of(std::int64_t bp) {
  // 3333 bp = 33.33 % -> 33.3; rounded half up on the integer so the web app
  // and the exports show the same digit on every platform.
  std::int64_t tenths = (bp + 5) / 10;
  return static_cast<double>(tenths) / 10.0;
}

// Column positions of kMilestoneColumns; milestone_json reads by position so
// callers may append their own columns after these.
namespace col {
enum : int {
  id, kind, plan_id, plan_title, item_id, item_title, inspection_id, title, due_date, org_id, org_name,
  owner_user_id, owner_name, state, progress_bp, done_date
};
}  // namespace col

const char* const kMilestoneColumns =
    "m.id, m.kind, m.plan_id, p.title, m.item_id, i.title, m.inspection_id, m.title, m.due_date, m.org_id, "
    "o.name, m.owner_user_id, m.owner_name, m.state, m.progress_bp, m.done_date";
const char* const kMilestoneFrom =
    " FROM target_milestones m JOIN orgs o ON o.id = m.org_id"
    " LEFT JOIN target_plans p ON p.id = m.plan_id"
    " LEFT JOIN target_items i ON i.id = m.item_id";

namespace {

json::value opt_int(const store::Row& r, int c) {
  if (r.is_null(c)) return nullptr;
  return r.int64(c);
}

json::value opt_str(const store::Row& r, int c) {
  if (r.is_null(c)) return nullptr;
  return json::string(r.text(c));
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil): no locale, no time zone, exact for any year.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

// "YYYY-MM-DD" -> days since the epoch. Dates reach here validated (input
// checks or the database), so a malformed one is a programming error.
std::int64_t to_days(const std::string& iso) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
    throw std::invalid_argument("not an ISO date: " + iso);
  return days_from_civil(y, m, d);
}

}  // namespace

std::int64_t days_between(const std::string& from, const std::string& to) { return to_days(to) - to_days(from); }

std::string add_days(const std::string& iso, int n) { return civil_from_days(to_days(iso) + n); }

bool is_overdue(const std::string& state, const std::string& due_date, const std::string& today) {
  return state != "done" && today > due_date;  // ISO dates compare as text
}

bool is_due_soon(const std::string& state, const std::string& due_date, const std::string& today) {
  if (state == "done") return false;
  std::int64_t left = days_between(today, due_date);
  return left >= 0 && left <= kDueSoonDays;
}

json::object milestone_json(const store::Row& r, const std::string& today) {
  const std::string state(r.text(col::state));
  const std::string due(r.text(col::due_date));
  json::object o;
  o["id"] = r.int64(col::id);
  o["kind"] = json::string(r.text(col::kind));
  o["plan_id"] = opt_int(r, col::plan_id);
  o["plan_title"] = opt_str(r, col::plan_title);
  o["item_id"] = opt_int(r, col::item_id);
  o["item_title"] = opt_str(r, col::item_title);
  o["inspection_id"] = opt_int(r, col::inspection_id);
  o["title"] = json::string(r.text(col::title));
  o["due_date"] = due;
  o["org_id"] = r.int64(col::org_id);
  o["org_name"] = json::string(r.text(col::org_name));
  o["owner_user_id"] = r.int64(col::owner_user_id);
  o["owner_name"] = json::string(r.text(col::owner_name));
  o["state"] = state;
  o["state_label"] = milestone_state_label(state);
  o["progress"] = percent_of(r.int64(col::progress_bp));
  o["done_date"] = opt_str(r, col::done_date);
  o["overdue"] = is_overdue(state, due, today);
  o["due_soon"] = is_due_soon(state, due, today);
  o["days_left"] = days_between(today, due);
  if (state == "done" && !r.is_null(col::done_date))
    o["on_time"] = std::string(r.text(col::done_date)) <= due;
  else
    o["on_time"] = nullptr;
  return o;
}

}  // namespace dj::target
