// Exact timelines of the admission rules (issue 2, "The Lambda model"): each scenario is
// small enough to work out by hand; the comments show the hand computation.

#include <catch2/catch.hpp>

#include "scenario_fixture.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;
using namespace slsim::test;

namespace {

// Every timeline runs under --check: the invariants hold after every event.
RunResult run(const ScenarioSpec& s, bool drain = false) {
  RunOptions options;
  options.drain = drain;
  options.check = true;
  return run_simulation(s, options);
}

}  // namespace

TEST_CASE("Admission: the scale bucket limits new environments, refilled continuously") {
  // Bucket 2/1s: capacity 2, one token per 500 ms. Arrivals every 100 ms over [0, 1 s),
  // each running 10 s (no reuse). Levels: t=0 2->1, t=100 1.2->0.2, t=200..400 0.4..0.8
  // (throttled), t=500 1.0->0, t=600..900 0.2..0.8 (throttled).
  ScenarioSpec s = one_function(10, Duration::seconds(10), Duration::seconds(1));
  s.account.scale_rate = bucket(2, Duration::seconds(1));
  const RunResult r = run(s);
  CHECK(r.functions[0].cold_starts == 3);
  CHECK(r.functions[0].throttles == 7);
  CHECK(r.sources[0].throttled == 7);
  CHECK(r.sources[0].in_flight_at_end == 3);
}

TEST_CASE("Admission: the account request-rate bucket throttles front-door attempts") {
  // Bucket 3/1s: one token per 333.3 ms. Arrivals every 100 ms, 10 ms each (warm reuse).
  // t=0 3->2, 100 2.3->1.3, 200 1.6->0.6, 300 0.9 x, 400 1.2->0.2, 500 0.5 x, 600 0.8 x,
  // 700 1.1->0.1, 800 0.4 x, 900 0.7 x: 5 admitted, 5 throttled.
  ScenarioSpec s = one_function(10, Duration::millis(10), Duration::seconds(1));
  s.account.request_rate = bucket(3, Duration::seconds(1));
  const RunResult r = run(s);
  CHECK(r.functions[0].invocations == 5);
  CHECK(r.functions[0].throttles == 5);
  CHECK(r.functions[0].cold_starts == 1);
  CHECK(r.sources[0].completed == 5);
}

TEST_CASE("Admission: a rejected attempt consumes nothing further") {
  // Reserved concurrency 1 and a scale bucket of exactly 2 environments that never refills
  // in time (2 per hour). Each call runs 250 ms; arrivals every 100 ms over [0, 1 s).
  // t=0 cold (bucket 2->1); t=100, 200 rejected by concurrency (the bucket is untouched);
  // t=300 warm on the environment freed at 250; t=400,500 rejected; t=600 warm; ...
  // Only if a concurrency rejection took a scale token would a second cold start fail.
  ScenarioSpec s = one_function(10, Duration::millis(250), Duration::seconds(1));
  s.functions[0].reserved_concurrency = 1;
  s.account.scale_rate = bucket(2, Duration::hours(1));
  s.functions[0].keep_alive = Distribution::fixed(Duration::millis(1));
  // With a 1 ms keep-alive every start is cold: t=0 and t=300 take both tokens; t=600 and
  // t=900 find the bucket empty. Concurrency rejections at 100,200,400,500,700,800.
  const RunResult r = run(s);
  CHECK(r.functions[0].cold_starts == 2);
  CHECK(r.functions[0].throttles == 8);
  CHECK(r.functions[0].invocations == 2);
}

TEST_CASE("Admission: reserved concurrency is a ceiling; zero throttles every call") {
  ScenarioSpec s = one_function(100, Duration::seconds(5), Duration::seconds(1));
  s.functions[0].reserved_concurrency = 7;
  RunResult r = run(s);
  CHECK(r.functions[0].peak_concurrency == 7);
  CHECK(r.functions[0].invocations == 7);
  CHECK(r.functions[0].throttles == 93);

  s.functions[0].reserved_concurrency = 0;
  r = run(s);
  CHECK(r.functions[0].invocations == 0);
  CHECK(r.functions[0].throttles == 100);
}

TEST_CASE("Admission: reservations elsewhere shrink the unreserved pool") {
  // Account limit 250; another function reserves 100 and a third provisions 30 without a
  // reservation: 120 remain for `fn`. 300 long calls arrive within 0.3 s.
  ScenarioSpec s = one_function(1000, Duration::seconds(10), Duration::millis(300));
  s.account.concurrency_limit = 250;
  FunctionSpec other = s.functions[0];
  other.name = "reserved";
  other.reserved_concurrency = 100;
  s.functions.push_back(other);
  other.name = "provisioned";
  other.reserved_concurrency.reset();
  other.provisioned_concurrency = 30;
  s.functions.push_back(other);
  const RunResult r = run(s);
  CHECK(r.functions[0].peak_concurrency == 120);
  CHECK(r.functions[0].throttles == 180);
}

