// The canonical JSON serialiser behind the chain hashes. Boost.JSON keeps
// object members in insertion order, so the same detail built in a different
// order would hash differently; here keys are sorted and every other choice
// (escaping, number format) is fixed, so equal values give equal bytes.
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/audit/internal.h"

namespace dj::audit::detail {
namespace {

void append_number(std::string& out, auto n) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, res.ptr);
}

void append_value(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: append_number(out, v.get_int64()); break;
    case boost::json::kind::uint64: append_number(out, v.get_uint64()); break;
    case boost::json::kind::double_:
      // Shortest round-trip form; JSON has no NaN or infinity.
      if (std::isfinite(v.get_double())) append_number(out, v.get_double());
      else out += "null";
      break;
    case boost::json::kind::string: append_json_string(out, v.get_string()); break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append_value(out, e);
      }
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      const auto& obj = v.get_object();
      std::vector<const boost::json::key_value_pair*> members;
      members.reserve(obj.size());
      for (const auto& kv : obj) members.push_back(&kv);
      // string_view compares as unsigned bytes (char_traits<char>::compare),
      // i.e. by UTF-8 code units, independent of locale.
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out += '{';
      bool first = true;
      for (const auto* kv : members) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, kv->key());
        out += ':';
        append_value(out, kv->value());
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += ch;  // UTF-8 passes through as bytes
        }
    }
  }
  out += '"';
}

std::string canonical_json(const boost::json::value& v) {
  std::string out;
  append_value(out, v);
  return out;
}

}  // namespace dj::audit::detail
