#include "slsim/random.hpp"

#include <cmath>

#include "slsim/portable_math.hpp"

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
  __extension__ using Wide = unsigned __int128;
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

namespace {

// The ziggurat for the standard exponential (Marsaglia & Tsang, "The Ziggurat Method for
// Generating Random Variables", J. Stat. Softw. 5(8), 2000), with 256 layers of equal area
// kArea under e^-x; the base layer holds the tail beyond kR. It is exact (draws follow the
// exponential law, not an approximation), and 98.9 % of draws need one random word and one
// multiplication: no log(). The tables are built once with portable_exp/portable_log, so
// they are bit-identical on every machine.
constexpr int kLayers = 256;
constexpr double kR = 7.69711747013104972;
constexpr double kArea = 0.0039496598225815571993;

struct ExponentialZiggurat {
  // x[0] = kArea / f(kR) > x[1] = kR > ... > x[255] > x[256] = 0, f[i] = e^-x[i].
  double x[kLayers + 1];
  double f[kLayers + 1];

  ExponentialZiggurat() {
    x[0] = kArea / portable_exp(-kR);
    x[1] = kR;
    for (int i = 2; i < kLayers; ++i) {
      x[i] = -portable_log(kArea / x[i - 1] + portable_exp(-x[i - 1]));
    }
    x[kLayers] = 0;
    for (int i = 0; i <= kLayers; ++i)
      f[i] = portable_exp(-x[i]);
  }
};

const ExponentialZiggurat& exponential_ziggurat() {
  static const ExponentialZiggurat table;  // constant after construction
  return table;
}

}  // namespace

double Rng::exponential(double mean) {
  const ExponentialZiggurat& z = exponential_ziggurat();
  for (;;) {
    const std::uint64_t bits = next_u64();
    const auto i = static_cast<std::size_t>(bits & 0xff);          // the layer
    const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;  // independent of i
    const double x = u * z.x[i];
    if (x < z.x[i + 1]) return mean * x;  // inside the layer's core rectangle
    if (i == 0) {
      // The tail beyond kR is again exponential (memorylessness).
      return mean * (kR - portable_log(uniform01_open_low()));
    }
    // The wedge: accept under the curve.
    if (z.f[i] + (z.f[i + 1] - z.f[i]) * uniform01() < portable_exp(-x)) return mean * x;
  }
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
  const double factor = std::sqrt(-2.0 * portable_log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return u * factor;
}

double Rng::uniform(double lo, double hi) {
  return lo + (hi - lo) * uniform01();
}

}  // namespace slsim