TEST_CASE("Provisioned environments serve first and spill over to on-demand") {
  // 2 provisioned; 5 calls of 1 s arrive within 50 ms: 2 provisioned starts, 3 cold.
  ScenarioSpec s = one_function(100, Duration::seconds(1), Duration::millis(50));
  s.functions[0].provisioned_concurrency = 2;
  const RunResult r = run(s, /*drain=*/true);
  CHECK(r.functions[0].provisioned_starts == 2);
  CHECK(r.functions[0].cold_starts == 3);
  CHECK(r.functions[0].environments_created == 3);
}

TEST_CASE("Time averages: an environment lives until its keep-alive ends") {
  // One 1 s call at t=0 (INIT 0), keep-alive 2 s, run 10 s: the environment lives [0, 3 s).
  ScenarioSpec s = one_function(0.1, Duration::seconds(1), Duration::seconds(10));
  s.functions[0].keep_alive = Distribution::fixed(Duration::seconds(2));
  const RunResult r = run(s);
  const FunctionResult& f = r.functions[0];
  CHECK(f.invocations == 1);
  CHECK(f.mean_concurrency == Approx(0.1).epsilon(1e-12));
  CHECK(f.mean_environments == Approx(0.3).epsilon(1e-12));
  CHECK(f.mean_idle_environments == Approx(0.2).epsilon(1e-12));
}

TEST_CASE("Keep-alive: reuse while now < expiry, gone at expiry") {
  // Calls at 0 and 1 s (1 ms each). Keep-alive exactly 999 ms: the first environment
  // expires at 1.000 s, the very moment the second call arrives -> a second cold start.
  ScenarioSpec s = one_function(1, Duration::millis(1), Duration::millis(1500));
  s.functions[0].keep_alive = Distribution::fixed(Duration::millis(999));
  RunResult r = run(s);
  CHECK(r.functions[0].cold_starts == 2);
  s.functions[0].keep_alive = Distribution::fixed(Duration::millis(1000));
  r = run(s);
  CHECK(r.functions[0].cold_starts == 1);
  CHECK(r.functions[0].warm_starts == 1);
}

