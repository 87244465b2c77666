// gamma, weibull, pareto, mixture and empirical against their closed forms: the sample mean
// within 4 standard errors of the exact mean, and the share of draws below each closed-form
// quantile within 4 binomial standard deviations of its level. The truth is computed here
// with std::pow / std::tgamma, independently of the sampling code (which uses only the
// portable log and exp).

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "slsim/distribution.hpp"
#include "slsim/yaml_reader.hpp"

using namespace slsim;

namespace {

constexpr int kN = 400'000;

std::vector<double> sample(const Distribution& d, std::uint64_t seed = 5) {
  Rng rng(seed);
  std::vector<double> xs(kN);
  for (double& x : xs)
    x = static_cast<double>(d.sample(rng).us);
  return xs;
}

void check_mean(const std::vector<double>& xs, double mean, double sd) {
  double total = 0;
  for (double x : xs)
    total += x;
  const double got = total / static_cast<double>(xs.size());
  INFO("sample mean " << got << ", exact " << mean);
  CHECK(std::abs(got - mean) <= 4 * sd / std::sqrt(static_cast<double>(xs.size())) + 1);
}

// The share of draws at or below `value` is q, to 4 binomial standard deviations (plus the
// 1-us rounding of the draws, which the +0.5 covers).
void check_quantile(const std::vector<double>& xs, double q, double value) {
  double below = 0;
  for (double x : xs)
    below += x <= value + 0.5 ? 1 : 0;
  const double share = below / static_cast<double>(xs.size());
  INFO("q " << q << ": " << share << " of the draws at or below " << value);
  CHECK(std::abs(share - q) <= 4 * std::sqrt(q * (1 - q) / static_cast<double>(xs.size())));
}

Distribution parse(const std::string& text) {
  const std::string file = "t.yaml";
  const std::vector<SetOverride> none;
  const YAML::Node root = parse_yaml("d: " + text + "\n", file);
  return yaml_root(root, file, none)["d"].as_distribution();
}

}  // namespace

TEST_CASE("Distributions: gamma has mean k theta and variance k theta^2", "[distribution]") {
  for (const double shape : {0.5, 2.5}) {
    const double theta = 40'000;  // 40 ms
    const Distribution d = Distribution::gamma(shape, theta);
    CHECK(d.mean_us() == Approx(shape * theta));
    const std::vector<double> xs = sample(d);
    const double sd = std::sqrt(shape) * theta;
    check_mean(xs, shape * theta, sd);
    double m = 0;
    double m2 = 0;
    for (double x : xs) {
      m += x;
      m2 += x * x;
    }
    m /= kN;
    const double var = m2 / kN - m * m;
    CHECK(var == Approx(shape * theta * theta).epsilon(0.03));
    // Gamma(1/2, theta) is theta/2 times a chi-square with 1 degree of freedom: its median is
    // theta/2 x 0.45493642 (the chi-square(1) median).
    if (shape == 0.5) check_quantile(xs, 0.5, theta / 2 * 0.454936423119572);
  }
}

TEST_CASE("Distributions: weibull quantiles and mean", "[distribution]") {
  const double k = 1.5;
  const double lambda = 100'000;
  const Distribution d = Distribution::weibull(k, lambda);
  const std::vector<double> xs = sample(d);
  for (const double q : {0.1, 0.5, 0.9, 0.99}) {
    const double truth = lambda * std::pow(-std::log(1 - q), 1 / k);
    CHECK(d.quantile_us(q) == Approx(truth));
    check_quantile(xs, q, truth);
  }
  const double mean = lambda * std::tgamma(1 + 1 / k);
  const double sd = lambda * std::sqrt(std::tgamma(1 + 2 / k) - std::pow(std::tgamma(1 + 1 / k), 2));
  CHECK(d.mean_us() == Approx(mean));
  check_mean(xs, mean, sd);
}

