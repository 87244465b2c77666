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

// What the distribution's values are: durations (microseconds) or sizes (bytes, carried in a
// Duration's count). Each reader takes one, so the syntax is the same for both.
struct Quantity {
  Duration (*read)(const YamlField&);
  std::string (*format)(Duration);
  const char* noun;      // "a duration"
  double log_offset;     // lognormal mu is given over ln(ms) for durations, ln(bytes) for sizes
  const char* expected;  // the message for a value that is neither a scalar nor a map
};

Duration read_duration(const YamlField& field) {
  return field.as_duration();
}
std::string format_duration_text(Duration d) {
  return format_duration(d);
}
Duration read_size(const YamlField& field) {
  return Duration{field.as_size()};
}
std::string format_size_text(Duration d) {
  return fmt::format("{}B", d.us);
}

constexpr Quantity kDurations{read_duration, format_duration_text, "a duration",
                              6.907755278982137,  // ln(1000): ln(ms) to ln(us)
                              "a duration such as 80ms, or a map with dist: "
                              "fixed|exponential|uniform|lognormal|normal|gamma|weibull|pareto|"
                              "mixture|empirical"};
constexpr Quantity kSizes{read_size, format_size_text, "a size", 0,
                          "a size such as 6KB, or a map with dist: "
                          "fixed|exponential|uniform|lognormal|normal|gamma|weibull|pareto|"
                          "mixture|empirical"};

Distribution read_distribution(const YamlField& field, const Quantity& q);

Duration positive_duration(const YamlField& field, const Quantity& q) {
  const Duration d = q.read(field);
  if (d.us <= 0) throw field.invalid(fmt::format("{} greater than 0", q.noun));
  return d;
}

Distribution read_fixed(const YamlField& field, const Quantity& q) {
  field.expect_map({"dist", "value"});
  return Distribution::fixed(q.read(field.required("value")));
}

Distribution read_exponential(const YamlField& field, const Quantity& q) {
  field.expect_map({"dist", "mean"});
  return Distribution::exponential(positive_duration(field.required("mean"), q));
}

Distribution read_uniform(const YamlField& field, const Quantity& q) {
  field.expect_map({"dist", "min", "max"});
  const Duration lo = q.read(field.required("min"));
  const YamlField max_field = field.required("max");
  const Duration hi = q.read(max_field);
  if (hi < lo) {
    throw max_field.invalid(fmt::format("{} of at least min ({})", q.noun, q.format(lo)));
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

Distribution read_lognormal(const YamlField& field, const Quantity& q) {
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
    const Duration median = positive_duration(field.required("median"), q);
    const YamlField p99_field = field.required("p99");
    const Duration p99 = q.read(p99_field);
    if (p99 <= median) {
      throw p99_field.invalid(fmt::format("{} greater than median ({})", q.noun, q.format(median)));
    }
    return Distribution::lognormal_from_median_p99(median, p99);
  }
  const double mu_ms = signed_number(field.required("mu"));
  const YamlField sigma_field = field.required("sigma");
  const double sigma = sigma_field.as_number();
  if (!(sigma > 0)) throw sigma_field.invalid("a number greater than 0");
  return Distribution::lognormal(mu_ms + q.log_offset, sigma);
}

Distribution read_normal(const YamlField& field, const Quantity& q) {
  field.expect_map({"dist", "mean", "stddev"});
  const Duration mean = q.read(field.required("mean"));
  const Duration stddev = q.read(field.required("stddev"));
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

Distribution read_gamma(const YamlField& field, const Quantity& q) {
  field.expect_map({"dist", "shape", "mean"});
  const double shape = shape_parameter(field.required("shape"));
  const Duration mean = positive_duration(field.required("mean"), q);
  return Distribution::gamma(shape, static_cast<double>(mean.us) / shape);
}

Distribution read_weibull(const YamlField& field, const Quantity& q) {
  field.expect_map({"dist", "shape", "scale"});
  const double shape = shape_parameter(field.required("shape"));
  const Duration scale = positive_duration(field.required("scale"), q);
  return Distribution::weibull(shape, static_cast<double>(scale.us));
}

Distribution read_pareto(const YamlField& field, const Quantity& q) {
  field.expect_map({"dist", "min", "alpha"});
  const Duration minimum = positive_duration(field.required("min"), q);
  return Distribution::pareto(minimum, shape_parameter(field.required("alpha")));
}

// The largest number of mixture components or percentile rows: a bound on what a scenario
// can make the loader allocate, far above real use.
constexpr std::size_t kMaxTable = 10'000;

Distribution read_mixture(const YamlField& field, const Quantity& q) {
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
    parts.push_back(read_distribution(item.required("value"), q));
  }
  return Distribution::mixture(std::move(parts), weights);
}

Distribution read_empirical(const YamlField& field, const Quantity& q) {
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
    const Duration value = q.read(entry.value);
    if (!values.empty() && static_cast<double>(value.us) < values.back()) {
      throw entry.value.invalid(fmt::format("{} of at least the previous percentile's ({})", q.noun,
                                            q.format(Duration{std::int64_t(values.back())})));
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

Distribution read_distribution(const YamlField& field, const Quantity& q) {
  if (field.is_scalar() && !field.is_null()) {
    try {
      return Distribution::fixed(q.read(field));
    } catch (const ScenarioError&) {
      throw field.invalid(q.expected);
    }
  }
  if (!field.is_map()) throw field.invalid(q.expected);
  field.expect_map_any_keys();  // duplicate keys first; each kind checks its own keys below
  const std::string dist =
      field.required("dist").as_choice({"fixed", "exponential", "uniform", "lognormal", "normal",
                                        "gamma", "weibull", "pareto", "mixture", "empirical"});
  if (dist == "fixed") return read_fixed(field, q);
  if (dist == "exponential") return read_exponential(field, q);
  if (dist == "uniform") return read_uniform(field, q);
  if (dist == "lognormal") return read_lognormal(field, q);
  if (dist == "gamma") return read_gamma(field, q);
  if (dist == "weibull") return read_weibull(field, q);
  if (dist == "pareto") return read_pareto(field, q);
  if (dist == "mixture") return read_mixture(field, q);
  if (dist == "empirical") return read_empirical(field, q);
  return read_normal(field, q);
}

}  // namespace

Distribution YamlField::as_distribution() const {
  return read_distribution(*this, kDurations);
}

Distribution YamlField::as_size_distribution() const {
  return read_distribution(*this, kSizes);
}

}  // namespace slsim
