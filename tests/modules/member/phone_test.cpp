#include "modules/member/validate/phone.h"

#include <gtest/gtest.h>

namespace dj::member {
namespace {

TEST(Phone, PlainNumberAccepted) {
  const PhoneCheck r = check_mobile("13812345678");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_FALSE(r.repaired);
  EXPECT_EQ(r.normalized, "13812345678");
}

TEST(Phone, TypedFormsRepaired) {
  for (const char* v : {"138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "8613812345678",
                        "0086-13812345678", "１３８１２３４５６７８", " 13812345678 "}) {
    const PhoneCheck r = check_mobile(v);
    ASSERT_TRUE(r.ok()) << v << ": " << r.error;
    EXPECT_EQ(r.normalized, "13812345678") << v;
    EXPECT_TRUE(r.repaired) << v;
  }
}

TEST(Phone, InvalidRejected) {
  for (const char* v : {"12812345678", "1381234567", "138123456789", "02512345678", "1381234567a", "+8512812345678"})
    EXPECT_FALSE(check_mobile(v).ok()) << v;
  EXPECT_NE(check_mobile("").error.find("请填写"), std::string::npos);
  EXPECT_NE(check_mobile("1.38123E+10").error.find("文本"), std::string::npos);
  // "86" is only a country code when 11 digits follow it.
  EXPECT_FALSE(check_mobile("86138123456").ok());
}

TEST(Phone, Mask) { EXPECT_EQ(mask_phone("13812345678"), "138****5678"); }

}  // namespace
}  // namespace dj::member
