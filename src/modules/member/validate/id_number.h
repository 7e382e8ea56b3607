// 公民身份号码 (GB 11643-1999): repair what spreadsheets do to it, check it,
// and read the birth date and sex it encodes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "modules/member/validate/civil_date.h"

namespace dj::member {

enum class Sex { unknown, male, female };

// "男" / "女" / "" for unknown.
std::string_view sex_label(Sex sex);

// Told to users whenever an ID arrives in a shape only Excel produces.
inline constexpr std::string_view kIdLostDigitsMessage =
    "身份证号被 Excel 当作数字保存，后几位已丢失。请在 Excel 中把该列设为“文本”格式后重新输入，"
    "或在号码前加英文单引号 '。";

struct IdNormalized {
  std::string value;
  bool changed = false;  // value differs from the raw input
};

// Trims, folds full-width digits and Ｘ/ｘ, removes spaces and the apostrophes
// Excel users type to force text, and upper-cases the check character.
IdNormalized normalize_id(std::string_view raw);

// The check character (ISO 7064 MOD 11-2) for 17 leading ASCII digits.
// Precondition: first17 is exactly 17 digits.
char id_check_char(std::string_view first17);

struct IdCheck {
  std::string normalized;  // the repaired number (also when invalid)
  bool repaired = false;   // normalisation changed the input
  // Empty when valid; otherwise one of "required", "id_lost_digits",
  // "id_15_digit", "id_format", "id_date", "id_checksum".
  std::string code;
  std::string message;      // Chinese, says what to fix
  std::optional<Date> birth;  // set only when valid
  Sex sex = Sex::unknown;     // set only when valid
  bool ok() const { return code.empty(); }
};

// Area codes are deliberately not checked: people keep the number issued by a
// district that has since been merged or renamed, so no list is ever complete.
IdCheck check_id(std::string_view raw, const Date& today);

// "32040219800101123X" → "3204**********123X": enough to tell rows apart in
// a list or log without revealing the birth date.
std::string mask_id(std::string_view id);

}  // namespace dj::member
