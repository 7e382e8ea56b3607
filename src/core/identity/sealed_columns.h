// Where encrypted personal data lives, so `dangjian keys rotate` can
// re-encrypt all of it without the core knowing the modules: each owner of an
// encrypted column registers it at start-up (identity registers users.phone
// and users.totp_secret; the member module its ID number and phone).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dj::identity {

struct SealedColumn {
  std::string encrypted;                 // "phone_enc": Keyring::encrypt tokens "vN.…"
  std::optional<std::string> hash;       // "phone_hash": Keyring::lookup_hash of the plaintext
};

struct SealedTable {
  std::string table;                     // "members"
  std::vector<SealedColumn> columns;     // id column is always "id"
};

void register_sealed_table(SealedTable t);
const std::vector<SealedTable>& sealed_tables();

}  // namespace dj::identity
