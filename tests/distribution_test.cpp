// Duration distributions: samples are whole non-negative microseconds, pinned for a seed,
// with the moments and quantiles their parameters promise; mean_us() is the exact mean.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "slsim/distribution.hpp"

using namespace slsim;

namespace {

constexpr int kDraws = 1'000'000;

std::vector<std::int64_t> draws(const Distribution& d, std::uint64_t seed, int n = kDraws) {
  Rng rng(seed);
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  for (auto& x : out) {
    x = d.sample(rng).us;
  }
  return out;
}

double mean_of(const std::vector<std::int64_t>& xs) {
  double sum = 0;
  for (std::int64_t x : xs) {
    sum += static_cast<double>(x);
  }
  return sum / static_cast<double>(xs.size());
}

// Nearest-rank quantile of a sorted copy.
double quantile_of(std::vector<std::int64_t> xs, double q) {
  std::sort(xs.begin(), xs.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(xs.size())));
  return static_cast<double>(xs[rank - 1]);
}

}  // namespace

TEST_CASE("Distribution: the first samples are pinned for seed 42", "[distribution]") {
  // Computed once with this implementation; see random_test.cpp for why they are pinned.
  const auto first = [](const Distribution& d) {
    Rng rng(42);
    std::array<std::int64_t, 4> out{};
    for (auto& x : out) {
      x = d.sample(rng).us;
    }
    return out;
  };
  CHECK(first(Distribution::exponential(Duration::millis(100))) ==
        std::array<std::int64_t, 4>{34250, 64257, 87350, 118775});
  CHECK(first(Distribution::uniform(Duration::millis(10), Duration::millis(50))) ==
        std::array<std::int64_t, 4>{13355, 25159, 37202, 46988});
  CHECK(
      first(Distribution::lognormal_from_median_p99(Duration::millis(80), Duration::millis(400))) ==
      std::array<std::int64_t, 4>{48405, 69125, 93256, 114858});
  CHECK(first(Distribution::normal(Duration::millis(100), Duration::millis(20))) ==
        std::array<std::int64_t, 4>{85476, 95776, 104432, 110455});
}

