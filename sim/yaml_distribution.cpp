// YamlField::as_distribution: the scenario syntax of duration distributions (README
// "Distributions"):
//   80ms                                   fixed
//   {dist: fixed, value: 80ms}
//   {dist: exponential, mean: 100ms}       mean > 0
//   {dist: uniform, min: 5m, max: 7m}      min <= max
//   {dist: lognormal, median: 80ms, p99: 400ms}   0 < median < p99
//   {dist: lognormal, mu: 4.38, sigma: 0.69}      of ln(milliseconds); sigma > 0
//   {dist: normal, mean: 100ms, stddev: 20ms}     negative draws are resampled

#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "slsim/distribution.hpp"
#include "slsim/units.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim {

namespace {

// ln(1000): mu given over ln(milliseconds) becomes mu over ln(microseconds).
constexpr double kLnMillisToMicros = 6.907755278982137;

Duration positive_duration(const YamlField& field) {
  const Duration d = field.as_duration();
  if (d.us <= 0) throw field.invalid("a duration greater than 0");
  return d;
}

Distribution read_fixed(const YamlField& field) {
  field.expect_map({"dist", "value"});
  return Distribution::fixed(field.required("value").as_duration());
}

Distribution read_exponential(const YamlField& field) {
  field.expect_map({"dist", "mean"});
  return Distribution::exponential(positive_duration(field.required("mean")));
}

Distribution read_uniform(const YamlField& field) {
  field.expect_map({"dist", "min", "max"});
  const Duration lo = field.required("min").as_duration();
  const YamlField max_field = field.required("max");
  const Duration hi = max_field.as_duration();
  if (hi < lo) {
    throw max_field.invalid(fmt::format("a duration of at least min ({})", format_duration(lo)));
  }
  return Distribution::uniform(lo, hi);
}

// A number with an optional leading '-' (mu is a logarithm, negative below 1 ms).
double signed_number(const YamlField& field) {
  constexpr std::string_view kExpected = "a number such as 4.38 or -0.5";
  if (!field.is_scalar() || field.is_null()) throw field.invalid(kExpected);
  std::string_view text = field.node().Scalar();
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  try {
    const double value = parse_number(text);
    return negative ? -value : value;
  } catch (const UnitError&) {
    throw field.invalid(kExpected);
  }
}

Distribution read_lognormal(const YamlField& field) {
  field.expect_map({"dist", "median", "p99", "mu", "sigma"});
  const bool by_quantiles = field.has("median") || field.has("p99");
  const bool by_parameters = field.has("mu") || field.has("sigma");
  if (by_quantiles && by_parameters) {
    throw field.rule("lognormal takes either median and p99, or mu and sigma, not both");
  }
  if (!by_quantiles && !by_parameters) {
    throw field.rule("lognormal needs median and p99, or mu and sigma");
  }
  if (by_quantiles) {
    const Duration median = positive_duration(field.required("median"));
    const YamlField p99_field = field.required("p99");
    const Duration p99 = p99_field.as_duration();
    if (p99 <= median) {
      throw p99_field.invalid(
          fmt::format("a duration greater than median ({})", format_duration(median)));
    }
    return Distribution::lognormal_from_median_p99(median, p99);
  }
  const double mu_ms = signed_number(field.required("mu"));
  const YamlField sigma_field = field.required("sigma");
  const double sigma = sigma_field.as_number();
  if (!(sigma > 0)) throw sigma_field.invalid("a number greater than 0");
  return Distribution::lognormal(mu_ms + kLnMillisToMicros, sigma);
}

Distribution read_normal(const YamlField& field) {
  field.expect_map({"dist", "mean", "stddev"});
  const Duration mean = field.required("mean").as_duration();
  const Duration stddev = field.required("stddev").as_duration();
  return Distribution::normal(mean, stddev);
}

}  // namespace

Distribution YamlField::as_distribution() const {
  constexpr std::string_view kExpected =
      "a duration such as 80ms, or a map with dist: fixed|exponential|uniform|lognormal|normal";
  if (is_scalar() && !is_null()) {
    try {
      return Distribution::fixed(parse_duration(node().Scalar()));
    } catch (const UnitError&) {
      throw invalid(kExpected);
    }
  }
  if (!is_map()) throw invalid(kExpected);
  expect_map_any_keys();  // duplicate keys first; each kind checks its own keys below
  const std::string dist =
      required("dist").as_choice({"fixed", "exponential", "uniform", "lognormal", "normal"});
  if (dist == "fixed") return read_fixed(*this);
  if (dist == "exponential") return read_exponential(*this);
  if (dist == "uniform") return read_uniform(*this);
  if (dist == "lognormal") return read_lognormal(*this);
  return read_normal(*this);
}

}  // namespace slsim
