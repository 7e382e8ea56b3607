// Pinyin-order comparison and sort keys with ICU's "zh" collator (its default
// for zh is the pinyin tailoring). The collator is opened once and cloned per
// thread: clones share the immutable tailoring data, so a clone is cheap, and
// no call ever takes a lock.
#include <unicode/coll.h>

#include <memory>

#include "core/text/detail.h"
#include "core/text/icu_util.h"
#include "core/text/text.h"

namespace dj::text {
namespace {

const icu::Collator& prototype() {
  static const std::unique_ptr<icu::Collator> instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("zh"), status));
    if (U_FAILURE(status) || !c) detail::fail("Collator::createInstance(zh)", status);
    return c;
  }();
  return *instance;
}

icu::Collator& collator() {
  thread_local const std::unique_ptr<icu::Collator> clone(prototype().clone());
  if (!clone) detail::fail("Collator::clone", U_MEMORY_ALLOCATION_ERROR);
  return *clone;
}

}  // namespace

int compare(std::string_view a_utf8, std::string_view b_utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const UCollationResult r =
      collator().compare(detail::to_icu(a_utf8), detail::to_icu(b_utf8), status);
  if (U_FAILURE(status)) detail::fail("Collator::compare", status);
  return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

std::string sort_key(std::string_view utf8) {
  const icu::UnicodeString text = detail::to_icu(utf8);
  icu::Collator& c = collator();
  std::string key(static_cast<std::size_t>(text.length()) * 4 + 16, '\0');
  int32_t needed = c.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()),
                                static_cast<int32_t>(key.size()));
  if (needed > static_cast<int32_t>(key.size())) {
    key.resize(static_cast<std::size_t>(needed));
    needed = c.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), needed);
  }
  if (needed <= 0) detail::fail("Collator::getSortKey", U_INTERNAL_PROGRAM_ERROR);
  // ICU ends the key with a 0 byte (for C strings); it adds nothing to the order.
  key.resize(static_cast<std::size_t>(needed) - 1);
  return key;
}

}  // namespace dj::text
