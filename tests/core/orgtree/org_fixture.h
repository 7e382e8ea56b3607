// A migrated database per backend, plus an in-memory model of the tree the
// tests build, so every query can be checked against an independent answer.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/orgtree/orgtree.h"
#include "store/fixture.h"  // StoreTest, DJ_INSTANTIATE_BACKENDS

// Generated from src/core/migrations by cmake/EmbedMigrations.cmake (in dj_core).
std::vector<dj::store::Migration> dj_migrations_core();

namespace dj::test {

// The tree as the test believes it is: parent of every node.
struct Model {
  std::map<std::int64_t, std::int64_t> parent;  // 0 for roots

  std::string path(std::int64_t id) const {
    std::vector<std::int64_t> chain;
    for (std::int64_t n = id; n != 0; n = parent.at(n)) chain.push_back(n);
    std::string p = "/";
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) p += std::to_string(*it) + "/";
    return p;
  }
  int depth(std::int64_t id) const {
    int d = 0;
    for (std::int64_t n = parent.at(id); n != 0; n = parent.at(n)) ++d;
    return d;
  }
  bool within(std::int64_t id, std::int64_t ancestor) const {
    for (std::int64_t n = id; n != 0; n = parent.at(n))
      if (n == ancestor) return true;
    return false;
  }
  std::set<std::int64_t> subtree(std::int64_t root) const {
    std::multimap<std::int64_t, std::int64_t> kids;
    for (const auto& [id, p] : parent) kids.emplace(p, id);
    std::set<std::int64_t> out;
    std::vector<std::int64_t> todo{root};
    while (!todo.empty()) {
      const std::int64_t n = todo.back();
      todo.pop_back();
      out.insert(n);
      for (auto [it, end] = kids.equal_range(n); it != end; ++it) todo.push_back(it->second);
    }
    return out;
  }
};

class OrgTreeTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!store_) return;  // skipped
    store::migrate(*store_, dj_migrations_core());
  }

  // Creates a node (type by depth) and records it in the model.
  std::int64_t add(store::Conn& c, std::int64_t parent, const std::string& name = {}) {
    static const char* const kTypes[] = {"机关工委", "机关党委", "党总支", "党支部"};
    const int depth = parent == 0 ? 0 : model_.depth(parent) + 1;
    orgtree::NewOrg o;
    if (parent != 0) o.parent_id = parent;
    o.code = "C" + std::to_string(++codes_);
    o.name = name.empty() ? "组织" + o.code : name;
    o.type = kTypes[std::min(depth, 3)];
    const std::int64_t id = orgtree::create(c, o);
    model_.parent[id] = parent;
    return id;
  }

  // A 10-level tree (depths 0..9) of `n` nodes under three committees whose
  // ids are 1, 10 and 100, and where node 5 has children 50, 55 and 500: the
  // id strings share prefixes, so any prefix match without the trailing '/'
  // would leak siblings into a subtree ("/10/" vs "/100/", "/1/2/3/4/5/" vs
  // ".../5/50/"). Ids are sequential in a fresh database on both backends;
  // the build asserts it. Other parents are drawn by a fixed LCG.
  void build_tree(int n) {
    store_->write([&](store::Conn& c) {
      std::uint64_t rng = 12345;
      std::vector<std::int64_t> open;  // nodes with depth < 9
      for (std::int64_t want = 1; want <= n; ++want) {
        std::int64_t parent = 0;
        if (want == 1 || want == 10 || want == 100) {
          parent = 0;
        } else if (want <= 9) {
          parent = want - 1;  // a chain 1..9 reaching depth 8
        } else if (want == 11) {
          parent = 9;  // depth 9: the tenth level
        } else if (want == 50 || want == 55 || want == 500) {
          parent = 5;
        } else {
          rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
          parent = open[(rng >> 33) % open.size()];
        }
        const std::int64_t id = add(c, parent);
        ASSERT_EQ(id, want) << "ids are expected to be sequential in a fresh database";
        if (model_.depth(id) < 9) open.push_back(id);
      }
    });
  }

  // Every row agrees with the model, and path, depth and parent_id agree
  // with each other.
  void expect_consistent() {
    store_->read([&](store::Conn& c) {
      const auto r = c.query("SELECT id, parent_id, path, depth FROM orgs ORDER BY id");
      ASSERT_EQ(r.size(), model_.parent.size());
      for (std::size_t i = 0; i < r.size(); ++i) {
        const std::int64_t id = r.int64(i, 0);
        EXPECT_EQ(r.is_null(i, 1) ? 0 : r.int64(i, 1), model_.parent.at(id)) << id;
        EXPECT_EQ(r.text(i, 2), model_.path(id)) << id;
        EXPECT_EQ(r.int64(i, 3), model_.depth(id)) << id;
      }
    });
  }

  static std::set<std::int64_t> ids_of(const std::vector<orgtree::Org>& orgs) {
    std::set<std::int64_t> out;
    for (const auto& o : orgs) out.insert(o.id);
    return out;
  }

  Model model_;
  int codes_ = 0;
};

// Runs fn and returns the ApiError it throws; fails the test if none.
template <class F>
ApiError api_error(F&& fn) {
  try {
    fn();
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an ApiError";
  return ApiError(0, "none", "none");
}

}  // namespace dj::test
