// The import report as a workbook the user fixes the file from: sheets 汇总,
// 被拒绝的行 and 已修正, in file order, on the constant-memory Writer. Written
// from the report's JSON, so a finished job's stored result can be downloaded
// as .xlsx later without keeping the Report object (GET /api/v1/jobs/{id}/report).
#include <boost/json.hpp>

#include "core/excel/excel.h"
#include "core/importer/importer.h"

namespace dj::importer {
namespace {

namespace json = boost::json;

std::string yes_no(bool b) { return b ? "是" : "否"; }

std::string text_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}
std::int64_t int_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_int64() ? v->as_int64() : 0;
}
bool bool_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_bool() && v->as_bool();
}
const json::array& array_of(const json::object& o, const char* key) {
  static const json::array empty;
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : empty;
}

}  // namespace

void write_report_xlsx(const boost::json::value& report, const std::string& path) {
  using excel::Cell;
  const json::object& r = report.as_object();
  excel::Writer w(path);

  w.sheet("汇总", {"项目", "结果"});
  w.row({std::string("运行方式"), std::string(bool_of(r, "dry_run") ? "试导入（只检查，未写入）" : "正式导入")});
  w.row({std::string("全部或全不导入"), yes_no(bool_of(r, "all_or_nothing"))});
  w.row({std::string("已写入数据"), yes_no(bool_of(r, "applied"))});
  w.row({std::string("读取的数据行"), Cell(int_of(r, "rows"))});
  w.row({std::string("新增"), Cell(int_of(r, "imported"))});
  w.row({std::string("更新"), Cell(int_of(r, "updated"))});
  w.row({std::string("无变化"), Cell(int_of(r, "unchanged"))});
  w.row({std::string("被拒绝的行"), Cell(int_of(r, "rejected_rows"))});
  const auto repaired_total = r.contains("repaired_total") ? int_of(r, "repaired_total")
                                                           : static_cast<std::int64_t>(array_of(r, "repaired").size());
  w.row({std::string("自动修正的单元格"), Cell(repaired_total)});
  if (const auto* l = r.if_contains("layout"); l && l->is_object()) {
    const json::object& layout = l->as_object();
    const std::string format = text_of(layout, "format"), encoding = text_of(layout, "encoding");
    if (!format.empty())
      w.row({std::string("文件格式"),
             (format == "csv" ? std::string("CSV") : std::string("Excel (.xlsx)")) +
                 (encoding.empty() ? "" : "，编码 " + encoding)});
    if (!text_of(layout, "sheet").empty()) w.row({std::string("工作表"), text_of(layout, "sheet")});
    if (int_of(layout, "header_row") > 0) w.row({std::string("表头所在行"), Cell(int_of(layout, "header_row"))});
    std::string ignored;
    for (const auto& h : array_of(layout, "ignored_headers"))
      if (h.is_string()) ignored += (ignored.empty() ? "" : "、") + std::string(h.as_string());
    if (!ignored.empty()) w.row({std::string("未导入的列"), ignored});
  }
  for (const auto& n : array_of(r, "notes"))
    if (n.is_string()) w.row({std::string("说明"), std::string(n.as_string())});

  // A field the caller did not declare shows its key rather than nothing.
  auto label = [](const json::object& item) {
    std::string l = text_of(item, "label");
    return l.empty() ? text_of(item, "field") : l;
  };
  w.sheet("被拒绝的行", {"行号", "列", "字段", "原因", "代码"});
  for (const auto& v : array_of(r, "rejected")) {
    const json::object& x = v.as_object();
    w.row({Cell(int_of(x, "row")), text_of(x, "column"), label(x), text_of(x, "message"), text_of(x, "code")});
  }
  w.sheet("已修正", {"行号", "列", "字段", "原值", "修正为"});
  for (const auto& v : array_of(r, "repaired")) {
    const json::object& x = v.as_object();
    w.row({Cell(int_of(x, "row")), text_of(x, "column"), label(x), text_of(x, "from"), text_of(x, "to")});
  }
  w.close();
}

void Report::write_xlsx(const std::string& path, const std::vector<Column>& columns) const {
  write_report_xlsx(to_json(columns), path);
}

}  // namespace dj::importer
