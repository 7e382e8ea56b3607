// Appending: ids, links, the genesis, what is stored.
#include <boost/json.hpp>

#include "audit_fixture.h"
#include "core/audit/internal.h"
#include "core/crypto/crypto.h"

namespace dj::test {
namespace {

using store::Conn;

class ChainTest : public AuditTest {};

TEST_P(ChainTest, MigrationStartsTheHeadAtTheGenesisHash) {
  const auto head = store_->read([](Conn& c) { return c.query("SELECT last_id, last_hash FROM audit_chain_head"); });
  ASSERT_EQ(head.size(), 1u);
  EXPECT_EQ(head.int64(0, 0), 0);
  EXPECT_EQ(head.text(0, 1), crypto::sm3_hex("dangjian-audit-genesis"));
  EXPECT_EQ(audit::detail::genesis_hash(), head.text(0, 1));
  // A second head row is refused by the schema.
  EXPECT_THROW(sql("INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (2, 0, 'x')"), store::Error);
}

TEST_P(ChainTest, ThreeAppendsVerify) {
  add("member.create");
  add("member.update");
  add("member.reveal");
  const auto r = audit::verify(*store_);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.rows_checked, 3);
  EXPECT_EQ(r.last_id, 3);
  const auto rows = store_->read([](Conn& c) {
    return c.query("SELECT id, prev_hash, hash FROM audit_log ORDER BY id");
  });
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows.text(0, 1), audit::detail::genesis_hash());
  EXPECT_EQ(rows.text(1, 1), rows.text(0, 2));
  EXPECT_EQ(rows.text(2, 1), rows.text(1, 2));
  EXPECT_EQ(r.last_hash, rows.text(2, 2));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(rows.int64(i, 0), static_cast<std::int64_t>(i + 1));
}

TEST_P(ChainTest, AKeyedChainCannotBeRecomputedWithoutTheKey) {
  struct KeyReset {
    ~KeyReset() { audit::set_chain_key(""); }
  } reset;
  audit::set_chain_key(std::string(32, 'k'));
  add("member.create");
  add("member.update");
  EXPECT_TRUE(audit::verify(*store_).ok);
  // Without the key (all a database-only attacker has) the hashes cannot be
  // reproduced: plain SM3 over the same rows does not match them.
  audit::set_chain_key("");
  const auto unkeyed = audit::verify(*store_);
  EXPECT_FALSE(unkeyed.ok);
  EXPECT_EQ(unkeyed.first_bad_id, 1);
  // And with the key, an edited row is named.
  audit::set_chain_key(std::string(32, 'k'));
  sql("UPDATE audit_log SET username = 'mallory' WHERE id = 2");
  const auto r = audit::verify(*store_);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_id, 2);
}

TEST_P(ChainTest, EmptyChainVerifies) {
  const auto r = audit::verify(*store_);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.rows_checked, 0);
}

TEST_P(ChainTest, RolledBackWriteLeavesNoGap) {
  add("member.create");
  EXPECT_THROW(store_->write([&](Conn& c) {
    audit::lock_chain(c);
    audit::Entry e;
    e.action = "member.update";
    audit::append(c, {}, e);
    throw std::runtime_error("the change failed after its audit row was written");
  }),
               std::runtime_error);
  add("member.delete");
  const auto ids = store_->read([](Conn& c) { return c.query("SELECT id, action FROM audit_log ORDER BY id"); });
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids.int64(1, 0), 2);
  EXPECT_EQ(ids.text(1, 1), "member.delete");
  EXPECT_TRUE(audit::verify(*store_).ok);
}

TEST_P(ChainTest, SecretsAreScrubbedBeforeStoring) {
  boost::json::object detail{
      {"password", "hunter2"},
      {"name", {{"from", "张三"}, {"to", "李四"}}},
      {"nested", {{"API_Token", "tok-123"}, {"kept", 1}}},
      {"list", boost::json::array{boost::json::object{{"clientSecret", "sec-456"}}}},
      {"password_hash", {{"from", "old-hash"}, {"to", "new-hash"}}},
      {"totp_secret", boost::json::array{"a", "b"}},
  };
  add("user.update", "alice", 0, detail);
  const auto text = store_->read([](Conn& c) { return c.scalar_text("SELECT detail FROM audit_log WHERE id = 1"); });
  ASSERT_TRUE(text);
  for (const char* secret : {"hunter2", "tok-123", "sec-456", "old-hash", "new-hash"})
    EXPECT_EQ(text->find(secret), std::string::npos) << secret << " in " << *text;
  const auto stored = boost::json::parse(*text).as_object();
  EXPECT_EQ(stored.at("password"), "***");
  EXPECT_EQ(stored.at("nested").at("API_Token"), "***");
  EXPECT_EQ(stored.at("nested").at("kept"), 1);
  EXPECT_EQ(stored.at("list").at(0).at("clientSecret"), "***");
  // A masked change keeps its shape: the trail shows the secret changed.
  EXPECT_EQ(stored.at("password_hash"), (boost::json::object{{"from", "***"}, {"to", "***"}}));
  EXPECT_EQ(stored.at("totp_secret"), "***");
  EXPECT_EQ(stored.at("name").at("to"), "李四");
  EXPECT_TRUE(audit::verify(*store_).ok);
}

TEST_P(ChainTest, DetailIsStoredCanonically) {
  add("a", "alice", 0, boost::json::object{{"b", 1}, {"a", {{"z", true}, {"y", nullptr}}}});
  const auto text = store_->read([](Conn& c) { return c.scalar_text("SELECT detail FROM audit_log WHERE id = 1"); });
  EXPECT_EQ(text, R"({"a":{"y":null,"z":true},"b":1})");
}

TEST_P(ChainTest, BadEntriesAreRefused) {
  audit::Entry e;
  e.action = "x";
  e.outcome = "maybe";
  EXPECT_THROW(store_->write([&](Conn& c) { audit::append(c, {}, e); }), std::invalid_argument);
  e.action.clear();
  e.outcome = "success";
  EXPECT_THROW(store_->write([&](Conn& c) { audit::append(c, {}, e); }), std::invalid_argument);
  EXPECT_EQ(count("audit_log"), 0);
}

TEST_P(ChainTest, OrgIdAndNullOrgAreHashed) {
  audit::Entry e;
  e.action = "org.rename";
  e.org_id = 42;
  store_->write([&](Conn& c) { audit::lock_chain(c); audit::append(c, {}, e); });
  e.org_id.reset();
  store_->write([&](Conn& c) { audit::lock_chain(c); audit::append(c, {}, e); });
  ASSERT_TRUE(audit::verify(*store_).ok);
  sql("UPDATE audit_log SET org_id = 43 WHERE id = 1");
  EXPECT_EQ(audit::verify(*store_).first_bad_id, 1);
  sql("UPDATE audit_log SET org_id = 42 WHERE id = 1");
  sql("UPDATE audit_log SET org_id = 0 WHERE id = 2");
  EXPECT_EQ(audit::verify(*store_).first_bad_id, 2);
}

DJ_INSTANTIATE_BACKENDS(ChainTest);

}  // namespace
}  // namespace dj::test
