// A structure-aware mutator for fuzz_xlsx: an .xlsx is a zip, and byte flips
// in deflate data or a CRC rarely get past unzip. This one unpacks the input
// (a minimal reader for the zips the corpus and the mutator itself write:
// central directory, stored or deflated members), mutates the content of one
// member with libFuzzer's own mutator (so -dict tokens such as "<row" and
// t="inlineStr" are used), sometimes renames, drops or duplicates a member,
// and packs the result again, deflated or stored at random.
//
// When the input is not such a zip, or one time in eight anyway, the bytes
// are mutated as they are, so damaged zips keep being tried as well.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

constexpr std::size_t kMaxMember = 1u << 20;  // never inflate more than this per member

struct Member {
  std::string name;
  std::string data;  // uncompressed
};

std::uint32_t u16(std::string_view s, std::size_t at) {
  return static_cast<std::uint8_t>(s[at]) | static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[at + 1])) << 8;
}
std::uint32_t u32(std::string_view s, std::size_t at) { return u16(s, at) | u16(s, at + 2) << 16; }

std::optional<std::string> inflate_raw(std::string_view in, std::size_t expected) {
  if (expected > kMaxMember) return std::nullopt;
  std::string out(expected, '\0');
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  const std::size_t got = z.total_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || got != expected) return std::nullopt;
  return out;
}

std::string deflate_raw(std::string_view in) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Reads the members through the central directory; nullopt when the bytes
// are not a zip this reader understands.
std::optional<std::vector<Member>> unzip(std::string_view z) {
  if (z.size() < 22) return std::nullopt;
  std::size_t eocd = std::string_view::npos;
  for (std::size_t i = z.size() - 22 + 1; i-- > 0 && z.size() - i <= 22 + 0xFFFF;) {
    if (u32(z, i) == 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd == std::string_view::npos) return std::nullopt;
  const std::size_t count = u16(z, eocd + 10);
  std::size_t at = u32(z, eocd + 16);
  std::vector<Member> out;
  for (std::size_t n = 0; n < count; ++n) {
    if (at > z.size() || z.size() - at < 46 || u32(z, at) != 0x02014b50) return std::nullopt;
    const std::uint32_t method = u16(z, at + 10);
    const std::size_t csize = u32(z, at + 20), usize = u32(z, at + 24);
    const std::size_t name_len = u16(z, at + 28), extra_len = u16(z, at + 30), comment_len = u16(z, at + 32);
    const std::size_t local = u32(z, at + 42);
    if (z.size() - at - 46 < name_len) return std::nullopt;
    Member m;
    m.name = std::string(z.substr(at + 46, name_len));
    at += 46 + name_len + extra_len + comment_len;
    if (local > z.size() || z.size() - local < 30 || u32(z, local) != 0x04034b50) return std::nullopt;
    const std::size_t data_at = local + 30 + u16(z, local + 26) + u16(z, local + 28);
    if (data_at > z.size() || z.size() - data_at < csize) return std::nullopt;
    const std::string_view raw = z.substr(data_at, csize);
    if (method == 0) {
      m.data = std::string(raw);
    } else if (method == 8) {
      auto d = inflate_raw(raw, usize);
      if (!d) return std::nullopt;
      m.data = std::move(*d);
    } else {
      return std::nullopt;
    }
    out.push_back(std::move(m));
  }
  if (out.empty()) return std::nullopt;
  return out;
}

void put16(std::string& s, std::uint32_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}

std::string zip(const std::vector<Member>& members, std::mt19937& rng) {
  std::string out, dir;
  for (const Member& m : members) {
    const bool deflated = rng() % 4 != 0;
    const std::string body = deflated ? deflate_raw(m.data) : m.data;
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(m.data.data()), static_cast<uInt>(m.data.size())));
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto name_len = static_cast<std::uint32_t>(std::min<std::size_t>(m.name.size(), 0xFFFF));
    auto header = [&](std::string& s, bool central) {
      put32(s, central ? 0x02014b50 : 0x04034b50);
      if (central) put16(s, 20);  // version made by
      put16(s, 20);               // version needed
      put16(s, 0);                // flags
      put16(s, deflated ? 8 : 0);
      put16(s, 0);  // time
      put16(s, 0x21);  // date: 1980-01-01
      put32(s, crc);
      put32(s, static_cast<std::uint32_t>(body.size()));
      put32(s, static_cast<std::uint32_t>(m.data.size()));
      put16(s, name_len);
      put16(s, 0);  // extra
      if (central) {
        put16(s, 0);  // comment
        put16(s, 0);  // disk
        put16(s, 0);  // internal attributes
        put32(s, 0);  // external attributes
        put32(s, offset);
      }
      s.append(m.name, 0, name_len);
    };
    header(out, false);
    out += body;
    header(dir, true);
  }
  const auto dir_at = static_cast<std::uint32_t>(out.size());
  out += dir;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(members.size()));
  put16(out, static_cast<std::uint32_t>(members.size()));
  put32(out, static_cast<std::uint32_t>(dir.size()));
  put32(out, dir_at);
  put16(out, 0);
  return out;
}

