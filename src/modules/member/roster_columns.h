// The columns of a 党员花名册 and the header texts offices actually use for
// them. One list serves the import, the blank template and the export, so a
// file exported from dangjian imports back unchanged.
#pragma once

#include <vector>

#include "core/importer/importer.h"

namespace dj::member {

// Indexes into roster_columns().
enum RosterColumn {
  kSeq, kName, kSex, kEthnicity, kIdNumber, kBirthDate, kJoinDate, kFullDate, kStatus,
  kEducation, kPost, kRank, kBranch, kPhone, kCategory, kRosterColumnCount
};

const std::vector<importer::Column>& roster_columns();

// The 填写说明 sheet of the template, one line per row.
const std::vector<std::string>& roster_instructions();

}  // namespace dj::member
