#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "core/text/text.h"

namespace dj::text {
namespace {

const std::vector<std::string> names{"张三", "李小龙", "单雄信", "王ABC", "尉迟恭", "欧阳修", "买买提·艾力", "重庆"};

TEST(Threads, ManyThreadsGetIdenticalResults) {
  std::vector<std::string> expected_full, expected_initials, expected_keys;
  for (const auto& n : names) {
    expected_full.push_back(pinyin(n, Reading::person_name));
    expected_initials.push_back(pinyin_initials(n, Reading::person_name));
    expected_keys.push_back(sort_key(n));
  }
  constexpr int threads = 8, calls = 1000;
  std::vector<int> mismatches(threads, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < calls; ++i) {
        const std::size_t k = static_cast<std::size_t>(i + t) % names.size();
        const auto r = romanize(names[k], Reading::person_name);
        if (r.full != expected_full[k] || r.initials != expected_initials[k]) ++mismatches[t];
        if (i % 10 == 0 && sort_key(names[k]) != expected_keys[k]) ++mismatches[t];
        if (i % 10 == 0 && decode("\xD5\xC5\xC8\xFD") != "张三") ++mismatches[t];
      }
    });
  }
  for (auto& th : pool) th.join();
  for (int t = 0; t < threads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

// Not asserted (machines differ); printed so a regression is visible in logs.
TEST(Threads, CostPerCallIsPrinted) {
  const auto measure = [](const char* what, auto&& fn) {
    constexpr int n = 20000;
    std::size_t sink = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) sink += fn(names[static_cast<std::size_t>(i) % names.size()]).size();
    const std::chrono::duration<double, std::micro> spent = std::chrono::steady_clock::now() - start;
    std::printf("[ cost     ] %-16s %.2f us/call (sink %zu)\n", what, spent.count() / n, sink);
  };
  measure("pinyin", [](const std::string& s) { return pinyin(s); });
  measure("romanize(name)", [](const std::string& s) { return romanize(s, Reading::person_name).full; });
  measure("sort_key", [](const std::string& s) { return sort_key(s); });
  measure("compare", [](const std::string& s) { return std::string(compare(s, "张三") < 0 ? "a" : "b"); });
  measure("clean_cell", [](const std::string& s) { return clean_cell(s).value; });
  SUCCEED();
}

}  // namespace
}  // namespace dj::text
