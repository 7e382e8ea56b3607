// Report::write_xlsx: the report as a workbook the user fixes the file from,
// sorted the way the JSON is (file order), on the constant-memory Writer.
#include "core/excel/excel.h"
#include "core/importer/importer.h"

namespace dj::importer {
namespace {

struct Where {
  std::string label, column;
};

// Column letter in the file and Chinese name of a field; for a field the
// caller did not declare, its key is better than nothing.
Where where(const std::string& key, const std::vector<Column>& columns, const Layout& layout) {
  if (key.empty()) return {};
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].key == key) return {columns[i].label, i < layout.letters.size() ? layout.letters[i] : ""};
  return {key, ""};
}

std::string yes_no(bool b) { return b ? "是" : "否"; }

}  // namespace

void Report::write_xlsx(const std::string& path, const std::vector<Column>& columns) const {
  using excel::Cell;
  excel::Writer w(path);

  w.sheet("汇总", {"项目", "结果"});
  w.row({std::string("运行方式"), std::string(dry_run ? "试运行（只检查，未写入）" : "正式导入")});
  w.row({std::string("全部或全不导入"), yes_no(all_or_nothing)});
  w.row({std::string("已写入数据"), yes_no(applied)});
  w.row({std::string("读取的数据行"), Cell(rows)});
  w.row({std::string("新增"), Cell(imported)});
  w.row({std::string("更新"), Cell(updated)});
  w.row({std::string("无变化"), Cell(unchanged)});
  w.row({std::string("被拒绝的行"), Cell(rejected_rows())});
  w.row({std::string("自动修正的单元格"), Cell(static_cast<std::int64_t>(repaired.size()))});
  if (!layout.format.empty()) {
    std::string format = layout.format == "csv" ? "CSV" : "Excel (.xlsx)";
    if (!layout.encoding.empty()) format += "，编码 " + layout.encoding;
    w.row({std::string("文件格式"), format});
  }
  if (!layout.sheet.empty()) w.row({std::string("工作表"), layout.sheet});
  if (layout.header_row > 0) w.row({std::string("表头所在行"), Cell(layout.header_row)});
  if (!layout.ignored_headers.empty()) {
    std::string ignored;
    for (const auto& h : layout.ignored_headers) ignored += (ignored.empty() ? "" : "、") + h;
    w.row({std::string("未导入的列"), ignored});
  }
  for (const auto& n : notes) w.row({std::string("说明"), n});

  w.sheet("被拒绝的行", {"行号", "列", "字段", "原因", "代码"});
  for (const auto& r : rejected) {
    const Where at = where(r.field, columns, layout);
    w.row({Cell(r.row), at.column, at.label, r.message, r.code});
  }

  w.sheet("已修正", {"行号", "列", "字段", "原值", "修正为"});
  for (const auto& r : repaired) {
    const Where at = where(r.field, columns, layout);
    w.row({Cell(r.row), at.column, at.label, r.from, r.to});
  }
  w.close();
}

}  // namespace dj::importer
