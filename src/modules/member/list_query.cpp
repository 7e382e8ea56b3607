#include "modules/member/list_query.h"
#include "store/like.h"

#include <cctype>

#include "core/error.h"
#include "core/input.h"
#include "core/orgtree/orgtree.h"
#include "modules/member/validate/civil_date.h"

namespace dj::member {
namespace {

class Builder {
 public:
  explicit Builder(ListQuery& q) : q_(q) {}
  std::string arg(store::Value v) {
    q_.params.push_back(std::move(v));
    return "$" + std::to_string(q_.params.size());
  }
  void add(const std::string& cond) { q_.where += " AND " + cond; }

 private:
  ListQuery& q_;
};

bool is_ascii_letters(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char ch : s)
    if (!std::isalpha(ch)) return false;
  return true;
}

bool is_id_tail(const std::string& s) {
  if (s.size() != 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    if (!std::isdigit(ch) && !(i == 3 && (ch == 'X' || ch == 'x'))) return false;
  }
  return true;
}

std::optional<int> int_param(const http::Request& req, const char* name, int lo, int hi, const char* label) {
  auto v = input::query_int64(req, name);
  if (!v) return std::nullopt;
  if (*v < lo || *v > hi)
    throw ApiError::invalid(std::string(label) + "应在 " + std::to_string(lo) + " 到 " + std::to_string(hi) +
                                " 之间。",
                            name);
  return static_cast<int>(*v);
}

void add_text_filter(Builder& b, const http::Request& req, const char* name, const char* column) {
  std::string v = input::query_text(req, name, 30);
  if (!v.empty()) b.add(std::string(column) + " = " + b.arg(v));
}

}  // namespace

std::string born_by(int years) {
  const Date today = today_in_china();
  Date d{today.year - years, today.month, today.day};
  if (!is_valid_date(d)) d.day = days_in_month(d.year, d.month);  // 29 Feb in a common year
  return to_iso(d);
}

std::string where_by_row_path(const ListQuery& q, store::Conn& c, store::Params& params) {
  const std::string plus = c.dialect() == store::Dialect::sqlite ? "+" : "";
  const std::string path = c.scalar_text("SELECT path FROM orgs WHERE id = $1", {*q.org_id}).value_or("");
  params.push_back(path);
  params.push_back(path + "~");
  const std::string lo = "$" + std::to_string(params.size() - 1), hi = "$" + std::to_string(params.size());
  std::string where = q.where;
  // The org_id placeholder stays in the statement (PostgreSQL refuses a
  // parameter it cannot type); the test is always true.
  where.replace(where.find(q.subtree_cond), q.subtree_cond.size(),
                plus + "o.path >= " + lo + " AND " + plus + "o.path < " + hi + " AND CAST(" + q.org_param +
                    " AS BIGINT) IS NOT NULL");
  return where;
}

ListQuery list_query(const http::Request& req) {
  ListQuery q;
  q.where = "@SCOPE(m.org_id)@";
  Builder b(q);

  if (auto org = input::query_int64(req, "org_id")) {
    // The subtree by path range: one index range scan on orgs.path, whatever the depth.
    q.org_id = *org;
    q.org_param = b.arg(*org);
    q.subtree_cond = "m.org_id IN (SELECT s.id FROM orgs s JOIN orgs r ON r.id = " + q.org_param +
                     " WHERE s.path >= r.path AND s.path < r.path || '~')";
    b.add(q.subtree_cond);
  }
  const std::size_t subtree_params = q.params.size();
  std::string status = input::query_text(req, "status", 10);
  if (!status.empty()) {
    if (status != "正式党员" && status != "预备党员")
      throw ApiError::invalid("党员状态应为“正式党员”或“预备党员”。", "status");
    b.add("m.status = " + b.arg(status));
  }
  add_text_filter(b, req, "rank", "m.rank");
  add_text_filter(b, req, "education", "m.education");
  add_text_filter(b, req, "sex", "m.sex");
  add_text_filter(b, req, "category", "m.category");

  auto age_from = int_param(req, "age_from", 0, 150, "起始年龄");
  auto age_to = int_param(req, "age_to", 0, 150, "截止年龄");
  if (age_from && age_to && *age_from > *age_to) throw ApiError::invalid("起始年龄不能大于截止年龄。", "age_from");
  if (age_from) b.add("m.birth_date <= " + b.arg(born_by(*age_from)));
  if (age_to) b.add("m.birth_date > " + b.arg(born_by(*age_to + 1)));

  auto join_year = int_param(req, "join_year", 1900, 9999, "入党年份");
  auto jy_from = join_year ? join_year : int_param(req, "join_year_from", 1900, 9999, "入党起始年份");
  auto jy_to = join_year ? join_year : int_param(req, "join_year_to", 1900, 9999, "入党截止年份");
  if (jy_from) b.add("m.join_date >= " + b.arg(std::to_string(*jy_from) + "-01-01"));
  if (jy_to) b.add("m.join_date <= " + b.arg(std::to_string(*jy_to) + "-12-31"));

  std::string text = input::query_text(req, "q", 30);
  if (!text.empty()) {
    // Starts of words only: each is an index range (LIKE 'q%' with the
    // prefix indexes of migration 0002), so a search costs the same in a
    // branch and in a province of five million; "contains" would read every
    // row (decision 49).
    std::string cond = "m.name LIKE " + b.arg(store::like_escape(text) + "%") + " ESCAPE '\\'";
    if (is_ascii_letters(text)) {
      std::string prefix = store::ascii_lower(text) + "%";  // letters only: nothing to escape
      cond += " OR m.name_initials LIKE " + b.arg(prefix) + " OR m.name_pinyin LIKE " + b.arg(prefix);
    }
    if (is_id_tail(text)) {
      std::string tail = text;
      tail[3] = static_cast<char>(std::toupper(static_cast<unsigned char>(tail[3])));
      cond += " OR m.id_last4 = " + b.arg(tail);
    }
    b.add("(" + cond + ")");
  }

  q.only_subtree = q.params.size() == subtree_params;  // every other filter binds a parameter

  std::string sort = input::query_text(req, "sort", 20);
  std::string dir = input::query_text(req, "order", 4);
  if (!dir.empty() && dir != "asc" && dir != "desc") throw ApiError::invalid("排序方向应为 asc 或 desc。", "order");
  const std::string d = dir == "desc" ? " DESC" : "";
  q.by_name = sort.empty() || sort == "name";
  if (q.by_name)
    q.order = "ORDER BY m.name_sort" + d + ", m.id" + d;
  else if (sort == "join_date")
    q.order = "ORDER BY m.join_date" + d + ", m.name_sort, m.id";
  else if (sort == "birth_date")
    q.order = "ORDER BY m.birth_date" + d + ", m.name_sort, m.id";
  else if (sort == "org")
    q.order = "ORDER BY o.path" + d + ", m.name_sort, m.id";
  else if (sort == "updated")
    q.order = "ORDER BY m.updated_at_ms" + d + ", m.id" + d;
  else
    throw ApiError::invalid("不支持的排序字段：" + sort + "。", "sort");
  return q;
}

}  // namespace dj::member
