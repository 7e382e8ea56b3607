#include <gtest/gtest.h>

#include "core/text/text.h"

namespace dj::text {
namespace {

TEST(Pinyin, FullAndInitials) {
  EXPECT_EQ(pinyin("张三"), "zhangsan");
  EXPECT_EQ(pinyin_initials("张三"), "zs");
  EXPECT_EQ(pinyin("李小龙"), "lixiaolong");
  EXPECT_EQ(pinyin_initials("李小龙"), "lxl");
  const auto r = romanize("吕布");
  EXPECT_EQ(r.full, "lubu");  // ü folded to u: what people type
  EXPECT_EQ(r.initials, "lb");
}

TEST(Pinyin, SurnamesOverrideOnlyForNames) {
  EXPECT_TRUE(pinyin("单雄信", Reading::person_name).starts_with("shan")) << pinyin("单雄信", Reading::person_name);
  EXPECT_EQ(pinyin("单雄信", Reading::person_name), "shanxiongxin");
  EXPECT_EQ(pinyin_initials("单雄信", Reading::person_name), "sxx");
  EXPECT_EQ(pinyin("曾国藩", Reading::person_name), "zengguofan");
  EXPECT_EQ(pinyin("解缙", Reading::person_name), "xiejin");
  EXPECT_EQ(pinyin("仇英", Reading::person_name), "qiuying");
  EXPECT_EQ(pinyin("朴槿惠", Reading::person_name), "piaojinhui");
  EXPECT_EQ(pinyin("查良镛", Reading::person_name), "zhaliangyong");
  EXPECT_EQ(pinyin("尉迟恭", Reading::person_name), "yuchigong");
  EXPECT_EQ(pinyin_initials("尉迟恭", Reading::person_name), "ycg");
  EXPECT_EQ(pinyin(" 区志强", Reading::person_name), "ouzhiqiang");
  // Ordinary readings elsewhere in a name, and for non-names.
  EXPECT_EQ(pinyin("张曾", Reading::person_name), "zhangceng");
  EXPECT_EQ(pinyin("区委办公室"), "quweibangongshi");
  EXPECT_EQ(pinyin("单位"), "danwei");
}

TEST(Pinyin, MixedScriptsAndPunctuation) {
  EXPECT_EQ(pinyin("王ABC"), "wangabc");
  EXPECT_EQ(pinyin_initials("王ABC"), "wabc");
  EXPECT_EQ(pinyin("张 三"), "zhangsan");
  EXPECT_EQ(pinyin("买买提·艾力"), "maimaitiaili");
  EXPECT_EQ(pinyin_initials("买买提·艾力"), "mmtal");
  EXPECT_EQ(pinyin("第１支部2组"), "di1zhibu2zu");
  EXPECT_EQ(pinyin("José"), "jose");
  EXPECT_EQ(pinyin(""), "");
  EXPECT_EQ(pinyin_initials("，。"), "");
  EXPECT_NO_THROW(pinyin("\xFF\xFE张"));
  EXPECT_EQ(pinyin("\xFF张"), "zhang");
}

TEST(Pinyin, ContextReadingsOfHanRunsAreKept) {
  // Han-Latin reads 重 as chong before 庆; transliterating per character would not.
  EXPECT_EQ(pinyin("重庆"), "chongqing");
}

}  // namespace
}  // namespace dj::text
