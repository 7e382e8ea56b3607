// Report::to_json and rejected_rows: the report as the API returns it.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <set>

#include "core/importer/importer.h"

namespace dj::importer {
namespace {

// The Chinese label and file column letter of a field, "" when unknown
// (a rejection about the whole row has no field).
struct FieldInfo {
  std::string label, column;
};

FieldInfo field_info(const std::string& key, const std::vector<Column>& columns, const Layout& layout) {
  if (key.empty()) return {};
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].key != key) continue;
    return {columns[i].label, i < layout.letters.size() ? layout.letters[i] : std::string()};
  }
  return {};
}

boost::json::object layout_json(const Layout& layout, const std::vector<Column>& columns) {
  boost::json::object headers;
  for (std::size_t i = 0; i < columns.size(); ++i)
    headers[columns[i].key] = i < layout.headers.size() ? layout.headers[i] : std::string();
  boost::json::array ignored;
  for (const auto& h : layout.ignored_headers) ignored.emplace_back(h);
  return {{"format", layout.format},
          {"encoding", layout.encoding},
          {"sheet", layout.sheet},
          {"header_row", layout.header_row},
          {"headers", std::move(headers)},
          {"ignored_headers", std::move(ignored)}};
}

}  // namespace

std::int64_t Report::rejected_rows() const {
  std::set<std::int64_t> rows_seen;
  for (const auto& r : rejected) rows_seen.insert(r.row);
  return static_cast<std::int64_t>(rows_seen.size());
}

boost::json::value Report::to_json(const std::vector<Column>& columns, std::size_t max_items) const {
  boost::json::object o;
  o["dry_run"] = dry_run;
  o["all_or_nothing"] = all_or_nothing;
  o["applied"] = applied;
  o["rows"] = rows;
  o["imported"] = imported;
  o["updated"] = updated;
  o["unchanged"] = unchanged;
  o["rejected_rows"] = rejected_rows();

  boost::json::array fixes;
  for (std::size_t i = 0; i < repaired.size() && i < max_items; ++i) {
    const Repair& r = repaired[i];
    const FieldInfo f = field_info(r.field, columns, layout);
    fixes.push_back(boost::json::object{
        {"row", r.row}, {"field", r.field}, {"label", f.label}, {"column", f.column}, {"from", r.from}, {"to", r.to}});
  }
  o["repaired"] = std::move(fixes);
  if (repaired.size() > max_items) o["repaired_total"] = static_cast<std::int64_t>(repaired.size());

  boost::json::array refused;
  for (std::size_t i = 0; i < rejected.size() && i < max_items; ++i) {
    const Rejection& r = rejected[i];
    const FieldInfo f = field_info(r.field, columns, layout);
    refused.push_back(boost::json::object{{"row", r.row},
                                          {"field", r.field},
                                          {"label", f.label},
                                          {"column", f.column},
                                          {"code", r.code},
                                          {"message", r.message}});
  }
  o["rejected"] = std::move(refused);
  if (rejected.size() > max_items) o["rejected_total"] = static_cast<std::int64_t>(rejected.size());

  boost::json::array remarks;
  for (const auto& n : notes) remarks.emplace_back(n);
  o["notes"] = std::move(remarks);
  o["layout"] = layout_json(layout, columns);
  return o;
}

}  // namespace dj::importer
