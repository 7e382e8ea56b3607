// Retention: archiving old rows to a file, keeping the rest verifiable.
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

#include "audit_fixture.h"
#include "core/audit/internal.h"

namespace dj::test {
namespace {

using store::Conn;

class ArchiveTest : public AuditTest {
 protected:
  std::string file() const { return db_->dir() + "/archive/audit-1.jsonl"; }

  static std::vector<std::string> lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
};

TEST_P(ArchiveTest, RefusesARecentCutOff) {
  add("member.create", "alice", now_ms() - 200 * kDayMs);
  try {
    audit::archive(*store_, now_ms() - 179 * kDayMs, file());
    FAIL() << "archived rows younger than 180 days";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("180 天"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count("audit_log"), 1);
  EXPECT_FALSE(std::filesystem::exists(file()));
}

TEST_P(ArchiveTest, ArchivesOldRowsAndVerifyContinues) {
  const auto old = now_ms() - 200 * kDayMs;
  for (int i = 0; i < 5; ++i) add("member.update", "old" + std::to_string(i), old + i, {{"i", i}});
  for (int i = 0; i < 3; ++i) add("member.update", "new" + std::to_string(i), 0, {{"i", i}});
  ASSERT_TRUE(audit::verify(*store_).ok);

  EXPECT_EQ(audit::archive(*store_, now_ms() - 190 * kDayMs, file()), 5);

  // The file: one complete row per line, chained from the genesis.
  const auto text = lines(file());
  ASSERT_EQ(text.size(), 5u);
  std::string link = audit::detail::genesis_hash();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto o = boost::json::parse(text[i]).as_object();
    audit::detail::StoredRow s;
    s.id = o.at("id").as_int64();
    s.at_ms = o.at("at_ms").as_int64();
    s.user_id = o.at("user_id").as_int64();
    s.username = o.at("username").as_string();
    s.ip = o.at("ip").as_string();
    s.user_agent = o.at("user_agent").as_string();
    s.request_id = o.at("request_id").as_string();
    s.action = o.at("action").as_string();
    s.entity = o.at("entity").as_string();
    s.entity_id = o.at("entity_id").as_string();
    if (!o.at("org_id").is_null()) s.org_id = o.at("org_id").as_int64();
    s.detail = o.at("detail").as_string();
    s.outcome = o.at("outcome").as_string();
    s.reason = o.at("reason").as_string();
    s.prev_hash = o.at("prev_hash").as_string();
    s.hash = o.at("hash").as_string();
    EXPECT_EQ(s.id, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(s.prev_hash, link);
    EXPECT_EQ(audit::detail::row_hash(s), s.hash);
    link = s.hash;
  }
  EXPECT_EQ((std::filesystem::status(file()).permissions() & std::filesystem::perms::others_read),
            std::filesystem::perms::none);
  EXPECT_FALSE(std::filesystem::exists(file() + ".tmp"));

  // The database: old rows gone, a checkpoint at the cut, the run audited.
  EXPECT_EQ(count("audit_log"), 4);
  const auto cp = store_->read([](Conn& c) {
    return c.query("SELECT archived_up_to_id, hash_at_cut, rows, file FROM audit_checkpoints");
  });
  ASSERT_EQ(cp.size(), 1u);
  EXPECT_EQ(cp.int64(0, 0), 5);
  EXPECT_EQ(cp.text(0, 1), link);
  EXPECT_EQ(cp.int64(0, 2), 5);
  EXPECT_EQ(cp.text(0, 3), file());
  const auto last = store_->read([](Conn& c) {
    return c.query("SELECT action, user_id, username FROM audit_log WHERE id = 9");
  });
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last.text(0, 0), "audit.archive");
  EXPECT_EQ(last.int64(0, 1), 0);

  const auto r = audit::verify(*store_);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.rows_checked, 4);

  // Nothing old left: a second run archives nothing and writes no file.
  EXPECT_EQ(audit::archive(*store_, now_ms() - 190 * kDayMs, file() + ".2"), 0);
  EXPECT_FALSE(std::filesystem::exists(file() + ".2"));

  // Tampering after the cut is still found.
  sql("DELETE FROM audit_log WHERE id = 6");
  const auto bad = audit::verify(*store_);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.first_bad_id, 7);
}

TEST_P(ArchiveTest, OnlyAPrefixIsArchived) {
  const auto old = now_ms() - 300 * kDayMs;
  add("a", "x", old);
  add("a", "x", old + 1);
  add("a", "x", now_ms());        // a recent row in between (a clock step)
  add("a", "x", old + 2);         // old, but after a recent one: stays
  EXPECT_EQ(audit::archive(*store_, now_ms() - 190 * kDayMs, file()), 2);
  EXPECT_EQ(count("audit_log"), 3);
  EXPECT_TRUE(audit::verify(*store_).ok);
}

TEST_P(ArchiveTest, SecondArchiveContinuesFromTheCheckpoint) {
  const auto old = now_ms() - 400 * kDayMs;
  for (int i = 0; i < 3; ++i) add("a", "x", old + i);
  ASSERT_EQ(audit::archive(*store_, old + 2, file()), 2);
  // Row 3 is still old; the archive row 4 is new.
  ASSERT_EQ(audit::archive(*store_, now_ms() - 190 * kDayMs, file() + ".2"), 1);
  EXPECT_EQ(lines(file() + ".2").size(), 1u);
  const auto r = audit::verify(*store_);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.rows_checked, 2);  // the two archive rows
}

TEST_P(ArchiveTest, RefusesToArchiveABrokenChain) {
  const auto old = now_ms() - 200 * kDayMs;
  for (int i = 0; i < 3; ++i) add("a", "x", old + i);
  sql("UPDATE audit_log SET username = 'mallory' WHERE id = 2");
  try {
    audit::archive(*store_, now_ms() - 190 * kDayMs, file());
    FAIL() << "a tampered segment was archived";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("第 2 条"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count("audit_log"), 3);
  EXPECT_EQ(count("audit_checkpoints"), 0);
  EXPECT_FALSE(std::filesystem::exists(file()));
  EXPECT_FALSE(std::filesystem::exists(file() + ".tmp"));
}

TEST_P(ArchiveTest, NeverOverwritesAnArchive) {
  add("a", "x", now_ms() - 200 * kDayMs);
  std::filesystem::create_directories(std::filesystem::path(file()).parent_path());
  std::ofstream(file()) << "earlier archive\n";
  EXPECT_THROW(audit::archive(*store_, now_ms() - 190 * kDayMs, file()), std::runtime_error);
  EXPECT_EQ(lines(file()), std::vector<std::string>{"earlier archive"});
  EXPECT_EQ(count("audit_log"), 1);
}

DJ_INSTANTIATE_BACKENDS(ArchiveTest);

}  // namespace
}  // namespace dj::test
