#include "core/identity/identity.h"

#include "core/audit/audit.h"
#include "core/error.h"
#include "core/identity/accounts.h"
#include "core/identity/permissions.h"
#include "core/identity/policy_store.h"
#include "core/identity/roles.h"
#include "core/identity/sealed_columns.h"
#include "core/identity/routes.h"
#include "core/orgtree/orgtree.h"

namespace dj::identity {

void register_core_sealed_tables() {
  register_sealed_table({"users", {{"phone_enc", "phone_hash"}, {"totp_secret_enc", std::nullopt}}});
}

void install(http::Router& router, Services& services) {
  declare_core_permissions();
  register_core_sealed_tables();
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
                          const std::string& root_org_name, const audit::Actor& actor) {
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
    audit::Actor by = actor;
    if (by.username.empty()) by.username = "system";
    audit::Entry e;
    e.action = "user.create_admin";
    e.entity = "user";
    e.entity_id = std::to_string(out.user_id);
    e.org_id = *root;
    e.detail["username"] = username;
    e.detail["role"] = role_code;
    audit::append(c, by, e);
  });
  return out;
}

namespace {

// Re-encrypts one registered table in batches of 500 rows; returns rows rewritten.
std::int64_t rotate_table(store::Store& store, const crypto::Keyring& keys, const SealedTable& t,
                          const audit::Actor& by) {
  // A row already on the new version in every column is skipped, so an
  // interrupted rotation can simply be run again.
  const std::string prefix = "v" + std::to_string(keys.current_version()) + ".";
  std::string stale, cols;
  for (const auto& col : t.columns) {
    if (!stale.empty()) stale += " OR ";
    stale += "(" + col.encrypted + " IS NOT NULL AND " + col.encrypted + " NOT LIKE $1)";
    cols += ", " + col.encrypted;
  }
  std::int64_t rewritten = 0;
  for (;;) {
    std::vector<std::int64_t> ids;
    store.read([&](store::Conn& c) {
      c.each("SELECT id FROM " + t.table + " WHERE " + stale + " ORDER BY id LIMIT 500", {prefix + "%"},
             [&](const store::Row& r) { ids.push_back(r.int64(0)); });
    });
    if (ids.empty()) break;
    store.write([&](store::Conn& c) {
      audit::lock_chain(c);
      std::vector<std::pair<std::int64_t, store::Params>> rewrites;
      for (auto id : ids) {
        c.each("SELECT id" + cols + " FROM " + t.table + " WHERE id = $1", {id}, [&](const store::Row& r) {
          store::Params values;
          for (std::size_t i = 0; i < t.columns.size(); ++i) {
            int at = static_cast<int>(i) + 1;
            if (r.is_null(at)) {
              values.emplace_back();
              if (t.columns[i].hash) values.emplace_back();
              continue;
            }
            std::string plain = keys.decrypt(r.text(at));
            values.emplace_back(keys.encrypt(plain));
            if (t.columns[i].hash) values.emplace_back(keys.lookup_hash(plain));
          }
          rewrites.emplace_back(id, std::move(values));
        });
      }
      // Updated after the reads: statements inside each() callbacks are refused.
      std::string set;
      int n = 0;
      for (const auto& col : t.columns) {
        if (!set.empty()) set += ", ";
        set += col.encrypted + " = $" + std::to_string(++n);
        if (col.hash) set += ", " + *col.hash + " = $" + std::to_string(++n);
      }
      for (auto& [id, values] : rewrites) {
        values.emplace_back(id);
        c.exec("UPDATE " + t.table + " SET " + set + " WHERE id = $" + std::to_string(n + 1), values);
      }
      rewritten += static_cast<std::int64_t>(rewrites.size());
      audit::append(c, by, {"keys.rotate", t.table, "", std::nullopt,
                                {{"rows", static_cast<std::int64_t>(rewrites.size())},
                                 {"key_version", keys.current_version()}}});
    });
  }
  return rewritten;
}

}  // namespace

std::int64_t rotate_keys(store::Store& store, const std::string& key_file, const audit::Actor& actor) {
  audit::Actor by = actor;
  if (by.username.empty()) by.username = "system";
  register_core_sealed_tables();
  auto keys = crypto::Keyring::rotate(key_file);
  std::int64_t rewritten = 0;
  for (const auto& t : sealed_tables()) rewritten += rotate_table(store, *keys, t, by);
  return rewritten;
}

}  // namespace dj::identity
