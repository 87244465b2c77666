// Lambda's async semantics completed (errors, retries, on-failure destinations, the internal
// queue's depth and event age), SNS fan-out and delivery policy, and function calls: exact small
// timelines worked out in the comments, and counts against binomial truth.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "slsim/scenario_loader.hpp"
#include "slsim/services/sns.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;

namespace {

RunResult run_text(const std::string& yaml, bool check = true) {
  const ScenarioSpec spec = load_scenario_text(yaml, "services_test.yaml", {});
  RunOptions options;
  options.check = check;
  return run_simulation(spec, options);
}

std::string with(std::string text, const std::string& key, const std::string& value) {
  text.replace(text.find(key), key.size(), value);
  return text;
}

}  // namespace

TEST_CASE("Async: a failing event is retried after ~1 and ~2 min, then sent to the destination",
          "[services][async]") {
  // One async event at t=0; every attempt fails after 1 s. Attempts at 0, 1+60 = 61 and
  // 62+120 = 182; the third fails at 183 and the event goes to the on-failure queue then.
  const std::string scenario = R"(
run_for: RUN
functions:
  fn:
    duration: 1s
    cold_start: 0ms
    keep_alive: 1h
    error_probability: 1
    async: {on_failure: failures}
resources:
  failures: {type: sqs}
sources:
  events: {type: invoke, mode: async, target: fn, arrivals: {process: constant, rate: 1/1h}}
)";
  const RunResult before = run_text(with(scenario, "RUN", "183s"));
  CHECK(before.functions[0].invocations == 3);
  CHECK(before.functions[0].errors == 2);
  CHECK(before.functions[0].in_flight_at_end == 1);
  CHECK(before.sources[0].in_flight_at_end == 1);
  CHECK(before.queues[0].sent == 0);
  const RunResult after = run_text(with(scenario, "RUN", "184s"));
  CHECK(after.functions[0].errors == 3);
  CHECK(after.functions[0].timeouts == 0);
  CHECK(after.functions[0].to_destination == 1);
  CHECK(after.functions[0].dropped == 0);
  CHECK(after.sources[0].to_destination == 1);
  CHECK(after.queues[0].sent == 1);
}

TEST_CASE("Errors and timeouts are told apart; a sync caller sees both as failures",
          "[services][async]") {
  // Handler 5 s against a 3 s timeout: every invocation times out, so error_probability 1
  // never shows as an error.
  const RunResult r = run_text(R"(
run_for: 10s
functions:
  slow: {duration: 5s, cold_start: 0ms, error_probability: 1}
  flaky: {duration: 1s, cold_start: 0ms, error_probability: 1}
sources:
  a: {type: invoke, target: slow, arrivals: {process: constant, rate: 1/s}}
  b: {type: invoke, target: flaky, arrivals: {process: constant, rate: 1/s}}
)");
  CHECK(r.functions[0].timeouts == 7);  // started at 0..6 s, cut at 3 s
  CHECK(r.functions[0].errors == 0);
  CHECK(r.functions[1].errors == 9);  // started at 0..8 s, ended by 9 s
  CHECK(r.functions[1].timeouts == 0);
  CHECK(r.sources[0].failed == 7);
  CHECK(r.sources[1].failed == 9);
}

TEST_CASE("Async: the internal queue's depth and the event age of a throttled event",
          "[services][async]") {
  // Reserved concurrency 1, handler 15 s; events at 0, 10, 20, 30 s; retries of a throttled
  // event after 1, 2, 4, 8 s. Event 0 runs 0..15. Event 10 is tried at 10, 11, 13, 17: runs
  // 17..32 (age 7 s). Event 20 is tried at 20, 21, 23, 27, 35 (busy), 51...: still waiting at
  // 40. Event 30 is tried at 30, 31, 33: runs from 33 (age 3 s). Started: 3, oldest age 7 s.
  // Waiting on the internal queue: 10..17, 20..40 and 30..33 (two at once over 30..33): 30 s of
  // depth over the 40 s run, mean 0.75, peak 2.
  const RunResult r = run_text(R"(
run_for: 40s
functions:
  fn: {duration: 15s, timeout: 20s, cold_start: 0ms, keep_alive: 1h, reserved_concurrency: 1}
sources:
  events: {type: invoke, mode: async, target: fn, arrivals: {process: constant, rate: 1/10s}}
)");
  const FunctionResult& f = r.functions[0];
  CHECK(f.async_event_age.max() == 7'000'000);
  CHECK(f.async_event_age.count() == 3);
  CHECK(f.peak_async_queue == 2);
  CHECK(f.mean_async_queue == Approx(0.75).epsilon(1e-12));
  CHECK(f.throttles == 3 + 5 + 2);  // refused tries of events 10, 20, 30
}

