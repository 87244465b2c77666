// Step Functions state machines (README "Step Functions"; facts 8): a sequence's latency is the
// sum of its states, a parallel state's the longest branch; choices follow their probabilities;
// task retries follow the ASL backoff; express executions stop at 5 minutes; standard bills
// transitions, express requests and 100-ms-rounded GB-s at 64 MB. Bills worked out in comments.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "priced_run.hpp"
#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/topology.hpp"

using namespace slsim;

namespace {

using test::Priced;

Priced run_priced(const std::string& yaml, bool drain = false) {
  return test::run_priced(yaml, "step_functions_test.yaml", drain);
}

double service_usd(const BookCost& c, const std::string& service) {
  for (const ServiceCost& s : c.by_service) {
    if (s.service == service) return s.usd;
  }
  return -1;
}

// aws book (facts 8): standard $0.025 per 1,000 transitions; express $1.00 per million requests
// and $0.00001667 per GB-s.
constexpr double kTransition = 0.025 / 1000;
constexpr double kExpressRequest = 1.0 / 1e6;
constexpr double kExpressGbSecond = 0.00001667;

const std::string kFunctions = R"(
functions:
  a: {duration: 100ms, cold_start: 0ms, keep_alive: 1h}
  b: {duration: 300ms, cold_start: 0ms, keep_alive: 1h}
  long: {duration: 600ms, cold_start: 0ms, keep_alive: 1h}
  short: {duration: 150ms, cold_start: 0ms, keep_alive: 1h}
)";

}  // namespace

TEST_CASE("Step Functions: a sequence takes the sum of its states; standard bills transitions",
          "[services][step_functions]") {
  // a (100 ms) + wait 2 s + b (300 ms) + pass + succeed = 2.4 s, 5 transitions each. Ten
  // executions (one a second): 50 transitions x $0.000025 = $0.00125.
  const Priced p = run_priced("run_for: 10s\n" + kFunctions + R"(
resources:
  flow:
    type: step_functions
    states:
      - {name: first, type: task, function: a}
      - {name: pause, type: wait, duration: 2s}
      - {name: second, type: task, function: b}
      - {name: note, type: pass}
      - {name: done, type: succeed}
sources:
  orders: {type: producer, target: flow, arrivals: {process: constant, rate: 1/s}}
)",
                              /*drain=*/true);
  REQUIRE(p.result.state_machines.size() == 1);
  const StateMachineResult& m = p.result.state_machines[0];
  CHECK(m.started == 10);
  CHECK(m.succeeded == 10);
  CHECK(m.transitions == 50);
  CHECK(m.latency.min() == 2'400'000);
  CHECK(m.latency.max() == 2'400'000);
  CHECK(p.result.functions[0].invocations == 10);
  CHECK(p.result.functions[1].invocations == 10);
  CHECK(service_usd(p.aws, "step_functions") == Approx(50 * kTransition).epsilon(1e-12));
}

