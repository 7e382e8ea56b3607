// In-app notifications (站内消息) any module can send: a row per recipient in
// the core `notifications` table, read by the bell in the web app through
// /api/v1/notifications (routes.cpp, installed by the core module).
#pragma once

#include <cstdint>
#include <string>

#include "store/store.h"

namespace dj::notify {

struct Notice {
  std::int64_t user_id = 0;
  std::string kind;        // "<module>.<event>", e.g. "target.issued"
  std::string title;       // one line, Chinese, shown in the list
  std::string body;        // optional detail
  std::string link;        // web app path opened on click, e.g. "/targets/todo"
  std::string dedupe_key;  // "" = always insert; otherwise inserted at most once ever
};

// Inserts the notice in the caller's transaction. With a dedupe key, a second
// send of the same key (a re-run, another instance) does nothing. Returns
// true when a row was inserted.
bool send(store::Conn& c, const Notice& n, std::int64_t now_ms);

// Unread notices of a user (the bell's badge).
std::int64_t unread_count(store::Conn& c, std::int64_t user_id);

}  // namespace dj::notify
