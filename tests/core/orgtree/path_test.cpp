// Path strings on their own: the range arithmetic every subtree query uses.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/orgtree/orgtree.h"
#include "core/orgtree/path.h"

namespace dj::orgtree {
namespace {

bool in_range(const PathRange& r, const std::string& path) { return path >= r.lo && path < r.hi; }

TEST(PathRange, IncrementsTheTrailingSlash) {
  const PathRange r = subtree_range("/1/5/");
  EXPECT_EQ(r.lo, "/1/5/");
  EXPECT_EQ(r.hi, "/1/50");
  EXPECT_EQ(subtree_range("/1/").hi, "/10");
}

TEST(PathRange, ContainsExactlyTheSubtree) {
  const PathRange r = subtree_range("/1/5/");
  for (const char* inside : {"/1/5/", "/1/5/0/", "/1/5/9/", "/1/5/6/7/8/", "/1/5/99999999/1/"})
    EXPECT_TRUE(in_range(r, inside)) << inside;
  for (const char* outside : {"/1/", "/1/4/", "/1/50/", "/1/500/", "/1/51/", "/1/6/", "/10/5/", "/1/4/9/"})
    EXPECT_FALSE(in_range(r, outside)) << outside;
}

TEST(PathRange, RefusesMalformedPaths) {
  for (const char* bad : {"", "/", "1/", "/1", "//", "/1//", "/a/", "/1/x/"})
    EXPECT_THROW(subtree_range(bad), std::invalid_argument) << bad;
}

TEST(PathHelpers, BuildParseAndContain) {
  using namespace detail;
  EXPECT_EQ(child_path("", 7), "/7/");
  EXPECT_EQ(child_path("/1/5/", 23), "/1/5/23/");
  EXPECT_EQ(path_ids("/1/5/23/"), (std::vector<std::int64_t>{1, 5, 23}));
  EXPECT_EQ(path_ids("/9223372036854775807/"), (std::vector<std::int64_t>{9223372036854775807}));
  EXPECT_TRUE(path_within("/1/5/", "/1/5/"));
  EXPECT_TRUE(path_within("/1/5/23/", "/1/"));
  EXPECT_FALSE(path_within("/10/", "/1/"));
  EXPECT_FALSE(path_within("/1/", "/1/5/"));
  EXPECT_TRUE(is_valid_path("/1/22/333/"));
  EXPECT_FALSE(is_valid_path("/1/-2/"));
}

}  // namespace
}  // namespace dj::orgtree
