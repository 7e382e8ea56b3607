// Checks of the fields this module adds (书记, 联系片, 排序), shared by the
// routes and the import. Each throws dj::ApiError (422) with a Chinese
// message naming the field and returns the value to store.
#pragma once

#include <string>
#include <string_view>

namespace dj::org {

// Trimmed (ASCII and full-width spaces), at most 50 characters, no control characters; may be empty.
std::string checked_secretary(std::string_view raw);
std::string checked_contact_zone(std::string_view raw);
// 排序 as typed in a spreadsheet cell: a whole number 0–999999 ("3", "3.0").
int checked_sort_order_text(std::string_view raw);

}  // namespace dj::org
