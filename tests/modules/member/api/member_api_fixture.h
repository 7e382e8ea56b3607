// The fixture of the member (党员) API tests: the identity fixture's real
// dangjian-testd on a fresh database per test, plus a member administrator
// (every member:* permission over the whole tree), builders for the files
// people actually upload (CSV in any encoding, .xlsx cell by cell with
// libxlsxwriter) and the upload-then-poll round trip of a roster import.
#pragma once

#include <xlsxwriter.h>

#include <boost/json.hpp>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "identity_fixture.h"
#include "modules/member/tally.h"
#include "test_ids.h"

namespace dj::test {

// The cells of one spreadsheet row, in the header's order.
using Cells = std::vector<std::string>;

// CSV text: fields quoted when they hold a comma, quote, CR or LF; CRLF line ends.
std::string csv_text(const Cells& header, const std::vector<Cells>& rows);

// An .xlsx written cell by cell (rows and columns 0-based, as libxlsxwriter
// counts; Excel shows row r as r + 1).
class XlsxFile {
 public:
  XlsxFile();
  ~XlsxFile();
  XlsxFile(const XlsxFile&) = delete;
  XlsxFile& operator=(const XlsxFile&) = delete;

  void text(int row, int col, const std::string& value);
  void number(int row, int col, double value);
  // A number shown as a date (format yyyy-mm-dd): Excel's date serial.
  void date_serial(int row, int col, double serial);
  void merge(int row, int first_col, int last_col, const std::string& value);
  void cells(int row, const Cells& values);  // text cells; "" left empty
  std::string bytes();  // closes the workbook and returns the file

 private:
  std::string path_;
  lxw_workbook* wb_ = nullptr;
  lxw_worksheet* ws_ = nullptr;
  lxw_format* date_ = nullptr;
};

// A valid 身份证号 of area 320402: birth YYYYMMDD, sequence 0–999 (odd: male).
std::string make_id(const std::string& birth8, int seq);
// A valid number born on birth8 whose check character is X.
std::string id_ending_in_x(const std::string& birth8, bool male);

// (row, field, code) of each rejection in a report, sorted.
using RejectionKey = std::tuple<std::int64_t, std::string, std::string>;
std::vector<RejectionKey> rejection_keys(const boost::json::object& report);
// The rejection of `row` with `code`, or a null object.
boost::json::object find_rejection(const boost::json::object& report, std::int64_t row, const std::string& code);
// The repair of `row`/`field`, or a null object.
boost::json::object find_repair(const boost::json::object& report, std::int64_t row, const std::string& field);

class MemberApiTest : public IdentityTest {
 public:
  // Every test ends with the subtree counts (decision 47) equal to a recount
  // of the rows, whatever the test changed.
  void TearDown() override {
    if (!IsSkipped() && server_) {
      EXPECT_EQ(store().read([](store::Conn& c) { return member::tally::verify(c); }), std::vector<std::string>{})
          << "the per-subtree counts drifted from the rows";
    }
    IdentityTest::TearDown();
  }

 public:
  // A create body with the required fields (and sex/birth left to the ID).
  static boost::json::object member_body(std::int64_t org, const std::string& name, const std::string& id,
                                         const std::string& join = "2005-07-01",
                                         const std::string& full = "2006-07-01",
                                         const std::string& status = "正式党员");

 protected:
  // make_world() plus mgr_, who holds every member:* permission over the whole tree.
  void make_member_world();
  // A new user of `org` holding a new role with `perms`, bound with scope
  // subtree at `anchor`; returned signed in (stage full).
  std::unique_ptr<Browser> user_with(const std::string& username, std::int64_t org,
                                     const std::vector<std::string>& perms, std::int64_t anchor);

  // POST /api/v1/orgs/{org}/members/import?{query} with `bytes` as the body (application/octet-stream).
  Reply start_import(Browser& b, std::int64_t org, const std::string& bytes, const std::string& query);
  // GET /api/v1/jobs/{id} until the job is done or failed; the job object.
  boost::json::object wait_job(Browser& b, const std::string& job_id, int timeout_s = 120);
  // Upload + poll; requires 202 and state done; returns the job's result (the report).
  boost::json::object import_file(Browser& b, std::int64_t org, const std::string& bytes,
                                  const std::string& query = "dry_run=0", int timeout_s = 120);

  // POST /api/v1/members as `b`; requires 201; the member.
  boost::json::object create_member(Browser& b, const boost::json::object& body);
  // GET /api/v1/members?{query} as `b`; requires 200; the page.
  boost::json::object list(Browser& b, const std::string& query);
  // The names on one page of the list, in order.
  std::vector<std::string> names(Browser& b, const std::string& query);
  // The member (masked) whose name is `name`, by the list (requires exactly one).
  boost::json::object member_named(const std::string& name);

  // True when <data-dir>/tmp (where uploads are spooled) holds no file.
  bool spool_is_empty();

  std::int64_t member_count() { return scalar("SELECT count(*) FROM members"); }
  std::int64_t audit_count() { return scalar("SELECT count(*) FROM audit_log"); }

  std::unique_ptr<Browser> mgr_;
};

}  // namespace dj::test
