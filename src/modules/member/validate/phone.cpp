#include "modules/member/validate/phone.h"

#include "modules/member/validate/text_fold.h"

namespace dj::member {

PhoneCheck check_mobile(std::string_view raw) {
  PhoneCheck r;
  const std::string folded = fold_width(raw);
  std::string digits;
  for (char c : folded)
    if (c != ' ' && c != '-' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f') digits.push_back(c);

  // Country code: "+86", "0086" or a bare "86", dropped only when what
  // remains is exactly a mobile's length, so no real digit is ever lost.
  for (std::string_view prefix : {"+86", "0086", "86"})
    if (digits.starts_with(prefix) && digits.size() == prefix.size() + 11) {
      digits.erase(0, prefix.size());
      break;
    }

  r.normalized = digits;
  r.repaired = digits != raw;
  if (digits.empty()) {
    r.error = "请填写手机号。";
  } else if (looks_like_excel_number(digits)) {
    r.error = "手机号被 Excel 当作数字保存，显示不完整。请在 Excel 中把该列设为“文本”格式后重新输入。";
  } else if (digits.size() != 11 || !is_all_digits(digits) || digits[0] != '1' || digits[1] < '3') {
    r.error = "手机号应为11位、以13至19开头的中国大陆手机号码，请核对。";
  }
  return r;
}

std::string mask_phone(std::string_view phone) {
  if (phone.size() <= 7) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
         std::string(phone.substr(phone.size() - 4));
}

}  // namespace dj::member
