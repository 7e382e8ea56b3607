#include "org_fixture.h"

#include <iconv.h>
#include <xlsxwriter.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace dj::test {

namespace json = boost::json;

void OrgApiTest::make_org_world() {
  make_world();
  role_ = create_role(*sysb_, "org_all",
                      {"org:read", "org:write", "org:move", "org:dissolve", "org:import", "org:export",
                       "org_type:write"});
  boss_ = create_user(*sysb_, "org_boss", "组织管理员", root_);
  set_roles(*sysb_, boss_.id, json::array{json::object{{"role_id", role_}, {"scope", "all"}}});
  bossb_ = first_sign_in(boss_);
  scoped_ = create_user(*sysb_, "org_scoped", "甲范围管理员", org_a_);
  set_roles(*sysb_, scoped_.id,
            json::array{json::object{{"role_id", role_}, {"scope", "subtree"}, {"anchor_org_id", org_a_}}});
  scopedb_ = first_sign_in(scoped_);
}

std::int64_t OrgApiTest::org_id(const std::string& code) {
  return scalar("SELECT id FROM orgs WHERE code = $1", {code});
}

json::value OrgApiTest::import(Browser& b, const std::string& bytes, const std::string& query) {
  Reply r = b.send("POST", "/api/v1/orgs/import" + (query.empty() ? "" : "?" + query), bytes);
  require(r.status == 202, "import upload: " + std::to_string(r.status) + " " + r.body);
  const std::string job(r.json().at("job_id").as_string());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    Reply s = b.get("/api/v1/jobs/" + job);
    require(s.status == 200, "job status: " + s.body);
    json::value v = s.json();
    const auto state = v.at("state").as_string();
    if (state == "done" || state == "failed") return v;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("import job did not finish in 60 s");
}

CommandResult OrgApiTest::cli_import(const std::string& bytes, std::vector<std::string> flags) {
  static int n = 0;
  const std::string path = db_->dir() + "/cli-import-" + std::to_string(++n) + ".bin";
  std::ofstream(path, std::ios::binary) << bytes;
  std::vector<std::string> args{"orgs", "import", path};
  args.insert(args.end(), flags.begin(), flags.end());
  return cli(args);
}

std::string xlsx_bytes(const std::vector<std::vector<std::string>>& rows, const std::string& dir) {
  static int n = 0;
  const std::string path = dir + "/fixture-" + std::to_string(++n) + ".xlsx";
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "组织");
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      if (!rows[r][c].empty())
        worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c].c_str(), nullptr);
  require(workbook_close(wb) == LXW_NO_ERROR, "workbook_close failed");
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string csv_text(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out += ',';
      const bool quote = row[c].find_first_of(",\"\n") != std::string::npos;
      if (!quote) {
        out += row[c];
        continue;
      }
      out += '"';
      for (char ch : row[c]) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  require(cd != reinterpret_cast<iconv_t>(-1), "iconv_open GBK");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  const std::size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  require(rc != static_cast<std::size_t>(-1), "iconv to GBK failed");
  out.resize(out.size() - out_left);
  return out;
}

std::multimap<std::int64_t, std::string> rejected_by_row(const json::value& report) {
  std::multimap<std::int64_t, std::string> out;
  for (const auto& r : report.at("rejected").as_array())
    out.emplace(r.at("row").as_int64(), std::string(r.at("code").as_string()));
  return out;
}

}  // namespace dj::test
