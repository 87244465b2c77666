// The simulator against independent truth from queueing theory, at about 10^6 requests,
// with the tolerances stated at each check. Tagged [slow] (CI runs them; each takes a
// fraction of a second in a Release build).

#include <catch2/catch.hpp>

#include <cmath>

#include "scenario_fixture.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;
using namespace slsim::test;

namespace {

// Erlang B by the stable recurrence B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1)).
double erlang_b(int servers, double offered_load) {
  double b = 1.0;
  for (int k = 1; k <= servers; ++k)
    b = offered_load * b / (k + offered_load * b);
  return b;
}

ScenarioSpec poisson_scenario(double rate, Distribution duration, Duration run_for) {
  ScenarioSpec s = one_function(rate, Duration{0}, run_for);
  s.functions[0].duration = duration;
  s.sources[0].arrivals.process = ArrivalProcess::poisson;
  return s;
}

}  // namespace

TEST_CASE("Validation: Little's law, mean concurrency = lambda E[S]", "[slow]") {
  // lambda = 1,000/s, S lognormal with median 80 ms and p99 400 ms, 1,000 s: 10^6 requests.
  const Distribution d =
      Distribution::lognormal_from_median_p99(Duration::millis(80), Duration::millis(400));
  const ScenarioSpec s = poisson_scenario(1000, d, Duration::seconds(1000));
  const RunResult r = run_simulation(s, RunOptions{});
  const FunctionResult& f = r.functions[0];
  const double expected = 1000.0 * d.mean_us() / 1e6;  // lambda E[S] ~ 102 concurrent
  // Sampling error of a time average over 10^6 heavy-ish tailed jobs is ~0.3 %: allow 1.5 %.
  CHECK(f.mean_concurrency == Approx(expected).epsilon(0.015));
  // Little's law on the run's own measurements holds to the edge effects: 0.5 %.
  const double arrival_rate = static_cast<double>(f.invocations) / r.simulated.to_seconds();
  CHECK(f.mean_concurrency == Approx(arrival_rate * *f.latency.mean() / 1e6).epsilon(0.005));
  CHECK(f.throttles == 0);
}

TEST_CASE("Validation: Erlang B, throttle fraction = B(c, A) for a concurrency limit", "[slow]") {
  // Sync invokes (no retries) of exponential durations, no cold start, reserved concurrency
  // c = 100, offered load A = 1,000/s x 100 ms = 100 Erlang: B(100, 100) = 0.0757.
  const ScenarioSpec base = poisson_scenario(1000, Distribution::exponential(Duration::millis(100)),
                                             Duration::seconds(1000));
  ScenarioSpec s = base;
  s.functions[0].reserved_concurrency = 100;
  const RunResult r = run_simulation(s, RunOptions{});
  const SourceResult& src = r.sources[0];
  const double throttled = static_cast<double>(src.throttled) / static_cast<double>(src.requests);
  const double expected = erlang_b(100, 100.0);
  CHECK(expected == Approx(0.0757).margin(0.0001));
  // Loss systems mix fast; the standard error at 10^6 arrivals is ~0.0004: allow 0.002.
  CHECK(throttled == Approx(expected).margin(0.002));
  CHECK(r.functions[0].peak_concurrency == 100);
}