TEST_CASE("Step Functions: a parallel state takes its longest branch; express bills 100 ms steps",
          "[services][step_functions]") {
  // Branches: short (150 ms) and long + a (600 + 100 ms): the join at 700 ms, then short again:
  // 850 ms, billed 900 ms at 64 MB = 0.05625 GB-s per execution. Ten executions:
  // 10 x $0.000001 + 0.5625 GB-s x $0.00001667.
  const Priced p = run_priced("run_for: 10s\n" + kFunctions + R"(
resources:
  flow:
    type: step_functions
    kind: express
    states:
      - name: both
        type: parallel
        branches:
          - [{name: quick, type: task, function: short}]
          - [{name: slow, type: task, function: long}, {name: then, type: task, function: a}]
      - {name: last, type: task, function: short}
sources:
  orders: {type: producer, target: flow, arrivals: {process: constant, rate: 1/s}}
)",
                              /*drain=*/true);
  const StateMachineResult& m = p.result.state_machines[0];
  CHECK(m.succeeded == 10);
  CHECK(m.latency.max() == 850'000);
  CHECK(m.latency.min() == 850'000);
  CHECK(m.express_billed_seconds == Approx(9.0));
  CHECK(m.transitions == 50);  // both, quick, slow, then, last
  CHECK(service_usd(p.aws, "step_functions") ==
        Approx(10 * kExpressRequest + 9.0 * 64 / 1024 * kExpressGbSecond).epsilon(1e-12));
}

TEST_CASE("Step Functions: choice branches follow their probabilities",
          "[services][step_functions]") {
  // 10,000 executions, 30 % to a: binomial sd = sqrt(10,000 x 0.3 x 0.7) = 45.8; 4 sd = 183.
  const Priced p = run_priced("run_for: 1000s\n" + kFunctions + R"(
resources:
  flow:
    type: step_functions
    states:
      - name: route
        type: choice
        choices: [{probability: 0.3, next: left}, {probability: 0.7, next: right}]
      - {name: left, type: task, function: a, next: done}
      - {name: right, type: task, function: b, next: done}
      - {name: done, type: succeed}
sources:
  orders: {type: producer, target: flow, arrivals: {process: constant, rate: 10/s}}
)",
                              /*drain=*/true);
  CHECK(p.result.state_machines[0].started == 10'000);
  const std::uint64_t left = p.result.functions[0].invocations;
  CHECK(left + p.result.functions[1].invocations == 10'000);
  CHECK(left > 3000 - 183);
  CHECK(left < 3000 + 183);
}

TEST_CASE("Step Functions: a task retries after 1, 2, 4 s (ASL defaults), then fails or catches",
          "[services][step_functions]") {
  // The function always fails at once: attempts at 0, 1, 3 and 7 s; then the execution fails
  // at 7 s, or (with a catch) goes on to the catch state and succeeds.
  const std::string base = R"(
run_for: 1s
functions:
  bad: {duration: 0ms, cold_start: 0ms, error_probability: 1}
resources:
  flow:
    type: step_functions
    states:
      - {name: work, type: task, function: bad, retry: {}CATCH}
      - {name: ok, type: succeed}
      - {name: recover, type: pass}
sources:
  orders: {type: producer, target: flow, arrivals: {process: constant, rate: 1/h}}
)";
  std::string failing = base;
  failing.replace(failing.find("CATCH"), 5, "");
  failing.replace(failing.find("      - {name: recover, type: pass}\n"), 36, "");
  const Priced f = run_priced(failing, /*drain=*/true);
  const StateMachineResult& m = f.result.state_machines[0];
  CHECK(m.failed == 1);
  CHECK(m.task_retries == 3);
  CHECK(m.task_failures == 4);
  CHECK(m.transitions == 4);
  CHECK(m.latency.max() == 7'000'000);
  CHECK(f.result.functions[0].invocations == 4);

  std::string caught = base;
  caught.replace(caught.find("CATCH"), 5, ", catch: recover");
  caught.replace(caught.find("{name: ok, type: succeed}"), 25,
                 "{name: ok, type: pass, next: recover}");
  const Priced c = run_priced(caught, /*drain=*/true);
  CHECK(c.result.state_machines[0].succeeded == 1);
  CHECK(c.result.state_machines[0].transitions == 5);
  CHECK(c.result.state_machines[0].latency.max() == 7'000'000);
}

TEST_CASE("Step Functions: express executions stop at 5 minutes", "[services][step_functions]") {
  const Priced p = run_priced("run_for: 1s\n" + kFunctions + R"(
resources:
  flow:
    type: step_functions
    kind: express
    states:
      - {name: pause, type: wait, duration: 10m}
      - {name: first, type: task, function: a}
sources:
  orders: {type: producer, target: flow, arrivals: {process: constant, rate: 1/h}}
)",
                              /*drain=*/true);
  const StateMachineResult& m = p.result.state_machines[0];
  CHECK(m.timed_out == 1);
  CHECK(m.latency.max() == 300'000'000);
  CHECK(m.express_billed_seconds == Approx(300.0));
  CHECK(p.result.functions[0].invocations == 0);  // the wait never ended in time
}

