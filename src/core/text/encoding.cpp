// Detecting and decoding the encodings rosters arrive in. GBK goes through
// ICU's GB18030 converter: GB18030 is a strict superset of GBK and GB2312, so
// files saved by any Chinese Excel/WPS version decode, including the rare
// characters (e.g. in names) that only GB18030 can encode.
#include <unicode/ucnv.h>

#include <memory>

#include "core/text/detail.h"
#include "core/text/text.h"

namespace dj::text {
namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

Converter open_converter(const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  Converter c(ucnv_open(name, &status));
  if (U_FAILURE(status)) detail::fail("ucnv_open", status);
  return c;
}

// Converters carry conversion state, so each thread has its own pair. Their
// default callbacks substitute U+FFFD for bytes GB18030 cannot decode.
std::string gb18030_to_utf8(std::string_view bytes) {
  thread_local Converter from = open_converter("GB18030");
  thread_local Converter to = open_converter("UTF-8");
  ucnv_reset(from.get());
  ucnv_reset(to.get());

  std::string out;
  // Two GBK bytes become three UTF-8 bytes; a lone bad byte becomes three (U+FFFD).
  out.resize(bytes.size() + bytes.size() / 2 + 16);
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  const char* source = bytes.data();
  const char* const source_limit = bytes.data() + bytes.size();
  char* target = out.data();
  bool reset = true;
  for (;;) {
    UErrorCode status = U_ZERO_ERROR;
    ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source,
                   source_limit, pivot, &pivot_source, &pivot_target, pivot + 1024, reset,
                   /*flush=*/true, &status);
    reset = false;
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      const auto used = static_cast<std::size_t>(target - out.data());
      out.resize(out.size() * 2);
      target = out.data() + used;
      continue;
    }
    if (U_FAILURE(status)) detail::fail("ucnv_convertEx", status);
    break;
  }
  out.resize(static_cast<std::size_t>(target - out.data()));
  return out;
}

}  // namespace

Encoding detect_encoding(std::string_view bytes) {
  if (bytes.starts_with(bom)) return Encoding::utf8_bom;
  return valid_utf8(bytes) ? Encoding::utf8 : Encoding::gbk;
}

std::string to_utf8(std::string_view bytes, Encoding encoding) {
  switch (encoding) {
    case Encoding::gbk:
      return gb18030_to_utf8(bytes);
    case Encoding::utf8:
    case Encoding::utf8_bom:
      break;
  }
  // A BOM is dropped whatever the caller claimed: it is never cell content.
  if (bytes.starts_with(bom)) bytes.remove_prefix(bom.size());
  return make_valid_utf8(bytes);
}

std::string decode(std::string_view bytes) { return to_utf8(bytes, detect_encoding(bytes)); }

}  // namespace dj::text
