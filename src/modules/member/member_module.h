// The member (党员) module: the roster with its encrypted personal data,
// search in pinyin, transfers, import from messy spreadsheets and export.
#pragma once

#include "core/module.h"

namespace dj::member {
Module member_module();
}  // namespace dj::member