TEST_CASE("End of run: in-flight work is reported, billed for its elapsed time, or drained") {
  // One 5 s call at t=0, run_for 1 s.
  ScenarioSpec s = one_function(0.5, Duration::seconds(5), Duration::seconds(1));
  s.functions[0].cold_start = Distribution::fixed(Duration::millis(300));
  RunResult r = run(s);
  CHECK(r.functions[0].in_flight_at_end == 1);
  CHECK(r.sources[0].in_flight_at_end == 1);
  CHECK(r.functions[0].latency.count() == 0);
  CHECK(r.simulated == Duration::seconds(1));
  CHECK(r.functions[0].billing[0].on_demand_us_with_init == 1'000'000);
  CHECK(r.functions[0].billing[0].on_demand_us_handler == 700'000);

  r = run(s, /*drain=*/true);
  CHECK(r.functions[0].in_flight_at_end == 0);
  CHECK(r.sources[0].completed == 1);
  CHECK(r.simulated == Duration::millis(5300));
  CHECK(r.functions[0].billing[0].on_demand_us_with_init == 5'300'000);
}

TEST_CASE("API Gateway: integration timeout answers 504 while the function runs on") {
  ScenarioSpec s = one_function(1, Duration::seconds(2), Duration::millis(500));
  s.sources[0].type = SourceType::api_gateway;
  s.sources[0].flavor = ApiFlavor::rest;
  s.sources[0].integration_timeout = Duration::seconds(1);
  s.sources[0].overhead = Duration::millis(20);
  const RunResult r = run(s, /*drain=*/true);
  CHECK(r.sources[0].timed_out == 1);
  CHECK(r.sources[0].completed == 0);
  CHECK(r.functions[0].completed == 1);
  CHECK(r.functions[0].timeouts == 0);
  CHECK(r.simulated == Duration::millis(2020));
}

TEST_CASE("API Gateway: the stage throttle answers 429 before Lambda is asked") {
  // Stage limit: burst 2, 1 per second. 10 calls in 100 ms: 2 pass.
  ScenarioSpec s = one_function(100, Duration::millis(1), Duration::millis(100));
  s.sources[0].type = SourceType::api_gateway;
  s.sources[0].throttle = ThrottleSpec{per_second(1), 2};
  const RunResult r = run(s);
  CHECK(r.sources[0].throttled == 8);
  CHECK(r.sources[0].gateway_throttled == 8);
  CHECK(r.functions[0].invocations == 2);
  CHECK(r.functions[0].throttles == 0);
}

TEST_CASE("API Gateway: Lambda's 429 reaches the client as a 500 (failed)") {
  // Reserved concurrency 1, calls of 1 s every 100 ms over 0.5 s: the first runs, the next
  // four are throttled by Lambda; API Gateway answers each with a 500 after its overhead.
  ScenarioSpec s = one_function(10, Duration::seconds(1), Duration::millis(500));
  s.sources[0].type = SourceType::api_gateway;
  s.sources[0].overhead = Duration::millis(5);
  s.functions[0].reserved_concurrency = 1;
  const RunResult r = run(s, /*drain=*/true);
  CHECK(r.functions[0].throttles == 4);
  CHECK(r.sources[0].failed == 4);
  CHECK(r.sources[0].throttled == 0);
  CHECK(r.sources[0].completed == 1);
  CHECK(r.sources[0].latency.min() == 5'000);
}

TEST_CASE("Sync caller: a function timeout is a failure") {
  ScenarioSpec s = one_function(1, Duration::seconds(5), Duration::millis(500));
  s.functions[0].timeout = Duration::seconds(3);
  const RunResult r = run(s, /*drain=*/true);
  CHECK(r.functions[0].timeouts == 1);
  CHECK(r.sources[0].failed == 1);
  CHECK(r.sources[0].latency.count() == 1);
  CHECK(r.sources[0].latency.max() == 3'000'000);
}

TEST_CASE("SDK retries: a throttled sync call is retried with backoff") {
  // Reserved 1, first call holds the environment for 10 s; the second (at 1 ms) is retried
  // 3 times within 100+200+400 ms of jitter and is finally throttled.
  ScenarioSpec s = one_function(1000, Duration::seconds(10), Duration::millis(2));
  s.functions[0].reserved_concurrency = 1;
  s.sources[0].retries = 3;
  const RunResult r = run(s, /*drain=*/true);
  CHECK(r.functions[0].throttles == 4);
  CHECK(r.sources[0].throttled == 1);
  CHECK(r.sources[0].completed == 1);
}

TEST_CASE("Async: throttled events back off 1 s doubling until the maximum event age") {
  // Reserved 1; the first event holds it for 800 s. The second, accepted at 1 ms, tries at
  // ages 0, 1, 3, 7, 15, 31 s; the next try (age 63 s) is past max_event_age 60 s: dropped.
  ScenarioSpec s = one_function(1000, Duration::seconds(800), Duration::millis(2));
  s.functions[0].reserved_concurrency = 1;
  s.functions[0].async.max_event_age = Duration::seconds(60);
  s.sources[0].mode = InvokeMode::async;
  const RunResult r = run(s, /*drain=*/true);
  CHECK(r.functions[0].throttles == 6);
  CHECK(r.functions[0].dropped == 1);
  CHECK(r.sources[0].dropped == 1);
  CHECK(r.sources[0].completed == 1);
}

TEST_CASE("Async: a timed-out event is retried twice, then dropped") {
  ScenarioSpec s = one_function(1, Duration::seconds(5), Duration::millis(500));
  s.functions[0].timeout = Duration::seconds(1);
  s.sources[0].mode = InvokeMode::async;
  RunResult r = run(s, /*drain=*/true);
  CHECK(r.functions[0].invocations == 3);
  CHECK(r.functions[0].timeouts == 3);
  CHECK(r.functions[0].dropped == 1);
  CHECK(r.sources[0].dropped == 1);
  // Attempts end at 1 s, 62 s and 183 s.
  CHECK(r.simulated == Duration::seconds(183));

  // With max_event_age 60 s even the first retry (at age 61 s) is too late.
  s.functions[0].async.max_event_age = Duration::seconds(60);
  r = run(s, /*drain=*/true);
  CHECK(r.functions[0].invocations == 1);
  CHECK(r.sources[0].dropped == 1);
}

TEST_CASE("Async: reserved concurrency 0 drops events without retries") {
  ScenarioSpec s = one_function(10, Duration::millis(5), Duration::seconds(1));
  s.functions[0].reserved_concurrency = 0;
  s.sources[0].mode = InvokeMode::async;
  const RunResult r = run(s);
  CHECK(r.functions[0].throttles == 10);
  CHECK(r.sources[0].dropped == 10);
}

TEST_CASE("Legacy scaling: one account-wide burst shared by all functions") {
  // Region with a 500 burst, +500/min. Two functions each receive 400 long calls at once.
  ScenarioSpec s = one_function(4000, Duration::seconds(60), Duration::millis(100));
  s.account.scaling = ScalingRule::legacy;
  s.account.region = "sa-east-1";
  s.account.request_rate = bucket(100000, Duration::seconds(1));
  s.functions.push_back(s.functions[0]);
  s.functions[1].name = "fn2";
  SourceSpec second = s.sources[0];
  second.name = "src2";
  second.target = "fn2";
  second.target_index = 1;
  s.sources.push_back(second);
  const RunResult r = run(s);
  // 800 arrivals over 100 ms, interleaved; the bucket refills 500/min = ~0.83 per 100 ms.
  CHECK(r.functions[0].cold_starts + r.functions[1].cold_starts == 500);
}
