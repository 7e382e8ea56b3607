// The bytes the hashes cover, and the time text of the viewer.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/audit/internal.h"
#include "store/like.h"

namespace dj::audit::detail {
namespace {

TEST(Canonical, SortsKeysAtEveryDepth) {
  const auto a = boost::json::parse(R"({"b":1,"a":{"d":[{"y":1,"x":2}],"c":null}})");
  const auto b = boost::json::parse(R"({"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1})");
  EXPECT_EQ(canonical_json(a), canonical_json(b));
  EXPECT_EQ(canonical_json(a), R"({"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1})");
}

TEST(Canonical, EscapesAndNumbersAreFixed) {
  boost::json::object o{{"s", "引号\"\\\n\t\x01"}, {"i", -42}, {"u", 18446744073709551615ull},
                        {"d", 0.1}, {"big", 1e300}, {"t", true}};
  EXPECT_EQ(canonical_json(o),
            "{\"big\":1e+300,\"d\":0.1,\"i\":-42,\"s\":\"引号\\\"\\\\\\n\\t\\u0001\",\"t\":true,"
            "\"u\":18446744073709551615}");
  // Keys sort by UTF-8 bytes: ASCII before CJK.
  EXPECT_EQ(canonical_json(boost::json::object{{"姓名", 1}, {"z", 2}}), R"({"z":2,"姓名":1})");
}

TEST(Canonical, RowSerialisationSeparatesFields) {
  StoredRow a;
  a.id = 1;
  a.username = "a\",\"b";
  StoredRow b = a;
  b.username = "a";
  b.ip = "b";
  EXPECT_NE(canonical_row(a), canonical_row(b));
  StoredRow c = a;
  c.id = 2;
  EXPECT_NE(row_hash(a), row_hash(c));  // the id is hashed
  StoredRow d = a;
  d.org_id = 0;
  EXPECT_NE(canonical_row(a), canonical_row(d));  // NULL differs from 0
}

TEST(Canonical, SecretNames) {
  EXPECT_TRUE(is_secret_name("password"));
  EXPECT_TRUE(is_secret_name("newPassword"));
  EXPECT_TRUE(is_secret_name("CSRF_TOKEN"));
  EXPECT_TRUE(is_secret_name("client_secret"));
  EXPECT_FALSE(is_secret_name("name"));
  EXPECT_FALSE(is_secret_name("pass"));
}

TEST(Time, IsoLocalIsBeijingTime) {
  // 2026-11-27T05:05:09Z
  EXPECT_EQ(iso_local(1795755909000), "2026-11-27T13:05:09+08:00");
  EXPECT_EQ(iso_local(1795755909999), "2026-11-27T13:05:09+08:00");
  EXPECT_EQ(iso_local(0), "1970-01-01T08:00:00+08:00");
  EXPECT_EQ(iso_local(-8LL * 3600 * 1000 - 1), "1969-12-31T23:59:59+08:00");
  EXPECT_EQ(iso_local(1709222400000), "2024-03-01T00:00:00+08:00");  // after a leap day
}

TEST(Paging, ClampsPageSize) {
  EXPECT_EQ(paging(1, 1000).limit, 200);
  EXPECT_EQ(paging(3, 10).offset, 20);
  EXPECT_EQ(paging(0, 0).limit, 1);
  EXPECT_EQ(paging(-5, 20).offset, 0);
}

TEST(Clip, CutsBetweenCharacters) {
  EXPECT_EQ(clip_utf8("abc", 10), "abc");
  EXPECT_EQ(clip_utf8("党员", 4), "党");  // 3 + 3 bytes: the second would be cut
  EXPECT_EQ(clip_utf8("党员", 3), "党");
  EXPECT_EQ(clip_utf8("党员", 2), "");
}

TEST(Like, EscapesWildcardsAndLowersAscii) {
  EXPECT_EQ(store::like_escape(R"(a%b_c\)"), R"(a\%b\_c\\)");
  EXPECT_EQ(store::ascii_lower("AbC党Z"), "abc党z");
}

}  // namespace
}  // namespace dj::audit::detail