TEST_CASE("Step Functions: API Gateway starts standard at once and waits on express",
          "[services][step_functions]") {
  const std::string base = R"(
run_for: 10s
functions:
  a: {duration: 2s, cold_start: 0ms, keep_alive: 1h}
resources:
  flow:
    type: step_functions
    kind: KIND
    states:
      - {name: first, type: task, function: a}
      - {name: pause, type: wait, duration: WAIT}
sources:
  api: {type: api_gateway, target: flow, arrivals: {process: constant, rate: 1/s}}
)";
  const auto make = [&](const char* kind, const char* wait) {
    std::string text = base;
    text.replace(text.find("KIND"), 4, kind);
    text.replace(text.find("WAIT"), 4, wait);
    return text;
  };
  // Standard: StartExecution answers at once.
  const Priced standard = run_priced(make("standard", "1s"), /*drain=*/true);
  CHECK(standard.result.sources[0].completed == 10);
  CHECK(standard.result.sources[0].latency.max() == 0);
  CHECK(standard.result.state_machines[0].succeeded == 10);
  // Express: StartSyncExecution waits the whole 3 s.
  const Priced express = run_priced(make("express", "1s"), /*drain=*/true);
  CHECK(express.result.sources[0].completed == 10);
  CHECK(express.result.sources[0].latency.min() == 3'000'000);
  // Past the HTTP API's 30 s integration timeout: a 504, the execution runs on.
  const Priced slow = run_priced(make("express", "40s"), /*drain=*/true);
  CHECK(slow.result.sources[0].timed_out == 10);
  CHECK(slow.result.sources[0].completed == 0);
  CHECK(slow.result.state_machines[0].succeeded == 10);
}

TEST_CASE("Step Functions: a failed branch fails the parallel state, caught",
          "[services][step_functions]") {
  // The bad branch fails at 0; the parallel state goes to its catch at once; the other
  // branch's task still runs (and is billed) but its answer is ignored.
  const Priced p = run_priced(R"(
run_for: 1s
functions:
  bad: {duration: 0ms, cold_start: 0ms, error_probability: 1}
  slow: {duration: 5s, cold_start: 0ms, timeout: 10s}
resources:
  flow:
    type: step_functions
    states:
      - name: both
        type: parallel
        catch: cleanup
        branches:
          - [{name: b1, type: task, function: slow}]
          - [{name: b2, type: task, function: bad}]
        next: done
      - {name: done, type: succeed}
      - {name: cleanup, type: fail}
sources:
  orders: {type: producer, target: flow, arrivals: {process: constant, rate: 1/h}}
)",
                              /*drain=*/true);
  const StateMachineResult& m = p.result.state_machines[0];
  CHECK(m.failed == 1);
  CHECK(m.latency.max() == 0);
  CHECK(p.result.functions[1].completed == 1);
}

TEST_CASE("Step Functions: started by a function's call and by a schedule",
          "[services][step_functions]") {
  const Priced p = run_priced(R"(
run_for: 10m
functions:
  starter:
    duration: 10ms
    cold_start: 0ms
    calls: [{action: start_execution, target: flow}]
  a: {duration: 10ms, cold_start: 0ms}
resources:
  flow:
    type: step_functions
    states: [{name: first, type: task, function: a}]
  every-minute: {type: eventbridge, schedule: rate(1 minute), targets: [flow]}
sources:
  api: {type: invoke, target: starter, arrivals: {process: constant, rate: 1/min}}
)",
                              /*drain=*/true);
  // 10 calls (at 0, 1, ..., 9 min) and 9 firings (at 1, ..., 9 min).
  CHECK(p.result.state_machines[0].started == 19);
  CHECK(p.result.state_machines[0].succeeded == 19);
}

TEST_CASE("Step Functions: the graph shows the machine, its tasks and its starters",
          "[services][step_functions]") {
  const ScenarioSpec spec = load_scenario_text(R"(
run_for: 1h
functions:
  starter: {duration: 10ms, calls: [{action: start_execution, target: flow}]}
  a: {duration: 10ms}
resources:
  flow:
    type: step_functions
    states: [{name: first, type: task, function: a}]
sources:
  api: {type: api_gateway, target: flow, arrivals: {rate: 1/s}}
)",
                                               "graph.yaml", {});
  const std::string dot = to_graphviz(build_topology(spec));
  CHECK(dot.find("[label=\"flow\", shape=doubleoctagon]") != std::string::npos);
  CHECK(dot.find("[label=\"task\"]") != std::string::npos);
  CHECK(dot.find("[label=\"start\"]") != std::string::npos);
  CHECK(dot.find("[label=\"http\"]") != std::string::npos);
  // A function whose task starts its own machine again loops with no AWS detection.
  CHECK_THROWS_WITH(load_scenario_text(R"(
run_for: 1h
functions:
  a: {duration: 10ms, calls: [{action: start_execution, target: flow}]}
resources:
  flow:
    type: step_functions
    states: [{name: first, type: task, function: a}]
)",
                                       "loop.yaml", {}),
                    Catch::Contains("illegal cycle"));
}
