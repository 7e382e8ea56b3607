// The demo city's tree is the same every time, about a thousand nodes,
// well formed (unique codes, parents first) and plausibly named.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "modules/org/demo_tree.h"

namespace dj::org::demo {
namespace {

bool same(const Node& a, const Node& b) {
  return a.code == b.code && a.parent_code == b.parent_code && a.name == b.name && a.type == b.type &&
         a.department == b.department && a.secretary == b.secretary && a.contact_zone == b.contact_zone &&
         a.sort_order == b.sort_order;
}

TEST(DemoTree, IsDeterministic) {
  const auto a = tree();
  const auto b = tree();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(same(a[i], b[i])) << i << " " << a[i].code;
}

TEST(DemoTree, IsAboutAThousandWellFormedNodes) {
  const auto t = tree();
  EXPECT_GE(t.size(), 950u);
  EXPECT_LE(t.size(), 1050u);
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t[0].code, kRootCode);
  EXPECT_EQ(t[0].name, "市级机关工委");
  EXPECT_EQ(t[0].type, "机关工委");
  EXPECT_TRUE(t[0].parent_code.empty());
  std::set<std::string> seen;
  std::map<std::string, int> types;
  const std::regex committee(R"(D\d{3})"), general(R"(D\d{3}-Z\d)"), branch(R"(D\d{3}-\d{2})");
  for (const auto& n : t) {
    EXPECT_TRUE(seen.insert(n.code).second) << "duplicate code " << n.code;
    if (&n != &t[0]) {
      EXPECT_TRUE(seen.contains(n.parent_code)) << n.code << " comes before its parent";
    }
    EXPECT_FALSE(n.name.empty());
    EXPECT_FALSE(n.secretary.empty()) << n.code;
    EXPECT_LE(n.code.size(), 32u);
    ++types[n.type];
    if (n.parent_code == kRootCode) {
      EXPECT_TRUE(std::regex_match(n.code, committee)) << n.code;
      EXPECT_TRUE(n.type == "机关党委" || n.type == "党总支") << n.code;
    } else if (n.type == "党支部") {
      EXPECT_TRUE(std::regex_match(n.code, branch)) << n.code;
    } else if (n.type == "党总支") {
      EXPECT_TRUE(std::regex_match(n.code, general)) << n.code;
    }
    if (&n != &t[0]) {
      EXPECT_TRUE(std::regex_match(n.contact_zone, std::regex("第(一|二|三|四|五|六|七|八)联系片"))) << n.code;
    }
  }
  EXPECT_EQ(types["机关工委"], 1);
  EXPECT_GE(types["机关党委"] + types["党总支"], 80 + 40);
  EXPECT_GE(types["党支部"], 700);
}

TEST(DemoTree, ReadsLikeACitysMunicipalOrgans) {
  const auto t = tree();
  const Node* finance = nullptr;
  for (const auto& n : t)
    if (n.name == "市财政局机关党委") finance = &n;
  ASSERT_NE(finance, nullptr);
  EXPECT_EQ(finance->department, "市财政局");
  EXPECT_EQ(finance->parent_code, kRootCode);
  std::set<std::string> finance_children;
  for (const auto& n : t)
    if (n.parent_code == finance->code) finance_children.insert(n.name);
  EXPECT_TRUE(finance_children.contains("办公室党支部") || finance_children.contains("机关第一党总支"));
  bool budget = false;
  for (const auto& n : t) budget = budget || (n.department == "市财政局" && n.name == "预算处党支部");
  EXPECT_TRUE(budget);
  bool ndrc = false;
  for (const auto& n : t) ndrc = ndrc || n.name == "市发展和改革委员会机关党委";
  EXPECT_TRUE(ndrc);
}

}  // namespace
}  // namespace dj::org::demo
