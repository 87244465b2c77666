#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "slsim/portable_math.hpp"
#include "slsim/random.hpp"

using namespace slsim;

namespace {

// Distance in units in the last place between two finite doubles of the same sign.
std::int64_t ulps(double a, double b) {
  const auto ia = std::bit_cast<std::int64_t>(a);
  const auto ib = std::bit_cast<std::int64_t>(b);
  return ia > ib ? ia - ib : ib - ia;
}

}  // namespace

TEST_CASE("Portable math: log agrees with the C library to within 1 ulp", "[math]") {
  Rng rng(5);
  std::int64_t worst = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    // Uniform in (0, 1] (the exponential draws' argument) and spread over many magnitudes.
    const double u = rng.uniform01_open_low();
    const double x = i % 2 == 0 ? u : std::ldexp(u, static_cast<int>(rng.below(120)) - 60);
    const std::int64_t d = ulps(portable_log(x), std::log(x));
    if (d > worst) worst = d;
  }
  CHECK(worst <= 1);
}

TEST_CASE("Portable math: exp agrees with the C library to within 1 ulp", "[math]") {
  Rng rng(6);
  std::int64_t worst = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    const double x = rng.uniform(-40.0, 40.0);
    const std::int64_t d = ulps(portable_exp(x), std::exp(x));
    if (d > worst) worst = d;
  }
  CHECK(worst <= 1);
}

TEST_CASE("Portable math: special values", "[math]") {
  CHECK(portable_log(1.0) == 0.0);
  CHECK(std::isinf(portable_log(0.0)));
  CHECK(portable_log(0.0) < 0);
  CHECK(std::isnan(portable_log(-1.0)));
  CHECK(portable_log(std::exp(1.0)) == Approx(1.0).epsilon(1e-15));
  CHECK(portable_log(std::numeric_limits<double>::denorm_min()) ==
        Approx(std::log(std::numeric_limits<double>::denorm_min())));
  CHECK(portable_exp(0.0) == 1.0);
  CHECK(std::isinf(portable_exp(710.0)));
  CHECK(portable_exp(-746.0) == 0.0);
  CHECK(portable_exp(-0.5) == Approx(std::exp(-0.5)).epsilon(1e-15));
  CHECK(portable_exp(-708.5) == Approx(std::exp(-708.5)).epsilon(1e-12));
  CHECK(portable_exp(709.5) == Approx(std::exp(709.5)).epsilon(1e-15));
}
