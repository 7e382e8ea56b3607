// User accounts: look-up for sign-in (username or phone), the roles a user
// holds with their scopes, creation and password changes. Phones are stored
// encrypted with a keyed hash for look-up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto/crypto.h"
#include "core/identity/context.h"
#include "core/identity/password_policy.h"
#include "store/store.h"

namespace dj::identity {

struct User {
  std::int64_t id = 0;
  std::string username, display_name;
  std::int64_t org_id = 0, person_id = 0;
  std::string phone;  // decrypted; "" when none
  std::string password_hash;
  std::int64_t password_changed_at_ms = 0;
  bool must_change_password = false;
  std::string status;  // active | disabled
  int failed_count = 0;
  std::int64_t locked_until_ms = 0;
  bool totp_enabled = false;
  std::string totp_secret_enc, totp_pending_enc;
  std::int64_t totp_last_step = 0;
  std::int64_t created_at_ms = 0, updated_at_ms = 0;
};

// "13812345678" after stripping spaces and dashes and a +86 prefix; "" when
// `text` is not an 11-digit mainland mobile number.
std::string normalize_phone(std::string_view text);
// 138****5678
std::string mask_phone(const std::string& phone);

// The users columns read_user() expects, in order (unqualified names, so a
// query may alias the table), and the row → User mapping (phone decrypted).
const char* user_columns();
User read_user(const store::Row& r, const crypto::Keyring& keys);

std::optional<User> load_user(store::Conn& c, const crypto::Keyring& keys, std::int64_t id);
// By username, or by phone when `login` is a mobile number.
std::optional<User> find_for_login(store::Conn& c, const crypto::Keyring& keys, const std::string& login);

std::vector<Binding> load_bindings(store::Conn& c, std::int64_t user_id);
// True when any of the user's roles requires a second factor.
bool totp_required(store::Conn& c, std::int64_t user_id);

struct NewUser {
  std::string username, display_name, phone;
  std::int64_t org_id = 0;
  std::int64_t person_id = 0;
};
// Validates (422 naming the field), creates the account with `password`
// (hashed here) and must_change_password set. Returns the id.
std::int64_t create_user(store::Conn& c, const crypto::Keyring& keys, const NewUser& u,
                         const std::string& password);
// The same with the Argon2id hash already computed (crypto::hash_password):
// `dangjian bench-data` hashes one password once for thousands of accounts.
std::int64_t create_user_hashed(store::Conn& c, const crypto::Keyring& keys, const NewUser& u,
                                const std::string& password_hash);

// Checks the new password against the policy and the history, then stores
// it. 422 field "new_password" with the reason when refused.
void change_password(store::Conn& c, const PasswordPolicy& policy, const User& user,
                     const std::string& new_password, bool must_change_after);

// Sets a one-time password (must be changed at next sign-in); returns it.
std::string reset_password(store::Conn& c, std::int64_t user_id);

// The user as the API shows it (phone masked unless `reveal`).
boost::json::object user_json(const User& u, bool reveal = false);

}  // namespace dj::identity
