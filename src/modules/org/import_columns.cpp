#include "modules/org/import_columns.h"

namespace dj::org::import {

const std::vector<importer::Column>& columns() {
  using importer::Clean;
  // "序号" is deliberately no alias of 排序: most sheets start with a 序号
  // column that only numbers the rows. Names are read raw and cleaned by
  // clean_name_cell (name_clean.h), which keeps full-width brackets.
  static const std::vector<importer::Column> all = {
      {"name", "组织名称", {"党组织名称", "组织全称", "名称"}, true, Clean::raw},
      {"code", "组织编码", {"党组织编码", "组织代码", "编码", "代码"}, true, Clean::compact},
      {"parent_code", "上级组织编码", {"上级党组织编码", "上级组织代码", "上级编码"}, false, Clean::compact},
      {"parent_name", "上级组织名称", {"上级党组织名称", "上级党组织", "上级组织"}, false, Clean::raw},
      {"type", "组织类型", {"党组织类型", "组织类别", "类型"}, true, Clean::compact},
      {"department", "所属部门", {"部门", "所属单位", "单位"}, false, Clean::raw},
      // Personal names: "王  芳" aligned by hand is 王芳.
      {"secretary", "书记", {"书记姓名", "党组织书记"}, false, Clean::compact},
      {"contact_zone", "联系片", {"所属联系片", "联系片区"}, false, Clean::text},
      {"sort_order", "排序", {"排序号", "显示顺序"}, false, Clean::compact},
  };
  return all;
}

std::vector<std::string> template_example() {
  return {"市财政局机关党委", "D023", "SJJG", "", "机关党委", "市财政局", "王建国", "第三联系片", "23"};
}

std::vector<std::string> template_instructions() {
  return {
      "每行一个党组织。带 * 的列必须填写。",
      "组织编码：1 至 32 位字母、数字、下划线或短横线，全市唯一；再次导入同一文件时，按编码找到已有组织并更新，不会重复新建。",
      "上级组织：填写“上级组织编码”或“上级组织名称”之一（都填时以编码为准）。上级组织可以是系统中已有的组织，也可以是本文件中的另一行（前后顺序不限）。",
      "上级组织留空的新组织，放在导入时选择的默认上级组织之下。已有组织的上级留空时保持不变。",
      "填写了不同的上级组织，表示把该组织（连同其下级）移动过去。",
      "组织类型：应为组织类型字典中的一项，如机关工委、机关党委、党总支、党支部。",
      "所属部门、书记、联系片、排序可以不填；已有组织的这些单元格留空时，保留原来的内容。",
      "同一编码在文件中出现两次、找不到上级组织、上级关系形成循环的行，不会导入，报告中会列出行号和原因。",
  };
}

}  // namespace dj::org::import