TEST_CASE("SNS: the delivery policy has 100,015 retries over about 23 days", "[services][sns]") {
  CHECK(SnsTopic::retry_delay(1) == Duration{0});
  CHECK(SnsTopic::retry_delay(3) == Duration{0});
  CHECK(SnsTopic::retry_delay(4) == Duration::seconds(1));
  CHECK(SnsTopic::retry_delay(5) == Duration::seconds(1));
  CHECK(SnsTopic::retry_delay(6) == Duration::seconds(1));
  CHECK(SnsTopic::retry_delay(7) == Duration::seconds(2));
  CHECK(SnsTopic::retry_delay(10) == Duration::seconds(16));
  CHECK(SnsTopic::retry_delay(11) == Duration::seconds(20));
  CHECK(SnsTopic::retry_delay(100'015) == Duration::seconds(20));
  CHECK_FALSE(SnsTopic::retry_delay(100'016));
  std::int64_t total = 0;
  for (std::uint32_t k = 1; SnsTopic::retry_delay(k); ++k)
    total += SnsTopic::retry_delay(k)->us;
  CHECK(total / 1e6 / 86'400 == Approx(23.15).margin(0.01));  // facts 4: "over 23 days"
}

TEST_CASE("SNS: fan-out to every subscription, filters as match probabilities", "[services][sns]") {
  // 20,000 publishes. `all` takes every message; `some` matches 30%: its count is binomial
  // (sd 65), so within 1% of 6,000 absolute is more than 3 sd.
  const RunResult r = run_text(R"(
run_for: 2000s
functions:
  audit: {duration: 10ms, cold_start: 0ms}
resources:
  events:
    type: sns
    subscriptions:
      - {protocol: sqs, target: all}
      - {protocol: sqs, target: some, filter_match: 0.3}
      - {protocol: lambda, target: audit}
      - {protocol: http, target: partner}
  all: {type: sqs}
  some: {type: sqs}
sources:
  shop: {type: producer, target: events, arrivals: {process: constant, rate: 10/s}}
)",
                               false);
  REQUIRE(r.topics.size() == 1);
  CHECK(r.topics[0].published == 20'000);
  CHECK(r.queues[0].sent == 20'000);
  CHECK(static_cast<double>(r.queues[1].sent) == Approx(6'000).margin(200));
  CHECK(r.topics[0].http_deliveries == 20'000);
  CHECK(r.topics[0].deliveries == 3 * 20'000 + r.queues[1].sent);
  CHECK(r.topics[0].filtered_out == 20'000 - r.queues[1].sent);
  const FunctionResult::Events& e = r.functions[0].events;
  CHECK(e.received == 20'000);
  CHECK(e.completed + e.in_flight_at_end == 20'000);
}

TEST_CASE("Calls: a sync call's latency adds to the caller's duration and bill",
          "[services][calls]") {
  // Handler 100 ms plus two SendMessage calls of 50 ms: 200 ms per invocation, 10 invocations;
  // each sends two messages to the queue.
  const RunResult r = run_text(R"(
run_for: 10s
functions:
  fn:
    duration: 100ms
    cold_start: 0ms
    calls: [{action: sqs_send, target: out, count: 2, latency: 50ms}]
resources:
  out: {type: sqs}
sources:
  api: {type: invoke, target: fn, arrivals: {process: constant, rate: 1/s}}
)");
  const FunctionResult& f = r.functions[0];
  CHECK(f.invocations == 10);
  CHECK(f.latency.max() == 200'000);
  CHECK(f.billing[0].on_demand_us_handler == 10 * 200'000);
  CHECK(r.queues[0].sent == 20);
}

TEST_CASE("Calls: async invokes fan out to workers with a probability", "[services][calls]") {
  // 1,000 master invocations, each invoking the worker 10 times with probability 0.5: the
  // number of masters that call is binomial(1000, 0.5) (sd 16), so 5,000 +- 500 invokes.
  const RunResult r = run_text(R"(
run_for: 1000s
functions:
  master:
    duration: 10ms
    cold_start: 0ms
    calls: [{action: invoke, target: worker, count: 10, probability: 0.5}]
  worker: {duration: 10ms, cold_start: 0ms}
sources:
  jobs: {type: invoke, target: master, arrivals: {process: constant, rate: 1/s}}
)");
  const FunctionResult::Events& e = r.functions[1].events;
  CHECK(e.received % 10 == 0);
  CHECK(static_cast<double>(e.received) == Approx(5'000).margin(500));
  CHECK(r.functions[1].invocations == e.completed + e.in_flight_at_end);
}