TEST_CASE("Distributions: pareto quantiles, mean and an infinite mean", "[distribution]") {
  const double alpha = 2.5;
  const double xm = 10'000;
  const Distribution d = Distribution::pareto(Duration{10'000}, alpha);
  const std::vector<double> xs = sample(d);
  for (const double q : {0.25, 0.5, 0.9, 0.999}) {
    const double truth = xm * std::pow(1 - q, -1 / alpha);
    CHECK(d.quantile_us(q) == Approx(truth));
    check_quantile(xs, q, truth);
  }
  CHECK(d.mean_us() == Approx(alpha * xm / (alpha - 1)));
  CHECK(std::isinf(Distribution::pareto(Duration{1000}, 0.9).mean_us()));
  for (double x : xs)
    REQUIRE(x >= xm);
}

TEST_CASE("Distributions: a mixture picks components by weight", "[distribution]") {
  const Distribution d = Distribution::mixture(
      {Distribution::fixed(Duration::millis(10)), Distribution::fixed(Duration::seconds(1))},
      {7, 3});
  CHECK(d.mean_us() == Approx(0.7 * 10'000 + 0.3 * 1'000'000));
  const std::vector<double> xs = sample(d);
  check_quantile(xs, 0.7, 10'000);
  check_mean(xs, d.mean_us(), std::sqrt(0.21) * 990'000);
}

TEST_CASE("Distributions: an empirical table is interpolated between percentiles",
          "[distribution]") {
  // 0 ms at p0, 10 ms at p50, 30 ms at p100: uniform on [0, 10] ms with probability 1/2, on
  // [10, 30] ms with probability 1/2.
  const Distribution d = Distribution::empirical({0, 50, 100}, {0, 10'000, 30'000});
  CHECK(d.mean_us() == Approx(0.5 * 5'000 + 0.5 * 20'000));
  CHECK(d.quantile_us(0.25) == Approx(5'000));
  CHECK(d.quantile_us(0.75) == Approx(20'000));
  const std::vector<double> xs = sample(d);
  check_quantile(xs, 0.25, 5'000);
  check_quantile(xs, 0.5, 10'000);
  check_quantile(xs, 0.75, 20'000);
  check_mean(xs, 12'500, 9'000);
}

TEST_CASE("Distributions: the YAML forms of the new kinds", "[distribution][yaml]") {
  const Distribution g = parse("{dist: gamma, shape: 2, mean: 100ms}");
  CHECK(g.kind == DistributionKind::gamma);
  CHECK(g.mean_us() == Approx(100'000));
  const Distribution w = parse("{dist: weibull, shape: 1.5, scale: 100ms}");
  CHECK(w.quantile_us(1 - std::exp(-1.0)) == Approx(100'000));
  const Distribution p = parse("{dist: pareto, min: 10ms, alpha: 1.5}");
  CHECK(p.mean_us() == Approx(30'000));
  const Distribution m = parse(
      "{dist: mixture, components: [{weight: 0.9, value: 80ms}, "
      "{weight: 0.1, value: {dist: exponential, mean: 1s}}]}");
  CHECK(m.mean_us() == Approx(0.9 * 80'000 + 0.1 * 1'000'000));
  const Distribution e =
      parse("{dist: empirical, percentiles: {0: 1ms, 25: 5ms, 50: 10ms, 99: 300ms, 100: 1s}}");
  CHECK(e.quantile_us(0.5) == Approx(10'000));
  CHECK(e.quantile_us(0.995) == Approx(650'000));

  REQUIRE_THROWS_WITH(parse("{dist: gamma, shape: 0, mean: 1s}"),
                      "t.yaml:1:25: d.shape: expected a number from 0.01 to 1000000, got '0'");
  REQUIRE_THROWS_WITH(parse("{dist: empirical, percentiles: {0: 1ms, 50: 5ms}}"),
                      "t.yaml:1:22: d.percentiles: expected a table from percentile 0 to "
                      "percentile 100 (both included)");
  REQUIRE_THROWS_WITH(parse("{dist: empirical, percentiles: {0: 1ms, 50: 5ms, 40: 6ms}}"),
                      "t.yaml:1:53: d.percentiles: expected percentiles from 0 to 100 in "
                      "increasing order, got '40'");
  REQUIRE_THROWS_WITH(parse("{dist: empirical, percentiles: {0: 5ms, 100: 1ms}}"),
                      "t.yaml:1:49: d.percentiles.100: expected a duration of at least the "
                      "previous percentile's (5ms), got '1ms'");
  REQUIRE_THROWS_WITH(parse("{dist: mixture, components: [{weight: 0, value: 1ms}]}"),
                      "t.yaml:1:42: d.components[0].weight: expected a number greater than 0, "
                      "got '0'");
  REQUIRE_THROWS_WITH(parse("{dist: mixture, components: []}"),
                      "t.yaml:1:20: d.components: expected 1 to 10000 components, got 0");
}
