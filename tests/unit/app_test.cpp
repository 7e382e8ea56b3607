// Unit tests of the application layer: configuration defaults, the data
// directory lock, log escaping.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "app/config.h"
#include "app/data_lock.h"
#include "core/log.h"

namespace dj {
namespace {

TEST(Config, DefaultsToSqliteInTheDataDir) {
  app::Config c;
  EXPECT_EQ(c.db_url(), "sqlite:data/dangjian.db");
  EXPECT_TRUE(c.is_sqlite());
  c.data_dir = "/var/lib/dangjian";
  EXPECT_EQ(c.db_url(), "sqlite:/var/lib/dangjian/dangjian.db");
  c.db = "postgresql://dj@db.internal/dangjian";
  EXPECT_FALSE(c.is_sqlite());
  EXPECT_EQ(c.db_url(), "postgresql://dj@db.internal/dangjian");
  c.db = "postgres://x";
  EXPECT_FALSE(c.is_sqlite());
}

TEST(Config, WorkersDefaultToTwicePerCoreAtLeastFour) {
  app::Config c;
  EXPECT_GE(c.effective_workers(), 4);
  c.workers = 3;
  EXPECT_EQ(c.effective_workers(), 3);
}

TEST(Config, PasswordThreadsLeaveOneCoreAndAddToThePool) {
  app::Config c;
  c.workers = 3;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(c.effective_password_threads(), std::max(1, cores - 1));
  EXPECT_EQ(c.effective_pool_size(), 3 + c.effective_password_threads());
  c.password_threads = 2;
  EXPECT_EQ(c.effective_password_threads(), 2);
  EXPECT_EQ(c.effective_pool_size(), 5);
}

TEST(DataLock, OnlyOneHolderPerDataDir) {
  auto dir = std::filesystem::temp_directory_path() / ("dj-lock-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    app::DataLock first(dir.string());
    ASSERT_TRUE(first.held());
    app::DataLock second(dir.string());
    EXPECT_FALSE(second.held());
  }
  app::DataLock after(dir.string());
  EXPECT_TRUE(after.held()) << "released when the holder goes away";
  std::filesystem::remove_all(dir);
}

TEST(Log, JsonEscapeProducesValidJsonStrings) {
  std::string nasty = "引号\"反斜杠\\换行\n制表\t控制\x01结束";
  std::string doc = "{\"m\":\"" + log::json_escape(nasty) + "\"}";
  auto v = boost::json::parse(doc);
  EXPECT_EQ(v.at("m").as_string(), nasty);
}

}  // namespace
}  // namespace dj
