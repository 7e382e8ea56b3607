#include "modules/member/demo_people.h"

#include <array>
#include <string>

#include "modules/member/validate/id_number.h"

namespace dj::member {
namespace {

// splitmix64: a tiny, well-mixed generator; seeded by the person's index.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[static_cast<std::size_t>(below(static_cast<int>(N)))];
  }
};

// Common surnames, most frequent first (picked with a bias towards the front).
constexpr std::array<const char*, 60> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金"};
constexpr std::array<const char*, 48> kGivenMale = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "建国", "建华", "志强", "志明", "海涛", "晓东", "国庆", "文杰", "俊杰", "宏伟", "振华", "立新",
    "永刚", "学军", "春生", "卫东", "浩然", "子轩", "宇航", "博文", "天宇", "子豪", "家豪", "嘉伟",
    "晨阳", "思远", "一鸣", "正阳", "瑞峰", "承志", "泽宇", "锦程"};
constexpr std::array<const char*, 48> kGivenFemale = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "琳", "颖", "倩", "慧",
    "秀英", "桂英", "玉兰", "红梅", "海燕", "晓燕", "丽娟", "春梅", "雅静", "梦婷", "欣怡", "思琪",
    "佳怡", "雨萱", "诗涵", "可馨", "婉清", "晓雯", "文静", "丽华", "美玲", "秀兰", "淑珍", "月华",
    "子涵", "若曦", "语嫣", "梓萱", "怡然", "书瑶", "静怡", "晨曦"};
// Districts of a fictional city — some codes are of districts since merged,
// which the import must still accept.
constexpr std::array<const char*, 8> kAreas = {"320402", "320404", "320405", "320411",
                                               "320412", "320481", "320482", "320483"};
constexpr std::array<const char*, 5> kEducation = {"研究生", "大学本科", "大学本科", "大学本科", "大学专科"};
constexpr std::array<const char*, 6> kEthnicity = {"汉族", "汉族", "汉族", "汉族", "回族", "满族"};
constexpr std::array<const char*, 6> kStaffRanks = {"一级主任科员", "二级主任科员", "三级主任科员",
                                                    "四级主任科员", "一级科员", "二级科员"};
constexpr std::array<const char*, 5> kStaffPosts = {"科员", "科员", "副科长", "科长", "主任科员"};
constexpr std::array<const char*, 4> kLeaderRanks = {"一级巡视员", "一级调研员", "二级调研员", "县处级正职"};
constexpr std::array<const char*, 4> kLeaderPosts = {"局长", "副局长", "处长", "副处长"};
constexpr std::array<const char*, 6> kMobilePrefixes = {"138", "139", "151", "158", "187", "189"};

std::string digits(std::uint64_t v, int width) {
  std::string s = std::to_string(v);
  return std::string(static_cast<std::size_t>(width > static_cast<int>(s.size()) ? width - static_cast<int>(s.size()) : 0),
                     '0') + s;
}

Date add_days(const Date& d, long days) { return date_from_day_number(day_number(d) + days); }

}  // namespace

MemberInput demo_person(std::uint64_t index, bool leader, const Date& today) {
  Rng rng{index * 7919 + 17};
  MemberInput in;
  MemberRecord& r = in.record;
  const bool male = rng.below(100) < 58;
  // Squaring biases towards the common surnames at the front of the list.
  int sidx = rng.below(60);
  sidx = sidx * sidx / 60;
  r.name = std::string(kSurnames[static_cast<std::size_t>(sidx)]) + (male ? rng.pick(kGivenMale) : rng.pick(kGivenFemale));
  r.sex = male ? "男" : "女";

  // Born between 22 and 62 years ago (leaders 40–59).
  int age = leader ? 40 + rng.below(20) : 22 + rng.below(41);
  Date birth{today.year - age, 1 + rng.below(12), 1};
  birth.day = 1 + rng.below(days_in_month(birth.year, birth.month));
  r.birth_date = to_iso(birth);
  // Sequence: odd for men, even for women (GB 11643).
  int seq = rng.below(500) * 2 + (male ? 1 : 0);
  std::string first17 = std::string(rng.pick(kAreas)) + digits(static_cast<std::uint64_t>(birth.year), 4) +
                        digits(static_cast<std::uint64_t>(birth.month), 2) +
                        digits(static_cast<std::uint64_t>(birth.day), 2) + digits(static_cast<std::uint64_t>(seq), 3);
  r.id_number = first17 + id_check_char(first17);

  // Joined between 18 and (age − 1) years old; a few joined within the last year (预备党员).
  const Date adult = anniversary(birth, 18);
  const long adult_day = day_number(adult), today_day = day_number(today);
  const bool probationary = !leader && rng.below(100) < 4 && today_day - adult_day > 400;
  if (probationary) {
    r.join_date = to_iso(add_days(today, -(30 + rng.below(300))));
    r.status = std::string(kStatusProbationary);
  } else {
    long span = today_day - 400 - adult_day;
    Date join = add_days(adult, span > 0 ? static_cast<long>(rng.next() % static_cast<std::uint64_t>(span)) : 0);
    r.join_date = to_iso(join);
    r.full_date = to_iso(add_days(join, 365));
    r.status = std::string(kStatusFull);
  }
  r.phone = std::string(rng.pick(kMobilePrefixes)) + digits(rng.next() % 100000000ull, 8);
  in.ethnicity = rng.pick(kEthnicity);
  in.education = leader ? (rng.below(2) ? "研究生" : "大学本科") : rng.pick(kEducation);
  in.post = leader ? rng.pick(kLeaderPosts) : rng.pick(kStaffPosts);
  in.rank = leader ? rng.pick(kLeaderRanks) : rng.pick(kStaffRanks);
  in.category = age >= 60 && rng.below(3) == 0 ? "离退休" : "在职";
  return in;
}

}  // namespace dj::member
