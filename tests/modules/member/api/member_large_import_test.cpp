// A 100,000-row roster through the real import (SQLite): every row written,
// and the server's peak resident memory (VmHWM) bounded. Prints the wall
// time and the peak for the record. Filter with --gtest_filter=*Large*
// (or exclude it with -*Large*).
#include <dirent.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "member_api_fixture.h"

namespace dj::test {
namespace {

namespace json = boost::json;

// GB 11643-1999 check character, written out from the standard's table (the
// tests' other helper derives the weights as powers of two).
char gb11643_check(const std::string& first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

// The pid of this process's child `dangjian-testd serve` listening on `port`.
int server_pid(int port) {
  const std::string port_arg = "127.0.0.1:0";
  DIR* proc = ::opendir("/proc");
  require(proc != nullptr, "cannot open /proc");
  int found = -1;
  while (dirent* e = ::readdir(proc)) {
    const std::string name = e->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat("/proc/" + name + "/stat");
    std::string line;
    std::getline(stat, line);
    // pid (comm) state ppid ...
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    int ppid = 0;
    rest >> state >> ppid;
    if (ppid != ::getpid()) continue;
    std::ifstream cmd("/proc/" + name + "/cmdline");
    std::string args((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
    if (args.find(std::string("serve") + '\0') != std::string::npos && args.find(port_arg) != std::string::npos)
      found = std::stoi(name);
  }
  ::closedir(proc);
  require(found > 0, "no dangjian-testd serve child of this process (port " + std::to_string(port) + ")");
  return found;
}

// A field of /proc/<pid>/status in kB ("VmHWM", "VmRSS").
long status_kb(int pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  throw std::runtime_error("no " + field + " in /proc/" + std::to_string(pid) + "/status");
}

// Row i of the roster: 100 birth dates × 1000 sequence numbers give unique IDs.
std::string roster_line(int i) {
  static const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
  static const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇",
                                 "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚",
                                 "建国", "建华", "志强", "海燕", "晓东"};
  static const int kMonthDays[] = {31, 29, 31, 30};  // 1960 is a leap year
  int day = i / 1000, month = 0;
  while (day >= kMonthDays[month]) day -= kMonthDays[month++];
  char birth8[32], birth_iso[32], seq[16], phone[32];
  std::snprintf(birth8, sizeof birth8, "1960%02d%02d", month + 1, day + 1);
  std::snprintf(birth_iso, sizeof birth_iso, "1960-%02d-%02d", month + 1, day + 1);
  const int s = i % 1000;
  std::snprintf(seq, sizeof seq, "%03d", s);
  std::snprintf(phone, sizeof phone, "138%08d", i);
  const std::string first17 = std::string("320402") + birth8 + seq;
  const std::string id = first17 + gb11643_check(first17);
  std::string line = std::string(kSurnames[i % 20]) + kGiven[(i / 20) % 25] + "," + (s % 2 ? "男" : "女") + "," +
                     id + "," + birth_iso + ",1985-07-01,1986-07-01,正式党员,," + phone + "\r\n";
  return line;
}

class MemberLargeImport : public MemberApiTest {};

TEST_P(MemberLargeImport, LargeImportOf100000RowsStaysUnder300MB) {
  // The two check-digit helpers agree (one from the table, one from powers of two).
  for (const char* f : {"32040219800101123", "11010519491231002", "44052418800101001"})
    ASSERT_EQ(std::string(f) + gb11643_check(f), member::test::with_check(f));
  make_member_world();
#if defined(__SANITIZE_ADDRESS__)
  // Under AddressSanitizer memory is not the product's and time is 10x: the
  // sanitizers still check the whole path on a tenth of the rows.
  constexpr int kRows = 10000;
  constexpr bool kMeasure = false;
#else
  constexpr int kRows = 100000;
  constexpr bool kMeasure = true;
#endif
  std::string file = "姓名,性别,身份证号,出生日期,入党日期,转正日期,人员类别,所在支部,手机号码\r\n";
  file.reserve(static_cast<std::size_t>(kRows) * 96);
  for (int i = 0; i < kRows; ++i) file += roster_line(i);

  const int pid = server_pid(port());
  const long hwm_at_start = status_kb(pid, "VmHWM");  // includes sign-in (password hashing)
  // Reset the high-water mark to the current RSS ("5" > clear_refs, Linux 4.0+)
  // so VmHWM afterwards is the import's own peak.
  bool reset = false;
  {
    std::ofstream clear("/proc/" + std::to_string(pid) + "/clear_refs");
    clear << "5";
    clear.flush();
    reset = static_cast<bool>(clear);
  }
  const long rss_before = status_kb(pid, "VmRSS");
  const auto t0 = std::chrono::steady_clock::now();
  Reply started = start_import(*mgr_, org_a_, file, "dry_run=0");
  ASSERT_EQ(started.status, 202) << started.body;
  json::object job = wait_job(*mgr_, std::string(started.json().at("job_id").as_string()), 280);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const long peak_kb = status_kb(pid, "VmHWM");
  ASSERT_EQ(job.at("state").as_string(), "done") << json_text(job);
  const json::object& report = job.at("result").as_object();

  std::cout << "[ LARGE    ] " << kRows << "-row CSV import (" << GetParam() << ", " << file.size() / 1024
            << " KiB): wall " << seconds << " s, server peak RSS (VmHWM) " << peak_kb / 1024.0
            << " MiB (RSS before the upload " << rss_before / 1024.0 << " MiB; peak before it "
            << hwm_at_start / 1024.0 << " MiB; peak " << (reset ? "reset" : "NOT reset")
            << " before the upload)" << std::endl;
  RecordProperty("wall_seconds", std::to_string(seconds));
  RecordProperty("peak_rss_kb", std::to_string(peak_kb));

  EXPECT_EQ(report.at("rows").as_int64(), kRows);
  EXPECT_EQ(report.at("imported").as_int64(), kRows);
  EXPECT_EQ(report.at("rejected_rows").as_int64(), 0) << json_text(report.at("rejected").as_array().size() > 5
                                                                     ? json::value(report.at("rejected").as_array()[0])
                                                                     : report.at("rejected"));
  EXPECT_TRUE(report.at("repaired").as_array().empty());
  EXPECT_EQ(member_count(), kRows);
  if (kMeasure) {
    EXPECT_LT(peak_kb, 300L * 1024) << "server peak RSS " << peak_kb << " kB";
  }
  // The list still answers quickly and in order over the whole roster.
  Reply first = mgr_->get("/api/v1/members?page_size=5&q=zw");
  ASSERT_EQ(first.status, 200);
  EXPECT_GT(first.json().at("total").as_int64(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberLargeImport, ::testing::Values("sqlite"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace dj::test
