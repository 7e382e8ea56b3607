#include "core/notify/notify.h"

namespace dj::notify {

bool send(store::Conn& c, const Notice& n, std::int64_t now_ms) {
  // ON CONFLICT DO NOTHING (SQLite ≥ 3.24 and PostgreSQL): the unique
  // dedupe_key turns a repeated send into a no-op instead of an error, so a
  // reminder job re-run or run by two instances at once sends each notice once.
  store::Value key = n.dedupe_key.empty() ? store::Value() : store::Value(n.dedupe_key);
  return c.exec(
             "INSERT INTO notifications(user_id, kind, title, body, link, dedupe_key, created_at_ms) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING",
             {n.user_id, n.kind, n.title, n.body, n.link, key, now_ms}) > 0;
}

std::int64_t unread_count(store::Conn& c, std::int64_t user_id) {
  return c.scalar_int64("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at_ms IS NULL", {user_id})
      .value_or(0);
}

}  // namespace dj::notify
