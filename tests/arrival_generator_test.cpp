// Arrival processes against their defining rates: counts per window against the integral of
// the rate (computed here independently, from the closed form or by numerical integration),
// the Poisson dispersion index, and an MMPP's mean against its stationary rate. Tolerances are
// 4 standard deviations of the count (a false alarm about once in 16,000 checks; the seeds are
// fixed, so a pass is repeatable).

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include "slsim/arrival_generator.hpp"

using namespace slsim;

namespace {

Rate per_second(double r) {
  return Rate{static_cast<std::int64_t>(std::llround(r * 1e9)), Duration::seconds(1)};
}

// Counts of arrivals in consecutive windows of `window` covering [0, windows x window).
std::vector<double> window_counts(const ArrivalSpec& spec, Duration window, std::size_t windows,
                                  std::uint64_t seed = 7) {
  ArrivalGenerator g(spec, Rng(seed));
  std::vector<double> counts(windows, 0);
  Time previous{0};
  for (;;) {
    const Time t = g.next();
    REQUIRE(t >= previous);  // never back in time
    previous = t;
    const auto index = static_cast<std::size_t>(t.us / window.us);
    if (t == Time::never() || index >= windows) break;
    counts[index] += 1;
  }
  return counts;
}

double sum(const std::vector<double>& v) {
  double s = 0;
  for (double x : v)
    s += x;
  return s;
}

double dispersion_index(const std::vector<double>& counts) {
  const double n = static_cast<double>(counts.size());
  const double mean = sum(counts) / n;
  double var = 0;
  for (double c : counts)
    var += (c - mean) * (c - mean);
  return var / (n - 1) / mean;
}

// A count that should be Poisson with mean `expected`: within 4 standard deviations.
void check_poisson_count(double count, double expected) {
  INFO("count " << count << ", expected " << expected);
  CHECK(std::abs(count - expected) <= 4 * std::sqrt(expected) + 1);
}

}  // namespace

