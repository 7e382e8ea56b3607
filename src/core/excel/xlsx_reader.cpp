// read_xlsx: finds the sheet through the workbook's relationships, loads the
// shared strings and the date styles, then reads the sheet twice from the
// zip — once for the merged ranges (stored after the rows, but needed while
// the rows are read), once for the rows. Both passes stream.
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "core/excel/cell_format.h"
#include "core/excel/reader.h"
#include "core/excel/xlsx_errors.h"
#include "core/excel/xml_scan.h"
#include "core/excel/zip_source.h"

namespace dj::excel {
namespace {

using detail::ZipSource;

constexpr std::size_t kMaxColumns = 16384;  // XFD, Excel's last column

std::string_view local_name(const char* qname) {
  const std::string_view n(qname);
  const std::size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
  for (pugi::xml_node c : parent.children())
    if (local_name(c.name()) == name) return c;
  return {};
}

pugi::xml_document parse(std::string_view xml) {
  pugi::xml_document doc;
  // ws_pcdata: <t xml:space="preserve"> </t> is a space, not nothing.
  const auto ok = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                                  pugi::encoding_utf8);
  if (!ok) throw std::runtime_error(detail::not_xlsx_message());
  return doc;
}

// "A1:D1" parts. Columns 0-based, rows 1-based.
struct CellRef {
  std::int64_t row = 0;
  std::size_t col = 0;
  bool has_row = false;
};

CellRef parse_ref(std::string_view ref) {
  CellRef r;
  std::size_t i = 0, col = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = std::min(col * 26 + (ref[i] - 'A' + 1), kMaxColumns + 1);
  r.col = col == 0 ? 0 : col - 1;
  if (i < ref.size()) r.has_row = std::from_chars(ref.data() + i, ref.data() + ref.size(), r.row).ec == std::errc{};
  return r;
}

// ---- the package: which part is the workbook, which the sheets ----

std::string dir_of(const std::string& part) {
  const std::size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

// A relationship target relative to `base_dir` ("xl/"), or absolute ("/xl/...").
std::string resolve(const std::string& base_dir, const std::string& target) {
  std::string joined = target.starts_with('/') ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    const std::string seg = joined.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

struct Rel {
  std::string id, type, target;  // target resolved to a part name
};

std::vector<Rel> read_rels(ZipSource& zip, const std::string& part) {
  std::vector<Rel> out;
  const std::string rels_part = dir_of(part) + "_rels/" + part.substr(dir_of(part).size()) + ".rels";
  const auto xml = zip.read(rels_part);
  if (!xml) return out;
  const auto doc = parse(*xml);
  for (pugi::xml_node r : child(doc, "Relationships").children()) {
    if (local_name(r.name()) != "Relationship" || std::string_view(r.attribute("TargetMode").value()) == "External")
      continue;
    out.push_back({r.attribute("Id").value(), r.attribute("Type").value(),
                   resolve(dir_of(part), r.attribute("Target").value())});
  }
  return out;
}

// The relationship type's last segment ("…/relationships/worksheet").
std::string_view rel_kind(const Rel& r) {
  const std::string_view t(r.type);
  return t.substr(t.rfind('/') + 1);
}

struct SheetInfo {
  std::string name, part;
  bool visible = true;
};

struct Workbook {
  std::vector<SheetInfo> sheets;  // worksheets only (not chart sheets), in order
  std::string shared_strings, styles;
  bool date1904 = false;
};

Workbook read_workbook(ZipSource& zip) {
  std::string book_part = "xl/workbook.xml";
  for (const Rel& r : read_rels(zip, ""))
    if (rel_kind(r) == "officeDocument") book_part = r.target;
  const auto xml = zip.read(book_part);
  if (!xml) throw std::runtime_error(detail::not_xlsx_message());  // a zip, but not a workbook (.docx, …)
  const auto rels = read_rels(zip, book_part);

  Workbook wb;
  wb.shared_strings = dir_of(book_part) + "sharedStrings.xml";
  wb.styles = dir_of(book_part) + "styles.xml";
  for (const Rel& r : rels) {
    if (rel_kind(r) == "sharedStrings") wb.shared_strings = r.target;
    if (rel_kind(r) == "styles") wb.styles = r.target;
  }
  const auto doc = parse(*xml);
  const pugi::xml_node root = child(doc, "workbook");
  const std::string_view d1904 = child(root, "workbookPr").attribute("date1904").value();
  wb.date1904 = d1904 == "1" || d1904 == "true";
  for (pugi::xml_node s : child(root, "sheets").children()) {
    if (local_name(s.name()) != "sheet") continue;
    std::string rid;
    for (pugi::xml_attribute a : s.attributes())
      if (local_name(a.name()) == "id" && std::string_view(a.name()) != "id") rid = a.value();  // r:id
    const auto rel = std::find_if(rels.begin(), rels.end(), [&](const Rel& r) { return r.id == rid; });
    if (rel == rels.end() || rel_kind(*rel) != "worksheet") continue;
    const std::string_view state = s.attribute("state").value();
    wb.sheets.push_back({s.attribute("name").value(), rel->target, state != "hidden" && state != "veryHidden"});
  }
  if (wb.sheets.empty()) throw std::runtime_error(detail::not_xlsx_message());
  return wb;
}

// ---- shared strings and styles ----

// <si> and <is>: plain <t>, or rich-text runs <r><t>; phonetic runs (<rPh>) are not shown text.
std::string string_item(pugi::xml_node item) {
  std::string out;
  for (pugi::xml_node c : item.children()) {
    const std::string_view n = local_name(c.name());
    if (n == "t") out += c.text().get();
    if (n == "r") out += child(c, "t").text().get();
  }
  return detail::decode_escapes(std::move(out));
}

std::vector<std::string> read_shared_strings(ZipSource& zip, const std::string& part) {
  std::vector<std::string> out;
  detail::ElementScanner scan("si", [&](std::string_view xml) {
    const auto doc = parse(xml);
    out.push_back(string_item(doc.first_child()));
  });
  zip.stream(part, [&](std::string_view chunk) { scan.feed(chunk); });
  return out;
}

// For each cell style (the s="N" index), whether its number format is a date.
std::vector<bool> read_date_styles(ZipSource& zip, const std::string& part) {
  std::vector<bool> out;
  const auto xml = zip.read(part);
  if (!xml) return out;
  const auto doc = parse(*xml);
  const pugi::xml_node root = child(doc, "styleSheet");
  std::vector<std::pair<int, std::string>> custom;
  for (pugi::xml_node f : child(root, "numFmts").children())
    if (local_name(f.name()) == "numFmt")
      custom.emplace_back(f.attribute("numFmtId").as_int(), f.attribute("formatCode").value());
  for (pugi::xml_node xf : child(root, "cellXfs").children()) {
    if (local_name(xf.name()) != "xf") continue;
    const int id = xf.attribute("numFmtId").as_int();
    const auto c = std::find_if(custom.begin(), custom.end(), [&](const auto& p) { return p.first == id; });
    out.push_back(detail::is_date_format(id, c == custom.end() ? std::string_view() : std::string_view(c->second)));
  }
  return out;
}

// ---- the sheet ----

struct Merge {
  std::int64_t r1, r2;
  std::size_t c1, c2;
  SheetCell value;  // the top-left cell, once its row has been read
};

std::vector<Merge> read_merges(ZipSource& zip, const std::string& part) {
  std::vector<Merge> out;
  detail::ElementScanner scan("mergeCell", [&](std::string_view xml) {
    const auto doc = parse(xml);
    const std::string_view ref = doc.first_child().attribute("ref").value();
    const std::size_t colon = ref.find(':');
    if (colon == std::string_view::npos) return;
    const CellRef a = parse_ref(ref.substr(0, colon)), b = parse_ref(ref.substr(colon + 1));
    if (!a.has_row || !b.has_row || a.col >= kMaxColumns) return;
    out.push_back({std::min(a.row, b.row), std::max(a.row, b.row), std::min(a.col, b.col),
                   std::min(std::max(a.col, b.col), kMaxColumns - 1), {}});
  });
  zip.stream(part, [&](std::string_view chunk) { scan.feed(chunk); });
  std::sort(out.begin(), out.end(), [](const Merge& x, const Merge& y) { return x.r1 < y.r1; });
  return out;
}

class SheetReader {
 public:
  SheetReader(const Workbook& wb, std::vector<std::string> strings, std::vector<bool> date_styles,
              std::vector<Merge> merges, const std::function<void(const SheetRow&)>& on_row)
      : wb_(wb), strings_(std::move(strings)), date_styles_(std::move(date_styles)), merges_(std::move(merges)),
        on_row_(on_row) {}

  void row(std::string_view xml) {
    const auto doc = parse(xml);
    const pugi::xml_node r = doc.first_child();
    SheetRow out;
    out.row_number = r.attribute("r").as_llong(last_row_ + 1);
    last_row_ = out.row_number;
    std::size_t next_col = 0;
    for (pugi::xml_node c : r.children()) {
      if (local_name(c.name()) != "c") continue;
      const pugi::xml_attribute ref = c.attribute("r");
      const std::size_t col = ref ? parse_ref(ref.value()).col : next_col;
      next_col = col + 1;
      if (col >= kMaxColumns) continue;
      SheetCell cell = read_cell(c);
      if (cell.text.empty()) continue;
      if (out.cells.size() <= col) out.cells.resize(col + 1);
      out.cells[col] = std::move(cell);
    }
    apply_merges(out);
    while (!out.cells.empty() && out.cells.back().text.empty()) out.cells.pop_back();
    if (!out.cells.empty()) on_row_(out);
  }

 private:
  SheetCell read_cell(pugi::xml_node c) const {
    SheetCell cell;
    const std::string_view type = c.attribute("t").value();
    const char* v = child(c, "v").text().get();
    if (type == "s") {
      const auto i = child(c, "v").text().as_ullong(strings_.size());
      if (i < strings_.size()) cell.text = strings_[i];
    } else if (type == "inlineStr") {
      cell.text = string_item(child(c, "is"));
    } else if (type == "b") {
      if (*v) cell.text = std::string_view(v) == "1" ? "TRUE" : "FALSE";
    } else if (type == "str" || type == "e") {
      cell.text = v;  // a formula's text result, an error such as #N/A
    } else if (type == "d") {
      cell.text = v;  // ISO 8601 already
      cell.is_date_style = true;
    } else if (*v) {
      double d = 0;
      const std::string_view sv(v);
      if (std::from_chars(sv.data(), sv.data() + sv.size(), d).ec != std::errc{}) {
        cell.text = sv;
        return cell;
      }
      const auto style = c.attribute("s").as_ullong(0);
      cell.is_number = true;
      cell.number = d;
      cell.is_date_style = style < date_styles_.size() && date_styles_[style];
      cell.text = cell.is_date_style ? detail::format_serial(d, wb_.date1904) : detail::format_number(d);
    }
    return cell;
  }

  // Copies each merged range's top-left value over the cells it covers.
  void apply_merges(SheetRow& row) {
    const std::int64_t rn = row.row_number;
    while (next_merge_ < merges_.size() && merges_[next_merge_].r1 <= rn) active_.push_back(next_merge_++);
    std::erase_if(active_, [&](std::size_t i) { return merges_[i].r2 < rn; });
    for (std::size_t i : active_) {
      Merge& m = merges_[i];
      if (m.r1 == rn) m.value = m.c1 < row.cells.size() ? row.cells[m.c1] : SheetCell{};
      if (m.value.text.empty()) continue;
      if (row.cells.size() <= m.c2) row.cells.resize(m.c2 + 1);
      for (std::size_t col = m.c1; col <= m.c2; ++col) {
        if (rn == m.r1 && col == m.c1) continue;
        row.cells[col] = m.value;
        row.cells[col].merged = true;
      }
    }
  }

  const Workbook& wb_;
  std::vector<std::string> strings_;
  std::vector<bool> date_styles_;
  std::vector<Merge> merges_;
  const std::function<void(const SheetRow&)>& on_row_;
  std::vector<std::size_t> active_;  // indexes into merges_ covering the current row
  std::size_t next_merge_ = 0;
  std::int64_t last_row_ = 0;
};

Workbook open_workbook(const std::string& path, std::unique_ptr<ZipSource>& zip) {
  detail::check_xlsx_signature(path);
  zip = std::make_unique<ZipSource>(path);
  return read_workbook(*zip);
}

}  // namespace

std::vector<std::string> xlsx_sheet_names(const std::string& path) {
  std::unique_ptr<ZipSource> zip;
  const Workbook wb = open_workbook(path, zip);
  std::vector<std::string> out;
  for (const auto& s : wb.sheets) out.push_back(s.name);
  return out;
}

void read_xlsx(const std::string& path, const std::function<void(const SheetRow&)>& on_row, const std::string& sheet) {
  std::unique_ptr<ZipSource> zip;
  const Workbook wb = open_workbook(path, zip);
  const SheetInfo* chosen = nullptr;
  for (const auto& s : wb.sheets) {
    if (sheet.empty() ? s.visible : s.name == sheet) {
      chosen = &s;
      break;
    }
  }
  if (!chosen && sheet.empty()) chosen = &wb.sheets.front();  // every sheet hidden
  if (!chosen) {
    std::string names;
    for (const auto& s : wb.sheets) names += (names.empty() ? "" : "、") + s.name;
    throw std::runtime_error("文件中没有名为“" + sheet + "”的工作表（有：" + names + "） / no worksheet named \"" +
                             sheet + "\" (the workbook has: " + names + ")");
  }
  auto strings = read_shared_strings(*zip, wb.shared_strings);
  auto date_styles = read_date_styles(*zip, wb.styles);
  auto merges = read_merges(*zip, chosen->part);
  SheetReader reader(wb, std::move(strings), std::move(date_styles), std::move(merges), on_row);
  detail::ElementScanner scan("row", [&](std::string_view xml) { reader.row(xml); });
  if (!zip->stream(chosen->part, [&](std::string_view chunk) { scan.feed(chunk); }))
    throw std::runtime_error(detail::not_xlsx_message());
}

}  // namespace dj::excel
