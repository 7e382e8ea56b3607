// read_xlsx: finds the sheet through the workbook's relationships, loads the
// shared strings and the date styles, then reads the sheet twice from the
// zip — once for the merged ranges (stored after the rows, but needed while
// the rows are read), once for the rows. Every part is streamed, one element
// at a time, and everything kept is counted against xlsx_limits.h.
#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <utility>

#include "core/excel/cell_format.h"
#include "core/excel/reader.h"
#include "core/excel/xlsx_errors.h"
#include "core/excel/xlsx_limits.h"
#include "core/excel/xml_scan.h"
#include "core/excel/zip_source.h"

namespace dj::excel {
namespace {

using detail::ElementScanner;
using detail::Limit;
using detail::throw_limit;
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

// Streams `part` through `scanners` (each fed every chunk); false when there
// is no such part.
bool scan_part(ZipSource& zip, const std::string& part, std::initializer_list<ElementScanner*> scanners) {
  return zip.stream(part, [&](std::string_view chunk) {
    for (ElementScanner* s : scanners) s->feed(chunk);
  });
}

// What is kept from the relationship parts and workbook.xml, against kMaxPackageInfoBytes.
void charge_package(std::size_t& kept, std::size_t bytes) {
  kept += bytes;
  if (kept > detail::kMaxPackageInfoBytes) throw_limit(Limit::package_info);
}

std::vector<Rel> read_rels(ZipSource& zip, const std::string& part, std::size_t& kept) {
  std::vector<Rel> out;
  const std::string rels_part = dir_of(part) + "_rels/" + part.substr(dir_of(part).size()) + ".rels";
  ElementScanner rel("Relationship", [&](std::string_view xml) {
    const auto doc = parse(xml);
    const pugi::xml_node r = doc.first_child();
    if (std::string_view(r.attribute("TargetMode").value()) == "External") return;
    Rel x{r.attribute("Id").value(), r.attribute("Type").value(), resolve(dir_of(part), r.attribute("Target").value())};
    charge_package(kept, sizeof(Rel) + x.id.size() + x.type.size() + x.target.size());
    out.push_back(std::move(x));
  });
  scan_part(zip, rels_part, {&rel});
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
  std::size_t kept = 0;
  std::string book_part = "xl/workbook.xml";
  for (const Rel& r : read_rels(zip, "", kept))
    if (rel_kind(r) == "officeDocument") book_part = r.target;
  const auto rels = read_rels(zip, book_part, kept);

  Workbook wb;
  wb.shared_strings = dir_of(book_part) + "sharedStrings.xml";
  wb.styles = dir_of(book_part) + "styles.xml";
  std::unordered_map<std::string_view, const Rel*> by_id;
  for (const Rel& r : rels) {
    if (rel_kind(r) == "sharedStrings") wb.shared_strings = r.target;
    if (rel_kind(r) == "styles") wb.styles = r.target;
    by_id.emplace(r.id, &r);  // the first of a repeated id, as a search in order would find
  }
  bool seen_pr = false;
  ElementScanner pr("workbookPr", [&](std::string_view xml) {
    if (std::exchange(seen_pr, true)) return;
    const auto doc = parse(xml);
    const std::string_view d1904 = doc.first_child().attribute("date1904").value();
    wb.date1904 = d1904 == "1" || d1904 == "true";
  });
  ElementScanner sheet("sheet", [&](std::string_view xml) {
    const auto doc = parse(xml);
    const pugi::xml_node s = doc.first_child();
    std::string_view rid;
    for (pugi::xml_attribute a : s.attributes())
      if (local_name(a.name()) == "id" && std::string_view(a.name()) != "id") rid = a.value();  // r:id
    const auto rel = by_id.find(rid);
    if (rel == by_id.end() || rel_kind(*rel->second) != "worksheet") return;
    const std::string_view state = s.attribute("state").value();
    SheetInfo info{s.attribute("name").value(), rel->second->target, state != "hidden" && state != "veryHidden"};
    charge_package(kept, sizeof(SheetInfo) + info.name.size() + info.part.size());
    wb.sheets.push_back(std::move(info));
  });
  ElementScanner sheets("sheets", [&](std::string_view content) { sheet.feed(content); },
                        ElementScanner::Deliver::content);
  // Not there: a zip, but not a workbook (.docx, …).
  if (!scan_part(zip, book_part, {&pr, &sheets})) throw std::runtime_error(detail::not_xlsx_message());
  if (wb.sheets.empty()) throw std::runtime_error(detail::not_xlsx_message());
  return wb;
}

// ---- shared strings and styles ----

// Characters (code points) in UTF-8 text.
std::size_t utf8_chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Refuses a cell text over Excel's 32,767 characters; `where` names the cell
// for the message ("B7"), or is empty for a shared string.
// (No UTF-8 text of that many characters is over 4 bytes a character, so
// longer text is refused unread, invalid UTF-8 included.)
void check_cell_chars(std::string_view text, std::string_view where) {
  if (text.size() > detail::kMaxCellChars &&
      (text.size() > 4 * detail::kMaxCellChars || utf8_chars(text) > detail::kMaxCellChars))
    throw_limit(Limit::cell_chars, where);
}

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

// The shared-string table, packed: the text in 1 MiB blocks, and where each
// entry ends (4 bytes an entry instead of a 32-byte std::string and a heap
// block each). Blocks rather than one growing buffer, so that the table never
// holds twice its size while it grows. An entry never spans two blocks (it is
// at most 32,767 characters, < 128 KiB); one that does not fit in what is left
// of a block starts the next. Capped by kMaxSharedStrings and
// kMaxSharedStringBytes.
class SharedStrings {
 public:
  void add(std::string_view s) {
    if (ends_.size() >= detail::kMaxSharedStrings) throw_limit(Limit::shared_strings);
    text_bytes_ += s.size();
    if (text_bytes_ > detail::kMaxSharedStringBytes) throw_limit(Limit::shared_string_bytes);
    if (s.size() > kMaxEntry) throw_limit(Limit::cell_chars);  // cannot be: check_cell_chars came first
    if (!s.empty()) {
      if ((end_ & kMask) + s.size() > kBlock) end_ = (end_ | kMask) + 1;  // does not fit: the next block
      if ((end_ >> kBlockBits) == blocks_.size()) blocks_.push_back(std::make_unique_for_overwrite<char[]>(kBlock));
      std::copy(s.begin(), s.end(), blocks_[end_ >> kBlockBits].get() + (end_ & kMask));
      end_ += static_cast<std::uint32_t>(s.size());
    }
    ends_.push_back(end_);
  }
  std::size_t size() const { return ends_.size(); }
  std::string_view operator[](std::size_t i) const {
    const std::uint32_t end = ends_[i], prev = i == 0 ? 0 : ends_[i - 1];
    if (end == prev) return {};
    // It starts where the one before ended, or at its block's start when it did not fit there.
    const std::uint32_t begin = (prev >> kBlockBits) == ((end - 1) >> kBlockBits) ? prev : (end - 1) & ~kMask;
    return {blocks_[begin >> kBlockBits].get() + (begin & kMask), end - begin};
  }

