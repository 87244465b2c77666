// EventBridge buses with rules (README "EventBridge buses"; facts 8): every event put on a bus
// reaches the targets of each rule that matches it (a probability per rule); functions are
// invoked asynchronously, queues get messages, topics publishes, state machines executions;
// custom events are billed in 64 KB chunks.

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

Priced run_priced(const std::string& yaml) {
  return test::run_priced(yaml, "event_bus_test.yaml", true);
}

double meter(const RunResult& r, const std::string& resource, const std::string& name) {
  for (const ResourceUsage& u : r.usage) {
    if (u.resource != resource) continue;
    for (const Meter& m : u.meters) {
      if (m.name == name) return m.quantity;
    }
  }
  return -1;
}

}  // namespace

TEST_CASE("EventBridge bus: each rule's targets get every event it matches",
          "[services][eventbridge]") {
  // 10,000 events (1,000 s at 10/s): the all-events rule reaches `audit` (a queue) and `log`
  // (async) 10,000 times; the 30 % rule reaches `orders` (a state machine) about 3,000 times
  // (binomial sd 45.8, 4 sd = 183).
  const Priced p = run_priced(R"(
run_for: 1000s
functions:
  log: {duration: 1ms, cold_start: 0ms}
  handle: {duration: 1ms, cold_start: 0ms}
resources:
  audit: {type: sqs}
  orders:
    type: step_functions
    states: [{name: work, type: task, function: handle}]
  bus:
    type: eventbridge
    rules:
      - {targets: [audit, log]}
      - {match: 0.3, targets: [orders]}
sources:
  shop: {type: producer, target: bus, message_size: 100KB, arrivals: {process: constant, rate: 10/s}}
)");
  REQUIRE(p.result.buses.size() == 1);
  const EventBusResult& b = p.result.buses[0];
  CHECK(b.events == 10'000);
  CHECK(b.rule_matches[0] == 10'000);
  CHECK(b.rule_matches[1] > 3000 - 183);
  CHECK(b.rule_matches[1] < 3000 + 183);
  CHECK(b.deliveries == 20'000 + b.rule_matches[1]);
  CHECK(p.result.queues[0].sent == 10'000);
  CHECK(p.result.functions[0].events.received == 10'000);
  CHECK(p.result.functions[0].events.completed == 10'000);
  CHECK(p.result.state_machines[0].started == b.rule_matches[1]);
  CHECK(p.result.functions[1].invocations == b.rule_matches[1]);
  // 100 KB = two 64 KB chunks per event: 20,000 x $1.00 / M = $0.02.
  CHECK(meter(p.result, "bus", "custom_events_64kb") == 20'000);
  double eventbridge = -1;
  for (const ServiceCost& s : p.aws.by_service) {
    if (s.service == "eventbridge") eventbridge = s.usd;
  }
  CHECK(eventbridge == Approx(0.02).epsilon(1e-12));
}

TEST_CASE("EventBridge bus: functions put events with a call", "[services][eventbridge]") {
  const Priced p = run_priced(R"(
run_for: 10s
functions:
  emitter:
    duration: 5ms
    cold_start: 0ms
    calls: [{action: put_events, target: bus, count: 2}]
  worker: {duration: 1ms, cold_start: 0ms}
resources:
  bus:
    type: eventbridge
    rules: [{targets: [worker]}]
sources:
  api: {type: invoke, target: emitter, arrivals: {process: constant, rate: 1/s}}
)");
  CHECK(p.result.buses[0].events == 20);
  CHECK(p.result.functions[1].invocations == 20);
  const std::string dot = to_graphviz(build_topology(load_scenario_text(R"(
run_for: 1h
functions:
  emitter: {duration: 5ms, calls: [{action: put_events, target: bus}]}
  worker: {duration: 1ms}
resources:
  bus: {type: eventbridge, rules: [{match: 0.5, targets: [worker]}]}
)",
                                                                        "graph.yaml", {})));
  CHECK(dot.find("shape=parallelogram") != std::string::npos);
  CHECK(dot.find("[label=\"rule 0.5\"]") != std::string::npos);
}

TEST_CASE("EventBridge bus: a loop through a bus is refused (no loop detection there)",
          "[services][eventbridge]") {
  CHECK_THROWS_WITH(load_scenario_text(R"(
run_for: 1h
functions:
  echo: {duration: 5ms, calls: [{action: put_events, target: bus}]}
resources:
  bus: {type: eventbridge, rules: [{targets: [echo]}]}
)",
                                       "loop.yaml", {}),
                    Catch::Contains("illegal cycle"));
}
