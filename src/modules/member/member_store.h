// The members table: the only code that writes it. Encrypts the ID number and
// phone, computes look-up hashes, masked forms, pinyin and the collation key,
// so every path that saves a member (the form, the import, the demo) stores
// exactly the same shape. Functions run inside the caller's transaction and
// neither check scope nor audit — the routes do that, through the guard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/crypto/crypto.h"
#include "modules/member/validate/member_rules.h"
#include "store/store.h"

namespace dj::member {

// A member as the API shows it. id_number / phone hold the masked forms
// unless the reader asked for plain text (reveal).
struct Member {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string org_name;   // filled by load()/list queries that join orgs
  std::string name, sex, ethnicity;
  std::string id_number;  // masked, or plain after reveal
  std::string birth_date, join_date, full_date, status;
  std::string education, post, rank, category;
  std::string phone;      // masked or plain; "" when none
  std::string name_pinyin, name_initials;
  std::int64_t created_at_ms = 0, updated_at_ms = 0;
};

// The fields a caller supplies; validated by check_member() first.
struct MemberInput {
  std::int64_t org_id = 0;
  MemberRecord record;  // name, sex, id_number, dates, status, phone (already checked/repaired)
  std::string ethnicity, education, post, rank, category;
};

// Encrypted/derived forms of the personal fields.
struct Sealed {
  std::string id_enc, id_hash, id_masked, id_last4;
  std::optional<std::string> phone_enc, phone_hash, phone_masked;
};
Sealed seal(const crypto::Keyring& keys, const std::string& id_number, const std::string& phone);

// Inserts a member; returns its id. Throws ApiError 409 (field id_number)
// when the ID number already exists. `checked_new`: the caller looked the ID
// number up in this transaction already (the import does it in batches), so
// the per-row look-up is skipped; the UNIQUE index still guards it.
std::int64_t insert(store::Conn& c, const crypto::Keyring& keys, const MemberInput& in, std::int64_t now_ms,
                    bool checked_new = false);

// Overwrites every field of member `id` with `in` (org_id included — callers
// that move a member go through transfer() so the history is kept).
void update(store::Conn& c, const crypto::Keyring& keys, std::int64_t id, const MemberInput& in, std::int64_t now_ms);

// Moves a member to another organisation and records the transfer; returns
// the organisation she came from.
std::int64_t transfer(store::Conn& c, std::int64_t id, std::int64_t to_org_id, const std::string& reason,
              std::int64_t by_user_id, const std::string& by_name, std::int64_t now_ms);

// The member with that id (masked), or nullopt. With `reveal`, id_number and
// phone are decrypted.
std::optional<Member> load(store::Conn& c, const crypto::Keyring& keys, std::int64_t id, bool reveal = false);

// The member id whose ID number is `id_number` (exact, via the keyed hash).
std::optional<std::int64_t> find_by_id_number(store::Conn& c, const crypto::Keyring& keys,
                                              const std::string& id_number);

// The SELECT column list of a Member over "members m JOIN orgs o ON o.id = m.org_id",
// and the row reader for it (masked).
const char* member_columns();
Member read_member(const store::Row& r);

}  // namespace dj::member
