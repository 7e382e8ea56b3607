// Builds valid 身份证号 for tests with a check-digit rule written differently
// from the library's table: weight i is 2^(17-i) mod 11, and the check value
// c makes (sum + c) ≡ 1 (mod 11), with 10 written X. Agreement between the
// two is itself evidence both are right.
#pragma once

#include <string>

namespace dj::member::test {

inline std::string with_check(const std::string& first17) {
  int sum = 0;
  int weight = 1;  // 2^0 for the last of the 17 digits, doubling leftwards
  for (int i = 16; i >= 0; --i) {
    weight = (weight * 2) % 11;
    sum += (first17[static_cast<std::size_t>(i)] - '0') * weight;
  }
  const int c = (12 - sum % 11) % 11;
  return first17 + (c == 10 ? 'X' : static_cast<char>('0' + c));
}

// An ID whose check character is deliberately wrong.
inline std::string with_wrong_check(const std::string& first17) {
  const std::string good = with_check(first17);
  return first17 + (good.back() == '0' ? '1' : '0');
}

}  // namespace dj::member::test
