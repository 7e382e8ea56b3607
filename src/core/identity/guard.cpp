#include "core/identity/guard.h"

#include <boost/json.hpp>

#include <cctype>
#include <stdexcept>

#include "core/crypto/crypto.h"
#include "core/error.h"
#include "core/identity/accounts.h"
#include "core/identity/context.h"
#include "core/identity/permissions.h"
#include "core/identity/sessions.h"
#include "core/log.h"

namespace dj::identity {
namespace {

using http::Access;
using http::OrgRef;

bool is_identifier(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '_' || std::isdigit(static_cast<unsigned char>(c))))
      return false;
  return true;
}

bool changes_state(http::Method m) {
  return m != http::Method::GET && m != http::Method::HEAD && m != http::Method::OPTIONS;
}

std::int64_t parse_id(const std::string& text) {
  if (text.empty() || text.size() > 18) throw ApiError::not_found();
  for (char c : text)
    if (c < '0' || c > '9') throw ApiError::not_found();
  return std::stoll(text);
}

ApiError stage_error(const std::string& stage) {
  if (stage == "change_password")
    return {403, "password_change_required", "请先修改密码后再继续操作。"};
  if (stage == "totp") return {403, "totp_required", "请先完成两步验证。"};
  return {403, "totp_enrol_required", "您的角色要求启用两步验证，请先绑定身份验证器。"};
}

class IdentityGuard final : public http::Guard {
 public:
  explicit IdentityGuard(Services& s) : s_(s) {}

  void validate(const http::Route& route) const override {
    const Access& a = route.access;
    std::string where = std::string(http::to_string(route.method)) + " " + route.pattern;
    bool pseudo = a.permission == Access::kPublic || a.permission == Access::kSignedIn ||
                  a.permission == Access::kSession;
    if (!pseudo && !is_declared(a.permission))
      throw std::logic_error("route " + where + " uses undeclared permission '" + a.permission + "'");
    if (a.scope == http::Scope::org && pseudo)
      throw std::logic_error("route " + where + " reads organisation rows but declares no permission");
    if (a.org.from == OrgRef::From::path_param && (!is_identifier(a.org.table) || !is_identifier(a.org.column)))
      throw std::logic_error("route " + where + " maps its organisation through a bad table/column name");
  }

  void before(http::Request& request, const http::Route& route) override {
    auto ctx = std::make_shared<Ctx>(s_.store(), request);
    request.context = ctx;
    const Access& a = route.access;
    if (a.is_public()) return;

    PasswordPolicy policy = s_.policy();
    std::string token = cookie_value(request.header("Cookie"), kSessionCookie);
    Session session;
    SessionState state = SessionState::missing;
    auto principal = std::make_shared<Principal>();
    std::string user_status;
    const bool for_permission = a.permission != Access::kSession && a.permission != Access::kSignedIn;
    orgtree::Scope scope = orgtree::Scope::nothing();
    std::exception_ptr org_refusal;  // raised after the session checks, in the order they always ran
    // One read transaction for the session, the account, its roles and the
    // scope of the route's permission: this runs on every request.
    s_.store().read([&](store::Conn& c) {
      state = find_session(c, token, policy, session);
      if (state != SessionState::active) return;
      c.each("SELECT id, username, display_name, org_id, person_id, status FROM users WHERE id = $1",
             {session.user_id}, [&](const store::Row& r) {
               principal->user_id = r.int64(0);
               principal->username = std::string(r.text(1));
               principal->display_name = std::string(r.text(2));
               principal->org_id = r.int64(3);
               principal->person_id = r.is_null(4) ? 0 : r.int64(4);
               user_status = std::string(r.text(5));
             });
      if (user_status != "active") return;
      principal->bindings = load_bindings(c, principal->user_id);
      if (!for_permission || !principal->has_permission(a.permission)) return;
      // The scope of this permission: the union of the scopes of the roles
      // that grant it — and only those.
      for (const auto& b : principal->bindings)
        if (b.permissions.count(a.permission))
          scope.merge(orgtree::resolve(c, b.kind, b.anchor_org, b.custom_orgs, principal->user_id,
                                       principal->person_id));
      try {
        check_org(c, request, a, scope);
      } catch (const ApiError&) {
        org_refusal = std::current_exception();
      }
    });
    switch (state) {
      case SessionState::active: break;
      case SessionState::missing: throw ApiError::unauthenticated();
      case SessionState::idle_expired:
      case SessionState::absolute_expired:
        s_.store().write([&](store::Conn& c) { end_session(c, session.id, expiry_reason(state)); });
        if (state == SessionState::idle_expired)
          throw ApiError(401, "session_expired",
                         "您已超过 " + std::to_string(policy.idle_minutes) + " 分钟未操作，请重新登录。");
        throw ApiError(401, "session_expired",
                       "登录已超过 " + std::to_string(policy.absolute_hours) + " 小时，请重新登录。");
    }
    if (user_status != "active") {
      s_.store().write([&](store::Conn& c) { end_session(c, session.id, "account_disabled"); });
      throw ApiError(401, "account_disabled", "账号已停用，请联系管理员。");
    }
    principal->session_id = session.id;
    principal->stage = session.stage;
    principal->csrf_token = session.csrf_token;
    ctx->set_principal(principal);

    if (a.permission != Access::kSession && session.stage != "full") throw stage_error(session.stage);
    if (changes_state(request.method)) {
      std::string_view sent = request.header(kCsrfHeader);
      if (sent.empty() || !crypto::constant_time_equal(sent, session.csrf_token))
        throw ApiError(403, "csrf", "页面已过期或请求来源不可信，请刷新页面后重试。");
    }
    touch_session(s_.store(), session);

    if (!for_permission) {
      orgtree::Scope self = orgtree::Scope::nothing();
      self.add_self(principal->user_id, principal->person_id);
      ctx->set_scope(std::move(self));
      return;
    }
    if (!principal->has_permission(a.permission)) throw ApiError::forbidden();
    if (org_refusal) std::rethrow_exception(org_refusal);
    ctx->set_scope(std::move(scope));
  }

