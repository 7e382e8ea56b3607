// Pinyin through ICU's "Han-Latin" transliterator. Han-Latin knows some
// context ("重庆" → chong qing, "重" alone → zhong), so runs of Han characters
// are transliterated together, not one character at a time; its output
// separates syllables with spaces, which is how initials are found. Han-Latin
// costs ~10 us per call even on text without Han (it scans its rules), so
// other runs skip it: ASCII is lower-cased by hand, anything else goes through
// the cheap "Latin-ASCII; Lower" chain (é → e, full-width Ａ → a).
#include <unicode/translit.h>
#include <unicode/uscript.h>

#include <memory>
#include <string>
#include <unordered_map>

#include "core/text/detail.h"
#include "core/text/icu_util.h"
#include "core/text/surnames.h"
#include "core/text/text.h"

namespace dj::text {
namespace {

// Building a transliterator parses ICU's rule tables (milliseconds), so each
// is built once; transliterate() is not safe to share between threads, so each
// thread works on its own clone, which is cheap and needs no lock per call.
std::unique_ptr<icu::Transliterator> create(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !t) detail::fail("Transliterator::createInstance", status);
  return t;
}

std::unique_ptr<icu::Transliterator> clone(const icu::Transliterator& prototype) {
  std::unique_ptr<icu::Transliterator> t(prototype.clone());
  if (!t) detail::fail("Transliterator::clone", U_MEMORY_ALLOCATION_ERROR);
  return t;
}

icu::Transliterator& han_to_latin() {
  static const std::unique_ptr<icu::Transliterator> prototype =
      create("Han-Latin; Latin-ASCII; Lower");
  thread_local const std::unique_ptr<icu::Transliterator> mine = clone(*prototype);
  return *mine;
}

icu::Transliterator& other_to_ascii() {
  static const std::unique_ptr<icu::Transliterator> prototype = create("Latin-ASCII; Lower");
  thread_local const std::unique_ptr<icu::Transliterator> mine = clone(*prototype);
  return *mine;
}

// Han-Latin costs tens of microseconds per run; names repeat their given
// names and characters a lot, so each thread remembers the runs it has
// transliterated. Bounded: cleared when full rather than growing without end.
constexpr std::size_t kRunCacheLimit = 50000;
std::unordered_map<std::u16string, std::string>& han_run_cache() {
  thread_local std::unordered_map<std::u16string, std::string> cache;
  return cache;
}

std::string han_run_to_latin(const icu::UnicodeString& text, int32_t start, int32_t length) {
  std::u16string key(reinterpret_cast<const char16_t*>(text.getBuffer()) + start, static_cast<std::size_t>(length));
  auto& cache = han_run_cache();
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  icu::UnicodeString segment(text, start, length);
  han_to_latin().transliterate(segment);
  std::string latin;
  segment.toUTF8String(latin);
  if (cache.size() >= kRunCacheLimit) cache.clear();
  cache.emplace(std::move(key), latin);
  return latin;
}

bool is_han(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Appends the [a-z0-9] runs of transliterated text. A run from Han text is one
// syllable and contributes its first letter to the initials; a run from other
// text (a Latin word, a number) is kept whole in both.
void append_runs(std::string_view latin, bool from_han, Romanized& out) {
  std::size_t i = 0;
  while (i < latin.size()) {
    if (!is_ascii_alnum(latin[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < latin.size() && is_ascii_alnum(latin[j])) ++j;
    const std::string_view run = latin.substr(i, j - i);
    out.full += run;
    if (from_han)
      out.initials += run.front();
    else
      out.initials += run;
    i = j;
  }
}

}  // namespace

Romanized romanize(std::string_view utf8, Reading reading) {
  Romanized out;
  if (reading == Reading::person_name) {
    while (!utf8.empty() && utf8.front() == ' ') utf8.remove_prefix(1);
    if (const auto surname = detail::surname_reading(utf8)) {
      append_runs(surname->syllables, /*from_han=*/true, out);
      utf8.remove_prefix(surname->bytes);
    }
  }
  const icu::UnicodeString text = detail::to_icu(utf8);
  std::string latin;
  const int32_t n = text.length();
  int32_t i = 0;
  while (i < n) {
    const bool han = is_han(text.char32At(i));
    bool ascii = true;
    int32_t j = i;
    while (j < n && is_han(text.char32At(j)) == han) {
      ascii = ascii && text.charAt(j) < 0x80;
      j = text.moveIndex32(j, 1);
    }
    latin.clear();
    if (!han && ascii) {
      for (int32_t k = i; k < j; ++k) {
        const auto c = static_cast<char>(text.charAt(k));
        latin += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      }
    } else if (han) {
      latin = han_run_to_latin(text, i, j - i);
    } else {
      icu::UnicodeString segment(text, i, j - i);
      other_to_ascii().transliterate(segment);
      segment.toUTF8String(latin);
    }
    append_runs(latin, han, out);
    i = j;
  }
  return out;
}

std::string pinyin(std::string_view utf8, Reading reading) {
  return std::move(romanize(utf8, reading).full);
}

std::string pinyin_initials(std::string_view utf8, Reading reading) {
  return std::move(romanize(utf8, reading).initials);
}

}  // namespace dj::text
