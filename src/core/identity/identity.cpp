#include "core/identity/identity.h"

#include "core/audit/audit.h"
#include "core/error.h"
#include "core/identity/accounts.h"
#include "core/identity/permissions.h"
#include "core/identity/policy_store.h"
#include "core/identity/roles.h"
#include "core/identity/routes.h"
#include "core/orgtree/orgtree.h"

namespace dj::identity {

void install(http::Router& router, Services& services) {
  declare_core_permissions();
  install_auth_routes(router, services);
  install_user_routes(router, services);
  install_role_routes(router, services);
  install_security_routes(router, services);
  install_audit_routes(router, services);
}

void prepare(store::Store& store) {
  store.write([](store::Conn& c) { ensure_builtin_roles(c); });
}

CreatedAdmin create_admin(store::Store& store, const crypto::Keyring& keys, const std::string& username,
                          const std::string& display_name, const std::string& role_code,
                          const std::string& root_org_name) {
  if (role_code != kSystemAdmin && role_code != kSecurityAdmin && role_code != kAuditAdmin)
    throw ApiError::invalid("角色应为 sysadmin、secadmin 或 auditadmin。", "role");
  CreatedAdmin out;
  out.password = crypto::random_password();
  store.write([&](store::Conn& c) {
    audit::lock_chain(c);
    ensure_builtin_roles(c);
    auto root = c.scalar_int64("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1");
    if (!root) {
      orgtree::NewOrg org;
      org.name = root_org_name;
      org.code = "ROOT";
      org.type = "机关工委";
      root = orgtree::create(c, org);
      out.created_root_org = true;
    }
    NewUser u{username, display_name, "", *root, 0};
    out.user_id = create_user(c, keys, u, out.password);
    BindingInput b;
    b.role_id = role_id(c, role_code);
    b.kind = orgtree::ScopeKind::all;
    set_user_roles(c, out.user_id, {b});
    audit::Actor system;
    system.username = "system";
    audit::Entry e;
    e.action = "user.create_admin";
    e.entity = "user";
    e.entity_id = std::to_string(out.user_id);
    e.org_id = *root;
    e.detail["username"] = username;
    e.detail["role"] = role_code;
    audit::append(c, system, e);
  });
  return out;
}

std::int64_t rotate_keys(store::Store& store, const std::string& key_file) {
  auto keys = crypto::Keyring::rotate(key_file);
  std::int64_t rewritten = 0;
  // Batches keep each transaction short; a row already on the new version is skipped,
  // so an interrupted rotation can simply be run again.
  const std::string prefix = "v" + std::to_string(keys->current_version()) + ".";
  for (;;) {
    std::vector<std::int64_t> ids;
    store.read([&](store::Conn& c) {
      c.each("SELECT id FROM users WHERE (phone_enc IS NOT NULL AND phone_enc NOT LIKE $1) "
             "OR (totp_secret_enc IS NOT NULL AND totp_secret_enc NOT LIKE $1) ORDER BY id LIMIT 500",
             {prefix + "%"}, [&](const store::Row& r) { ids.push_back(r.int64(0)); });
    });
    if (ids.empty()) break;
    store.write([&](store::Conn& c) {
      audit::lock_chain(c);
      struct Rewrite {
        std::int64_t id;
        store::Value phone_enc, phone_hash, totp;
      };
      std::vector<Rewrite> rewrites;
      for (auto id : ids) {
        c.each("SELECT phone_enc, totp_secret_enc FROM users WHERE id = $1", {id}, [&](const store::Row& r) {
          Rewrite w{id, {}, {}, {}};
          if (!r.is_null(0)) {
            std::string phone = keys->decrypt(r.text(0));
            w.phone_enc = keys->encrypt(phone);
            w.phone_hash = keys->lookup_hash(phone);
          }
          if (!r.is_null(1)) w.totp = keys->encrypt(keys->decrypt(r.text(1)));
          rewrites.push_back(std::move(w));
        });
      }
      // Updated after the reads: statements inside each() callbacks are refused.
      for (const auto& w : rewrites)
        c.exec("UPDATE users SET phone_enc = COALESCE($1, phone_enc), phone_hash = COALESCE($2, phone_hash), "
               "totp_secret_enc = COALESCE($3, totp_secret_enc) WHERE id = $4",
               {w.phone_enc, w.phone_hash, w.totp, w.id});
      rewritten += static_cast<std::int64_t>(rewrites.size());
      audit::Actor system;
      system.username = "system";
      audit::append(c, system, {"keys.rotate", "users", "", std::nullopt,
                                {{"rows", static_cast<std::int64_t>(rewrites.size())},
                                 {"key_version", keys->current_version()}}});
    });
  }
  return rewritten;
}

}  // namespace dj::identity
