#include "modules/member/bench_seed.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <vector>

#include "core/audit/audit.h"
#include "core/bench/rng.h"
#include "core/bench/sign_in.h"
#include "core/crypto/crypto.h"
#include "core/identity/accounts.h"
#include "core/identity/policy_store.h"
#include "core/identity/roles.h"
#include "modules/member/demo.h"
#include "modules/member/demo_people.h"
#include "modules/member/tally.h"

namespace dj::member {
namespace {

// The ID numbers already handed out, as 64-bit FNV-1a hashes in an
// open-addressing table: 5,000,000 people fit in 128 MiB where a
// std::set<std::string> would take over half a gigabyte.
class SeenIds {
 public:
  explicit SeenIds(std::int64_t expected) {
    std::size_t cap = 1024;
    while (cap < static_cast<std::size_t>(expected) * 2) cap <<= 1;
    slots_.assign(cap, 0);
  }
  // True when `id` was not seen before (and records it).
  bool insert(const std::string& id) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char ch : id) h = (h ^ ch) * 1099511628211ULL;
    if (h == 0) h = 1;
    std::size_t i = h & (slots_.size() - 1);
    while (slots_[i] != 0) {
      if (slots_[i] == h) return false;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = h;
    return true;
  }

 private:
  std::vector<std::uint64_t> slots_;
};

std::string numbered(const char* format, std::int64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, format, static_cast<long long>(n));
  return buf;
}

struct Org {
  std::int64_t id = 0;
  int depth = 0;
};

}  // namespace

