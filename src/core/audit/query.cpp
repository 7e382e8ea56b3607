// The audit viewer: filtered, paged, newest first.
#include <boost/json.hpp>

#include "core/audit/audit.h"
#include "store/like.h"
#include "core/audit/internal.h"

namespace dj::audit {
namespace {

detail::Filter where(const Query& q) {
  detail::Filter f;
  if (q.user_id) f.require("user_id = " + f.bind(*q.user_id));
  if (!q.username_like.empty())
    f.require("lower(username) LIKE " +
              f.bind("%" + store::like_escape(store::ascii_lower(q.username_like)) + "%") + " ESCAPE '\\'");
  if (!q.action_prefix.empty())
    f.require("action LIKE " + f.bind(store::like_escape(q.action_prefix) + "%") + " ESCAPE '\\'");
  if (!q.entity.empty()) f.require("entity = " + f.bind(q.entity));
  if (!q.entity_id.empty()) f.require("entity_id = " + f.bind(q.entity_id));
  if (!q.outcome.empty()) f.require("outcome = " + f.bind(q.outcome));
  if (q.from_ms) f.require("at_ms >= " + f.bind(*q.from_ms));
  if (q.to_ms) f.require("at_ms < " + f.bind(*q.to_ms));
  if (q.scope) f.require("(" + q.scope("org_id", f.params()) + ")");
  return f;
}

boost::json::object parse_detail(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) return {{"unparsed", text}};  // never expected: append() writes canonical JSON
  if (v.is_object()) return std::move(v.get_object());
  return {{"value", std::move(v)}};
}

}  // namespace

Page list(store::Store& store, const Query& q) {
  auto f = where(q);
  const auto paging = detail::paging(q.page, q.page_size);
  Page page;
  store.read([&](store::Conn& c) {
    page.total = c.scalar_int64("SELECT count(*) FROM audit_log" + f.sql(), f.params()).value_or(0);
    auto paged = f;  // the count above must not see the paging parameters
    const std::string limit = paged.bind(paging.limit), offset = paged.bind(paging.offset);
    c.each("SELECT id, at_ms, user_id, username, ip, user_agent, request_id, action, entity, entity_id, "
           "org_id, detail, outcome, reason FROM audit_log" +
               f.sql() + " ORDER BY at_ms DESC, id DESC LIMIT " + limit + " OFFSET " + offset,
           paged.params(), [&](const store::Row& r) {
             Row row;
             row.id = r.int64(0);
             row.at_ms = r.int64(1);
             row.user_id = r.int64(2);
             row.username = r.text(3);
             row.ip = r.text(4);
             row.user_agent = r.text(5);
             row.request_id = r.text(6);
             row.action = r.text(7);
             row.entity = r.text(8);
             row.entity_id = r.text(9);
             row.org_id = r.opt_int64(10);
             row.detail = parse_detail(r.text(11));
             row.outcome = r.text(12);
             row.reason = r.text(13);
             page.rows.push_back(std::move(row));
           });
  });
  return page;
}

boost::json::value to_json(const Row& row) {
  return boost::json::object{
      {"id", row.id},
      {"at", detail::iso_local(row.at_ms)},
      {"at_ms", row.at_ms},
      {"user_id", row.user_id},
      {"username", row.username},
      {"ip", row.ip},
      {"user_agent", row.user_agent},
      {"request_id", row.request_id},
      {"action", row.action},
      {"entity", row.entity},
      {"entity_id", row.entity_id},
      {"org_id", row.org_id ? boost::json::value(*row.org_id) : boost::json::value()},
      {"detail", row.detail},
      {"outcome", row.outcome},
      {"reason", row.reason},
  };
}

}  // namespace dj::audit
