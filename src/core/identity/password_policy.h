// The password and session policy (等保 2.0 level 3 defaults) and the checks
// a new password must pass. Pure logic: no store, no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dj::identity {

struct PasswordPolicy {
  int min_length = 8;
  int min_classes = 3;          // of: lower, upper, digit, symbol
  int expire_days = 90;         // 0 = passwords do not expire
  int history = 5;              // the last N passwords may not be reused
  int max_failures = 5;         // failed logins before the account locks
  int lock_minutes = 10;
  int ip_max_failures = 20;     // failed logins from one IP within ip_window_minutes -> 429
  int ip_window_minutes = 10;
  int idle_minutes = 30;        // session idle timeout
  int absolute_hours = 12;      // session absolute lifetime
};

// What the password may not contain.
struct PasswordContext {
  std::string username;
  std::string display_name;     // e.g. 张三
  std::string phone;            // 11 digits, may be empty
  std::string id_number;        // 18 chars, may be empty
};

// nullopt when acceptable, else a Chinese sentence saying what to change.
std::optional<std::string> check_password(const PasswordPolicy& policy, std::string_view password,
                                          const PasswordContext& context);

// True for passwords on the built-in common-password list or trivially
// derived from one (case, a trailing digit run or symbol).
bool is_common_password(std::string_view password);

}  // namespace dj::identity
