// The rules a new password must pass (等保 2.0 level 3: length, complexity,
// nothing guessable from the person). Each refusal is one short Chinese
// sentence that says what to change; the first failing rule wins, ordered so
// the message is the most useful one (e.g. "11111111" hears "all one
// character", not "needs more kinds of characters").
#include "core/identity/password_policy.h"

#include <array>
#include <string>
#include <unordered_set>
#include <vector>

namespace dj::identity {

namespace {

// Long enough for any passphrase; bounds the work done per check.
constexpr int kMaxLength = 128;

constexpr std::string_view kCommonPasswords[] = {
#include "core/identity/common_passwords.inc"
};

// Straight runs on the keyboard or in the alphabet; a password (or its core)
// that is a piece of one of these, forwards or backwards, is refused.
constexpr std::array<std::string_view, 6> kSequences = {
    "0123456789", "1234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm",
};

// Decodes UTF-8 into code points; false when the bytes are not valid UTF-8.
bool decode_utf8(std::string_view s, std::vector<char32_t>& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size() && extra > 0) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return false;
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// ASCII case folding: only Latin letters have case in the rules below.
std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// ASCII punctuation and space: what people tack onto a word to satisfy rules.
bool is_symbol(char c) { return c >= 0x20 && c < 0x7f && !is_digit(c) && !is_letter(c); }
bool is_digit_or_symbol(char c) { return is_digit(c) || is_symbol(c); }

template <typename Pred>
std::string rstrip(std::string s, Pred pred) {
  while (!s.empty() && pred(s.back())) s.pop_back();
  return s;
}

template <typename Pred>
std::string lstrip(const std::string& s, Pred pred) {
  std::size_t i = 0;
  while (i < s.size() && pred(s[i])) ++i;
  return s.substr(i);
}

// The word under the decoration: "Password123!" -> "password", "2024Admin"
// -> "admin". Returns the distinct non-empty forms, whole password first.
std::vector<std::string> cores(std::string_view password) {
  const std::string lower = lower_ascii(password);
  const std::string no_symbols = rstrip(lower, is_symbol);
  const std::string no_tail = rstrip(lower, is_digit_or_symbol);
  std::vector<std::string> out;
  for (auto s : {lower, no_symbols, no_tail, lstrip(no_tail, is_digit_or_symbol), lstrip(lower, is_digit_or_symbol)}) {
    if (s.empty()) continue;
    bool seen = false;
    for (const auto& o : out) seen = seen || o == s;
    if (!seen) out.push_back(std::move(s));
  }
  return out;
}

// Undoes the usual letter-for-symbol swaps ("p@ssw0rd" -> "password").
std::string unleet(std::string s) {
  for (char& c : s) {
    switch (c) {
      case '0': c = 'o'; break;
      case '1': case '!': c = 'i'; break;
      case '3': c = 'e'; break;
      case '4': case '@': c = 'a'; break;
      case '5': case '$': c = 's'; break;
      case '7': c = 't'; break;
      default: break;
    }
  }
  return s;
}

const std::unordered_set<std::string_view>& common_set() {
  static const std::unordered_set<std::string_view> set(std::begin(kCommonPasswords), std::end(kCommonPasswords));
  return set;
}

bool is_straight_sequence(std::string_view lower) {
  if (lower.size() < 3) return false;
  for (auto seq : kSequences) {
    if (seq.find(lower) != std::string_view::npos) return true;
    const std::string reversed(seq.rbegin(), seq.rend());
    if (reversed.find(lower) != std::string::npos) return true;
  }
  return false;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return lower_ascii(haystack).find(lower_ascii(needle)) != std::string::npos;
}

// True when `password` contains 6 consecutive digits that also appear
// consecutively in `source` (a phone or ID number: its birth date, its tail).
bool contains_digit_run(std::string_view password, std::string_view source) {
  constexpr std::size_t kRun = 6;
  for (std::size_t i = 0; i + kRun <= source.size(); ++i) {
    const auto window = source.substr(i, kRun);
    bool digits = true;
    for (char c : window) digits = digits && is_digit(c);
    if (digits && password.find(window) != std::string_view::npos) return true;
  }
  return false;
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

bool is_common_password(std::string_view password) {
  const auto& set = common_set();
  for (const auto& core : cores(password)) {
    if (set.contains(core)) return true;
    bool has_letter = false;
    for (char c : core) has_letter = has_letter || is_letter(c);
    // Only words are un-leeted: "123456" must not turn into letters.
    if (has_letter && set.contains(unleet(core))) return true;
  }
  return false;
}

std::optional<std::string> check_password(const PasswordPolicy& policy, std::string_view password,
                                          const PasswordContext& context) {
  std::vector<char32_t> cps;
  if (!decode_utf8(password, cps)) return "密码包含无法识别的字符，请重新输入。";
  for (char32_t cp : cps)
    if (cp < 0x20 || cp == 0x7f) return "密码不能包含换行、制表符等控制字符。";

  // Code points, not bytes: "党建工作Aa1!" is 8 characters to the person typing it.
  const int length = static_cast<int>(cps.size());
  if (length < policy.min_length) return "密码至少需要 " + std::to_string(policy.min_length) + " 个字符。";
  if (length > kMaxLength) return "密码不能超过 " + std::to_string(kMaxLength) + " 个字符。";

  bool all_same = true;
  for (char32_t cp : cps) all_same = all_same && cp == cps.front();
  if (all_same) return "密码不能全部是同一个字符。";

  for (const auto& core : cores(password)) {
    // The bare password at any length; a core only when it is most of one.
    if ((core.size() == password.size() || core.size() >= 6) && is_straight_sequence(core))
      return "密码不能是连续的数字、字母或键盘顺序（如 12345678、abcdefgh、qwertyui）。";
  }

  bool lower = false, upper = false, digit = false, other = false;
  for (char32_t cp : cps) {
    if (cp >= 'a' && cp <= 'z') lower = true;
    else if (cp >= 'A' && cp <= 'Z') upper = true;
    else if (cp >= '0' && cp <= '9') digit = true;
    else other = true;  // ASCII symbols, spaces, 汉字 and everything else
  }
  const int classes = int(lower) + int(upper) + int(digit) + int(other);
  if (classes < policy.min_classes)
    return "密码需包含大写字母、小写字母、数字和符号中的至少 " + std::to_string(policy.min_classes) + " 类。";

  const std::string username = trimmed(context.username);
  std::vector<char32_t> username_cps;
  if (decode_utf8(username, username_cps) && username_cps.size() >= 3 && contains_ci(password, username))
    return "密码不能包含用户名。";

  const std::string name = trimmed(context.display_name);
  if (!name.empty() && contains_ci(password, name)) return "密码不能包含姓名。";

  std::string phone_digits;  // "138-0013-8000" and "+86 138..." alike
  for (char c : context.phone)
    if (is_digit(c)) phone_digits.push_back(c);
  if (contains_digit_run(password, phone_digits)) return "密码不能包含手机号码。";
  if (contains_digit_run(password, context.id_number)) return "密码不能包含身份证号码中的数字（如出生日期）。";

  if (is_common_password(password)) return "密码过于常见，请换一个不易被猜到的密码。";
  return std::nullopt;
}

}  // namespace dj::identity
