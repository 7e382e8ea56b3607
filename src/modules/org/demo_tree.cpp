#include "modules/org/demo_tree.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "modules/org/demo_names.h"

namespace dj::org::demo {
namespace {

// A fixed-seed generator (Knuth's MMIX LCG): the same numbers on every
// platform and standard library, unlike std::uniform_int_distribution.
class Lcg {
 public:
  explicit Lcg(std::uint64_t seed) : state_(seed) {}
  std::size_t below(std::size_t n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state_ >> 33) % n);
  }

 private:
  std::uint64_t state_;
};

std::string numbered(const char* format, int n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, n);
  return buf;
}

class Builder {
 public:
  std::vector<Node> build() {
    out_.push_back({kRootCode, "", "市级机关工委", "机关工委", "市级机关工委", person(), "", 0});
    const auto& deps = departments();
    for (std::size_t d = 0; d < deps.size(); ++d) department(d, deps[d]);
    return std::move(out_);
  }

 private:
  // Secretaries' names: a surname and one or two given-name characters.
  std::string person() {
    const auto& given = given_name_chars();
    std::string name = surnames()[rng_.below(surnames().size())] + given[rng_.below(given.size())];
    if (rng_.below(3) != 0) name += given[rng_.below(given.size())];
    return name;
  }

  void add(const std::string& code, const std::string& parent, const std::string& name, const char* type, int order) {
    out_.push_back({code, parent, name, type, department_, person(), zone_, order});
  }

  void department(std::size_t index, const DepartmentSpec& spec) {
    department_ = spec.name;
    zone_ = "第" + zone_numerals()[index / 10 % zone_numerals().size()] + "联系片";
    const std::string code = numbered("D%03d", static_cast<int>(index + 1));
    const std::vector<std::string> divisions = demo::divisions_of(spec);
    int branch = 0, general = 0;
    auto branch_code = [&] { return code + numbered("-%02d", ++branch); };
    auto general_code = [&] { return code + numbered("-Z%d", ++general); };

    // The smallest organs have a general branch instead of a party committee.
    const bool small = divisions.size() <= 5;
    add(code, kRootCode, department_ + (small ? "机关党总支" : "机关党委"), small ? "党总支" : "机关党委",
        static_cast<int>(index + 1) * 10);
    int order = 0;

    // Large organs group their divisions' branches under two general branches.
    if (divisions.size() >= 12) {
      const std::size_t half = (divisions.size() + 1) / 2;
      for (int g = 0; g < 2; ++g) {
        const std::string gcode = general_code();
        add(gcode, code, g == 0 ? "机关第一党总支" : "机关第二党总支", "党总支", ++order);
        int inner = 0;
        for (std::size_t i = g == 0 ? 0 : half; i < (g == 0 ? half : divisions.size()); ++i)
          add(branch_code(), gcode, divisions[i] + "党支部", "党支部", ++inner);
      }
    } else {
      for (const auto& div : divisions) add(branch_code(), code, div + "党支部", "党支部", ++order);
    }

    if (divisions.size() >= 10) {
      add(branch_code(), code, "离退休干部第一党支部", "党支部", ++order);
      add(branch_code(), code, "离退休干部第二党支部", "党支部", ++order);
    } else {
      add(branch_code(), code, "离退休干部党支部", "党支部", ++order);
    }

    if (spec.affiliated) {
      const std::string gcode = general_code();
      add(gcode, code, "直属单位党总支", "党总支", ++order);
      const auto& units = affiliated_units();
      const std::size_t count = 4 + rng_.below(4);
      const std::size_t first = rng_.below(units.size());
      for (std::size_t u = 0; u < count && u < units.size(); ++u)
        add(branch_code(), gcode, department_ + units[(first + u) % units.size()] + "党支部", "党支部",
            static_cast<int>(u + 1));
    }
  }

  Lcg rng_{20240701};
  std::vector<Node> out_;
  std::string department_, zone_;
};

}  // namespace

std::vector<Node> tree() { return Builder().build(); }

}  // namespace dj::org::demo
