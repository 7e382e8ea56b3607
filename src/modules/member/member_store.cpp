#include "modules/member/member_store.h"

#include "core/error.h"
#include "core/text/text.h"
#include "modules/member/tally.h"
#include "modules/member/validate/id_number.h"
#include "modules/member/validate/phone.h"

namespace dj::member {
namespace {

std::string last4(const std::string& id) { return id.size() >= 4 ? id.substr(id.size() - 4) : id; }

// The values of the columns after org_id, in member_insert_columns order.
store::Params row_values(const crypto::Keyring& keys, const MemberInput& in) {
  const MemberRecord& r = in.record;
  Sealed s = seal(keys, r.id_number, r.phone);
  auto romanized = text::romanize(r.name, text::Reading::person_name);
  auto opt = [](const std::optional<std::string>& v) { return v ? store::Value(*v) : store::Value(); };
  return {r.name,
          romanized.full,
          romanized.initials,
          store::Blob{text::sort_key(r.name)},
          r.sex,
          in.ethnicity,
          s.id_enc,
          s.id_hash,
          s.id_masked,
          s.id_last4,
          r.birth_date,
          r.join_date,
          r.full_date.empty() ? store::Value() : store::Value(r.full_date),
          r.status,
          in.education,
          in.post,
          in.rank,
          in.category,
          opt(s.phone_enc),
          opt(s.phone_hash),
          opt(s.phone_masked)};
}

// The columns row_values() fills, in its order.
const std::vector<std::string>& data_columns() {
  static const std::vector<std::string> cols = {
      "name",     "name_pinyin", "name_initials", "name_sort", "sex",       "ethnicity", "id_enc",
      "id_hash",  "id_masked",   "id_last4",      "birth_date", "join_date", "full_date", "status",
      "education", "post",       "rank",          "category",  "phone_enc", "phone_hash", "phone_masked"};
  return cols;
}

void refuse_duplicate(store::Conn& c, const crypto::Keyring& keys, const std::string& id_number,
                      std::int64_t except_id) {
  if (auto other = find_by_id_number(c, keys, id_number); other && *other != except_id)
    throw ApiError::conflict("该公民身份号码已登记为其他党员，请勿重复录入；如需调动请使用“组织关系转接”。",
                             "id_number");
}

tally::Dims dims_of(const MemberInput& in) {
  return {in.record.status, in.record.sex, in.rank, in.education, in.record.birth_date};
}

// The organisation and tallied fields member `id` has now (before a change).
std::pair<std::int64_t, tally::Dims> stored_dims(store::Conn& c, std::int64_t id) {
  auto r = c.query("SELECT org_id, status, sex, rank, education, birth_date FROM members WHERE id = $1", {id});
  if (r.empty()) throw ApiError::not_found("党员不存在。");
  return {r.int64(0, 0), {r.text(0, 1), r.text(0, 2), r.text(0, 3), r.text(0, 4), r.text(0, 5)}};
}

}  // namespace

Sealed seal(const crypto::Keyring& keys, const std::string& id_number, const std::string& phone) {
  Sealed s;
  s.id_enc = keys.encrypt(id_number);
  s.id_hash = keys.lookup_hash(id_number);
  s.id_masked = mask_id(id_number);
  s.id_last4 = last4(id_number);
  if (!phone.empty()) {
    s.phone_enc = keys.encrypt(phone);
    s.phone_hash = keys.lookup_hash(phone);
    s.phone_masked = mask_phone(phone);
  }
  return s;
}

std::int64_t insert(store::Conn& c, const crypto::Keyring& keys, const MemberInput& in, std::int64_t now_ms,
                    bool checked_new) {
  if (!checked_new) refuse_duplicate(c, keys, in.record.id_number, 0);
  store::Params p{in.org_id};
  for (auto& v : row_values(keys, in)) p.push_back(std::move(v));
  p.push_back(now_ms);
  std::string cols = "org_id", placeholders = "$1";
  int n = 1;
  for (const auto& col : data_columns()) {
    cols += ", " + col;
    placeholders += ", $" + std::to_string(++n);
  }
  const std::string now = "$" + std::to_string(++n);
  const std::int64_t id = *c.scalar_int64("INSERT INTO members (" + cols +
                                              ", created_at_ms, updated_at_ms) VALUES (" + placeholders + ", " +
                                              now + ", " + now + ") RETURNING id",
                                          p);
  tally::count(c, in.org_id, dims_of(in), +1);
  return id;
}

void update(store::Conn& c, const crypto::Keyring& keys, std::int64_t id, const MemberInput& in,
            std::int64_t now_ms) {
  refuse_duplicate(c, keys, in.record.id_number, id);
  const auto [old_org, old_dims] = stored_dims(c, id);
  store::Params p{in.org_id};
  for (auto& v : row_values(keys, in)) p.push_back(std::move(v));
  p.push_back(now_ms);
  p.push_back(id);
  std::string set = "org_id = $1";
  int n = 1;
  for (const auto& col : data_columns()) set += ", " + col + " = $" + std::to_string(++n);
  set += ", updated_at_ms = $" + std::to_string(++n);
  c.exec("UPDATE members SET " + set + " WHERE id = $" + std::to_string(n + 1), p);
  tally::change(c, old_org, old_dims, in.org_id, dims_of(in));
}

std::int64_t transfer(store::Conn& c, std::int64_t id, std::int64_t to_org_id, const std::string& reason,
              std::int64_t by_user_id, const std::string& by_name, std::int64_t now_ms) {
  const auto [from, dims] = stored_dims(c, id);
  if (from == to_org_id) throw ApiError::invalid("转入组织与当前所在组织相同。", "to_org_id");
  c.exec("UPDATE members SET org_id = $1, updated_at_ms = $2 WHERE id = $3", {to_org_id, now_ms, id});
  tally::change(c, from, dims, to_org_id, dims);
  c.exec("INSERT INTO member_transfers (member_id, from_org_id, to_org_id, reason, by_user_id, by_name, at_ms) "
         "VALUES ($1, $2, $3, $4, $5, $6, $7)",
         {id, from, to_org_id, reason, by_user_id ? store::Value(by_user_id) : store::Value(), by_name, now_ms});
  return from;
}

const char* member_columns() {
  return "m.id, m.org_id, o.name, m.name, m.sex, m.ethnicity, m.id_masked, m.birth_date, m.join_date, "
         "m.full_date, m.status, m.education, m.post, m.rank, m.category, m.phone_masked, m.name_pinyin, "
         "m.name_initials, m.created_at_ms, m.updated_at_ms";
}

Member read_member(const store::Row& r) {
  Member m;
  m.id = r.int64(0);
  m.org_id = r.int64(1);
  m.org_name = r.text(2);
  m.name = r.text(3);
  m.sex = r.text(4);
  m.ethnicity = r.text(5);
  m.id_number = r.text(6);
  m.birth_date = r.text(7);
  m.join_date = r.text(8);
  m.full_date = r.is_null(9) ? "" : r.text(9);
  m.status = r.text(10);
  m.education = r.text(11);
  m.post = r.text(12);
  m.rank = r.text(13);
  m.category = r.text(14);
  m.phone = r.is_null(15) ? "" : r.text(15);
  m.name_pinyin = r.text(16);
  m.name_initials = r.text(17);
  m.created_at_ms = r.int64(18);
  m.updated_at_ms = r.int64(19);
  return m;
}

std::optional<Member> load(store::Conn& c, const crypto::Keyring& keys, std::int64_t id, bool reveal) {
  std::optional<Member> out;
  std::string id_enc, phone_enc;
  c.each(std::string("SELECT ") + member_columns() +
             ", m.id_enc, m.phone_enc FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1",
         {id}, [&](const store::Row& r) {
           out = read_member(r);
           id_enc = r.text(20);
           phone_enc = r.is_null(21) ? "" : r.text(21);
         });
  if (out && reveal) {
    out->id_number = keys.decrypt(id_enc);
    out->phone = phone_enc.empty() ? "" : keys.decrypt(phone_enc);
  }
  return out;
}

std::optional<std::int64_t> find_by_id_number(store::Conn& c, const crypto::Keyring& keys,
                                              const std::string& id_number) {
  // Every key version's hash: rows written before a rotation finished still match.
  for (const auto& h : keys.lookup_hashes(id_number))
    if (auto id = c.scalar_int64("SELECT id FROM members WHERE id_hash = $1", {h})) return id;
  return std::nullopt;
}

}  // namespace dj::member
