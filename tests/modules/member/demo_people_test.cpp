// The demo's people must pass the same rules as a real roster row, or the
// demo would show data that the product itself refuses.
#include <gtest/gtest.h>

#include <set>

#include "modules/member/demo_people.h"
#include "modules/member/validate/id_number.h"
#include "modules/member/validate/member_rules.h"

namespace dj::member {
namespace {

const Date kToday{2026, 11, 27};

TEST(DemoPeople, EveryPersonPassesTheMemberRules) {
  int leaders = 0, probationary = 0;
  for (std::uint64_t i = 0; i < 3000; ++i) {
    bool leader = i % 50 == 0;
    MemberInput p = demo_person(i, leader, kToday);
    MemberCheck check = check_member(p.record, kToday);
    ASSERT_TRUE(check.ok()) << "person " << i << ": " << check.problems.front().field << " "
                            << check.problems.front().message;
    EXPECT_TRUE(check.repaired.empty()) << "person " << i << " needed repair: " << check.repaired.front();
    if (leader) {
      ++leaders;
      EXPECT_TRUE(p.rank.find("巡视员") != std::string::npos || p.rank.find("调研员") != std::string::npos ||
                  p.rank.find("县处级") != std::string::npos)
          << p.rank;
    }
    if (p.record.status == kStatusProbationary) ++probationary;
  }
  EXPECT_EQ(leaders, 60);
  EXPECT_GT(probationary, 30);   // about 4 % of non-leaders
  EXPECT_LT(probationary, 250);
}

TEST(DemoPeople, IsDeterministic) {
  for (std::uint64_t i : {0u, 1u, 777u, 11999u}) {
    MemberInput a = demo_person(i, false, kToday), b = demo_person(i, false, kToday);
    EXPECT_EQ(a.record.id_number, b.record.id_number);
    EXPECT_EQ(a.record.name, b.record.name);
    EXPECT_EQ(a.record.phone, b.record.phone);
  }
  EXPECT_NE(demo_person(1, false, kToday).record.id_number, demo_person(2, false, kToday).record.id_number);
}

TEST(DemoPeople, SexAgreesWithTheIdSequenceDigit) {
  for (std::uint64_t i = 0; i < 200; ++i) {
    MemberInput p = demo_person(i, false, kToday);
    IdCheck id = check_id(p.record.id_number, kToday);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(sex_label(id.sex), p.record.sex);
  }
}

}  // namespace
}  // namespace dj::member
