// Sessions: random opaque tokens sent as HttpOnly, SameSite=Strict cookies
// and stored only as SM3 hashes, in the database so that every instance
// sharing it sees the same sessions. Idle and absolute expiry per policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/identity/password_policy.h"
#include "store/store.h"

namespace dj::identity {

inline constexpr const char* kSessionCookie = "dj_session";
inline constexpr const char* kCsrfCookie = "dj_csrf";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

struct Session {
  std::int64_t id = 0, user_id = 0;
  std::string csrf_token, stage, ip, user_agent;
  std::int64_t created_at_ms = 0, last_seen_at_ms = 0, expires_at_ms = 0;
};

struct NewSession {
  std::string token;   // goes to the cookie only, never stored or logged
  Session session;
};

NewSession create_session(store::Conn& c, std::int64_t user_id, const std::string& stage,
                          const PasswordPolicy& policy, const std::string& ip,
                          const std::string& user_agent);

enum class SessionState { active, missing, idle_expired, absolute_expired };

// Finds the active session for a token and says whether it has passed its
// idle or absolute limit (read only: the caller ends an expired one with
// end_session(…, expiry_reason(state)) in a write).
SessionState find_session(store::Conn& c, const std::string& token, const PasswordPolicy& policy, Session& out);
const char* expiry_reason(SessionState state);  // "idle" | "expired"

// Records activity at most once a minute, so reads do not turn into writes.
void touch_session(store::Store& store, const Session& s);
void set_stage(store::Conn& c, std::int64_t session_id, const std::string& stage);
void end_session(store::Conn& c, std::int64_t session_id, const std::string& reason);
// Ends every active session of a user except `keep` (0 = none); returns how many.
std::int64_t end_user_sessions(store::Conn& c, std::int64_t user_id, const std::string& reason,
                               std::int64_t keep = 0);
std::vector<Session> active_sessions(store::Conn& c, std::int64_t user_id);

// Cookie header values for a new session and for signing out.
std::string session_cookie(const std::string& token, bool secure);
std::string csrf_cookie(const std::string& csrf, bool secure);
std::string cleared_cookie(const char* name, bool http_only, bool secure);
// The value of cookie `name` in a Cookie header, or "".
std::string cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace dj::identity
