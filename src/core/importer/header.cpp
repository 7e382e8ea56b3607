// Header names: how "身份证号\n(必填)", "*姓名" and "联系电话：" are
// recognised as the caller's columns, and the column letters used in messages.
#include <array>
#include <string>

#include "core/importer/detail.h"
#include "core/importer/importer.h"
#include "core/text/text.h"

namespace dj::importer {
namespace {

// Marks templates and forms put next to a header. Matched after width
// folding, so "（必填）" arrives here as "(必填)".
constexpr std::array<std::string_view, 5> kMarks = {"(必填)", "(选填)", "(可选)", "(必填项)", "(选填项)"};

void erase_all(std::string& s, std::string_view what) {
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at)) s.erase(at, what.size());
}

}  // namespace

std::string normalize_header(std::string_view header) {
  // Width first: ＊ → *, （ → (, ： → :, the ideographic space → space.
  const std::string folded = text::normalize_width(header);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const char c = folded[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == '*') continue;
    if (c == '\xC2' && i + 1 < folded.size() && folded[i + 1] == '\xA0') {  // NBSP from web pages
      ++i;
      continue;
    }
    out += c;
  }
  for (auto mark : kMarks) erase_all(out, mark);
  while (!out.empty() && out.back() == ':') out.pop_back();
  return out;
}

namespace detail {

std::string column_letter(std::size_t index) {
  // Bijective base 26: there is no zero digit, Z is followed by AA.
  std::string out;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

HeaderNames::HeaderNames(const std::vector<Column>& columns) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    // emplace keeps the first column claiming a name: a caller listing the
    // same alias twice gets the earlier column, predictably.
    index_.emplace(normalize_header(columns[i].label), static_cast<int>(i));
    for (const auto& alias : columns[i].aliases) index_.emplace(normalize_header(alias), static_cast<int>(i));
  }
  index_.erase("");  // an empty label must not match every empty cell
}

int HeaderNames::find(std::string_view header) const {
  const auto it = index_.find(normalize_header(header));
  return it == index_.end() ? -1 : it->second;
}

}  // namespace detail
}  // namespace dj::importer
