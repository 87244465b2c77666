// warmup: statistics cover [warmup, end). Checked against a case computed by hand: a constant
// 10/s of 90 ms executions with a 1 s INIT has its cold starts in the first seconds only;
// from t = 10 s every request is warm, concurrency is 0.9 and the bill is 900 x 90 ms.

#include <catch2/catch.hpp>

#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;

namespace {

constexpr const char* kScenario = R"(run_for: 100s
functions:
  fn:
    duration: 90ms
    cold_start: 1s
    keep_alive: 1h
sources:
  s:
    type: invoke
    target: fn
    arrivals: {process: constant, rate: 10/s}
)";

}  // namespace

TEST_CASE("Warmup: the start is simulated but not counted", "[warmup]") {
  const RunResult all = run_simulation(load_scenario_text(kScenario, "w.yaml"), RunOptions{});
  CHECK(all.functions[0].cold_starts > 1);
  CHECK(all.functions[0].invocations == 1000);

  RunOptions check;
  check.check = true;  // the invariants and conservation hold with a warmup too
  const RunResult r =
      run_simulation(load_scenario_text(kScenario, "w.yaml", {"warmup=10s"}), check);
  const FunctionResult& f = r.functions[0];
  CHECK(r.simulated == Duration::seconds(90));
  CHECK(r.sources[0].requests == 900);  // arrivals at 10.0 s .. 99.9 s
  CHECK(f.invocations == 900);
  CHECK(f.cold_starts == 0);
  CHECK(f.environments_created == 0);
  CHECK(f.latency.max() == 90'000);
  // One execution of 90 ms every 100 ms.
  CHECK(f.mean_concurrency == Approx(0.9).epsilon(1e-9));
  CHECK(f.peak_concurrency == 1);
  REQUIRE(!f.billing.empty());
  CHECK(f.billing[0].on_demand_us_with_init == 900 * 90'000);
  // The environments the start created are still there; the window sees them all the time.
  CHECK(f.mean_environments == Approx(static_cast<double>(all.functions[0].environments_created)));
}

TEST_CASE("Warmup: conservation with throttles, async retries and timeouts", "[warmup]") {
  const std::string text = R"(run_for: 60s
warmup: 20s
functions:
  fn:
    timeout: 1s
    duration: {dist: exponential, mean: 400ms}
    cold_start: 300ms
    reserved_concurrency: 5
sources:
  api:
    type: api_gateway
    target: fn
    arrivals: {process: poisson, rate: 10/s}
  batch:
    type: invoke
    mode: async
    target: fn
    arrivals: {process: bursts, on_rate: 50/s, on: 5s, off: 10s}
)";
  RunOptions check;
  check.check = true;
  const RunResult r = run_simulation(load_scenario_text(text, "w.yaml"), check);
  CHECK(r.functions[0].throttles > 0);
  CHECK(r.functions[0].timeouts > 0);
  CHECK(r.simulated == Duration::seconds(40));
}
