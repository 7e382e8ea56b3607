// Text handling for rosters and search: decoding GBK/UTF-8 uploads, cleaning
// spreadsheet cells, pinyin for "zs finds 张三", and pinyin-order sorting.
// Built on ICU, which only the .cpp files of this folder include: callers see
// plain UTF-8 std::strings. Every function is safe to call from many threads
// at once (ICU objects that are not are cloned per thread).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace dj::text {

// Thrown only when ICU itself is unusable (its data missing, out of memory);
// bad input never throws.
class TextError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- encodings --------------------------------------------------------------
enum class Encoding {
  utf8,      // valid UTF-8 (pure ASCII included)
  utf8_bom,  // starts with EF BB BF (what Excel writes for "CSV UTF-8")
  gbk,       // anything else: decoded as GB18030, a superset of GBK/GB2312
};

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view bytes);

// A BOM wins; otherwise valid UTF-8 is UTF-8 and everything else is taken for
// GBK, which is what Chinese Excel and WPS save as "CSV". Short GBK strings are
// almost never valid UTF-8 (GBK trail bytes fall outside 80–BF in most cases),
// so the check is reliable for real files.
Encoding detect_encoding(std::string_view bytes);

// Decodes to UTF-8. Drops a leading BOM; invalid sequences become U+FFFD, one
// per bad byte run, so a damaged file still loads and the damage is visible.
std::string to_utf8(std::string_view bytes, Encoding encoding);

// to_utf8(bytes, detect_encoding(bytes)).
std::string decode(std::string_view bytes);

// Replaces every invalid UTF-8 sequence with U+FFFD; valid input is returned
// unchanged.
std::string make_valid_utf8(std::string_view bytes);

// ---- cleaning cells -----------------------------------------------------------
// Full-width ASCII (U+FF01–U+FF5E, typed with a Chinese IME) becomes ASCII and
// the ideographic space U+3000 becomes a space. CJK punctuation such as 、。
// is left alone: it has no ASCII twin and belongs to the text.
std::string normalize_width(std::string_view utf8);

struct Cleaned {
  std::string value;
  bool changed = false;  // value differs from the input (worth a "fixed" note in import reports)
};

// What a roster cell needs before validation: normalize_width, tabs, CR, LF,
// NBSP and other Unicode spaces become spaces, zero-width characters are
// dropped, runs of spaces collapse to one, the ends are trimmed, and one
// leading apostrophe (Excel's "store as text" mark, e.g. '320402…) is removed.
// Apostrophes inside the text (O'Neil) stay.
Cleaned clean_cell(std::string_view utf8);

// ---- pinyin -------------------------------------------------------------------
// Whether the text is a person's name. For names the first character(s) are
// read as a surname: 单 shan, 曾 zeng, 解 xie, 尉迟 yuchi… where the ordinary
// reading (dan, ceng, jie, weichi) would be wrong. Organisation names must not
// get this (区委 is quwei, 解放 is jiefang), hence the explicit choice.
enum class Reading { text, person_name };

struct Romanized {
  std::string full;      // "zhangsan"
  std::string initials;  // "zs"
};

// Both forms from one ICU pass (what an import stores per person). Output is
// only [a-z0-9]: Han characters give toneless syllables joined with nothing;
// Latin letters (accents removed, full-width folded) and digits are kept
// lower-case and whole (王ABC → "wangabc" / "wabc"); spaces, punctuation and
// characters without a Latin reading are dropped, so "张 三" == "张三".
Romanized romanize(std::string_view utf8, Reading reading = Reading::text);

// romanize(...).full: "张三" → "zhangsan".
std::string pinyin(std::string_view utf8, Reading reading = Reading::text);
// romanize(...).initials: "张三" → "zs".
std::string pinyin_initials(std::string_view utf8, Reading reading = Reading::text);

// ---- sorting -------------------------------------------------------------------
// ICU's "zh" collation (pinyin order: 阿 < 白 < 张 < 赵). compare() returns
// <0, 0 or >0. sort_key() returns the collation key as raw bytes whose byte
// order (memcmp) equals compare()'s order: store it in a BLOB/bytea column and
// ORDER BY it. The bytes are not text; never put them in a collated TEXT column.
// Keys depend on the ICU version: rebuild stored keys after an ICU upgrade.
int compare(std::string_view a_utf8, std::string_view b_utf8);
std::string sort_key(std::string_view utf8);

}  // namespace dj::text
