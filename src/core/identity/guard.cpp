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
    switch (find_session(s_.store(), token, policy, session)) {
      case SessionState::active: break;
      case SessionState::missing: throw ApiError::unauthenticated();
      case SessionState::idle_expired:
        throw ApiError(401, "session_expired",
                       "您已超过 " + std::to_string(policy.idle_minutes) + " 分钟未操作，请重新登录。");
      case SessionState::absolute_expired:
        throw ApiError(401, "session_expired",
                       "登录已超过 " + std::to_string(policy.absolute_hours) + " 小时，请重新登录。");
    }
    auto principal = std::make_shared<Principal>();
    bool active = s_.store().read([&](store::Conn& c) {
      auto user = load_user(c, s_.keys(), session.user_id);
      if (!user || user->status != "active") return false;
      principal->user_id = user->id;
      principal->username = user->username;
      principal->display_name = user->display_name;
      principal->org_id = user->org_id;
      principal->person_id = user->person_id;
      principal->bindings = load_bindings(c, user->id);
      return true;
    });
    if (!active) {
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

    if (a.permission == Access::kSession || a.permission == Access::kSignedIn) {
      orgtree::Scope self = orgtree::Scope::nothing();
      self.add_self(principal->user_id, principal->person_id);
      ctx->set_scope(std::move(self));
      return;
    }
    if (!principal->has_permission(a.permission)) throw ApiError::forbidden();

    // The scope of this permission: the union of the scopes of the roles
    // that grant it — and only those.
    orgtree::Scope scope = orgtree::Scope::nothing();
    s_.store().read([&](store::Conn& c) {
      for (const auto& b : principal->bindings)
        if (b.permissions.count(a.permission))
          scope.merge(orgtree::resolve(c, b.kind, b.anchor_org, b.custom_orgs, principal->user_id,
                                       principal->person_id));
      check_org(c, request, a, scope);
    });
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
