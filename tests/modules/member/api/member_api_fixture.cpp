#include "member_api_fixture.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace dj::test {

namespace json = boost::json;

// ---- files ------------------------------------------------------------------------------

std::string csv_text(const Cells& header, const std::vector<Cells>& rows) {
  auto line = [](const Cells& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      const std::string& c = cells[i];
      if (c.find_first_of(",\"\r\n") == std::string::npos) {
        out += c;
        continue;
      }
      out += '"';
      for (char ch : c) {
        if (ch == '"') out += '"';
        out += ch;
      }
      out += '"';
    }
    return out + "\r\n";
  };
  std::string out = line(header);
  for (const auto& r : rows) out += line(r);
  return out;
}

XlsxFile::XlsxFile() {
  static std::mt19937_64 rng{std::random_device{}()};
  path_ = (std::filesystem::temp_directory_path() / ("dj-member-test-" + std::to_string(rng()) + ".xlsx")).string();
  wb_ = workbook_new(path_.c_str());
  require(wb_ != nullptr, "workbook_new failed for " + path_);
  ws_ = workbook_add_worksheet(wb_, "党员花名册");
  date_ = workbook_add_format(wb_);
  format_set_num_format(date_, "yyyy-mm-dd");
}

XlsxFile::~XlsxFile() {
  if (wb_) workbook_close(wb_);
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void XlsxFile::text(int row, int col, const std::string& value) {
  worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), value.c_str(), nullptr);
}

void XlsxFile::number(int row, int col, double value) {
  worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), value, nullptr);
}

void XlsxFile::date_serial(int row, int col, double serial) {
  worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), serial, date_);
}

void XlsxFile::merge(int row, int first_col, int last_col, const std::string& value) {
  worksheet_merge_range(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(first_col),
                        static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(last_col), value.c_str(), nullptr);
}

void XlsxFile::cells(int row, const Cells& values) {
  for (std::size_t c = 0; c < values.size(); ++c)
    if (!values[c].empty()) text(row, static_cast<int>(c), values[c]);
}

