#include "modules/member/demo.h"

#include <iostream>
#include <map>
#include <set>

#include "core/audit/audit.h"
#include "core/crypto/crypto.h"
#include "core/identity/accounts.h"
#include "core/identity/policy_store.h"
#include "core/identity/roles.h"
#include "modules/member/demo_people.h"
#include "modules/member/permissions.h"
#include "modules/member/tally.h"

namespace dj::member {
namespace {

struct DemoRole {
  const char* code;
  const char* name;
  const char* description;
  std::vector<std::string> permissions;
};

// The business roles a committee starts with; administrators edit them freely.
const std::vector<DemoRole>& demo_roles() {
  static const std::vector<DemoRole> roles = {
      {"committee_admin", "工委组织部管理员", "管理全部党组织和党员。",
       {"org:read", "org:write", "org:move", "org:dissolve", "org:import", "org:export", perm::read, perm::write,
        perm::reveal, perm::transfer, perm::import, perm::export_}},
      {"party_committee", "机关党委专职副书记", "管理本单位机关党委及以下的党组织和党员。",
       {"org:read", "org:write", "org:export", perm::read, perm::write, perm::reveal, perm::transfer, perm::import,
        perm::export_}},
      {"branch_secretary", "党支部书记", "管理本支部党员。",
       {"org:read", perm::read, perm::write, perm::import, perm::export_}},
      // A party member uses 我的信息 and 我的会话 (any signed-in user); the roster
      // is for those who manage members, so the role carries no roster permission.
      {"member", "党员", "登录后查看本人信息和会话。", {}},
  };
  return roles;
}

struct Account {
  std::string username, display_name, role, scope_org, password;
};

}  // namespace

std::map<std::string, std::int64_t> ensure_demo_roles(store::Conn& c) {
  std::map<std::string, std::int64_t> role_ids;
  for (const auto& r : demo_roles()) {
    std::int64_t id = identity::role_id(c, r.code);
    if (!id) id = identity::create_role(c, {r.code, r.name, r.description, r.permissions, false});
    role_ids[r.code] = id;
  }
  return role_ids;
}

void seed_demo(ModuleContext& ctx) {
  const crypto::Keyring& keys = ctx.identity.keys();
  const Date today = today_in_china();
  std::vector<Account> accounts;
  ctx.store.write([&](store::Conn& c) {
    audit::lock_chain(c);
    accounts.clear();
    std::vector<std::int64_t> branches;
    c.each("SELECT id FROM orgs WHERE type = '党支部' AND status = 'active' ORDER BY path", {},
           [&](const store::Row& r) { branches.push_back(r.int64(0)); });
    if (branches.empty())  // no tree module: everyone under the root
      c.each("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1", {},
             [&](const store::Row& r) { branches.push_back(r.int64(0)); });
    if (branches.empty()) return;

    const std::int64_t now = identity::now_ms();
    std::vector<std::int64_t> first_member_of_branch(branches.size(), 0);
    std::set<std::string> used_ids;
    tally::Batch tallies(c);
    for (int i = 0; i < kDemoMembers; ++i) {
      std::size_t b = static_cast<std::size_t>(i) % branches.size();
      // The first member of every eighth branch is a 县处级 leader.
      bool leader = first_member_of_branch[b] == 0 && b % 8 == 0;
      // Random IDs collide now and then (same district, birthday and sequence):
      // take the next person of a far-away series, still deterministically.
      MemberInput in = demo_person(static_cast<std::uint64_t>(i), leader, today);
      for (std::uint64_t k = 1; !used_ids.insert(in.record.id_number).second; ++k)
        in = demo_person(static_cast<std::uint64_t>(i) + k * 1000003u, leader, today);
      in.org_id = branches[b];
      std::int64_t id = insert(c, keys, in, now, true);  // used_ids keeps them unique
      if (!first_member_of_branch[b]) first_member_of_branch[b] = id;
    }
    tallies.flush();

    std::map<std::string, std::int64_t> role_ids = ensure_demo_roles(c);
    // Accounts: the committee, the first department's party committee, its
    // first branch, and one member of that branch (linked to the person).
    auto root = c.scalar_int64("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").value_or(0);
    auto dept = c.scalar_int64("SELECT parent_id FROM orgs WHERE id = $1", {branches.front()}).value_or(root);
    auto name_of = [&](std::int64_t org) { return c.scalar_text("SELECT name FROM orgs WHERE id = $1", {org}).value_or(""); };
    auto person = first_member_of_branch.front();
    std::string person_name = c.scalar_text("SELECT name FROM members WHERE id = $1", {person}).value_or("党员");
    struct Plan {
      const char* username;
      std::string display_name;
      const char* role;
      std::int64_t org;
      orgtree::ScopeKind kind;
      std::int64_t person_id;
    };
    const std::vector<Plan> plans = {
        {"gwadmin", "工委组织部管理员", "committee_admin", root, orgtree::ScopeKind::all, 0},
        {"dangwei", "机关党委专职副书记", "party_committee", dept, orgtree::ScopeKind::subtree, 0},
        {"zhibu", "党支部书记", "branch_secretary", branches.front(), orgtree::ScopeKind::subtree, 0},
        {"dangyuan", person_name, "member", branches.front(), orgtree::ScopeKind::self, person},
    };
    for (const auto& p : plans) {
      if (c.scalar_int64("SELECT id FROM users WHERE username = $1", {std::string(p.username)})) continue;
      std::string password = crypto::random_password();
      identity::NewUser u{p.username, p.display_name, "", p.org, p.person_id};
      std::int64_t uid = identity::create_user(c, keys, u, password);
      identity::BindingInput binding;
      binding.role_id = role_ids[p.role];
      binding.kind = p.kind;
      binding.anchor_org = p.org;
      identity::set_user_roles(c, uid, {binding});
      accounts.push_back({p.username, p.display_name, p.role, name_of(p.org), password});
    }
    audit::Actor actor;
    actor.username = ctx.actor_name.empty() ? "demo" : ctx.actor_name;
    audit::append(c, actor,
                  {"member.demo_seed", "member", "", std::nullopt,
                   {{"members", kDemoMembers}, {"branches", static_cast<std::int64_t>(branches.size())},
                    {"accounts", static_cast<std::int64_t>(accounts.size())}}});
  });
  if (accounts.empty()) return;
  // The one-time passwords are shown once, here, to whoever set the demo up.
  std::cout << "演示账号（首次登录须修改密码）/ demo accounts (change the password at first sign-in):\n";
  for (const auto& a : accounts)
    std::cout << "  " << a.username << "  " << a.password << "  " << a.display_name << " · " << a.scope_org << "\n";
}

}  // namespace dj::member
