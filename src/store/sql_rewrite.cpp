#include "store/sql_rewrite.h"

namespace dj::store::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;  // UTF-8 identifiers
}

// Index just past a quoted section starting at `i` (sql[i] is the quote);
// a doubled quote inside is an escaped quote. Unterminated: the end of input.
std::size_t skip_quoted(std::string_view sql, std::size_t i, char quote) {
  for (std::size_t j = i + 1; j < sql.size(); ++j) {
    if (sql[j] != quote) continue;
    if (j + 1 < sql.size() && sql[j + 1] == quote) {
      ++j;
      continue;
    }
    return j + 1;
  }
  return sql.size();
}

}  // namespace

std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    std::size_t next = i + 1;
    if (c == '\'' || c == '"' || c == '`') {
      next = skip_quoted(sql, i, c);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      next = sql.find('\n', i);
      next = next == std::string_view::npos ? sql.size() : next + 1;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      next = sql.find("*/", i + 2);
      next = next == std::string_view::npos ? sql.size() : next + 2;
    } else if (c == '$' && i + 1 < sql.size() && is_digit(sql[i + 1]) && (i == 0 || !is_ident_char(sql[i - 1]))) {
      out.push_back('?');
      ++i;
      while (i < sql.size() && is_digit(sql[i])) out.push_back(sql[i++]);
      continue;
    }
    out.append(sql.substr(i, next - i));
    i = next;
  }
  return out;
}

}  // namespace dj::store::detail
