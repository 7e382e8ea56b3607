#include "core/identity/sessions.h"

#include "core/crypto/crypto.h"
#include "core/identity/policy_store.h"

namespace dj::identity {
namespace {

constexpr std::int64_t kTouchEveryMs = 60 * 1000;

std::string token_hash(const std::string& token) { return crypto::sm3_hex(token); }

Session read_session(const store::Row& r) {
  Session s;
  s.id = r.int64(0);
  s.user_id = r.int64(1);
  s.csrf_token = std::string(r.text(2));
  s.stage = std::string(r.text(3));
  s.created_at_ms = r.int64(4);
  s.last_seen_at_ms = r.int64(5);
  s.expires_at_ms = r.int64(6);
  s.ip = std::string(r.text(7));
  s.user_agent = std::string(r.text(8));
  return s;
}

constexpr const char* kColumns =
    "id, user_id, csrf_token, stage, created_at_ms, last_seen_at_ms, expires_at_ms, ip, user_agent";

}  // namespace

NewSession create_session(store::Conn& c, std::int64_t user_id, const std::string& stage,
                          const PasswordPolicy& policy, const std::string& ip,
                          const std::string& user_agent) {
  NewSession out;
  out.token = crypto::random_token(32);
  Session& s = out.session;
  s.user_id = user_id;
  s.csrf_token = crypto::random_token(24);
  s.stage = stage;
  s.created_at_ms = s.last_seen_at_ms = now_ms();
  s.expires_at_ms = s.created_at_ms + std::int64_t{policy.absolute_hours} * 3600 * 1000;
  s.ip = ip;
  s.user_agent = user_agent.substr(0, 300);
  s.id = *c.scalar_int64(
      "INSERT INTO sessions(token_hash, user_id, csrf_token, stage, created_at_ms, last_seen_at_ms, "
      "expires_at_ms, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8) RETURNING id",
      {token_hash(out.token), user_id, s.csrf_token, stage, s.created_at_ms, s.expires_at_ms, s.ip,
       s.user_agent});
  return out;
}

SessionState find_session(store::Conn& c, const std::string& token, const PasswordPolicy& policy, Session& out) {
  if (token.empty() || token.size() > 100) return SessionState::missing;
  bool found = false;
  c.each(std::string("SELECT ") + kColumns + " FROM sessions WHERE token_hash = $1 AND ended_at_ms IS NULL",
         {token_hash(token)}, [&](const store::Row& r) {
           out = read_session(r);
           found = true;
         });
  if (!found) return SessionState::missing;
  std::int64_t now = now_ms();
  if (now >= out.expires_at_ms) return SessionState::absolute_expired;
  if (now - out.last_seen_at_ms > std::int64_t{policy.idle_minutes} * 60 * 1000) return SessionState::idle_expired;
  return SessionState::active;
}

const char* expiry_reason(SessionState state) { return state == SessionState::idle_expired ? "idle" : "expired"; }

void touch_session(store::Store& store, const Session& s) {
  std::int64_t now = now_ms();
  if (now - s.last_seen_at_ms < kTouchEveryMs) return;
  store.write([&](store::Conn& c) {
    c.exec("UPDATE sessions SET last_seen_at_ms = $1 WHERE id = $2 AND ended_at_ms IS NULL", {now, s.id});
  });
}

void set_stage(store::Conn& c, std::int64_t session_id, const std::string& stage) {
  c.exec("UPDATE sessions SET stage = $1 WHERE id = $2", {stage, session_id});
}

void end_session(store::Conn& c, std::int64_t session_id, const std::string& reason) {
  c.exec("UPDATE sessions SET ended_at_ms = $1, end_reason = $2 WHERE id = $3 AND ended_at_ms IS NULL",
         {now_ms(), reason, session_id});
}

std::int64_t end_user_sessions(store::Conn& c, std::int64_t user_id, const std::string& reason,
                               std::int64_t keep) {
  return c.exec(
      "UPDATE sessions SET ended_at_ms = $1, end_reason = $2 "
      "WHERE user_id = $3 AND id <> $4 AND ended_at_ms IS NULL",
      {now_ms(), reason, user_id, keep});
}

std::vector<Session> active_sessions(store::Conn& c, std::int64_t user_id) {
  std::vector<Session> out;
  std::int64_t now = now_ms();
  c.each(std::string("SELECT ") + kColumns +
             " FROM sessions WHERE user_id = $1 AND ended_at_ms IS NULL AND expires_at_ms > $2 "
             "ORDER BY last_seen_at_ms DESC",
         {user_id, now}, [&](const store::Row& r) { out.push_back(read_session(r)); });
  return out;
}

std::string session_cookie(const std::string& token, bool secure) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

std::string csrf_cookie(const std::string& csrf, bool secure) {
  // Readable by the web app (not HttpOnly) so it can send it back as a header.
  return std::string(kCsrfCookie) + "=" + csrf + "; Path=/; SameSite=Strict" + (secure ? "; Secure" : "");
}

std::string cleared_cookie(const char* name, bool http_only, bool secure) {
  return std::string(name) + "=; Path=/; Max-Age=0; SameSite=Strict" + (http_only ? "; HttpOnly" : "") +
         (secure ? "; Secure" : "");
}

std::string cookie_value(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(pos, end - pos);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    pos = end + 1;
  }
  return {};
}

}  // namespace dj::identity
