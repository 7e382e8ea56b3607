// Members in and out of JSON: the API's member object, and a form body
// checked by the same rules as an imported row (check_member).
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>

#include "modules/member/member_store.h"

namespace dj::member {

// {"id","org_id","org_name","name","sex","ethnicity","id_number","birth_date","join_date",
//  "full_date","status","education","post","rank","category","phone","name_pinyin",
//  "name_initials","age","created_at_ms","updated_at_ms"} — id_number/phone as in `m`
// (masked unless revealed).
boost::json::object member_json(const Member& m);

// A create (all required fields) or update body. For an update, fields absent
// from the body keep the values of `base`. Throws ApiError 422 naming the
// first field at fault, with the same Chinese message an import row gets.
MemberInput member_from_body(const boost::json::object& body, const MemberInput* base);

// The stored record of member `id` as input (plain ID number and phone), for updates.
MemberInput member_input_of(store::Conn& c, const crypto::Keyring& keys, std::int64_t id);

// The Chinese label of a MemberRecord / MemberInput field ("id_number" → "身份证号").
const char* field_label(const std::string& field);

}  // namespace dj::member
