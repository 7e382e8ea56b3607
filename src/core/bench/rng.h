// A fixed-seed generator for benchmark data (Knuth's MMIX LCG, like the demo
// tree's): the same numbers on every platform and standard library, unlike
// std::uniform_int_distribution, so `dangjian bench-data` is deterministic.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dj::bench {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return state_ >> 33;
  }
  // 0 … n-1 (n > 0).
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // lo … hi inclusive.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::size_t>(hi - lo + 1)));
  }

 private:
  std::uint64_t state_;
};

// Rows written per transaction by the bench seeders: large enough that the
// commit (fsync) cost vanishes, small enough that a PostgreSQL transaction
// and SQLite's WAL stay modest.
inline constexpr std::int64_t kBatchRows = 5000;

}  // namespace dj::bench
