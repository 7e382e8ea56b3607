#include "app/commands_bench_roster.h"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unordered_set>

#include "core/excel/excel.h"
#include "modules/member/demo_people.h"
#include "modules/member/roster_columns.h"
#include "modules/member/validate/id_number.h"

namespace dj::app {
namespace {

using member::MemberInput;

constexpr int kMaxSeed = 98;

// The area code of a seed: 3205xx. The demo and bench-data people are of
// 3204xx and the tests' of 320402, so a generated roster never meets a member
// already in those databases, and two seeds never share a number. Most of
// these districts do not exist, which the import accepts (area codes are not
// checked: merged districts' numbers stay valid).
std::string area_of(int seed) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "3205%02d", seed + 1);
  return buf;
}

// The 党支部 (else every organisation) of org_id's active subtree, by code,
// in tree order: what 所在支部 may name for an import into org_id.
std::vector<std::string> branch_codes(store::Store& store, std::int64_t org_id) {
  std::vector<std::string> branches, all;
  store.read([&](store::Conn& c) {
    auto path = c.scalar_text("SELECT path FROM orgs WHERE id = $1 AND status = 'active'", {org_id});
    if (!path) return;
    c.each("SELECT code, type FROM orgs WHERE status = 'active' AND path >= $1 AND path < $2 ORDER BY path",
           {*path, *path + "~"}, [&](const store::Row& r) {
             all.emplace_back(r.text(0));
             if (r.text(1) == "党支部") branches.emplace_back(r.text(0));
           });
  });
  return branches.empty() ? all : branches;
}

// Person `index` of the demo, moved to `area` and made unique in the file:
// a birth date + sequence number already used takes the next free sequence
// number of the same parity (the parity is the sex).
MemberInput person(std::uint64_t index, const std::string& area, const member::Date& today,
                   std::unordered_set<std::uint64_t>& used) {
  for (std::uint64_t attempt = 0;; ++attempt) {
    MemberInput in = member::demo_person(index + attempt * 1000003u, false, today);
    std::string& id = in.record.id_number;
    const std::string birth8 = id.substr(6, 8);
    int seq = std::stoi(id.substr(14, 3));
    for (int tries = 0; tries < 500; ++tries, seq = (seq + 2) % 1000) {
      const std::uint64_t key = std::stoull(birth8) * 1000u + static_cast<std::uint64_t>(seq);
      if (!used.insert(key).second) continue;
      char s3[4];
      std::snprintf(s3, sizeof s3, "%03d", seq);
      const std::string first17 = area + birth8 + s3;
      id = first17 + member::id_check_char(first17);
      return in;
    }
  }
}

}  // namespace

int cmd_bench_roster(const Config& config, const std::vector<ModuleFactory>& modules, const BenchRosterArgs& a) {
  if (a.rows < 1 || a.rows > 1'000'000) {
    std::cerr << "--rows 应在 1 到 1000000 之间 / must be 1..1000000\n";
    return 2;
  }
  if (a.seed < 0 || a.seed > kMaxSeed) {
    std::cerr << "--seed 应在 0 到 " << kMaxSeed << " 之间 / must be 0.." << kMaxSeed << "\n";
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::string> branches;
  if (a.org_id > 0) {
    Instance instance(config, modules);
    branches = branch_codes(instance.store(), a.org_id);
    if (branches.empty()) {
      std::cerr << "找不到 id 为 " << a.org_id << " 的有效党组织 / no active organisation with id " << a.org_id << "\n";
      return 2;
    }
  }

  const auto& columns = member::roster_columns();
  std::vector<std::string> headers;
  for (const auto& c : columns) headers.push_back((c.required ? "*" : "") + c.label);
  const std::string area = area_of(a.seed);
  const member::Date today = member::today_in_china();
  std::unordered_set<std::uint64_t> used;
  used.reserve(static_cast<std::size_t>(a.rows) * 2);
  {
    // Shared strings, as Excel and WPS save a roster (the import reads both kinds).
    excel::Writer w(a.out, excel::WriterOptions{.shared_strings = true});
    w.sheet("党员花名册", headers);
    std::vector<excel::Cell> row(columns.size());
    for (std::int64_t i = 0; i < a.rows; ++i) {
      // A seed's people are their own: index ranges 10,000,000 apart.
      const MemberInput in =
          person(static_cast<std::uint64_t>(a.seed) * 10'000'000u + static_cast<std::uint64_t>(i), area, today, used);
      const auto& r = in.record;
      // Every cell text, as typed into the template's text columns.
      row[member::kSeq] = std::to_string(i + 1);
      row[member::kName] = r.name;
      row[member::kSex] = r.sex;
      row[member::kEthnicity] = in.ethnicity;
      row[member::kIdNumber] = r.id_number;
      row[member::kBirthDate] = r.birth_date;
      row[member::kJoinDate] = r.join_date;
      row[member::kFullDate] = r.full_date;
      row[member::kStatus] = r.status;
      row[member::kEducation] = in.education;
      row[member::kPost] = in.post;
      row[member::kRank] = in.rank;
      row[member::kBranch] = branches.empty() ? std::string() : branches[static_cast<std::size_t>(i) % branches.size()];
      row[member::kPhone] = r.phone;
      row[member::kCategory] = in.category;
      w.row(row);
    }
    w.close();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(a.out, ec);
  const std::string org_note = branches.empty()
                                   ? "所在支部留空 / 所在支部 blank"
                                   : "所在支部为 " + std::to_string(branches.size()) + " 个组织的编码 / codes of " +
                                         std::to_string(branches.size()) + " organisations";
  std::printf("花名册 / roster: %s, %lld 行 / rows, %llu 字节 / bytes, %.1f s, %s\n", a.out.c_str(),
              static_cast<long long>(a.rows), static_cast<unsigned long long>(ec ? 0 : bytes), seconds,
              org_note.c_str());
  boost::json::object out{{"rows", a.rows},
                          {"bytes", ec ? 0 : static_cast<std::int64_t>(bytes)},
                          {"ms", static_cast<std::int64_t>(seconds * 1000)},
                          {"org_id", a.org_id},
                          {"branches", static_cast<std::int64_t>(branches.size())},
                          {"seed", a.seed},
                          {"area", area}};
  std::printf("%s\n", boost::json::serialize(boost::json::object{{"bench_roster", out}}).c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace dj::app
