#include "core/identity/accounts.h"

#include <boost/json.hpp>

#include <algorithm>

#include "core/error.h"
#include "core/identity/policy_store.h"

namespace dj::identity {
namespace {

constexpr const char* kColumns =
    "id, username, display_name, org_id, person_id, phone_enc, password_hash, password_changed_at_ms, "
    "must_change_password, status, failed_count, locked_until_ms, totp_enabled, totp_secret_enc, "
    "totp_pending_enc, totp_last_step, created_at_ms, updated_at_ms";

}  // namespace

const char* user_columns() { return kColumns; }

User read_user(const store::Row& r, const crypto::Keyring& keys) {
  User u;
  u.id = r.int64(0);
  u.username = std::string(r.text(1));
  u.display_name = std::string(r.text(2));
  u.org_id = r.int64(3);
  u.person_id = r.int64(4);
  if (!r.is_null(5)) u.phone = keys.decrypt(r.text(5));
  u.password_hash = std::string(r.text(6));
  u.password_changed_at_ms = r.int64(7);
  u.must_change_password = r.int64(8) != 0;
  u.status = std::string(r.text(9));
  u.failed_count = static_cast<int>(r.int64(10));
  u.locked_until_ms = r.int64(11);
  u.totp_enabled = r.int64(12) != 0;
  u.totp_secret_enc = std::string(r.text(13));
  u.totp_pending_enc = std::string(r.text(14));
  u.totp_last_step = r.int64(15);
  u.created_at_ms = r.int64(16);
  u.updated_at_ms = r.int64(17);
  return u;
}

namespace {

std::optional<User> one_user(store::Conn& c, const crypto::Keyring& keys, const std::string& where,
                             const store::Params& params) {
  std::optional<User> out;
  c.each(std::string("SELECT ") + kColumns + " FROM users WHERE " + where, params,
         [&](const store::Row& r) { out = read_user(r, keys); });
  return out;
}

bool valid_username(const std::string& s) {
  if (s.size() < 3 || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '.' || ch == '-';
  });
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char ch : s)
    if ((ch & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

std::string normalize_phone(std::string_view text) {
  std::string digits;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (ch != ' ' && ch != '-' && ch != '+') return {};
  }
  if (digits.size() == 13 && digits.rfind("86", 0) == 0) digits = digits.substr(2);
  if (digits.size() != 11 || digits[0] != '1' || digits[1] < '3') return {};
  return digits;
}

std::string mask_phone(const std::string& phone) {
  if (phone.size() != 11) return phone.empty() ? "" : "****";
  return phone.substr(0, 3) + "****" + phone.substr(7);
}

std::optional<User> load_user(store::Conn& c, const crypto::Keyring& keys, std::int64_t id) {
  return one_user(c, keys, "id = $1", {id});
}

std::optional<User> find_for_login(store::Conn& c, const crypto::Keyring& keys, const std::string& login) {
  if (auto u = one_user(c, keys, "username = $1", {login})) return u;
  std::string phone = normalize_phone(login);
  if (phone.empty()) return std::nullopt;
  return one_user(c, keys, "phone_hash = $1", {keys.lookup_hash(phone)});
}

std::vector<Binding> load_bindings(store::Conn& c, std::int64_t user_id) {
  // One query for roles and their permissions (this runs on every request),
  // a second only when a binding has a custom organisation list.
  std::vector<Binding> out;
  std::vector<std::int64_t> binding_ids;
  c.each(
      "SELECT ur.id, r.id, r.code, ur.scope_kind, COALESCE(ur.anchor_org_id, u.org_id), rp.permission "
      "FROM user_roles ur JOIN roles r ON r.id = ur.role_id JOIN users u ON u.id = ur.user_id "
      "LEFT JOIN role_permissions rp ON rp.role_id = r.id WHERE ur.user_id = $1 ORDER BY ur.id",
      {user_id}, [&](const store::Row& r) {
        if (binding_ids.empty() || binding_ids.back() != r.int64(0)) {
          Binding b;
          binding_ids.push_back(r.int64(0));
          b.role_id = r.int64(1);
          b.role_code = std::string(r.text(2));
          b.kind = orgtree::scope_kind_from_string(r.text(3));
          b.anchor_org = r.int64(4);
          out.push_back(std::move(b));
        }
        if (!r.is_null(5)) out.back().permissions.insert(std::string(r.text(5)));
      });
  for (std::size_t i = 0; i < out.size(); ++i)
    if (out[i].kind == orgtree::ScopeKind::custom)
      c.each("SELECT org_id FROM user_role_orgs WHERE user_role_id = $1 ORDER BY org_id", {binding_ids[i]},
             [&](const store::Row& r) { out[i].custom_orgs.push_back(r.int64(0)); });
  return out;
}

bool totp_required(store::Conn& c, std::int64_t user_id) {
  return c.scalar_int64(
              "SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id "
              "WHERE ur.user_id = $1 AND r.require_totp = 1",
              {user_id})
             .value_or(0) > 0;
}

std::int64_t create_user(store::Conn& c, const crypto::Keyring& keys, const NewUser& u,
                         const std::string& password) {
  return create_user_hashed(c, keys, u, crypto::hash_password(password));
}

std::int64_t create_user_hashed(store::Conn& c, const crypto::Keyring& keys, const NewUser& u,
                                const std::string& password_hash) {
  if (!valid_username(u.username))
    throw ApiError::invalid("用户名应为 3 到 32 位字母、数字或 _ . -。", "username");
  if (u.display_name.empty() || code_points(u.display_name) > 50)
    throw ApiError::invalid("姓名不能为空，且不超过 50 个字。", "display_name");
  std::string phone;
  if (!u.phone.empty()) {
    phone = normalize_phone(u.phone);
    if (phone.empty()) throw ApiError::invalid("手机号码应为 11 位大陆手机号。", "phone");
  }
  if (!c.scalar_int64("SELECT id FROM orgs WHERE id = $1 AND status = 'active'", {u.org_id}))
    throw ApiError::invalid("所属组织不存在或已撤销。", "org_id");
  if (c.scalar_int64("SELECT id FROM users WHERE username = $1", {u.username}))
    throw ApiError::conflict("用户名已被使用。", "username");
  if (!phone.empty() && c.scalar_int64("SELECT id FROM users WHERE phone_hash = $1", {keys.lookup_hash(phone)}))
    throw ApiError::conflict("该手机号码已绑定其他账号。", "phone");
  std::int64_t now = now_ms();
  store::Value phone_enc, phone_hash;
  if (!phone.empty()) {
    phone_enc = keys.encrypt(phone);
    phone_hash = keys.lookup_hash(phone);
  }
  return *c.scalar_int64(
      "INSERT INTO users(username, display_name, org_id, person_id, phone_enc, phone_hash, password_hash, "
      "password_changed_at_ms, must_change_password, status, created_at_ms, updated_at_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 'active', $8, $8) RETURNING id",
      {u.username, u.display_name, u.org_id, u.person_id ? store::Value(u.person_id) : store::Value(),
       phone_enc, phone_hash, password_hash, now});
}

void change_password(store::Conn& c, const PasswordPolicy& policy, const User& user,
                     const std::string& new_password, bool must_change_after) {
  PasswordContext ctx{user.username, user.display_name, user.phone, ""};
  if (auto why = check_password(policy, new_password, ctx)) throw ApiError::invalid(*why, "new_password");
  if (policy.history > 0) {
    if (crypto::verify_password(user.password_hash, new_password))
      throw ApiError::invalid("新密码不能与当前密码相同。", "new_password");
    std::vector<std::string> old;
    c.each("SELECT password_hash FROM password_history WHERE user_id = $1 ORDER BY changed_at_ms DESC",
           {user.id}, [&](const store::Row& r) { old.emplace_back(r.text(0)); });
    // The current password counts as one of the last N.
    for (std::size_t i = 0; i < old.size() && static_cast<int>(i) + 1 < policy.history; ++i)
      if (crypto::verify_password(old[i], new_password))
        throw ApiError::invalid("不能使用最近 " + std::to_string(policy.history) + " 次用过的密码。",
                                "new_password");
  }
  std::int64_t now = now_ms();
  c.exec("INSERT INTO password_history(user_id, password_hash, changed_at_ms) VALUES ($1, $2, $3)",
         {user.id, user.password_hash, now});
  c.exec("UPDATE users SET password_hash = $1, password_changed_at_ms = $2, must_change_password = $3, "
         "updated_at_ms = $2 WHERE id = $4",
         {crypto::hash_password(new_password), now, std::int64_t{must_change_after ? 1 : 0}, user.id});
}

std::string reset_password(store::Conn& c, std::int64_t user_id) {
  std::string password = crypto::random_password();
  std::int64_t now = now_ms();
  // A lock stays: lifting it is the security administrator's call, not part of a reset.
  c.exec("UPDATE users SET password_hash = $1, password_changed_at_ms = $2, must_change_password = 1, "
         "failed_count = 0, updated_at_ms = $2 WHERE id = $3",
         {crypto::hash_password(password), now, user_id});
  return password;
}

boost::json::object user_json(const User& u, bool reveal) {
  boost::json::object o;
  o["id"] = u.id;
  o["username"] = u.username;
  o["display_name"] = u.display_name;
  o["org_id"] = u.org_id;
  o["phone"] = reveal ? u.phone : mask_phone(u.phone);
  o["status"] = u.status;
  o["locked"] = u.locked_until_ms > now_ms();
  o["locked_until_ms"] = u.locked_until_ms;
  o["must_change_password"] = u.must_change_password;
  o["totp_enabled"] = u.totp_enabled;
  o["password_changed_at_ms"] = u.password_changed_at_ms;
  o["created_at_ms"] = u.created_at_ms;
  return o;
}

}  // namespace dj::identity
