#include "core/bench/bench.h"

#include <algorithm>
#include <stdexcept>

namespace dj::bench {

Scale scale_from(const std::string& text) {
  Scale province{"province", 5'000'000, 300'000, 50'000, 2'000'000, 20'000'000, 10};
  if (text == "province") return province;
  // The demo as it is: 987 organisations 4 levels deep, the 4 demo accounts
  // (+ bench_admin, see bench/README.md), one plan of 5 items.
  if (text == "city") return Scale{"city", 12'000, 987, 5, 5, 0, 4};
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || n < 100 || n > 50'000'000)
    throw std::invalid_argument("scale must be city, province or a member count from 100 to 50000000");
  auto part = [n](std::int64_t province_count) {
    return std::max<std::int64_t>(1, province_count * n / 5'000'000);
  };
  return Scale{text, n, part(300'000), part(50'000), part(2'000'000), part(20'000'000), 10};
}

namespace {
std::map<std::string, Probe>& registry() {
  static std::map<std::string, Probe> r;
  return r;
}
}  // namespace

void register_probe(const std::string& name, Probe probe) { registry()[name] = std::move(probe); }
const std::map<std::string, Probe>& probes() { return registry(); }

}  // namespace dj::bench