  void after(http::Request& request, const http::Route& route, http::Response& response) noexcept override {
    try {
      if (!request.context || !changes_state(request.method)) return;
      Ctx& c = ctx(request);
      const Principal* p = c.principal();
      if (response.status >= 200 && response.status < 300) {
        if (route.access.audited && c.audited() == 0)
          log::error("write was not audited", {{"rid", request.request_id},
                                               {"route", std::string(http::to_string(route.method)) + " " + route.pattern}});
        return;
      }
      // Refused and failed writes by a signed-in user leave a trace too.
      if (!p || response.status == 401 || response.status < 400) return;
      audit::Entry e;
      e.action = std::string(http::to_string(route.method)) + " " + route.pattern;
      e.entity = "request";
      e.outcome = (response.status == 403 || response.status == 404) ? "denied" : "failure";
      try {
        auto body = boost::json::parse(response.body);
        e.reason = std::string(body.at("error").at("message").as_string());
        e.detail["code"] = body.at("error").at("code");
      } catch (const std::exception&) {
        e.reason = "HTTP " + std::to_string(response.status);
      }
      e.detail["status"] = response.status;
      c.audit_read(e);
    } catch (const std::exception& ex) {
      log::error("audit of a refused request failed", {{"rid", request.request_id}, {"error", ex.what()}});
    }
  }

 private:
  void check_org(store::Conn& c, http::Request& request, const Access& a, const orgtree::Scope& scope) {
    const OrgRef& ref = a.org;
    switch (ref.from) {
      case OrgRef::From::none:
      case OrgRef::From::listing:
        return;
      case OrgRef::From::org_param: {
        std::int64_t org = parse_id(request.param(ref.name));
        if (!scope.contains_org(c, org)) throw ApiError::not_found();
        return;
      }
      case OrgRef::From::path_param: {
        std::int64_t id = parse_id(request.param(ref.name));
        auto org = c.scalar_int64("SELECT " + ref.column + " FROM " + ref.table + " WHERE id = $1", {id});
        // Missing and out-of-scope look the same, so ids outside the scope leak nothing.
        if (!org || !scope.contains_org(c, *org)) throw ApiError::not_found();
        return;
      }
      case OrgRef::From::body_field: {
        auto body = request.json();
        const auto* o = body.if_object();
        const auto* v = o ? o->if_contains(ref.name) : nullptr;
        if (!v || !v->is_int64()) throw ApiError::invalid("请选择所属组织。", ref.name);
        if (!scope.contains_org(c, v->as_int64()))
          throw ApiError(403, "out_of_scope", "您无权在该组织下操作。", ref.name);
        return;
      }
    }
  }

  Services& s_;
};

}  // namespace

std::unique_ptr<http::Guard> make_guard(Services& services) { return std::make_unique<IdentityGuard>(services); }

}  // namespace dj::identity
