#include <gtest/gtest.h>

#include "core/identity/password_policy.h"

namespace dj::identity {
namespace {

const PasswordPolicy kDefault;

std::string refusal(std::string_view password, const PasswordContext& ctx = {},
                    const PasswordPolicy& policy = kDefault) {
  return check_password(policy, password, ctx).value_or("(accepted)");
}

constexpr const char* kAccepted = "(accepted)";

TEST(PasswordPolicy, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(refusal("Tq#7mz9"), "密码至少需要 8 个字符。");
  EXPECT_EQ(refusal("Tq#7mz9w"), kAccepted);
  EXPECT_EQ(refusal("党建工作Aa1!"), kAccepted);        // 8 characters, 16 bytes
  EXPECT_EQ(refusal("党建Aa1!"), "密码至少需要 8 个字符。");  // 6 characters, 10 bytes
  EXPECT_EQ(refusal(""), "密码至少需要 8 个字符。");
  PasswordPolicy twelve;
  twelve.min_length = 12;
  EXPECT_EQ(refusal("Tq#7mz9wKp", {}, twelve), "密码至少需要 12 个字符。");
  EXPECT_EQ(refusal(std::string(129, 'x') + "A1!"), "密码不能超过 128 个字符。");
}

TEST(PasswordPolicy, NeedsEnoughKindsOfCharacters) {
  const std::string msg = "密码需包含大写字母、小写字母、数字和符号中的至少 3 类。";
  EXPECT_EQ(refusal("horsebatterystaple"), msg);
  EXPECT_EQ(refusal("horsebattery42"), msg);
  EXPECT_EQ(refusal("Horsebattery42"), kAccepted);
  EXPECT_EQ(refusal("horse battery 42"), kAccepted);  // a space counts as a symbol
  EXPECT_EQ(refusal("马儿电池订书钉42x"), kAccepted);  // so do Chinese characters
  PasswordPolicy four;
  four.min_classes = 4;
  EXPECT_EQ(refusal("Horsebattery42", {}, four), "密码需包含大写字母、小写字母、数字和符号中的至少 4 类。");
  EXPECT_EQ(refusal("Horse-battery42", {}, four), kAccepted);
}

TEST(PasswordPolicy, MayNotContainTheUsername) {
  const PasswordContext ctx{.username = "lixiaolong", .display_name = "", .phone = "", .id_number = ""};
  EXPECT_EQ(refusal("LiXiaoLong@88", ctx), "密码不能包含用户名。");
  EXPECT_EQ(refusal("88#lixiaolongZ", ctx), "密码不能包含用户名。");
  EXPECT_EQ(refusal("Kv#92mLpqz", ctx), kAccepted);
  // Very short usernames would forbid too much; they are not checked.
  const PasswordContext short_name{.username = "ab", .display_name = "", .phone = "", .id_number = ""};
  EXPECT_EQ(refusal("Ab#92mLpqz", short_name), kAccepted);
}

TEST(PasswordPolicy, MayNotContainTheDisplayName) {
  const PasswordContext ctx{.username = "", .display_name = "张三", .phone = "", .id_number = ""};
  EXPECT_EQ(refusal("张三Kv#92mLp", ctx), "密码不能包含姓名。");
  EXPECT_EQ(refusal("Kv#92mLpqz", ctx), kAccepted);
  const PasswordContext latin{.username = "", .display_name = "Wang Fang", .phone = "", .id_number = ""};
  EXPECT_EQ(refusal("x9#WANG FANG", latin), "密码不能包含姓名。");
}

TEST(PasswordPolicy, MayNotContainThePhone) {
  const PasswordContext ctx{.username = "", .display_name = "", .phone = "138-0013-8000", .id_number = ""};
  EXPECT_EQ(refusal("Kv#13800138000", ctx), "密码不能包含手机号码。");
  EXPECT_EQ(refusal("Kv#x380013yz", ctx), "密码不能包含手机号码。");  // six of its digits
  EXPECT_EQ(refusal("Kv#13809zq", ctx), kAccepted);
}

TEST(PasswordPolicy, MayNotContainSixDigitsOfTheIdNumber) {
  const PasswordContext ctx{.username = "", .display_name = "", .phone = "", .id_number = "11010519900307123X"};
  EXPECT_EQ(refusal("Zq#19900307", ctx), "密码不能包含身份证号码中的数字（如出生日期）。");
  EXPECT_EQ(refusal("Zq#x307123ab", ctx), "密码不能包含身份证号码中的数字（如出生日期）。");
  EXPECT_EQ(refusal("Zq#19901234", ctx), kAccepted);  // only "1990": not six in a row
}

TEST(PasswordPolicy, MayNotBeOneCharacterRepeated) {
  EXPECT_EQ(refusal("aaaaaaaa"), "密码不能全部是同一个字符。");
  EXPECT_EQ(refusal("党党党党党党党党"), "密码不能全部是同一个字符。");
  PasswordPolicy lax;
  lax.min_classes = 1;
  EXPECT_EQ(refusal("########", {}, lax), "密码不能全部是同一个字符。");
  EXPECT_EQ(refusal("#######x", {}, lax), kAccepted);
}

TEST(PasswordPolicy, MayNotBeAStraightSequence) {
  const std::string msg = "密码不能是连续的数字、字母或键盘顺序（如 12345678、abcdefgh、qwertyui）。";
  for (const char* p : {"12345678", "87654321", "abcdefgh", "ABCDEFGHIJ", "qwertyui", "poiuytre", "asdfghjkl",
                        "Qwertyui1!", "Abcdefgh#"})
    EXPECT_EQ(refusal(p), msg) << p;
  EXPECT_EQ(refusal("Abcdxyz9!"), kAccepted);
}

TEST(PasswordPolicy, RefusesCommonPasswords) {
  const std::string msg = "密码过于常见，请换一个不易被猜到的密码。";
  for (const char* p : {"Password123!", "Woaini1314", "P@ssw0rd", "Admin@2024", "Qq123456!", "Dangjian2024!",
                        "1qaz@WSX", "Iloveyou520", "Woaini1314!!", "2024!Password"})
    EXPECT_EQ(refusal(p), msg) << p;
}

TEST(PasswordPolicy, CommonListIsCaseInsensitiveAndSeesThroughDecoration) {
  for (const char* p : {"123456", "5201314", "woaini", "WOAINI", "qwerty", "Password", "password123",
                        "password!!", "p@ssw0rd", "1qaz2wsx", "zxcvbnm", "dragon", "admin123"})
    EXPECT_TRUE(is_common_password(p)) << p;
  for (const char* p : {"Kv#92mLpqz", "党建工作Aa1!", "horse battery 42", "Tq#7mz9w"})
    EXPECT_FALSE(is_common_password(p)) << p;
}

TEST(PasswordPolicy, RefusesControlCharactersAndBrokenUtf8) {
  EXPECT_EQ(refusal("Kv#92mLp\nqz"), "密码不能包含换行、制表符等控制字符。");
  EXPECT_EQ(refusal("Kv#92mLp\xe5\x85qz"), "密码包含无法识别的字符，请重新输入。");
  EXPECT_EQ(refusal("Kv#92mLp\xc0\xafqz"), "密码包含无法识别的字符，请重新输入。");  // overlong '/'
}

}  // namespace
}  // namespace dj::identity
