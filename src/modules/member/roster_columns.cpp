#include "modules/member/roster_columns.h"

namespace dj::member {

using importer::Clean;

const std::vector<importer::Column>& roster_columns() {
  // Keys are the API's field names, so a rejection's field matches the form's.
  static const std::vector<importer::Column> cols = {
      {"seq", "序号", {"编号", "序"}, false, Clean::compact},
      {"name", "姓名", {"党员姓名", "名字"}, true, Clean::compact},
      {"sex", "性别", {}, false, Clean::compact},
      {"ethnicity", "民族", {}, false, Clean::compact},
      {"id_number", "身份证号",
       {"公民身份号码", "身份证号码", "身份证", "公民身份证号码", "身份证件号码", "证件号码"}, true, Clean::compact},
      {"birth_date", "出生日期", {"出生年月", "出生时间", "出生年月日"}, false, Clean::compact},
      {"join_date", "入党日期", {"入党时间", "入党年月"}, true, Clean::compact},
      {"full_date", "转正日期", {"转正时间", "转正年月"}, false, Clean::compact},
      // In rosters 人员类别 is the 正式党员/预备党员 column (the DOMAIN's status).
      {"status", "人员类别", {"党员状态", "党员类别", "党籍状态", "党员身份", "类别"}, false, Clean::compact},
      {"education", "学历", {"文化程度", "最高学历", "全日制学历"}, false, Clean::compact},
      {"post", "职务", {"现任职务", "行政职务", "工作岗位", "岗位"}, false, Clean::text},
      {"rank", "职级", {"职级层次", "级别", "职务级别", "职级（职务层次）"}, false, Clean::compact},
      {"org", "所在支部", {"所在党组织", "所在党支部", "党支部", "支部", "支部名称", "所属支部"}, false, Clean::text},
      {"phone", "手机号码", {"联系电话", "手机", "手机号", "联系方式", "电话"}, false, Clean::compact},
      {"category", "工作状态", {"在职情况", "人员身份", "在职状态"}, false, Clean::compact},
  };
  return cols;
}

const std::vector<std::string>& roster_instructions() {
  static const std::vector<std::string> lines = {
      "党员花名册导入说明",
      "1. 第一个工作表的第一行为表头，请勿修改列名；标 * 的列必须填写。表头上方可以有标题行，表格下方的填报人、制表人等落款会被忽略。",
      "2. 身份证号：18 位，最后一位可以是 X。请保持本模板的“文本”格式；若从其他表格粘贴后变成 3.20402E+17 这样的数字，后几位已经丢失，需要重新录入。",
      "3. 性别、出生日期可以不填，系统按身份证号补全；如果填写，必须与身份证号一致。",
      "4. 日期可写作 2012-07-01、2012.7.1、2012/7/1、2012年7月1日 或 20120701。",
      "5. 人员类别填写“正式党员”或“预备党员”；正式党员须填写转正日期，预备党员不填转正日期。",
      "6. 入党日期不能早于年满 18 周岁之日。",
      "7. 所在支部填写导入目标组织下的党支部名称或组织编码；不填则导入到目标组织本身。",
      "8. 手机号码为 11 位大陆手机号，可选。",
      "9. 同一身份证号在文件中出现两次，两行都不会导入；已在其他组织登记的党员不会被自动调走，请使用“组织关系转接”。",
      "10. 建议先“试导入”查看报告，确认无误后再正式导入；重复导入同一文件不会产生重复数据。",
  };
  return lines;
}

}  // namespace dj::member
