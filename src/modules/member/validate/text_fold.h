// Small UTF-8 repairs shared by the validators. Spreadsheets typed with a
// Chinese IME often carry full-width characters (１２３, －, ／) and invisible
// spaces pasted from web pages; folding them first lets every parser below
// work on plain ASCII digits and punctuation.
#pragma once

#include <string>
#include <string_view>

namespace dj::member {

// Maps full-width ASCII (U+FF01–U+FF5E) to ASCII, the ideographic space
// (U+3000) and NBSP to ' ', and drops zero-width spaces and BOMs. Anything
// else, including Chinese characters, passes through unchanged.
std::string fold_width(std::string_view s);

// Removes leading and trailing ASCII whitespace.
std::string_view trim_ascii(std::string_view s);

// fold_width then trim_ascii, the usual first step for a cell value.
std::string clean_cell(std::string_view s);

bool is_all_digits(std::string_view s);

// True for the shapes Excel gives a long digit string once it has stored it
// as a number: "3.20402E+17", "3.2E17", "320402198001011000.0".
bool looks_like_excel_number(std::string_view s);

// Number of code points, for messages that quote a length ("当前为17位").
std::size_t utf8_length(std::string_view s);

}  // namespace dj::member
