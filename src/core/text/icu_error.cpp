// The one place that turns an ICU status into a TextError.
#include <unicode/utypes.h>

#include <string>

#include "core/text/detail.h"
#include "core/text/text.h"

namespace dj::text::detail {

void fail(const char* what, int icu_status) {
  throw TextError(std::string("ICU ") + what + " failed: " +
                  u_errorName(static_cast<UErrorCode>(icu_status)));
}

}  // namespace dj::text::detail
