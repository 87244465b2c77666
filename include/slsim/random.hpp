#pragma once
// Random streams. One master seed per run; every consumer draws from its own stream,
// seeded from (seed, component kind, component name, purpose) through a hash of our own
// (FNV-1a, then splitmix64), never std::hash, whose values differ between standard
// libraries. So changing one function's settings never shifts another component's draws
// (common random numbers), and a run is a pure function of (scenario, seed).
// The generator is xoshiro256** (Blackman & Vigna), fast and statistically strong.

#include <cstdint>
#include <string_view>

namespace slsim {

// 64-bit FNV-1a of the bytes of `text`, continuing from `hash`.
constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// splitmix64 step: advances `state` and returns a well-mixed 64-bit value.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1);

  // The stream for one purpose of one component, e.g. ("function", "resize", "duration").
  static Rng stream(std::uint64_t seed, std::string_view kind, std::string_view name,
                    std::string_view purpose);

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1]: safe as the argument of log().
  double uniform01_open_low() { return static_cast<double>((next_u64() >> 11) + 1) * 0x1.0p-53; }
  // Uniform integer in [0, n), n > 0 (Lemire's nearly-divisionless method, unbiased).
  std::uint64_t below(std::uint64_t n);

  // Distributions, drawn with our own code so results are identical on every compiler.
  double exponential(double mean);  // mean > 0
  double standard_normal();         // Marsaglia polar method
  double uniform(double lo, double hi);

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  double spare_normal_ = 0;
  bool has_spare_normal_ = false;
};

}  // namespace slsim
