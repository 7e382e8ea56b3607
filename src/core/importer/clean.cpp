// The generic cell cleaning of each Clean kind, and footer recognition.
#include <array>
#include <string>

#include "core/importer/detail.h"
#include "core/text/text.h"

namespace dj::importer::detail {
namespace {

constexpr std::string_view kLeftQuote = "\xE2\x80\x98";   // ‘ U+2018
constexpr std::string_view kRightQuote = "\xE2\x80\x99";  // ’ U+2019
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
constexpr std::string_view kNbsp = "\xC2\xA0";

bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

// Length of the blank (ASCII, ideographic or non-breaking space) at s[i], 0 when none.
std::size_t blank_at(std::string_view s, std::size_t i) {
  if (ascii_space(s[i])) return 1;
  if (s.substr(i).starts_with(kIdeographicSpace)) return kIdeographicSpace.size();
  if (s.substr(i).starts_with(kNbsp)) return kNbsp.size();
  return 0;
}

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    const std::size_t n = blank_at(s, begin);
    if (n == 0) break;
    begin += n;
  }
  std::size_t end = s.size();
  // Scan back over whole blanks only: check the 1-, 2- and 3-byte forms ending at `end`.
  for (;;) {
    if (end > begin && ascii_space(s[end - 1])) --end;
    else if (end - begin >= 2 && s.substr(end - 2, 2) == kNbsp) end -= 2;
    else if (end - begin >= 3 && s.substr(end - 3, 3) == kIdeographicSpace) end -= 3;
    else break;
  }
  return s.substr(begin, end - begin);
}

// Chinese input methods turn the apostrophe typed before an ID ("store as
// text" in Excel) into ‘ or ’. Making it ASCII lets clean_cell drop it like
// Excel's own mark, and only when it is the first visible character.
std::string ascii_leading_quote(std::string_view cell) {
  std::size_t i = 0;
  while (i < cell.size()) {
    const std::size_t n = blank_at(cell, i);
    if (n == 0) break;
    i += n;
  }
  const std::string_view rest = cell.substr(i);
  if (rest.starts_with(kLeftQuote) || rest.starts_with(kRightQuote))
    return std::string(cell.substr(0, i)) + "'" + std::string(rest.substr(kLeftQuote.size()));
  return std::string(cell);
}

}  // namespace

std::string clean(Clean kind, std::string_view cell) {
  if (kind == Clean::raw) return std::string(trim(cell));
  std::string out = text::clean_cell(ascii_leading_quote(cell)).value;
  if (kind == Clean::compact) std::erase(out, ' ');
  return out;
}

bool is_footer(const excel::SheetRow& row) {
  // Compared after width folding: "注：" and "注:" are then the same.
  static const std::array<std::string, 14> prefixes = [] {
    const std::array<std::string_view, 14> raw = {"填报人", "制表人", "填表人", "审核人", "负责人",
                                                  "填报单位", "填报日期", "制表日期", "制表时间", "单位盖章",
                                                  "注：", "注:", "备注：", "说明："};
    std::array<std::string, 14> folded;
    for (std::size_t i = 0; i < raw.size(); ++i) folded[i] = text::normalize_width(raw[i]);
    return folded;
  }();
  for (const auto& cell : row.cells) {
    const std::string value = text::clean_cell(cell.text).value;
    if (value.empty()) continue;
    for (const auto& p : prefixes)
      if (value.starts_with(p)) return true;
    return false;  // only the first non-empty cell decides
  }
  return false;
}

}  // namespace dj::importer::detail
