// The columns of an organisation-tree file (组织名称, 组织编码, 上级组织编码 /
// 上级组织名称, 组织类型, 所属部门, 书记, 联系片, 排序), their header variants,
// and what the blank template shows.
#pragma once

#include <string>
#include <vector>

#include "core/importer/importer.h"

namespace dj::org::import {

// Positions in columns() (and so in every Record's cells).
enum Col : std::size_t { kName, kCode, kParentCode, kParentName, kType, kDepartment, kSecretary, kZone, kSortOrder };

const std::vector<importer::Column>& columns();
// The columns read raw and cleaned with clean_name_cell instead.
inline constexpr Col kNameColumns[] = {kName, kParentName, kDepartment};
std::vector<std::string> template_example();
std::vector<std::string> template_instructions();

}  // namespace dj::org::import
