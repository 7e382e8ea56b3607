// Cleaning of organisation and department names in imported cells.
//
// The importer's generic text cleaning folds every full-width ASCII
// character, which is right for IDs and codes but wrong for official names:
// "市委办公室（市档案局）机关党委" is written with full-width parentheses,
// and turning them into "(" would change the name (and make an exported
// file look changed when imported back). Names therefore get this gentler
// cleaning: full-width digits and letters, spaces and line breaks are
// normalised; CJK punctuation, full-width brackets included, stays as typed.
#pragma once

#include <string>
#include <string_view>

namespace dj::org {

// Full-width digits and Latin letters → ASCII; U+3000, NBSP, tabs and line
// breaks → space; zero-width characters dropped; runs of spaces collapsed;
// ends trimmed; one leading apostrophe (Excel's "store as text" mark, or the
// ‘ ’ a Chinese IME makes of it) dropped. Everything else is kept.
std::string clean_name_cell(std::string_view utf8);

}  // namespace dj::org
