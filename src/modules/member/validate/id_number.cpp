#include "modules/member/validate/id_number.h"

#include "modules/member/validate/text_fold.h"

namespace dj::member {

std::string_view sex_label(Sex sex) {
  switch (sex) {
    case Sex::male: return "男";
    case Sex::female: return "女";
    case Sex::unknown: break;
  }
  return "";
}

IdNormalized normalize_id(std::string_view raw) {
  const std::string folded = fold_width(raw);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    // Every ASCII space clean_cell trims, \v (Word's line break) and \f included,
    // so an ID that check_member sees as filled in never normalises to blanks.
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == '\'' || c == '`')
      continue;
    // ‘ and ’ (U+2018/U+2019, E2 80 98/99): the apostrophe a Chinese IME types.
    if (c == '\xE2' && i + 2 < folded.size() && folded[i + 1] == '\x80' &&
        (folded[i + 2] == '\x98' || folded[i + 2] == '\x99')) {
      i += 2;
      continue;
    }
    out.push_back(c == 'x' ? 'X' : c);
  }
  const bool changed = out != raw;
  return {std::move(out), changed};
}

char id_check_char(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kChars[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  return kChars[sum % 11];
}

namespace {

int digits_value(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

IdCheck fail(IdCheck r, std::string code, std::string message) {
  r.code = std::move(code);
  r.message = std::move(message);
  return r;
}

}  // namespace

IdCheck check_id(std::string_view raw, const Date& today) {
  IdNormalized n = normalize_id(raw);
  IdCheck r;
  r.normalized = std::move(n.value);
  r.repaired = n.changed;
  const std::string& id = r.normalized;

  if (id.empty()) return fail(std::move(r), "required", "请填写身份证号。");
  if (looks_like_excel_number(id)) return fail(std::move(r), "id_lost_digits", std::string(kIdLostDigitsMessage));
  if (id.size() == 15 && is_all_digits(id))
    return fail(std::move(r), "id_15_digit",
                "这是15位的第一代身份证号，已停止使用。请填写18位的第二代身份证号。");
  if (id.size() != 18 || !is_all_digits(id.substr(0, 17)) ||
      !(is_all_digits(id.substr(17)) || id[17] == 'X')) {
    // A shorter all-digit value is a typing slip, not Excel: Excel keeps the
    // digit count of an 18-digit number (it zeroes the tail or shows E+17).
    if (id.size() != 18)
      return fail(std::move(r), "id_format",
                  "身份证号应为18位（17位数字加末位数字或X），当前为" +
                      std::to_string(utf8_length(id)) + "位，请核对。");
    return fail(std::move(r), "id_format", "身份证号只能由数字和末位的X组成，请核对。");
  }

  const Date birth{digits_value(id.substr(6, 4)), digits_value(id.substr(10, 2)),
                   digits_value(id.substr(12, 2))};
  const std::string shown(id.substr(6, 8));
  if (birth.year < 1900 || !is_valid_date(birth))
    return fail(std::move(r), "id_date",
                "身份证号第7至14位的出生日期“" + shown + "”不是有效日期，请核对。");
  if (birth > today)
    return fail(std::move(r), "id_date",
                "身份证号第7至14位的出生日期“" + shown + "”晚于今天，请核对。");

  if (id_check_char(id.substr(0, 17)) != id[17]) {
    std::string msg = "身份证号校验位不符，号码中可能有抄错的数字，请对照身份证核对。";
    // The one Excel damage that keeps 18 digits: a number formatted without
    // decimals shows 15 significant digits, so the tail reads 000. It cannot
    // be told from a real number ending in 000, hence a hint, not a verdict.
    if (id.ends_with("000"))
      msg += "若末尾的000是从 Excel 中带出的，说明号码曾被当作数字保存、后几位已丢失："
             "请在 Excel 中把该列设为“文本”格式后重新输入，或在号码前加英文单引号 '。";
    return fail(std::move(r), "id_checksum", std::move(msg));
  }

  r.birth = birth;
  r.sex = (id[16] - '0') % 2 == 1 ? Sex::male : Sex::female;
  return r;
}

std::string mask_id(std::string_view id) {
  // Keep the first 4 (province + city) and last 4; mask everything else,
  // including all of anything too short to mask meaningfully.
  if (id.size() <= 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') + std::string(id.substr(id.size() - 4));
}

}  // namespace dj::member
