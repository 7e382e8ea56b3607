// read_csv: one pass over the text with a small state machine. Line numbers
// are counted as an editor counts them (LF, CRLF and a lone CR each end a
// line), so an error or a row can be pointed at in the user's file.
#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "core/excel/reader.h"

namespace dj::excel {
namespace {

constexpr std::size_t kSniffLines = 20;

// The delimiter that occurs most often outside quotes in the first lines.
// Commas win ties: they are the standard, and a Chinese roster with
// "，" in its text has no ASCII commas to confuse the count anyway.
char sniff_delimiter(std::string_view s) {
  std::array<std::size_t, 3> counts{};  // comma, tab, semicolon
  bool quoted = false;
  std::size_t lines = 0;
  for (std::size_t i = 0; i < s.size() && lines < kSniffLines; ++i) {
    const char c = s[i];
    if (c == '"') quoted = !quoted;  // "" inside quotes toggles twice: no change
    else if (quoted) continue;
    else if (c == ',') ++counts[0];
    else if (c == '\t') ++counts[1];
    else if (c == ';') ++counts[2];
    else if (c == '\n') ++lines;
  }
  const auto best = std::max_element(counts.begin(), counts.end()) - counts.begin();
  if (counts[static_cast<std::size_t>(best)] == 0) return ',';
  return ",\t;"[best];
}

class CsvParser {
 public:
  CsvParser(std::string_view s, const std::function<void(const SheetRow&)>& on_row)
      : s_(s), on_row_(on_row), delim_(sniff_delimiter(s)) {}

  void run() {
    if (s_.starts_with("\xEF\xBB\xBF")) i_ = 3;
    while (i_ < s_.size()) record();
  }

 private:
  // Consumes a line end at i_ if there is one.
  bool line_end() {
    if (s_[i_] == '\n') {
      ++i_;
    } else if (s_[i_] == '\r') {
      ++i_;
      if (i_ < s_.size() && s_[i_] == '\n') ++i_;
    } else {
      return false;
    }
    ++line_;
    return true;
  }

  void record() {
    SheetRow row;
    row.row_number = line_;
    for (;;) {
      row.cells.push_back({field(row.row_number)});
      if (i_ >= s_.size()) break;
      if (s_[i_] == delim_) {
        ++i_;  // at the very end ("a,b,"), field() then reads the empty last field
        continue;
      }
      line_end();
      break;
    }
    while (!row.cells.empty() && row.cells.back().text.empty()) row.cells.pop_back();
    if (!row.cells.empty()) on_row_(row);
  }

  // One field; stops at the delimiter or line end (not consumed).
  std::string field(std::int64_t record_line) {
    std::string out;
    if (i_ < s_.size() && s_[i_] == '"') {
      const std::int64_t opened = line_;
      ++i_;
      for (;;) {
        if (i_ >= s_.size())
          throw std::runtime_error("CSV 第 " + std::to_string(opened) + " 行开始的引号没有闭合 / unterminated quote in the field starting on line " +
                                   std::to_string(opened) + " (record on line " + std::to_string(record_line) + ")");
        const char c = s_[i_];
        if (c == '"') {
          if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
            out += '"';
            i_ += 2;
            continue;
          }
          ++i_;
          break;
        }
        if (c == '\r' || c == '\n') {
          const std::size_t from = i_;
          line_end();
          out.append(s_.substr(from, i_ - from));  // kept as written
          continue;
        }
        out += c;
        ++i_;
      }
    }
    // Unquoted text, or (leniently) text after a closing quote: "a"b → ab.
    while (i_ < s_.size() && s_[i_] != delim_ && s_[i_] != '\n' && s_[i_] != '\r') out += s_[i_++];
    return out;
  }

  std::string_view s_;
  const std::function<void(const SheetRow&)>& on_row_;
  char delim_;
  std::size_t i_ = 0;
  std::int64_t line_ = 1;
};

}  // namespace

void read_csv(std::string_view utf8, const std::function<void(const SheetRow&)>& on_row) {
  CsvParser(utf8, on_row).run();
}

}  // namespace dj::excel