void seed_bench(ModuleContext& ctx, const bench::Scale& scale) {
  const crypto::Keyring& keys = ctx.identity.keys();
  const Date today = today_in_china();
  const std::int64_t now = identity::now_ms();

  std::vector<std::int64_t> branches;
  std::vector<std::int64_t> departments;  // depth 1
  std::int64_t root = 0;
  ctx.store.read([&](store::Conn& c) {
    c.each("SELECT id, depth, type FROM orgs WHERE status = 'active' ORDER BY path", {}, [&](const store::Row& r) {
      if (r.int64(1) == 0 && !root) root = r.int64(0);
      if (r.int64(1) == 1) departments.push_back(r.int64(0));
      if (r.text(2) == "党支部") branches.push_back(r.int64(0));
    });
  });
  if (!root) return;  // no tree: the org module did not run
  if (branches.empty()) branches.push_back(root);
  if (departments.empty()) departments.push_back(root);

  // ---- members: the same person for the same index on every run ----------------------
  // City is the demo (its members and accounts): only bench_admin is added,
  // so bench/run signs in the same way at every scale.
  const std::int64_t total = scale.is_city() ? 0 : std::max<std::int64_t>(0, scale.members);
  std::vector<std::int64_t> member_ids(static_cast<std::size_t>(total), 0);
  // Names only of the members who get an account (see the accounts below):
  // 5,000,000 strings would cost ~300 MB for 35,000 look-ups.
  const std::int64_t users = scale.is_city() ? 1 : std::max<std::int64_t>(1, scale.users);
  std::vector<char> has_account(static_cast<std::size_t>(total), 0);
  for (std::int64_t i = 1; i < users && total > 0; ++i)
    if (i % 10 > 3) has_account[static_cast<std::size_t>(i * total / users)] = 1;
  std::map<std::int64_t, std::string> member_names;
  SeenIds seen(total);
  std::vector<MemberInput> batch;
  for (std::int64_t next = 0; next < total;) {
    const std::int64_t end = std::min(total, next + bench::kBatchRows);
    // People first, outside the transaction: a retried transaction writes
    // the same batch again instead of drawing new people.
    batch.clear();
    for (std::int64_t i = next; i < end; ++i) {
      const std::size_t b = static_cast<std::size_t>(i) % branches.size();
      const bool leader = i < static_cast<std::int64_t>(branches.size()) && b % 8 == 0;
      MemberInput in = demo_person(static_cast<std::uint64_t>(i), leader, today);
      for (std::uint64_t k = 1; !seen.insert(in.record.id_number); ++k)
        in = demo_person(static_cast<std::uint64_t>(i) + k * 1000003u, leader, today);
      in.org_id = branches[b];
      if (has_account[static_cast<std::size_t>(i)]) member_names[i] = in.record.name;
      batch.push_back(std::move(in));
    }
    ctx.store.write([&](store::Conn& c) {
      tally::Batch tallies(c);
      for (std::int64_t i = next; i < end; ++i)
        member_ids[static_cast<std::size_t>(i)] =
            insert(c, keys, batch[static_cast<std::size_t>(i - next)], now, true);  // `seen` keeps them unique
      tallies.flush();
    });
    next = end;
  }

  // ---- accounts ----------------------------------------------------------------------
  // Argon2id at 64 MiB costs about a second per hash on this machine: 50,000
  // accounts would take most of a day and measure nothing the benchmarks
  // look at (sign-in itself is measured by bench/run's login storm). So ONE
  // password is hashed ONCE and every bench account stores that hash; the
  // password is printed once so bench/run can sign in.
  const std::string password = crypto::random_password();
  const std::string hash = crypto::hash_password(password);
  bench::sign_in() = {"bench_admin", password, "bench"};
  for (std::int64_t next = 0; next < users;) {
    const std::int64_t end = std::min(users, next + bench::kBatchRows);
    ctx.store.write([&](store::Conn& c) {
      audit::lock_chain(c);
      const std::map<std::string, std::int64_t> roles = ensure_demo_roles(c);
      for (std::int64_t i = next; i < end; ++i) {
        identity::NewUser u;
        identity::BindingInput binding;
        if (i == 0) {
          u = {"bench_admin", "基准测试管理员", "", root, 0};
          binding = {roles.at("committee_admin"), orgtree::ScopeKind::all, root, {}};
        } else {
          u.username = numbered("bench%05lld", i);
          // One in ten a department's 专职副书记, three a branch secretary,
          // the rest party members signing in for their own records.
          const std::int64_t kind = i % 10;
          const std::size_t k = static_cast<std::size_t>(i);
          if (kind == 0) {
            u.org_id = departments[k / 10 % departments.size()];
            u.display_name = "机关党委专职副书记" + std::to_string(i);
            binding = {roles.at("party_committee"), orgtree::ScopeKind::subtree, u.org_id, {}};
          } else if (kind <= 3) {
            // Spread over the branches with a stride, so every department has some.
            u.org_id = branches[(k * 7919) % branches.size()];
            u.display_name = "党支部书记" + std::to_string(i);
            binding = {roles.at("branch_secretary"), orgtree::ScopeKind::subtree, u.org_id, {}};
          } else if (total > 0) {
            const std::size_t m = static_cast<std::size_t>(i * total / users);
            u.org_id = branches[m % branches.size()];  // where member m was put
            u.person_id = member_ids[m];
            u.display_name = member_names.at(static_cast<std::int64_t>(m));
            binding = {roles.at("member"), orgtree::ScopeKind::self, u.org_id, {}};
          } else {
            u.org_id = root;
            u.display_name = "党员" + std::to_string(i);
            binding = {roles.at("member"), orgtree::ScopeKind::self, root, {}};
          }
        }
        const std::int64_t uid = identity::create_user_hashed(c, keys, u, hash);
        identity::set_user_roles(c, uid, {binding});
        // Ready to sign in: bench/run must not walk the first-sign-in change.
        c.exec("UPDATE users SET must_change_password = 0 WHERE id = $1", {uid});
      }
      if (end == users) {
        audit::Actor actor;
        actor.username = ctx.actor_name.empty() ? "bench" : ctx.actor_name;
        audit::append(c, actor,
                      {"member.bench_seed", "member", "", std::nullopt,
                       {{"members", total},
                        {"branches", static_cast<std::int64_t>(branches.size())},
                        {"accounts", users},
                        {"scale", scale.name}}});
      }
    });
    next = end;
  }
  std::cout << "基准测试账号 / bench accounts: bench_admin（全部范围 / everything）";
  if (users > 1) std::cout << ", bench00001 … " << numbered("bench%05lld", users - 1);
  std::cout << "，密码均为 / password: " << password << "\n";
}

}  // namespace dj::member
