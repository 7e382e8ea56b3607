// The login log: every sign-in attempt, for the security viewer and for
// per-IP rate limiting. Not hash-chained (it is a high-volume, append-only
// operational record; the security-relevant outcomes — lockouts, forced
// logouts — are also written to the audit trail by identity).
#include <boost/json.hpp>

#include "core/audit/audit.h"
#include "store/like.h"
#include "core/audit/internal.h"

namespace dj::audit {

void record_login(store::Conn& conn, const LoginEvent& event, std::int64_t at_ms) {
  conn.exec(
      "INSERT INTO login_log (at_ms, username, user_id, ip, user_agent, success, reason) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {at_ms != 0 ? at_ms : detail::now_ms(), detail::clip_utf8(event.username, detail::kMaxTypedName),
       event.user_id, event.ip, detail::clip_utf8(event.user_agent, detail::kMaxUserAgent),
       std::int64_t{event.success ? 1 : 0}, event.reason});
}

std::int64_t failures_from_ip(store::Conn& conn, const std::string& ip, std::int64_t since_ms) {
  return conn
      .scalar_int64("SELECT count(*) FROM login_log WHERE ip = $1 AND at_ms >= $2 AND success = 0",
                    {ip, since_ms})
      .value_or(0);
}

std::int64_t unknown_user_failures(store::Conn& conn, const std::string& username, std::int64_t since_ms) {
  return conn
      .scalar_int64("SELECT count(*) FROM login_log WHERE username = $1 AND at_ms >= $2 AND success = 0 "
                    "AND user_id = 0 AND reason = 'unknown_user'",
                    {username, since_ms})
      .value_or(0);
}

LoginPage list_logins(store::Store& store, const LoginQuery& q) {
  detail::Filter f;
  if (!q.username_like.empty())
    f.require("lower(username) LIKE " +
              f.bind("%" + store::like_escape(store::ascii_lower(q.username_like)) + "%") + " ESCAPE '\\'");
  if (!q.ip.empty()) f.require("ip = " + f.bind(q.ip));
  if (q.outcome == "success") f.require("success = 1");
  else if (q.outcome == "failure") f.require("success = 0");
  else if (!q.outcome.empty()) throw std::invalid_argument("login outcome must be success or failure");
  if (q.from_ms) f.require("at_ms >= " + f.bind(*q.from_ms));
  if (q.to_ms) f.require("at_ms < " + f.bind(*q.to_ms));

  const auto paging = detail::paging(q.page, q.page_size);
  LoginPage page;
  store.read([&](store::Conn& c) {
    page.total = c.scalar_int64("SELECT count(*) FROM login_log" + f.sql(), f.params()).value_or(0);
    auto paged = f;  // the count above must not see the paging parameters
    const std::string limit = paged.bind(paging.limit), offset = paged.bind(paging.offset);
    c.each("SELECT id, at_ms, user_id, username, ip, user_agent, success, reason FROM login_log" + f.sql() +
               " ORDER BY at_ms DESC, id DESC LIMIT " + limit + " OFFSET " + offset,
           paged.params(), [&](const store::Row& r) {
             LoginRow row;
             row.id = r.int64(0);
             row.at_ms = r.int64(1);
             row.user_id = r.int64(2);
             row.username = r.text(3);
             row.ip = r.text(4);
             row.user_agent = r.text(5);
             row.success = r.int64(6) != 0;
             row.reason = r.text(7);
             page.rows.push_back(std::move(row));
           });
  });
  return page;
}

boost::json::value to_json(const LoginRow& row) {
  return boost::json::object{
      {"id", row.id},
      {"at", detail::iso_local(row.at_ms)},
      {"at_ms", row.at_ms},
      {"user_id", row.user_id},
      {"username", row.username},
      {"ip", row.ip},
      {"user_agent", row.user_agent},
      {"success", row.success},
      {"reason", row.reason},
  };
}

}  // namespace dj::audit
