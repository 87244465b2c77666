#include "slsim/random.hpp"

#include <cmath>

namespace slsim {

namespace {

// Separates the fields of a stream's name, so ("ab", "c") and ("a", "bc") hash apart.
// 0x1f (ASCII unit separator) cannot appear in a component name ([A-Za-z0-9_-]+).
constexpr std::string_view kFieldSeparator = "\x1f";

}  // namespace

Rng::Rng(std::uint64_t seed) {
  // splitmix64 spreads any seed, even 0 or 1, into a well-mixed state (the seeding that
  // the xoshiro authors recommend).
  std::uint64_t state = seed;
  for (std::uint64_t& word : s_) {
    word = splitmix64(state);
  }
  // xoshiro's one forbidden state is all zeros. splitmix64 outputs four distinct values
  // here, so this cannot happen; the guard costs nothing and keeps the invariant local.
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 0x9e3779b97f4a7c15ULL;
}

// The stream's key is FNV-1a over "kind \x1f name \x1f purpose". It is combined with the
// run's seed through two splitmix64 steps (not a bare XOR), so nearby seeds or nearby
// hashes still give unrelated generator states; Rng's constructor then mixes once more.
Rng Rng::stream(std::uint64_t seed, std::string_view kind, std::string_view name,
                std::string_view purpose) {
  std::uint64_t key = fnv1a(kind);
  key = fnv1a(kFieldSeparator, key);
  key = fnv1a(name, key);
  key = fnv1a(kFieldSeparator, key);
  key = fnv1a(purpose, key);
  std::uint64_t state = seed;
  std::uint64_t mixed = splitmix64(state) ^ key;
  return Rng(splitmix64(mixed));
}

// Lemire, "Fast Random Integer Generation in an Interval" (2019): the high word of
// x * n is uniform on [0, n) once the few low words below 2^64 mod n are rejected.
std::uint64_t Rng::below(std::uint64_t n) {
  if (n == 0) return 0;  // precondition n > 0; avoid dividing by zero below
  __extension__ typedef unsigned __int128 Wide;
  Wide product = Wide(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(product);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      product = Wide(next_u64()) * n;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

double Rng::exponential(double mean) {
  // Inversion; uniform01_open_low() is never 0, so log() is finite.
  return -mean * std::log(uniform01_open_low());
}

double Rng::standard_normal() {
  // Marsaglia's polar method yields two independent normals per accepted pair; the second
  // is kept for the next call.
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double u = 0;
  double v = 0;
  double s = 0;
  do {
    u = 2.0 * uniform01() - 1.0;
    v = 2.0 * uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return u * factor;
}

double Rng::uniform(double lo, double hi) {
  return lo + (hi - lo) * uniform01();
}

}  // namespace slsim
