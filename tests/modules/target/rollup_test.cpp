// The arithmetic of derived progress and the date rules milestones use.
#include <gtest/gtest.h>

#include "modules/target/rollup.h"
#include "modules/target/target_json.h"

namespace dj::target {
namespace {

TEST(WeightedBp, EmptyIsZero) { EXPECT_EQ(weighted_bp({}), 0); }

TEST(WeightedBp, EqualWeightsIsTheMean) {
  EXPECT_EQ(weighted_bp({{1, 10000}, {1, 0}}), 5000);
  EXPECT_EQ(weighted_bp({{1, 10000}, {1, 10000}, {1, 10000}}), 10000);
}

TEST(WeightedBp, WeightsAreRelative) {
  // 30·100 % + 60·50 % over 90 = 66.666… % -> 6667 bp (weights need not sum to 100).
  EXPECT_EQ(weighted_bp({{30, 10000}, {60, 5000}}), 6667);
  // The same proportions scaled give the same answer.
  EXPECT_EQ(weighted_bp({{1, 10000}, {2, 5000}}), 6667);
}

TEST(WeightedBp, RoundsHalfUp) {
  EXPECT_EQ(weighted_bp({{1, 1}, {1, 0}}), 1);        // 0.5 -> 1
  EXPECT_EQ(weighted_bp({{1, 3}, {1, 0}}), 2);        // 1.5 -> 2
  EXPECT_EQ(weighted_bp({{2, 1}, {1, 0}}), 1);        // 0.667 -> 1
  EXPECT_EQ(weighted_bp({{1, 1}, {2, 0}}), 0);        // 0.333 -> 0
  EXPECT_EQ(weighted_bp({{1, 10000}, {2, 0}}), 3333);  // 3333.33 -> 3333
  EXPECT_EQ(weighted_bp({{2, 10000}, {1, 0}}), 6667);  // 6666.67 -> 6667
}

TEST(WeightedBp, FullWeightOfOneChild) { EXPECT_EQ(weighted_bp({{100, 4321}}), 4321); }

TEST(PercentOf, OneDecimalHalfUp) {
  EXPECT_DOUBLE_EQ(percent_of(3333), 33.3);
  EXPECT_DOUBLE_EQ(percent_of(6667), 66.7);
  EXPECT_DOUBLE_EQ(percent_of(6665), 66.7);
  EXPECT_DOUBLE_EQ(percent_of(10000), 100.0);
  EXPECT_DOUBLE_EQ(percent_of(0), 0.0);
}

TEST(Dates, DaysBetween) {
  EXPECT_EQ(days_between("2025-01-01", "2025-01-01"), 0);
  EXPECT_EQ(days_between("2025-01-01", "2025-01-31"), 30);
  EXPECT_EQ(days_between("2025-01-31", "2025-01-01"), -30);
  EXPECT_EQ(days_between("2024-02-28", "2024-03-01"), 2);  // leap year
  EXPECT_EQ(days_between("2025-02-28", "2025-03-01"), 1);
  EXPECT_EQ(days_between("1900-02-28", "1900-03-01"), 1);  // century, not leap
  EXPECT_EQ(days_between("2000-02-28", "2000-03-01"), 2);  // 400 years, leap
  EXPECT_EQ(days_between("2024-12-31", "2025-12-31"), 365);
  EXPECT_EQ(days_between("1970-01-01", "2000-01-01"), 10957);
}

TEST(Dates, AddDays) {
  EXPECT_EQ(add_days("2025-12-31", 1), "2026-01-01");
  EXPECT_EQ(add_days("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(add_days("2023-02-28", 1), "2023-03-01");
  EXPECT_EQ(add_days("2025-03-01", -1), "2025-02-28");
  EXPECT_EQ(add_days("2025-01-01", -365), "2024-01-02");
  EXPECT_EQ(add_days("2025-06-15", 0), "2025-06-15");
  for (int n : {-1000, -31, -1, 1, 59, 366, 4000}) EXPECT_EQ(days_between("2025-06-15", add_days("2025-06-15", n)), n);
}

TEST(Dates, Overdue) {
  EXPECT_TRUE(is_overdue("open", "2025-05-01", "2025-05-02"));
  EXPECT_TRUE(is_overdue("returned", "2025-05-01", "2025-06-01"));
  EXPECT_TRUE(is_overdue("submitted", "2025-05-01", "2025-05-02"));  // a pending report is not completion
  EXPECT_FALSE(is_overdue("open", "2025-05-01", "2025-05-01"));      // due today: not yet
  EXPECT_FALSE(is_overdue("open", "2025-05-02", "2025-05-01"));
  EXPECT_FALSE(is_overdue("done", "2025-05-01", "2025-06-01"));
}

TEST(Dates, DueSoon) {
  EXPECT_TRUE(is_due_soon("open", "2025-05-01", "2025-05-01"));   // today
  EXPECT_TRUE(is_due_soon("open", "2025-05-04", "2025-05-01"));   // 3 days
  EXPECT_FALSE(is_due_soon("open", "2025-05-05", "2025-05-01"));  // 4 days
  EXPECT_FALSE(is_due_soon("open", "2025-04-30", "2025-05-01"));  // overdue, not "soon"
  EXPECT_FALSE(is_due_soon("done", "2025-05-02", "2025-05-01"));
  EXPECT_TRUE(is_due_soon("open", "2026-01-02", "2025-12-31"));   // across the year end
}

}  // namespace
}  // namespace dj::target
