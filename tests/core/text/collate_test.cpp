#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/text/text.h"

namespace dj::text {
namespace {

TEST(Collate, PinyinOrderByCompare) {
  EXPECT_LT(compare("阿", "白"), 0);
  EXPECT_LT(compare("白", "张"), 0);
  EXPECT_LT(compare("张", "赵"), 0);
  EXPECT_GT(compare("赵", "阿"), 0);
  EXPECT_EQ(compare("张三", "张三"), 0);
  EXPECT_LT(compare("张三", "张三丰"), 0);
}

TEST(Collate, SortKeyBytesFollowTheSameOrder) {
  const std::string a = sort_key("阿"), b = sort_key("白"), z = sort_key("张"), zh = sort_key("赵");
  EXPECT_LT(a, b);  // std::string compares bytes as unsigned char, like memcmp
  EXPECT_LT(b, z);
  EXPECT_LT(z, zh);
  EXPECT_EQ(sort_key("张三"), sort_key("张三"));
  EXPECT_EQ(sort_key("张三").find('\0'), std::string::npos);  // no terminator kept
}

TEST(Collate, SortingNamesByKeyMatchesCompare) {
  std::vector<std::string> names{"赵六", "王五", "李四", "张三", "阿依古丽", "白玉", "Zhang", "陈一", "欧阳修"};
  auto by_key = names;
  std::sort(by_key.begin(), by_key.end(),
            [](const std::string& x, const std::string& y) { return sort_key(x) < sort_key(y); });
  auto by_compare = names;
  std::sort(by_compare.begin(), by_compare.end(),
            [](const std::string& x, const std::string& y) { return compare(x, y) < 0; });
  EXPECT_EQ(by_key, by_compare);
  const std::vector<std::string> hans(by_key.begin(), by_key.end());
  // 阿 a < 白 b < 陈 c < 李 l < 欧 o < 王 w < 张 zhang < 赵 zhao
  const auto pos = [&](const std::string& s) { return std::find(hans.begin(), hans.end(), s) - hans.begin(); };
  EXPECT_LT(pos("阿依古丽"), pos("白玉"));
  EXPECT_LT(pos("白玉"), pos("陈一"));
  EXPECT_LT(pos("陈一"), pos("李四"));
  EXPECT_LT(pos("李四"), pos("欧阳修"));
  EXPECT_LT(pos("欧阳修"), pos("王五"));
  EXPECT_LT(pos("王五"), pos("张三"));
  EXPECT_LT(pos("张三"), pos("赵六"));
}

TEST(Collate, BadBytesDoNotThrow) {
  EXPECT_NO_THROW(sort_key("\xFF\xFE"));
  EXPECT_NO_THROW(compare("\xFF", "张"));
  EXPECT_FALSE(sort_key(std::string(500, 'x') + "张三").empty());
}

}  // namespace
}  // namespace dj::text