 private:
  static constexpr unsigned kBlockBits = 20;
  static constexpr std::uint32_t kBlock = std::uint32_t{1} << kBlockBits, kMask = kBlock - 1;
  static constexpr std::size_t kMaxEntry = 4 * detail::kMaxCellChars;  // < 128 KiB
  // A block is left at most 1/8 empty, so positions stay far below 2^32.
  static_assert(kMaxEntry <= kBlock / 8);
  static_assert(detail::kMaxSharedStringBytes / 7 * 8 + kBlock < std::numeric_limits<std::uint32_t>::max());
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::uint32_t> ends_;  // position after each entry: block << 20 | offset
  std::uint32_t end_ = 0;
  std::size_t text_bytes_ = 0;
};

// The text of the two common shapes of <si>, "<si/>" and "<si><t>text</t></si>"
// (also with xml:space="preserve"), when it needs no decoding (no entity,
// no _xHHHH_ escape, no CR for XML to normalise), read as pugixml would read
// it; nullopt otherwise, and the element goes to pugixml. Several times
// faster on a large table.
std::optional<std::string_view> plain_si(std::string_view xml) {
  if (xml == "<si/>") return std::string_view();
  constexpr std::string_view kStart = "<si><t>", kStartPreserve = "<si><t xml:space=\"preserve\">", kEnd = "</t></si>";
  std::string_view rest = xml;
  if (rest.starts_with(kStart)) {
    rest.remove_prefix(kStart.size());
  } else if (rest.starts_with(kStartPreserve)) {
    rest.remove_prefix(kStartPreserve.size());
  } else {
    return std::nullopt;
  }
  if (!rest.ends_with(kEnd)) return std::nullopt;
  rest.remove_suffix(kEnd.size());
  constexpr std::string_view kNeedsParsing("<&\r\0", 4);  // pugixml stops a text at a NUL
  if (rest.find_first_of(kNeedsParsing) != std::string_view::npos || rest.find("_x") != std::string_view::npos)
    return std::nullopt;
  return rest;
}

SharedStrings read_shared_strings(ZipSource& zip, const std::string& part) {
  SharedStrings out;
  ElementScanner si("si", [&](std::string_view xml) {
    if (const auto plain = plain_si(xml)) {
      check_cell_chars(*plain, "");
      return out.add(*plain);
    }
    const auto doc = parse(xml);
    const std::string text = string_item(doc.first_child());
    check_cell_chars(text, "");
    out.add(text);
  });
  scan_part(zip, part, {&si});
  return out;
}

// For each cell style (the s="N" index), whether its number format is a date.
std::vector<bool> read_date_styles(ZipSource& zip, const std::string& part) {
  // Custom formats by id (the first definition of an id counts), and each
  // <xf>'s format id; matched at the end, whatever order the parts come in.
  std::unordered_map<int, bool> custom_is_date;
  std::size_t custom_count = 0;
  std::vector<int> xf_format;
  ElementScanner numfmt("numFmt", [&](std::string_view xml) {
    if (++custom_count > detail::kMaxNumberFormats) throw_limit(Limit::number_formats);
    const auto doc = parse(xml);
    const pugi::xml_node f = doc.first_child();
    const int id = f.attribute("numFmtId").as_int();
    if (!custom_is_date.contains(id)) custom_is_date.emplace(id, detail::is_date_format(id, f.attribute("formatCode").value()));
  });
  ElementScanner numfmts("numFmts", [&](std::string_view content) { numfmt.feed(content); },
                         ElementScanner::Deliver::content);
  ElementScanner xf("xf", [&](std::string_view xml) {
    if (xf_format.size() >= detail::kMaxCellFormats) throw_limit(Limit::cell_formats);
    const auto doc = parse(xml);
    xf_format.push_back(doc.first_child().attribute("numFmtId").as_int());
  });
  // Only <cellXfs> (cell formats, what s="N" indexes), not <cellStyleXfs>.
  ElementScanner cellxfs("cellXfs", [&](std::string_view content) { xf.feed(content); },
                         ElementScanner::Deliver::content);
  scan_part(zip, part, {&numfmts, &cellxfs});
  std::vector<bool> out;
  out.reserve(xf_format.size());
  for (const int id : xf_format) {
    const auto c = custom_is_date.find(id);
    out.push_back(c == custom_is_date.end() ? detail::is_date_format(id, {}) : c->second);
  }
  return out;
}

// ---- the sheet ----

// A merged range, 12 bytes: up to kMaxMerges of them are kept for the
// whole sheet. Rows past 2^32 - 1 (Excel stops at 1,048,576) are cut there.
struct Merge {
  std::uint32_t r1, r2;
  std::uint16_t c1, c2;
};

// The ref of <mergeCell ref="A1:G1"/> as every writer spells it (or "" for
// <mergeCell/>), read without pugixml; nullopt for any other shape (a
// prefix, more attributes, an entity or whitespace in the value), which
// pugixml then reads. Several times faster on a sheet of many merges.
std::optional<std::string_view> plain_merge_ref(std::string_view xml) {
  if (xml == "<mergeCell/>") return std::string_view();
  constexpr std::string_view kStart = "<mergeCell ref=\"", kEnd = "\"/>";
  if (!xml.starts_with(kStart) || !xml.ends_with(kEnd) || xml.size() < kStart.size() + kEnd.size()) return std::nullopt;
  const std::string_view ref = xml.substr(kStart.size(), xml.size() - kStart.size() - kEnd.size());
  if (ref.find_first_of("\"&<\t\r\n") != std::string_view::npos) return std::nullopt;
  return ref;
}

std::vector<Merge> read_merges(ZipSource& zip, const std::string& part) {
  std::vector<Merge> out;
  std::size_t seen = 0;
  ElementScanner scan("mergeCell", [&](std::string_view xml) {
    if (++seen > detail::kMaxMerges) throw_limit(Limit::merges);
    pugi::xml_document doc;
    std::string_view ref;
    if (const auto plain = plain_merge_ref(xml)) {
      ref = *plain;
    } else {
      doc = parse(xml);
      ref = doc.first_child().attribute("ref").value();
    }
    const std::size_t colon = ref.find(':');
    if (colon == std::string_view::npos) return;
    const CellRef a = parse_ref(ref.substr(0, colon)), b = parse_ref(ref.substr(colon + 1));
    if (!a.has_row || !b.has_row || a.col >= kMaxColumns) return;
    constexpr std::int64_t kLastRow = std::numeric_limits<std::uint32_t>::max();
    const std::int64_t r1 = std::min(a.row, b.row), r2 = std::min(std::max(a.row, b.row), kLastRow);
    const std::size_t c1 = std::min(a.col, b.col), c2 = std::min(std::max(a.col, b.col), kMaxColumns - 1);
    if (r1 < 1 || r1 > kLastRow || (r1 == r2 && c1 == c2)) return;  // no such row, or one cell: nothing to copy
    out.push_back({static_cast<std::uint32_t>(r1), static_cast<std::uint32_t>(r2), static_cast<std::uint16_t>(c1),
                   static_cast<std::uint16_t>(c2)});
  });
  scan_part(zip, part, {&scan});
  std::sort(out.begin(), out.end(), [](const Merge& x, const Merge& y) { return x.r1 < y.r1; });
  return out;
}

// "B7" for messages.
std::string cell_name(std::size_t col, std::int64_t row) {
  std::string letters;
  for (std::size_t c = col + 1; c > 0; c = (c - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row);
}

class SheetReader {
 public:
  SheetReader(const Workbook& wb, SharedStrings strings, std::vector<bool> date_styles, std::vector<Merge> merges,
              const std::function<void(const SheetRow&)>& on_row)
      : wb_(wb), strings_(std::move(strings)), date_styles_(std::move(date_styles)), merges_(std::move(merges)),
        on_row_(on_row) {}

  void row(std::string_view xml) {
    if (++rows_ > detail::kMaxRows) throw_limit(Limit::rows);
    const auto doc = parse(xml);
    const pugi::xml_node r = doc.first_child();
    SheetRow out;
    const std::int64_t implied = last_row_ < std::numeric_limits<std::int64_t>::max() ? last_row_ + 1 : last_row_;
    out.row_number = r.attribute("r").as_llong(implied);
    last_row_ = out.row_number;
    row_text_ = 0;
    std::size_t next_col = 0;
    for (pugi::xml_node c : r.children()) {
      if (local_name(c.name()) != "c") continue;
      const pugi::xml_attribute ref = c.attribute("r");
      const std::size_t col = ref ? parse_ref(ref.value()).col : next_col;
      next_col = col + 1;
      if (col >= kMaxColumns) continue;
      SheetCell cell = read_cell(c, col, out.row_number);
      if (cell.text.empty()) continue;
      if (out.cells.size() <= col) out.cells.resize(col + 1);
      write_text(cell.text.size(), out.row_number);
      out.cells[col] = std::move(cell);
    }
    apply_merges(out);
    count_cells(out.cells.size());
    while (!out.cells.empty() && out.cells.back().text.empty()) out.cells.pop_back();
    if (!out.cells.empty()) on_row_(out);
  }

 private:
  SheetCell read_cell(pugi::xml_node c, std::size_t col, std::int64_t row) const {
    SheetCell cell;
    const std::string_view type = c.attribute("t").value();
    const char* v = child(c, "v").text().get();
    if (type == "s") {
      const auto i = child(c, "v").text().as_ullong(strings_.size());
      if (i < strings_.size()) cell.text = strings_[i];  // within kMaxCellChars: checked when read
      return cell;
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
      } else {
        const auto style = c.attribute("s").as_ullong(0);
        cell.is_number = true;
        cell.number = d;
        cell.is_date_style = style < date_styles_.size() && date_styles_[style];
        cell.text = cell.is_date_style ? detail::format_serial(d, wb_.date1904) : detail::format_number(d);
      }
    }
    if (cell.text.size() > detail::kMaxCellChars) check_cell_chars(cell.text, cell_name(col, row));
    return cell;
  }

  // Copies each merged range's top-left value over the cells it covers.
  void apply_merges(SheetRow& row) {
    const std::int64_t rn = row.row_number;
    std::erase_if(active_, [&](const Active& a) {
      const bool over = merges_[a.merge].r2 < rn;
      if (over) merged_text_ -= a.value.text.size();
      return over;
    });
    // Ranges starting here (or at a row the file skipped) begin to apply. A
    // range keeps the value of its top-left cell as this row has it; one
    // whose top-left row is not in the file, or whose top-left cell is
    // empty, has nothing to copy and is dropped at once.
    while (next_merge_ < merges_.size() && merges_[next_merge_].r1 <= rn) {
      const std::size_t i = next_merge_++;
      const Merge& m = merges_[i];
      if (m.r1 != rn || m.c1 >= row.cells.size() || row.cells[m.c1].text.empty()) continue;
      // Every range in active_ covers this row, and ranges that do not
      // overlap (as Excel makes them) cover a column each at most.
      if (active_.size() >= kMaxColumns) throw_limit(Limit::merges_per_row, std::to_string(rn));
      merged_text_ += row.cells[m.c1].text.size();
      if (merged_text_ > detail::kMaxMergedTextBytes) throw_limit(Limit::merged_text);
      active_.push_back({i, row.cells[m.c1]});
    }
    for (const Active& a : active_) {
      const Merge& m = merges_[a.merge];
      if (row.cells.size() <= m.c2) row.cells.resize(m.c2 + 1u);
      for (std::size_t col = m.c1; col <= m.c2; ++col) {
        if (rn == m.r1 && col == m.c1) continue;
        count_cells(1);
        write_text(a.value.text.size(), rn);
        row.cells[col] = a.value;
        row.cells[col].merged = true;
      }
    }
  }

  // The time caps: cells handed out (and merged copies made) in the sheet.
  void count_cells(std::size_t n) {
    sheet_cells_ += n;
    if (sheet_cells_ > detail::kMaxSheetCells) throw_limit(Limit::sheet_cells);
  }
  // Text written into a cell of the current row: the row's memory cap and
  // the sheet's time cap.
  void write_text(std::size_t bytes, std::int64_t row) {
    row_text_ += bytes;
    sheet_text_ += bytes;
    if (row_text_ > detail::kMaxRowTextBytes) throw_limit(Limit::row_text, std::to_string(row));
    if (sheet_text_ > detail::kMaxSheetTextBytes) throw_limit(Limit::sheet_text);
  }

  struct Active {
    std::size_t merge;  // index into merges_
    SheetCell value;    // its top-left cell
  };

  const Workbook& wb_;
  SharedStrings strings_;
  std::vector<bool> date_styles_;
  std::vector<Merge> merges_;
  const std::function<void(const SheetRow&)>& on_row_;
  std::vector<Active> active_;  // the merged ranges covering the current row
  std::size_t next_merge_ = 0;
  std::size_t merged_text_ = 0;  // bytes of active_ values
  std::int64_t last_row_ = 0;
  std::uint64_t rows_ = 0;
  std::uint64_t sheet_cells_ = 0;
  std::uint64_t sheet_text_ = 0;
  std::size_t row_text_ = 0;
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
  ElementScanner scan("row", [&](std::string_view xml) { reader.row(xml); });
  if (!scan_part(*zip, chosen->part, {&scan})) throw std::runtime_error(detail::not_xlsx_message());
}

}  // namespace dj::excel