TEST_CASE("Arrivals: poisson has its mean rate and dispersion index 1", "[arrivals]") {
  ArrivalSpec s;
  s.rate = per_second(100);
  // 10,000 one-second windows: 10^6 arrivals.
  const std::vector<double> counts = window_counts(s, Duration::seconds(1), 10'000);
  check_poisson_count(sum(counts), 1e6);
  // The index of dispersion of n Poisson counts has standard deviation sqrt(2 / (n - 1)):
  // 0.014 here; 4 of them.
  CHECK(dispersion_index(counts) == Approx(1.0).margin(0.057));
}

TEST_CASE("Arrivals: constant is exact and has no dispersion", "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::constant;
  s.rate = per_second(50);
  const std::vector<double> counts = window_counts(s, Duration::seconds(1), 100);
  for (double c : counts)
    CHECK(c == 50);
}

TEST_CASE("Arrivals: uniform jitter keeps the mean gap and has the uniform variance",
          "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::uniform;
  s.rate = per_second(10);
  s.jitter = 0.5;
  ArrivalGenerator g(s, Rng(3));
  const int n = 200'000;
  double previous = 0;
  double total = 0;
  double squares = 0;
  for (int i = 0; i < n; ++i) {
    const double t = static_cast<double>(g.next().us);
    const double gap = t - previous;
    previous = t;
    total += gap;
    squares += gap * gap;
    REQUIRE(gap >= 50'000 - 1);  // (1 - 0.5) x 100 ms, to the rounding
    REQUIRE(gap <= 150'000 + 1);
  }
  const double mean = total / n;
  const double var = squares / n - mean * mean;
  // Gaps uniform on [50, 150] ms: mean 100 ms, sd 100/sqrt(12) = 28.9 ms, so the mean of 2e5
  // gaps has sd 0.065 ms.
  CHECK(mean == Approx(100'000).margin(4 * 65));
  CHECK(var == Approx(100'000.0 * 100'000.0 / 12).epsilon(0.02));
}

TEST_CASE("Arrivals: ramp counts per window are the integral of the rate", "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::ramp;
  s.from = per_second(10);
  s.to = per_second(1000);
  s.over = Duration::seconds(100);
  // Windows of 10 s over 200 s: 10 during the ramp, 10 at 1,000/s after it.
  const std::vector<double> counts = window_counts(s, Duration::seconds(10), 20);
  for (std::size_t w = 0; w < counts.size(); ++w) {
    const double a = 10.0 * static_cast<double>(w);
    const double b = a + 10;
    // rate(t) = 10 + 9.9 t for t < 100 s: integral over [a, b] = 10 (b-a) + 4.95 (b^2 - a^2).
    const double expected = w < 10 ? 10 * (b - a) + 4.95 * (b * b - a * a) : 1000 * (b - a);
    check_poisson_count(counts[w], expected);
    CHECK(expected_arrivals(s, Time{0} + Duration::seconds(static_cast<std::int64_t>(a)),
                            Time{0} + Duration::seconds(static_cast<std::int64_t>(b))) ==
          Approx(expected));
  }
}

TEST_CASE("Arrivals: a falling ramp to zero stops", "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::ramp;
  s.from = per_second(1000);
  s.to = per_second(0);
  s.over = Duration::seconds(10);
  const std::vector<double> counts = window_counts(s, Duration::seconds(1), 20);
  check_poisson_count(sum(counts), 5000);  // the triangle 1000 x 10 / 2
  for (std::size_t w = 10; w < 20; ++w)
    CHECK(counts[w] == 0);
}

TEST_CASE("Arrivals: sinusoidal diurnal counts follow the integral of the rate",
          "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::diurnal;
  s.mean = per_second(200);
  s.peak = per_second(350);
  s.period = Duration::minutes(60);
  s.peak_at = Duration::minutes(15);
  // Twelve 10-minute windows over two periods; the truth by the midpoint rule on 1-s steps.
  const std::vector<double> counts = window_counts(s, Duration::minutes(10), 12);
  for (std::size_t w = 0; w < counts.size(); ++w) {
    double expected = 0;
    for (int k = 0; k < 600; ++k) {
      const double t = 600.0 * static_cast<double>(w) + k + 0.5;
      expected += 200 + 150 * std::cos(2 * std::numbers::pi * (t - 900) / 3600);
    }
    check_poisson_count(counts[w], expected);
    const Time t0 = Time{0} + Duration::minutes(10 * static_cast<std::int64_t>(w));
    CHECK(expected_arrivals(s, t0, t0 + Duration::minutes(10)) == Approx(expected).epsilon(1e-6));
  }
}

TEST_CASE("Arrivals: an hourly diurnal profile gives each hour its rate", "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::diurnal;
  s.period = Duration::hours(24);
  for (int h = 0; h < 24; ++h)
    s.hourly.push_back(per_second(h % 6 == 0 ? 0 : 2.0 * h));
  // 48 hours: each hour's count is Poisson with mean rate x 3600.
  const std::vector<double> counts = window_counts(s, Duration::hours(1), 48);
  for (std::size_t w = 0; w < counts.size(); ++w) {
    const double rate = w % 6 == 0 ? 0 : 2.0 * static_cast<double>(w % 24);
    check_poisson_count(counts[w], rate * 3600);
  }
  CHECK(expected_arrivals(s, Time{0}, Time{0} + Duration::hours(48)) ==
        Approx(2 * 3600 * 2.0 * (276 - (0 + 6 + 12 + 18))));
}

TEST_CASE("Arrivals: fixed on/off bursts", "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::bursts;
  s.on_rate = per_second(500);
  s.off_rate = per_second(5);
  s.on = Duration::seconds(10);
  s.off = Duration::seconds(30);
  const std::vector<double> counts = window_counts(s, Duration::seconds(10), 40);
  for (std::size_t w = 0; w < counts.size(); ++w)
    check_poisson_count(counts[w], w % 4 == 0 ? 5000 : 50);
}

TEST_CASE("Arrivals: a two-state MMPP has its stationary mean rate and is overdispersed",
          "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::bursts;
  s.mmpp = true;
  s.on_rate = per_second(100);
  s.off_rate = per_second(10);
  s.on = Duration::seconds(20);
  s.off = Duration::seconds(60);
  // Stationary rate (100 x 20 + 10 x 60) / 80 = 32.5/s. 200 batches of 2,000 s each (25
  // cycles): the batch means are nearly independent; a 4-sigma interval from their spread.
  const std::vector<double> batches = window_counts(s, Duration::seconds(2000), 200);
  const double n = static_cast<double>(batches.size());
  const double mean = sum(batches) / n / 2000;
  double var = 0;
  for (double b : batches)
    var += (b / 2000 - mean) * (b / 2000 - mean);
  const double half_width = 4 * std::sqrt(var / (n - 1) / n);
  INFO("mean " << mean << " +- " << half_width);
  CHECK(std::abs(mean - 32.5) <= half_width);
  CHECK(half_width < 2.0);  // the interval is informative: 6 % of the rate
  CHECK(expected_arrivals(s, Time{0}, Time{0} + Duration::seconds(80)) == Approx(2600));
  // Counts per second are far more variable than Poisson.
  CHECK(dispersion_index(window_counts(s, Duration::seconds(1), 100'000)) > 5);
}

TEST_CASE("Arrivals: a spike is N arrivals at t, then none", "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::spike;
  s.at = Duration::seconds(90);
  s.count = 1234;
  ArrivalGenerator g(s, Rng(1));
  for (int i = 0; i < 1234; ++i)
    REQUIRE(g.next() == Time{0} + Duration::seconds(90));
  CHECK(g.next() == Time::never());
}

TEST_CASE("Arrivals: a sum merges its parts in time order", "[arrivals]") {
  ArrivalSpec a;
  a.rate = per_second(30);
  ArrivalSpec b;
  b.rate = per_second(70);
  ArrivalSpec spike;
  spike.process = ArrivalProcess::spike;
  spike.at = Duration::seconds(5);
  spike.count = 100;
  ArrivalSpec s;
  s.process = ArrivalProcess::sum;
  s.parts = {a, b};
  // Two Poisson processes sum to a Poisson process of the summed rate.
  const std::vector<double> counts = window_counts(s, Duration::seconds(1), 10'000);
  check_poisson_count(sum(counts), 1e6);
  CHECK(dispersion_index(counts) == Approx(1.0).margin(0.057));
  s.parts.push_back(spike);
  const std::vector<double> with_spike = window_counts(s, Duration::seconds(1), 10);
  CHECK(with_spike[5] >= 100);
  CHECK(expected_arrivals(s, Time{0}, Time{0} + Duration::seconds(10)) == Approx(1100));
}

TEST_CASE("Arrivals: scale multiplies every rate and a spike's count", "[arrivals]") {
  ArrivalSpec ramp;
  ramp.process = ArrivalProcess::ramp;
  ramp.from = per_second(10);
  ramp.to = per_second(20);
  ramp.over = Duration::seconds(10);
  ArrivalSpec spike;
  spike.process = ArrivalProcess::spike;
  spike.count = 7;
  ArrivalSpec s;
  s.process = ArrivalProcess::sum;
  s.parts = {ramp, spike};
  const double before = expected_arrivals(s, Time{0}, Time{0} + Duration::seconds(20));
  s.scale(3);
  CHECK(expected_arrivals(s, Time{0}, Time{0} + Duration::seconds(20)) == Approx(3 * before));
  CHECK(s.parts[1].count == 21);
  s.scale(0);
  ArrivalGenerator g(s, Rng(1));
  CHECK(g.next() == Time::never());
}

TEST_CASE("Arrivals: the same seed gives the same arrivals", "[arrivals]") {
  ArrivalSpec s;
  s.process = ArrivalProcess::diurnal;
  s.mean = per_second(20);
  s.peak = per_second(30);
  s.period = Duration::minutes(10);
  ArrivalGenerator g1(s, Rng(11));
  ArrivalGenerator g2(s, Rng(11));
  for (int i = 0; i < 10'000; ++i)
    REQUIRE(g1.next() == g2.next());
}
