// diff(): only changed fields, secrets masked.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/audit/audit.h"

namespace dj::audit {
namespace {

using boost::json::object;

TEST(Diff, ReportsOnlyChangedFields) {
  const object before{{"name", "张三"}, {"phone", "138"}, {"age", 30}, {"gone", "x"}};
  const object after{{"name", "李四"}, {"phone", "138"}, {"age", 31}, {"added", true}};
  const auto d = diff(before, after);
  EXPECT_EQ(d.size(), 4u);
  EXPECT_EQ(d.at("name"), (object{{"from", "张三"}, {"to", "李四"}}));
  EXPECT_EQ(d.at("age"), (object{{"from", 30}, {"to", 31}}));
  EXPECT_EQ(d.at("gone"), (object{{"from", "x"}, {"to", nullptr}}));
  EXPECT_EQ(d.at("added"), (object{{"from", nullptr}, {"to", true}}));
  EXPECT_FALSE(d.contains("phone"));
}

TEST(Diff, NoChangeIsEmpty) {
  const object o{{"a", 1}, {"b", {{"c", 2}}}};
  EXPECT_TRUE(diff(o, o).empty());
}

TEST(Diff, MasksSecretsAndNamedFields) {
  const object before{{"password_hash", "$argon2id$old"}, {"apiToken", "t1"}, {"TOTP_SECRET", "s1"},
                      {"id_number", "110101199001011234"}, {"name", "a"}};
  const object after{{"password_hash", "$argon2id$new"}, {"apiToken", "t2"}, {"TOTP_SECRET", "s2"},
                     {"id_number", "110101199001015678"}, {"name", "a"}};
  const auto d = diff(before, after, {"id_number"});
  const object stars{{"from", "***"}, {"to", "***"}};
  EXPECT_EQ(d.size(), 4u);
  EXPECT_EQ(d.at("password_hash"), stars);
  EXPECT_EQ(d.at("apiToken"), stars);
  EXPECT_EQ(d.at("TOTP_SECRET"), stars);
  EXPECT_EQ(d.at("id_number"), stars);
  EXPECT_EQ(boost::json::serialize(d).find("argon2id"), std::string::npos);
  EXPECT_EQ(boost::json::serialize(d).find("1234"), std::string::npos);
}

TEST(Diff, UnchangedSecretIsNotReported) {
  const object o{{"password", "same"}};
  EXPECT_TRUE(diff(o, o).empty());
}

}  // namespace
}  // namespace dj::audit
