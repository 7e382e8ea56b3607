// The import's rules without a database: parents anywhere in the file,
// duplicate codes, unknown parents, cycles, scope, and the write order.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "modules/org/import_plan.h"

namespace dj::org::import {
namespace {

// A row as a test writes it: code, name, parent code, type.
Row row(std::int64_t n, std::string code, std::string name, std::string parent_code = "", std::string type = "党支部") {
  Row r;
  r.row = n;
  r.code = std::move(code);
  r.name = std::move(name);
  r.parent_code = std::move(parent_code);
  r.type = std::move(type);
  return r;
}

Existing org(std::int64_t id, std::optional<std::int64_t> parent, std::string path, std::string code,
             std::string name, bool in_scope = true) {
  Existing e;
  e.id = id;
  e.parent_id = parent;
  e.path = std::move(path);
  e.code = std::move(code);
  e.name = std::move(name);
  e.type = "机关党委";
  e.in_scope = in_scope;
  return e;
}

// ROOT(1) → A(2) → A1(3); ROOT → B(4)
Context world() {
  Context c;
  c.existing = {org(1, std::nullopt, "/1/", "ROOT", "市级机关工委"), org(2, 1, "/1/2/", "A", "甲党委"),
                org(3, 2, "/1/2/3/", "A1", "甲一支部"), org(4, 1, "/1/4/", "B", "乙党委")};
  c.existing[0].type = "机关工委";
  c.existing[2].type = "党支部";
  for (const char* t : {"机关工委", "机关党委", "党总支", "党支部"}) c.types[t] = t;
  c.types["支部"] = "党支部";  // a name differing from its code
  c.roots_allowed = true;
  return c;
}

// {row -> code} of the rejections, in order.
std::multimap<std::int64_t, std::string> rejections(const Plan& p) {
  std::multimap<std::int64_t, std::string> out;
  for (const auto& r : p.rejected) out.emplace(r.row, r.code);
  return out;
}

const Step* step_for(const Plan& p, const std::vector<Row>& rows, const std::string& code) {
  for (const auto& s : p.steps)
    if (rows[s.index].code == code) return &s;
  return nullptr;
}

std::size_t position(const Plan& p, const std::vector<Row>& rows, const std::string& code) {
  for (std::size_t i = 0; i < p.steps.size(); ++i)
    if (rows[p.steps[i].index].code == code) return i;
  return p.steps.size();
}

TEST(ImportPlan, ParentsMayComeLaterInTheFileAndAreWrittenFirst) {
  const std::vector<Row> rows = {row(2, "N3", "第三支部", "N2"), row(3, "N2", "第二总支", "N1", "党总支"),
                                 row(4, "N1", "新党委", "ROOT", "机关党委")};
  const Plan p = plan(rows, world());
  EXPECT_TRUE(p.rejected.empty());
  EXPECT_EQ(p.creates, 3);
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_LT(position(p, rows, "N1"), position(p, rows, "N2"));
  EXPECT_LT(position(p, rows, "N2"), position(p, rows, "N3"));
  const Step* n3 = step_for(p, rows, "N3");
  EXPECT_EQ(n3->parent.kind, ParentRef::Kind::row);
  EXPECT_EQ(n3->parent.index, 1u);
  EXPECT_EQ(step_for(p, rows, "N1")->parent, (ParentRef{ParentRef::Kind::existing, 1, 0}));
}

TEST(ImportPlan, RowProblemsAreRejectedWithTheirRowNumbers) {
  std::vector<Row> rows = {row(5, "X1", "", "A"),            // missing name
                           row(6, "", "无编码支部", "A"),      // missing code
                           row(7, "X3", "类型不对", "A", "小组"), // unknown type
                           row(8, "X4", "找不到上级", "NOPE"),  // unknown parent
                           row(9, "bad code!", "编码不合规", "A"),
                           row(10, "X6", "好的一行", "A")};
  rows[5].sort_order = "abc";  // the only problem of row 10
  const Plan p = plan(rows, world());
  const auto r = rejections(p);
  EXPECT_EQ(r.find(5)->second, "required");
  EXPECT_EQ(r.find(6)->second, "required");
  EXPECT_EQ(r.find(7)->second, "unknown_type");
  EXPECT_EQ(r.find(8)->second, "unknown_parent");
  EXPECT_EQ(r.find(9)->second, "invalid");
  EXPECT_EQ(r.find(10)->second, "invalid");
  EXPECT_TRUE(p.steps.empty());
  for (const auto& x : p.rejected) EXPECT_FALSE(x.message.empty());
  // Messages name what is wrong in Chinese.
  const auto unknown = std::find_if(p.rejected.begin(), p.rejected.end(), [](auto& x) { return x.row == 8; });
  EXPECT_EQ(unknown->field, "parent_code");
  EXPECT_NE(unknown->message.find("NOPE"), std::string::npos);
}

TEST(ImportPlan, ADuplicateCodeRejectsBothRowsAndTheirChildren) {
  const std::vector<Row> rows = {row(2, "D", "第一个", "A"), row(3, "E", "正常", "A"), row(4, "D", "第二个", "A"),
                                 row(5, "F", "挂在重复编码下", "D")};
  const Plan p = plan(rows, world());
  const auto r = rejections(p);
  EXPECT_EQ(r.count(2), 1u);
  EXPECT_EQ(r.find(2)->second, "duplicate_in_file");
  EXPECT_EQ(r.find(4)->second, "duplicate_in_file");
  EXPECT_EQ(r.find(5)->second, "parent_rejected");
  EXPECT_EQ(r.count(3), 0u);
  EXPECT_EQ(p.creates, 1);
  EXPECT_NE(p.rejected.front().message.find("第 2、4 行"), std::string::npos) << p.rejected.front().message;
}

TEST(ImportPlan, CyclesInTheFileAreRejectedAndSoIsWhatHangsBelowThem) {
  const std::vector<Row> rows = {row(2, "P", "甲", "Q"), row(3, "Q", "乙", "R"), row(4, "R", "丙", "P"),
                                 row(5, "S", "挂在环下", "Q"), row(6, "T", "自己是自己的上级", "T"),
                                 row(7, "U", "不受影响", "A")};
  const Plan p = plan(rows, world());
  const auto r = rejections(p);
  EXPECT_EQ(r.find(2)->second, "cycle");
  EXPECT_EQ(r.find(3)->second, "cycle");
  EXPECT_EQ(r.find(4)->second, "cycle");
  EXPECT_EQ(r.find(5)->second, "parent_rejected");
  EXPECT_EQ(r.find(6)->second, "cycle");
  EXPECT_EQ(r.count(7), 0u);
  EXPECT_EQ(p.creates, 1);
}

TEST(ImportPlan, AMoveThatWouldPutAnOrganisationUnderItsOwnDescendantIsACycle) {
  // A moves under a new row that hangs below A1, which is below A.
  const std::vector<Row> rows = {row(2, "A", "甲党委", "N", "机关党委"), row(3, "N", "新支部", "A1")};
  const Plan p = plan(rows, world());
  const auto r = rejections(p);
  EXPECT_EQ(r.find(2)->second, "cycle");
  EXPECT_EQ(r.find(3)->second, "cycle");
}

TEST(ImportPlan, ExistingCodesAreComparedUpdatedOrLeftAlone) {
  Context c = world();
  c.existing[2].department = "甲部门";
  c.existing[2].secretary = "张三";
  std::vector<Row> rows = {row(2, "A1", "甲一支部", "A"),     // identical
                           row(3, "A", "甲党委（新名）", "ROOT", "机关党委"),  // renamed
                           row(4, "B", "乙党委", "", "机关党委")};          // blank parent: stays
  const Plan p = plan(rows, c);
  EXPECT_TRUE(p.rejected.empty());
  EXPECT_EQ(p.unchanged, 2);
  EXPECT_EQ(p.updates, 1);
  EXPECT_EQ(p.creates, 0);
  const Step* a1 = step_for(p, rows, "A1");
  EXPECT_EQ(a1->action, Action::unchanged);
  // Blank cells keep what was there.
  EXPECT_EQ(a1->department, "甲部门");
  EXPECT_EQ(a1->secretary, "张三");
  EXPECT_EQ(step_for(p, rows, "A")->action, Action::update);
  EXPECT_FALSE(step_for(p, rows, "A")->moves);
}

TEST(ImportPlan, ADifferentParentIsAMoveAndMovesAreOrderedSafely) {
  // Swap: today ROOT → A → A1; the file puts A1 directly under ROOT and A under A1.
  const std::vector<Row> rows = {row(2, "A", "甲党委", "A1", "机关党委"), row(3, "A1", "甲一支部", "ROOT")};
  const Plan p = plan(rows, world());
  EXPECT_TRUE(p.rejected.empty()) << p.rejected.front().message;
  EXPECT_EQ(p.updates, 2);
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(position(p, rows, "A1"), 0u) << "A1 must leave A's subtree before A moves under it";
  EXPECT_TRUE(step_for(p, rows, "A")->moves);
  EXPECT_EQ(step_for(p, rows, "A")->parent, (ParentRef{ParentRef::Kind::existing, 3, 0}));
}

TEST(ImportPlan, ScopeDecidesWhatMayBeTouchedAndNamed) {
  Context c = world();
  // A user scoped to A's subtree.
  c.roots_allowed = false;
  for (auto& e : c.existing) e.in_scope = e.path.starts_with("/1/2/");
  const std::vector<Row> rows = {
      row(2, "B", "乙党委改名", "ROOT", "机关党委"),  // B is outside the scope
      row(3, "N1", "放到乙下", "B"),                   // so its row is rejected, and this one with it
      row(4, "A", "甲党委", "ROOT", "机关党委"),       // A keeps its parent outside the scope: fine
      row(5, "N2", "甲下新支部", "A"),
      row(6, "N3", "无上级", ""),                      // no default parent, no roots
      row(7, "N5", "放到根下", "ROOT"),                // the root is outside the scope: unknown here
  };
  const Plan p = plan(rows, c);
  const auto r = rejections(p);
  EXPECT_EQ(r.find(2)->second, "code_taken");
  EXPECT_EQ(r.find(3)->second, "parent_rejected");
  EXPECT_EQ(r.find(7)->second, "unknown_parent");
  EXPECT_EQ(r.count(4), 0u);
  EXPECT_EQ(r.count(5), 0u);
  EXPECT_EQ(r.find(6)->second, "parent_required");
  EXPECT_EQ(p.unchanged, 1);
  EXPECT_EQ(p.creates, 1);

  c.default_parent = 2;
  const Plan with_default = plan({row(6, "N3", "无上级", "")}, c);
  ASSERT_EQ(with_default.steps.size(), 1u);
  EXPECT_EQ(with_default.steps[0].parent, (ParentRef{ParentRef::Kind::existing, 2, 0}));
}

TEST(ImportPlan, ParentsByNameMustBeUnambiguous) {
  Context c = world();
  std::vector<Row> rows = {row(2, "N1", "新支部一"), row(3, "N2", "新支部二"), row(4, "N3", "甲党委"),
                           row(5, "N4", "新支部四")};
  rows[0].parent_name = "甲党委";    // both A and row 4 are named 甲党委
  rows[1].parent_name = "乙党委";    // B
  rows[2].parent_name = "市级机关工委";
  rows[2].type = "机关党委";
  rows[3].parent_name = "新支部二";  // a row of the file
  const Plan p = plan(rows, c);
  const auto r = rejections(p);
  EXPECT_EQ(r.find(2)->second, "ambiguous_parent");
  EXPECT_EQ(p.rejected.front().field, "parent_name");
  EXPECT_EQ(r.count(3), 0u);
  EXPECT_EQ(step_for(p, rows, "N2")->parent, (ParentRef{ParentRef::Kind::existing, 4, 0}));
  EXPECT_EQ(step_for(p, rows, "N4")->parent.kind, ParentRef::Kind::row);
}

TEST(ImportPlan, TypesMayBeGivenByName) {
  const Plan p = plan({row(2, "N1", "新支部", "A", "支部")}, world());
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].type, "党支部");
}

TEST(ImportPlan, ADissolvedOrganisationIsNeitherUpdatedNorAParent) {
  Context c = world();
  c.existing[3].status = "dissolved";  // B
  const Plan p = plan({row(2, "B", "乙党委", "ROOT", "机关党委"), row(3, "N", "新支部", "B")}, c);
  const auto r = rejections(p);
  EXPECT_EQ(r.find(2)->second, "dissolved");
  EXPECT_EQ(r.find(3)->second, "parent_rejected");
}

TEST(ImportPlan, NewRootsOnlyWhenAllowed) {
  const Plan p = plan({row(2, "R2", "另一个工委", "", "机关工委"), row(3, "R2-1", "下属党委", "R2", "机关党委")},
                      world());
  EXPECT_TRUE(p.rejected.empty());
  EXPECT_EQ(p.steps[0].parent.kind, ParentRef::Kind::root);
}

}  // namespace
}  // namespace dj::org::import