std::string XlsxFile::bytes() {
  require(wb_ != nullptr, "workbook already closed");
  lxw_error rc = workbook_close(wb_);
  wb_ = nullptr;
  require(rc == LXW_NO_ERROR, std::string("workbook_close: ") + lxw_strerror(rc));
  std::ifstream in(path_, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ---- IDs and text -------------------------------------------------------------------------

std::string make_id(const std::string& birth8, int seq) {
  char s[16];
  std::snprintf(s, sizeof s, "%03d", seq);
  return member::test::with_check("320402" + birth8 + s);
}

std::string id_ending_in_x(const std::string& birth8, bool male) {
  for (int seq = male ? 1 : 0; seq < 1000; seq += 2) {
    std::string id = make_id(birth8, seq);
    if (id.back() == 'X') return id;
  }
  throw std::runtime_error("no ID ending in X for " + birth8);
}

std::vector<RejectionKey> rejection_keys(const json::object& report) {
  std::vector<RejectionKey> out;
  for (const auto& r : report.at("rejected").as_array())
    out.emplace_back(r.at("row").as_int64(), std::string(r.at("field").as_string()),
                     std::string(r.at("code").as_string()));
  std::sort(out.begin(), out.end());
  return out;
}

json::object find_rejection(const json::object& report, std::int64_t row, const std::string& code) {
  for (const auto& r : report.at("rejected").as_array())
    if (r.at("row").as_int64() == row && r.at("code").as_string() == code) return r.as_object();
  return {};
}

json::object find_repair(const json::object& report, std::int64_t row, const std::string& field) {
  for (const auto& r : report.at("repaired").as_array())
    if (r.at("row").as_int64() == row && r.at("field").as_string() == field) return r.as_object();
  return {};
}

// ---- the fixture ---------------------------------------------------------------------------

void MemberApiTest::make_member_world() {
  make_world();
  mgr_ = user_with("member_admin", root_,
                   {"member:read", "member:write", "member:reveal", "member:transfer", "member:import",
                    "member:export"},
                   root_);
}

std::unique_ptr<Browser> MemberApiTest::user_with(const std::string& username, std::int64_t org,
                                                  const std::vector<std::string>& perms, std::int64_t anchor) {
  std::int64_t role = create_role(*sysb_, "r_" + username, perms);
  Account a = create_user(*sysb_, username, "用户" + username, org);
  set_roles(*sysb_, a.id, json::array{json::object{{"role_id", role}, {"scope", "subtree"}, {"anchor_org_id", anchor}}});
  auto b = first_sign_in(a);
  return b;
}

Reply MemberApiTest::start_import(Browser& b, std::int64_t org, const std::string& bytes, const std::string& query) {
  std::string target = "/api/v1/orgs/" + std::to_string(org) + "/members/import";
  if (!query.empty()) target += "?" + query;
  return b.upload(target, bytes);
}

json::object MemberApiTest::wait_job(Browser& b, const std::string& job_id, int timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  for (;;) {
    Reply r = b.get("/api/v1/jobs/" + job_id);
    require(r.status == 200, "GET job " + job_id + ": " + std::to_string(r.status) + " " + r.body);
    json::object job = r.json().as_object();
    const auto& state = job.at("state").as_string();
    if (state == "done" || state == "failed") return job;
    require(state == "queued" || state == "running", "unknown job state: " + r.body);
    require(std::chrono::steady_clock::now() < deadline, "job did not finish in time: " + r.body);
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
}

json::object MemberApiTest::import_file(Browser& b, std::int64_t org, const std::string& bytes,
                                        const std::string& query, int timeout_s) {
  Reply r = start_import(b, org, bytes, query);
  require(r.status == 202, "import: " + std::to_string(r.status) + " " + r.body);
  std::string id(r.json().at("job_id").as_string());
  json::object job = wait_job(b, id, timeout_s);
  require(job.at("state").as_string() == "done", "import job failed: " + json_text(job));
  return job.at("result").as_object();
}

json::object MemberApiTest::member_body(std::int64_t org, const std::string& name, const std::string& id,
                                        const std::string& join, const std::string& full,
                                        const std::string& status) {
  json::object o{{"org_id", org}, {"name", name}, {"id_number", id}, {"join_date", join}, {"status", status}};
  if (!full.empty()) o["full_date"] = full;
  return o;
}

json::object MemberApiTest::create_member(Browser& b, const json::object& body) {
  Reply r = b.post("/api/v1/members", json_text(body));
  require(r.status == 201, "create member: " + std::to_string(r.status) + " " + r.body);
  return r.json().as_object();
}

json::object MemberApiTest::list(Browser& b, const std::string& query) {
  Reply r = b.get("/api/v1/members?page_size=200&" + query);
  require(r.status == 200, "list members?" + query + ": " + std::to_string(r.status) + " " + r.body);
  return r.json().as_object();
}

std::vector<std::string> MemberApiTest::names(Browser& b, const std::string& query) {
  std::vector<std::string> out;
  const json::object page = list(b, query);  // kept alive: the loop walks into it
  for (const auto& m : page.at("items").as_array()) out.emplace_back(m.at("name").as_string());
  return out;
}

json::object MemberApiTest::member_named(const std::string& name) {
  json::object page = list(*mgr_, "q=" + url_encode(name));
  json::object found;
  int n = 0;
  for (const auto& m : page.at("items").as_array())
    if (m.at("name").as_string() == name) {
      found = m.as_object();
      ++n;
    }
  require(n == 1, "expected one member named " + name + ", found " + std::to_string(n) + ": " + json_text(page));
  return found;
}

bool MemberApiTest::spool_is_empty() {
  std::error_code ec;
  std::filesystem::directory_iterator it(db_->dir() + "/tmp", ec);
  if (ec) return true;  // never created
  for (const auto& e : it) {
    (void)e;
    return false;
  }
  return true;
}

}  // namespace dj::test