TEST_CASE("Validation: cold-start fraction = exp(-lambda T) for a fixed keep-alive", "[slow]") {
  // Rare Poisson arrivals (one per 10 min on average) on a function with a fixed 10 min
  // keep-alive and 1 ms calls: a call is cold iff the gap since the previous call's end
  // exceeds T, P = exp(-lambda (T + 1 ms)) ~ e^-1 = 0.3679.
  const Duration keep_alive = Duration::minutes(10);
  const double lambda = 1.0 / 600.0;
  ScenarioSpec s = poisson_scenario(lambda, Distribution::fixed(Duration::millis(1)),
                                    Duration::seconds(600LL * 1'000'000));
  s.functions[0].keep_alive = Distribution::fixed(keep_alive);
  const RunResult r = run_simulation(s, RunOptions{});
  const FunctionResult& f = r.functions[0];
  REQUIRE(f.invocations > 900'000);
  const double fraction = static_cast<double>(f.cold_starts) / static_cast<double>(f.invocations);
  const double expected = std::exp(-lambda * (keep_alive.to_seconds() + 0.001));
  // Binomial standard error sqrt(p(1-p)/n) ~ 0.0005: allow 0.002.
  CHECK(fraction == Approx(expected).margin(0.002));
}

TEST_CASE("Validation: Poisson arrivals average the configured rate", "[slow]") {
  const ScenarioSpec s =
      poisson_scenario(250, Distribution::fixed(Duration::millis(1)), Duration::seconds(4000));
  const RunResult r = run_simulation(s, RunOptions{});
  // 10^6 expected arrivals; the count's standard deviation is 1,000 (0.1 %): allow 0.5 %.
  CHECK(static_cast<double>(r.sources[0].requests) == Approx(1e6).epsilon(0.005));
}

TEST_CASE("Determinism: the same scenario and seed give identical results") {
  const Distribution d =
      Distribution::lognormal_from_median_p99(Duration::millis(80), Duration::millis(400));
  ScenarioSpec s = poisson_scenario(500, d, Duration::seconds(60));
  s.functions[0].keep_alive = Distribution::uniform(Duration::seconds(1), Duration::seconds(3));
  s.functions[0].cold_start = Distribution::fixed(Duration::millis(200));
  const RunResult a = run_simulation(s, RunOptions{});
  const RunResult b = run_simulation(s, RunOptions{});
  CHECK(a.engine.events == b.engine.events);
  CHECK(a.engine.fingerprint == b.engine.fingerprint);
  CHECK(a.functions[0].cold_starts == b.functions[0].cold_starts);
  CHECK(a.functions[0].mean_environments == b.functions[0].mean_environments);
  CHECK(a.functions[0].latency.mean() == b.functions[0].latency.mean());
}

TEST_CASE("Random streams: a function's cold start never shifts its duration draws") {
  const Distribution d = Distribution::exponential(Duration::millis(50));
  ScenarioSpec s = poisson_scenario(200, d, Duration::seconds(30));
  s.functions[0].keep_alive = Distribution::fixed(Duration::millis(1));
  s.functions[0].cold_start = Distribution::fixed(Duration::millis(100));
  // Every call is cold: a large scale bucket keeps the scale rate out of the picture, and
  // draining bills every call in full.
  s.account.scale_rate = bucket(1'000'000, Duration::seconds(1));
  RunOptions drain;
  drain.drain = true;
  const RunResult a = run_simulation(s, drain);
  s.functions[0].cold_start = Distribution::exponential(Duration::millis(300));
  const RunResult b = run_simulation(s, drain);
  // Every call is cold; latency = INIT + handler, so handler totals must agree exactly.
  REQUIRE(a.functions[0].invocations == b.functions[0].invocations);
  const BillingTally& ta = a.functions[0].billing[0];
  const BillingTally& tb = b.functions[0].billing[0];
  CHECK(ta.on_demand_us_handler == tb.on_demand_us_handler);
  CHECK(ta.on_demand_us_with_init != tb.on_demand_us_with_init);
}

TEST_CASE("Random streams: one function's settings never shift another source's arrivals") {
  ScenarioSpec s =
      poisson_scenario(100, Distribution::fixed(Duration::millis(5)), Duration::seconds(30));
  FunctionSpec other = s.functions[0];
  other.name = "other";
  s.functions.push_back(other);
  SourceSpec second = s.sources[0];
  second.name = "src2";
  second.target = "other";
  second.target_index = 1;
  s.sources.push_back(second);
  const RunResult a = run_simulation(s, RunOptions{});
  s.functions[1].memory_mb = 2048;
  s.functions[1].duration = Distribution::exponential(Duration::millis(500));
  const RunResult b = run_simulation(s, RunOptions{});
  CHECK(a.sources[0].requests == b.sources[0].requests);
  CHECK(a.sources[0].latency.mean() == b.sources[0].latency.mean());
  CHECK(a.sources[1].requests == b.sources[1].requests);
}

TEST_CASE("Fingerprint: another seed or another setting simulates something else") {
  ScenarioSpec s =
      poisson_scenario(100, Distribution::exponential(Duration::millis(20)), Duration::seconds(60));
  const std::uint64_t base = run_simulation(s, RunOptions{}).engine.fingerprint;
  ScenarioSpec other_seed = s;
  other_seed.seed = 8;
  CHECK(run_simulation(other_seed, RunOptions{}).engine.fingerprint != base);
  ScenarioSpec other_keep_alive = s;
  other_keep_alive.functions[0].keep_alive = Distribution::fixed(Duration::millis(5));
  CHECK(run_simulation(other_keep_alive, RunOptions{}).engine.fingerprint != base);
  // Pricing is not simulation: another billing rule leaves the fingerprint alone.
  RunOptions hundred_ms;
  hundred_ms.billing_rules = {BillingRule{Duration::millis(100), Duration::millis(100)}};
  CHECK(run_simulation(s, hundred_ms).engine.fingerprint == base);
}