TEST_CASE("Distribution: fixed always returns its value, rounded and never negative",
          "[distribution]") {
  Rng rng(1);
  const Distribution d = Distribution::fixed(Duration::millis(250));
  for (int i = 0; i < 100; ++i) {
    REQUIRE(d.sample(rng) == Duration::millis(250));
  }
  CHECK(d.mean_us() == 250'000.0);
  CHECK(Distribution{DistributionKind::fixed, 1.5, 0}.sample(rng) == Duration{2});
  CHECK(Distribution{DistributionKind::fixed, 1.49, 0}.sample(rng) == Duration{1});
  CHECK(Distribution{DistributionKind::fixed, -5, 0}.sample(rng) == Duration{0});
}

TEST_CASE("Distribution: exponential has the given mean", "[distribution]") {
  const Distribution d = Distribution::exponential(Duration::millis(100));
  const auto xs = draws(d, 11);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 0);
  CHECK(d.mean_us() == 100'000.0);
  // SE of the mean is 0.1 %: allow 0.5 %.
  CHECK(mean_of(xs) == Approx(d.mean_us()).epsilon(0.005));
  // Median ln 2 * mean; SE about 0.1 %: allow 0.5 %.
  CHECK(quantile_of(xs, 0.5) == Approx(100'000.0 * std::log(2.0)).epsilon(0.005));
}

TEST_CASE("Distribution: uniform stays within [min, max] with the midpoint as mean",
          "[distribution]") {
  const Distribution d = Distribution::uniform(Duration::millis(10), Duration::millis(50));
  const auto xs = draws(d, 12);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 10'000);
  CHECK(*std::max_element(xs.begin(), xs.end()) <= 50'000);
  CHECK(d.mean_us() == 30'000.0);
  // SE of the mean is 11.5 us: allow ~5 SE.
  CHECK(mean_of(xs) == Approx(30'000.0).margin(60));
}

TEST_CASE("Distribution: lognormal from median and p99 reproduces both", "[distribution]") {
  const Distribution d =
      Distribution::lognormal_from_median_p99(Duration::millis(80), Duration::millis(400));
  CHECK(d.kind == DistributionKind::lognormal);
  CHECK(d.a == Approx(std::log(80'000.0)).epsilon(1e-15));
  CHECK(d.b == Approx(std::log(5.0) / kZ99).epsilon(1e-15));
  // E = exp(mu + sigma^2 / 2), about 101.6 ms for these parameters.
  CHECK(d.mean_us() == Approx(std::exp(d.a + d.b * d.b / 2)).epsilon(1e-15));
  CHECK(d.mean_us() == Approx(101'630).epsilon(0.0001));
  const auto xs = draws(d, 13);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 0);
  // SEs at n = 10^6: median ~0.1 %, p99 ~0.4 %, mean ~0.07 %: allow about 5 SE each.
  CHECK(quantile_of(xs, 0.5) == Approx(80'000.0).epsilon(0.005));
  CHECK(quantile_of(xs, 0.99) == Approx(400'000.0).epsilon(0.02));
  CHECK(mean_of(xs) == Approx(d.mean_us()).epsilon(0.004));
}

TEST_CASE("Distribution: lognormal(mu, sigma) is in ln-microseconds", "[distribution]") {
  const Distribution d = Distribution::lognormal(std::log(1000.0), 0.0);
  Rng rng(3);
  CHECK(d.sample(rng) == Duration::millis(1));
  CHECK(d.mean_us() == Approx(1000.0).epsilon(1e-15));
  // A tail far beyond 64-bit microseconds saturates instead of overflowing.
  CHECK(Distribution::lognormal(100.0, 0.0).sample(rng) == Duration::max());
}

TEST_CASE("Distribution: normal resamples negatives, and mean_us is the truncated mean",
          "[distribution]") {
  SECTION("far from zero: the plain mean") {
    const Distribution d = Distribution::normal(Duration::millis(100), Duration::millis(10));
    CHECK(d.mean_us() == Approx(100'000.0).epsilon(1e-12));
    // SE of the mean 10 us: allow 5 SE.
    CHECK(mean_of(draws(d, 14)) == Approx(100'000.0).margin(50));
  }
  SECTION("mean one stddev above zero: truncation shifts the mean") {
    const Distribution d = Distribution::normal(Duration::millis(10), Duration::millis(10));
    // 10 + 10 * phi(1) / Phi(1) ms = 10 + 10 * 0.2419707245 / 0.8413447461 ms.
    CHECK(d.mean_us() == Approx(12'875.99).epsilon(1e-6));
    const auto xs = draws(d, 15);
    CHECK(*std::min_element(xs.begin(), xs.end()) >= 0);
    // SE of the mean about 8 us (0.06 %): allow 0.4 %.
    CHECK(mean_of(xs) == Approx(d.mean_us()).epsilon(0.004));
  }
  SECTION("mean zero: half-normal, mean = stddev * sqrt(2 / pi)") {
    const Distribution d = Distribution::normal(Duration{0}, Duration::millis(1));
    CHECK(d.mean_us() == Approx(1000.0 * std::sqrt(2.0 / 3.141592653589793)).epsilon(1e-12));
  }
  SECTION("zero stddev is the mean itself") {
    const Distribution d = Distribution::normal(Duration::millis(5), Duration{0});
    Rng rng(1);
    CHECK(d.sample(rng) == Duration::millis(5));
    CHECK(d.mean_us() == 5000.0);
  }
}

TEST_CASE("Distribution: equal seeds give equal samples", "[distribution]") {
  const Distribution d =
      Distribution::lognormal_from_median_p99(Duration::millis(80), Duration::millis(400));
  CHECK(draws(d, 99, 1000) == draws(d, 99, 1000));
  CHECK(draws(d, 99, 1000) != draws(d, 98, 1000));
}

TEST_CASE("Distribution: describe() names the kind and its parameters", "[distribution]") {
  CHECK(Distribution::fixed(Duration::millis(250)).describe() == "fixed(250ms)");
  CHECK(Distribution::exponential(Duration::millis(100)).describe() == "exponential(mean 100ms)");
  CHECK(Distribution::uniform(Duration::millis(10), Duration::millis(50)).describe() ==
        "uniform(10ms to 50ms)");
  CHECK(Distribution::lognormal_from_median_p99(Duration::millis(80), Duration::millis(400))
            .describe() == "lognormal(median 80ms, p99 400ms)");
  CHECK(Distribution::normal(Duration::millis(100), Duration::millis(20)).describe() ==
        "normal(mean 100ms, stddev 20ms)");
}
