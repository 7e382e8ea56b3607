// The org module's API tests: the identity fixture's world (ROOT → {A → A1,
// B}, a signed-in sysadmin) plus two users of a role holding every org:*
// permission — one scoped to 全部, one to A's subtree — and helpers for
// imports (upload, poll the job) and spreadsheets.
#pragma once

#include <boost/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "identity_fixture.h"

namespace dj::test {

class OrgApiTest : public IdentityTest {
 protected:
  void make_org_world();

  // The id of the organisation with `code` (fails the test when absent).
  std::int64_t org_id(const std::string& code);
  std::int64_t org_count() { return scalar("SELECT count(*) FROM orgs"); }

  // POSTs `bytes` to /api/v1/orgs/import?<query> and waits for the job;
  // returns the job status ({"state":"done","result":{...}} or failed).
  boost::json::value import(Browser& b, const std::string& bytes, const std::string& query = "");

  // Runs the server's CLI with a file written into the test's data directory.
  CommandResult cli_import(const std::string& bytes, std::vector<std::string> flags);

  Account boss_, scoped_;
  std::unique_ptr<Browser> bossb_, scopedb_;
  std::int64_t role_ = 0;
};

// A spreadsheet as rows of text cells, written as .xlsx with libxlsxwriter
// (the first row may be a title above the header) or as CSV text.
std::string xlsx_bytes(const std::vector<std::vector<std::string>>& rows, const std::string& dir);
std::string csv_text(const std::vector<std::vector<std::string>>& rows);
// UTF-8 → GBK (what Chinese Excel saves as "CSV").
std::string to_gbk(const std::string& utf8);

// {row -> codes} of a report's rejections.
std::multimap<std::int64_t, std::string> rejected_by_row(const boost::json::value& report);

}  // namespace dj::test
