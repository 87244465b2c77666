// YamlField::as_distribution: the scenario syntax of duration distributions (README
// "Distributions"):
//   80ms                                   fixed
//   {dist: fixed, value: 80ms}
//   {dist: exponential, mean: 100ms}       mean > 0
//   {dist: uniform, min: 5m, max: 7m}      min <= max
//   {dist: lognormal, median: 80ms, p99: 400ms}   0 < median < p99
//   {dist: lognormal, mu: 4.38, sigma: 0.69}      of ln(milliseconds); sigma > 0
//   {dist: normal, mean: 100ms, stddev: 20ms}     negative draws are resampled
//   {dist: gamma, shape: 2, mean: 100ms}          shape >= 0.01
//   {dist: weibull, shape: 1.5, scale: 100ms}     shape >= 0.01
//   {dist: pareto, min: 10ms, alpha: 1.5}         alpha >= 0.01 (infinite mean for alpha <= 1)
//   {dist: mixture, components: [{weight: 0.9, value: 80ms}, {weight: 0.1, value: {dist: ...}}]}
//   {dist: empirical, percentiles: {0: 1ms, 50: 20ms, 99: 300ms, 100: 1s}}   from 0 to 100

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

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

// A shape or tail parameter: a number of at least 0.01 (smaller ones put all the mass at 0 or
// infinity in double precision) and at most 1e6.
double shape_parameter(const YamlField& field) {
  constexpr double kMin = 0.01;
  constexpr double kMax = 1e6;
  const double value = field.as_number();
  if (value < kMin || value > kMax) throw field.invalid("a number from 0.01 to 1000000");
  return value;
}

Distribution read_gamma(const YamlField& field) {
  field.expect_map({"dist", "shape", "mean"});
  const double shape = shape_parameter(field.required("shape"));
  const Duration mean = positive_duration(field.required("mean"));
  return Distribution::gamma(shape, static_cast<double>(mean.us) / shape);
}

Distribution read_weibull(const YamlField& field) {
  field.expect_map({"dist", "shape", "scale"});
  const double shape = shape_parameter(field.required("shape"));
  const Duration scale = positive_duration(field.required("scale"));
  return Distribution::weibull(shape, static_cast<double>(scale.us));
}

Distribution read_pareto(const YamlField& field) {
  field.expect_map({"dist", "min", "alpha"});
  const Duration minimum = positive_duration(field.required("min"));
  return Distribution::pareto(minimum, shape_parameter(field.required("alpha")));
}

// The largest number of mixture components or percentile rows: a bound on what a scenario
// can make the loader allocate, far above real use.
constexpr std::size_t kMaxTable = 10'000;

Distribution read_mixture(const YamlField& field) {
  field.expect_map({"dist", "components"});
  const YamlField list = field.required("components");
  if (!list.is_sequence()) throw list.invalid("a list of {weight, value} maps");
  const std::vector<YamlField> items = list.items();
  if (items.empty() || items.size() > kMaxTable) {
    throw list.rule(fmt::format("expected 1 to {} components, got {}", kMaxTable, items.size()));
  }
  std::vector<Distribution> parts;
  std::vector<double> weights;
  for (const YamlField& item : items) {
    item.expect_map({"weight", "value"});
    const YamlField weight = item.required("weight");
    weights.push_back(weight.as_number());
    if (!(weights.back() > 0)) throw weight.invalid("a number greater than 0");
    parts.push_back(item.required("value").as_distribution());
  }
  return Distribution::mixture(std::move(parts), weights);
}

Distribution read_empirical(const YamlField& field) {
  field.expect_map({"dist", "percentiles"});
  const YamlField table = field.required("percentiles");
  if (!table.is_map()) throw table.invalid("a map from percentile (0 to 100) to duration");
  table.expect_map_any_keys();
  std::vector<double> percents;
  std::vector<double> values;
  for (const YamlField::Entry& entry : table.entries()) {
    double percent = -1;
    try {
      percent = parse_number(entry.key);
    } catch (const UnitError&) {
    }
    const bool increasing = percents.empty() || percent > percents.back();
    if (percent < 0 || percent > 100 || !increasing) {
      throw ScenarioError::rule(
          entry.key_location, table.path(),
          fmt::format("expected percentiles from 0 to 100 in increasing order, got '{}'",
                      entry.key));
    }
    const Duration value = entry.value.as_duration();
    if (!values.empty() && static_cast<double>(value.us) < values.back()) {
      throw entry.value.invalid(fmt::format("a duration of at least the previous percentile's ({})",
                                            format_duration(Duration{std::int64_t(values.back())})));
    }
    percents.push_back(percent);
    values.push_back(static_cast<double>(value.us));
  }
  if (percents.size() < 2 || percents.front() != 0 || percents.back() != 100 ||
      percents.size() > kMaxTable) {
    throw table.rule("expected a table from percentile 0 to percentile 100 (both included)");
  }
  return Distribution::empirical(std::move(percents), std::move(values));
}

}  // namespace

Distribution YamlField::as_distribution() const {
  constexpr std::string_view kExpected =
      "a duration such as 80ms, or a map with dist: "
      "fixed|exponential|uniform|lognormal|normal|gamma|weibull|pareto|mixture|empirical";
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
      required("dist").as_choice({"fixed", "exponential", "uniform", "lognormal", "normal", "gamma",
                                  "weibull", "pareto", "mixture", "empirical"});
  if (dist == "fixed") return read_fixed(*this);
  if (dist == "exponential") return read_exponential(*this);
  if (dist == "uniform") return read_uniform(*this);
  if (dist == "lognormal") return read_lognormal(*this);
  if (dist == "gamma") return read_gamma(*this);
  if (dist == "weibull") return read_weibull(*this);
  if (dist == "pareto") return read_pareto(*this);
  if (dist == "mixture") return read_mixture(*this);
  if (dist == "empirical") return read_empirical(*this);
  return read_normal(*this);
}

}  // namespace slsim