// Mutates `s` in place with libFuzzer's mutator, letting it grow by up to `grow` bytes.
void mutate_bytes(std::string& s, std::size_t grow) {
  if (s.empty()) s = "<";  // libFuzzer's mutators expect at least one byte
  const std::size_t size = s.size();
  s.resize(size + grow);
  const std::size_t n = LLVMFuzzerMutate(reinterpret_cast<std::uint8_t*>(s.data()), size, s.size());
  s.resize(n);
}

const char* const kPartNames[] = {
    "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels", "xl/sharedStrings.xml",
    "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "[Content_Types].xml",
};

std::size_t emit(const std::string& z, std::uint8_t* data, std::size_t max_size) {
  if (z.size() > max_size) return 0;
  std::memcpy(data, z.data(), z.size());
  return z.size();
}

}  // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t max_size,
                                               unsigned int seed) {
  std::mt19937 rng(seed);
  std::optional<std::vector<Member>> members;
  if (rng() % 8 != 0) members = unzip(std::string_view(reinterpret_cast<const char*>(data), size));
  if (members) {
    std::vector<Member>& ms = *members;
    Member& m = ms[rng() % ms.size()];
    switch (rng() % 16) {
      case 0:  // rename, usually to a part the reader looks for
        m.name = kPartNames[rng() % std::size(kPartNames)];
        if (rng() % 4 == 0) mutate_bytes(m.name, 8);
        break;
      case 1:
        if (ms.size() > 1) ms.erase(ms.begin() + static_cast<std::ptrdiff_t>(&m - ms.data()));
        break;
      case 2:
        ms.push_back(m);
        break;
      default:
        mutate_bytes(m.data, std::min<std::size_t>(m.data.size() / 4 + 64, 4096));
        break;
    }
    if (const std::size_t n = emit(zip(ms, rng), data, max_size)) return n;
  }
  return LLVMFuzzerMutate(data, size, max_size);
}

// Crossover at the part level: one member of the first input takes the
// content of the same-named member of the second (or a random one).
extern "C" std::size_t LLVMFuzzerCustomCrossOver(const std::uint8_t* data1, std::size_t size1,
                                                 const std::uint8_t* data2, std::size_t size2, std::uint8_t* out,
                                                 std::size_t max_out_size, unsigned int seed) {
  std::mt19937 rng(seed);
  auto a = unzip(std::string_view(reinterpret_cast<const char*>(data1), size1));
  auto b = unzip(std::string_view(reinterpret_cast<const char*>(data2), size2));
  if (!a || !b) return 0;
  const Member& from = (*b)[rng() % b->size()];
  bool replaced = false;
  for (Member& m : *a) {
    if (m.name == from.name) {
      m.data = from.data;
      replaced = true;
    }
  }
  if (!replaced) (*a)[rng() % a->size()].data = from.data;
  return emit(zip(*a, rng), out, max_out_size);
}
