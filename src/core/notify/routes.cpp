#include "core/notify/routes.h"

#include "core/error.h"
#include "core/identity/policy_store.h"
#include "core/input.h"
#include "core/notify/notify.h"
#include "core/route_prelude.h"

namespace dj::notify {
namespace {

using namespace dj::route_prelude;

// Notices are the caller's own rows (user_id), never an organisation's: the
// routes are self-scoped and every statement filters on the caller.
Response list(Request& req) {
  auto& c = identity::ctx(req);
  auto paging = input::paging(req, 100);
  const bool unread_only = input::query_text(req, "unread") == "1";
  const std::int64_t me = c.who().user_id;
  std::string where = " FROM notifications WHERE user_id = $1" + std::string(unread_only ? " AND read_at_ms IS NULL" : "");
  json::array items;
  std::int64_t total = 0, unread = 0;
  c.read([&](ScopedConn& db) {
    auto& raw = db.unscoped();
    total = raw.scalar_int64("SELECT count(*)" + where, {me}).value_or(0);
    unread = unread_count(raw, me);
    raw.each("SELECT id, kind, title, body, link, created_at_ms, read_at_ms" + where +
                 " ORDER BY created_at_ms DESC, id DESC LIMIT " + std::to_string(paging.page_size) + " OFFSET " +
                 std::to_string(paging.offset()),
             {me}, [&](const store::Row& r) {
               items.push_back({{"id", r.int64(0)},
                                {"kind", r.text(1)},
                                {"title", r.text(2)},
                                {"body", r.text(3)},
                                {"link", r.text(4)},
                                {"created_at_ms", r.int64(5)},
                                {"read", !r.is_null(6)}});
             });
  });
  auto page = input::page_json(std::move(items), total, paging);
  page.as_object()["unread"] = unread;
  return Response::json(page);
}

Response count(Request& req) {
  auto& c = identity::ctx(req);
  return Response::json(
      {{"unread", c.read([&](ScopedConn& db) { return unread_count(db.unscoped(), c.who().user_id); })}});
}

Response mark_read(Request& req) {
  auto& c = identity::ctx(req);
  std::int64_t id = input::id_param(req);
  const std::int64_t me = c.who().user_id;
  c.write({"notification.read", "notification", std::to_string(id)}, [&](ScopedConn& db, audit::Entry&) {
    auto& raw = db.unscoped();
    if (!raw.scalar_int64("SELECT id FROM notifications WHERE id = $1 AND user_id = $2", {id, me}))
      throw ApiError::not_found("消息不存在。");
    raw.exec("UPDATE notifications SET read_at_ms = $1 WHERE id = $2 AND read_at_ms IS NULL",
             {identity::now_ms(), id});
  });
  return Response::json({{"ok", true}});
}

Response mark_all_read(Request& req) {
  auto& c = identity::ctx(req);
  const std::int64_t me = c.who().user_id;
  std::int64_t n = c.write({"notification.read_all", "notification", ""}, [&](ScopedConn& db, audit::Entry& e) {
    auto marked = db.unscoped().exec(
        "UPDATE notifications SET read_at_ms = $1 WHERE user_id = $2 AND read_at_ms IS NULL",
        {identity::now_ms(), me});
    e.detail = {{"marked", marked}};
    return marked;
  });
  return Response::json({{"ok", true}, {"marked", n}});
}

}  // namespace

void install_routes(http::Router& router) {
  router.add({Method::GET, "/api/v1/notifications", Access::self(), list});
  router.add({Method::GET, "/api/v1/notifications/unread-count", Access::self(), count});
  router.add({Method::POST, "/api/v1/notifications/{id}/read", Access::self(), mark_read});
  router.add({Method::POST, "/api/v1/notifications/read-all", Access::self(), mark_all_read});
}

}  // namespace dj::notify
