// Surnames whose reading differs from the character's everyday reading, which
// is the one ICU's Han-Latin picks (checked against ICU 72: 单→dan, 曾→ceng…).
// Only characters ICU gets wrong are listed; compound surnames come with their
// full reading so 尉迟 is not read wei-chi. Traditional forms are included
// because rosters from Hong Kong/Taiwan members and old systems use them.
#include "core/text/surnames.h"

#include <utility>

namespace dj::text::detail {
namespace {

constexpr std::pair<std::string_view, std::string_view> surnames[] = {
    // compound surnames (longest match wins)
    {"尉迟", "yu chi"}, {"尉遲", "yu chi"}, {"万俟", "mo qi"}, {"萬俟", "mo qi"},
    {"单于", "chan yu"}, {"單于", "chan yu"}, {"澹台", "tan tai"},
    // single characters
    {"单", "shan"}, {"單", "shan"},
    {"曾", "zeng"},
    {"解", "xie"},
    {"仇", "qiu"},
    {"朴", "piao"},
    {"查", "zha"},
    {"区", "ou"}, {"區", "ou"},
    {"盖", "ge"}, {"蓋", "ge"},
    {"乐", "yue"}, {"樂", "yue"},
    {"缪", "miao"}, {"繆", "miao"},
    {"翟", "zhai"},
    {"覃", "qin"},
    {"秘", "bi"},
    {"种", "chong"}, {"種", "chong"},
    {"繁", "po"},
    {"召", "shao"},
    {"员", "yun"}, {"員", "yun"},
    {"隗", "wei"},
    {"句", "gou"},
    {"祭", "zhai"},
    {"炅", "gui"},
    {"蕃", "pi"},
    {"都", "du"},
    {"粘", "nian"},
    {"折", "she"},
    {"黑", "he"},
    {"能", "nai"},
};

}  // namespace

std::optional<SurnameReading> surname_reading(std::string_view name) {
  std::optional<SurnameReading> best;
  for (const auto& [surname, syllables] : surnames) {
    if (name.starts_with(surname) && (!best || surname.size() > best->bytes))
      best = SurnameReading{surname.size(), syllables};
  }
  return best;
}

}  // namespace dj::text::detail
