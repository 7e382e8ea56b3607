// Identity as a whole: what the core installs at start-up and what the CLI
// calls (`dangjian admin create`, `dangjian keys rotate`).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/audit/audit.h"
#include "core/identity/services.h"
#include "http/router.h"
#include "store/store.h"

namespace dj::identity {

// Declares the core permissions and registers every identity route.
void install(http::Router& router, Services& services);

// Built-in roles follow the code; run after migrations.
void prepare(store::Store& store);

struct CreatedAdmin {
  std::int64_t user_id = 0;
  std::string password;  // one-time; must be changed at first sign-in
  bool created_root_org = false;
};
// Creates an administrator holding one of the three built-in roles
// ("sysadmin" | "secadmin" | "auditadmin") with scope 全部. When no
// organisation exists yet, creates the root committee `root_org_name` first.
CreatedAdmin create_admin(store::Store& store, const crypto::Keyring& keys, const std::string& username,
                          const std::string& display_name, const std::string& role_code,
                          const std::string& root_org_name, const audit::Actor& actor = {});

// Registers the encrypted columns of the identity tables (sealed_columns.h).
void register_core_sealed_tables();

// Adds a key version and re-encrypts every registered encrypted column (and
// look-up hash) with it, in batches; returns the rows rewritten. Modules'
// tables are covered when their install ran first (the CLI installs routes
// before rotating).
std::int64_t rotate_keys(store::Store& store, const std::string& key_file, const audit::Actor& actor = {});

}  // namespace dj::identity
