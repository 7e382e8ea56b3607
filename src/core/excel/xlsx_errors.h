// The messages a user sees when an upload is not a readable .xlsx, and the
// check that tells an old .xls or an encrypted workbook from garbage.
#pragma once

#include <string>

namespace dj::excel::detail {

std::string not_xlsx_message();
// Throws std::runtime_error with the right message when the file at `path`
// is not a zip: an .xls, a password-protected .xlsx (also an OLE compound
// file), or anything else. Returns when it starts like a zip.
void check_xlsx_signature(const std::string& path);

}  // namespace dj::excel::detail
