// Synchronous invokes from a handler (calls with mode: sync): the caller waits for the callee's
// whole answer, so the callee's cold start and duration add to the caller's duration and bill;
// the caller's SDK retries 429s (three attempts in all, standard retry mode); a callee error or
// a throttle after the last attempt fails the caller; the caller's timeout cuts the wait. Exact
// small timelines, worked out in the comments.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "priced_run.hpp"
#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;

namespace {

using test::Priced;

Priced run_priced(const std::string& yaml, bool drain = false) {
  return test::run_priced(yaml, "sync_invoke_test.yaml", drain);
}

// x86 first-tier GB-s and request prices of the aws book (facts 1.6).
constexpr double kGbSecond = 0.0000166667;
constexpr double kRequest = 0.0000002;

}  // namespace

TEST_CASE("Sync invoke: A -> B bills A for B's cold start and duration", "[services][sync]") {
  // Ten calls, one a second. A works 100 ms, then waits for B. B's first call is a cold start
  // (INIT 200 ms), the others warm: A lasts 100 + 200 + 250 = 550 ms, then 9 x 350 ms.
  // A: 3.7 s x 1 GB = 3.7 GB-s; B (INIT billed, facts 1.6): (450 + 9 x 250) ms x 0.5 GB =
  // 1.35 GB-s. Bill: 5.05 GB-s x $0.0000166667 + 20 requests x $0.0000002.
  const Priced p = run_priced(R"(
run_for: 10s
functions:
  a:
    memory: 1024
    duration: 100ms
    cold_start: 0ms
    keep_alive: 1h
    calls: [{action: invoke, target: b, mode: sync}]
  b: {memory: 512, duration: 250ms, cold_start: 200ms, keep_alive: 1h}
sources:
  api: {type: invoke, target: a, arrivals: {process: constant, rate: 1/s}}
)");
  const FunctionResult& a = p.result.functions[0];
  const FunctionResult& b = p.result.functions[1];
  CHECK(a.invocations == 10);
  CHECK(a.completed == 10);
  CHECK(b.invocations == 10);
  CHECK(b.cold_starts == 1);
  CHECK(b.sync_calls.received == 10);
  CHECK(b.sync_calls.completed == 10);
  CHECK(a.latency.max() == 550'000);
  CHECK(a.latency.min() == 350'000);
  CHECK(p.result.sources[0].latency.max() == 550'000);
  CHECK(p.result.sources[0].completed == 10);
  // Both were running at once: the caller holds its environment while it waits.
  CHECK(a.peak_concurrency == 1);
  CHECK(a.mean_concurrency == Approx(3.7 / 10));
  REQUIRE(p.aws.functions.size() == 2);
  CHECK(p.aws.functions[0].billed_gb_seconds == Approx(3.7).epsilon(1e-12));
  CHECK(p.aws.functions[1].billed_gb_seconds == Approx(1.35).epsilon(1e-12));
  CHECK(p.aws.total_usd == Approx(5.05 * kGbSecond + 20 * kRequest).epsilon(1e-9));
}

TEST_CASE("Sync invoke: calls are made one after the other, count times", "[services][sync]") {
  // A makes two calls to B then one to C: 50 + 2 x 100 + 30 = 280 ms.
  const Priced p = run_priced(R"(
run_for: 1s
functions:
  a:
    duration: 50ms
    cold_start: 0ms
    calls:
      - {action: invoke, target: b, mode: sync, count: 2}
      - {action: invoke, target: c, mode: sync}
  b: {duration: 100ms, cold_start: 0ms}
  c: {duration: 30ms, cold_start: 0ms}
sources:
  api: {type: invoke, target: a, arrivals: {process: constant, rate: 1/h}}
)");
  CHECK(p.result.functions[0].latency.max() == 280'000);
  CHECK(p.result.functions[1].sync_calls.completed == 2);
  CHECK(p.result.functions[2].sync_calls.completed == 1);
  // B ran twice on one environment: the second call found the first's idle one.
  CHECK(p.result.functions[1].environments_created == 1);
}

TEST_CASE("Sync invoke: a callee throttled by its reserved concurrency fails after 3 attempts",
          "[services][sync]") {
  // B has reserved concurrency 1 and runs 1 s. A's first call (t = 0) runs B until 1 s. A's
  // second (t = 100 ms) is throttled; the SDK retries after U[0, 100 ms] and U[0, 200 ms]
  // (full jitter), both before 1 s, both throttled: the call fails after its third attempt,
  // and A ends with a function error at most 400 ms in. (Drained: the retries fall after the
  // last arrival.)
  const Priced p = run_priced(R"(
run_for: 200ms
functions:
  a:
    duration: 0ms
    cold_start: 0ms
    timeout: 10s
    calls: [{action: invoke, target: b, mode: sync}]
  b: {duration: 1s, cold_start: 0ms, reserved_concurrency: 1}
sources:
  api: {type: invoke, target: a, arrivals: {process: constant, rate: 10/s}}
)",
                              /*drain=*/true);
  const FunctionResult& a = p.result.functions[0];
  const FunctionResult& b = p.result.functions[1];
  CHECK(a.invocations == 2);
  CHECK(a.errors == 1);
  CHECK(a.completed == 1);
  CHECK(a.latency.min() <= 300'000);  // the failed one
  CHECK(a.latency.max() == 1'000'000);
  CHECK(b.throttles == 3);
  CHECK(b.sync_calls.received == 2);
  CHECK(b.sync_calls.completed == 1);
  CHECK(b.sync_calls.throttled == 1);
  CHECK(b.sync_calls.retries == 2);
  CHECK(p.result.sources[0].failed == 1);
  CHECK(p.result.sources[0].completed == 1);
}

TEST_CASE("Sync invoke: conservation under throttling, for both functions", "[services][sync]") {
  // 20 calls a second into B (reserved 5, 400 ms): about 12.5 a second can run. Every call B
  // receives ends once; A's invocations that reached their call equal B's received calls;
  // B's throttles are its retries plus its final 429s (three attempts per failed call).
  const Priced p = run_priced(R"(
run_for: 60s
functions:
  a:
    duration: 0ms
    cold_start: 0ms
    timeout: 30s
    calls: [{action: invoke, target: b, mode: sync}]
  b: {duration: 400ms, cold_start: 0ms, reserved_concurrency: 5}
sources:
  api: {type: invoke, target: a, arrivals: {process: poisson, rate: 20/s}}
)");
  const FunctionResult& a = p.result.functions[0];
  const FunctionResult& b = p.result.functions[1];
  const FunctionResult::SyncCalls& c = b.sync_calls;
  CHECK(c.received == a.invocations);
  CHECK(c.completed + c.failed + c.throttled + c.abandoned + c.in_flight_at_end == c.received);
  CHECK(c.throttled > 0);
  CHECK(c.completed == a.completed);
  CHECK(c.throttled == a.errors);
  CHECK(b.throttles == c.retries + c.throttled);
  CHECK(b.invocations == c.completed + b.in_flight_at_end);
  CHECK(a.in_flight_at_end == c.in_flight_at_end);
}

TEST_CASE("Sync invoke: the caller's timeout cuts the wait; the callee runs on",
          "[services][sync]") {
  // A (timeout 1 s) works 100 ms, then waits for B (5 s): A times out at 1 s and is billed 1 s;
  // B ends at 5.1 s, billed 5 s, and its answer is abandoned.
  const Priced p = run_priced(R"(
run_for: 10s
functions:
  a:
    memory: 1024
    duration: 100ms
    cold_start: 0ms
    timeout: 1s
    calls: [{action: invoke, target: b, mode: sync}]
  b: {memory: 1024, duration: 5s, cold_start: 0ms, timeout: 10s}
sources:
  api: {type: invoke, target: a, arrivals: {process: constant, rate: 1/h}}
)");
  const FunctionResult& a = p.result.functions[0];
  const FunctionResult& b = p.result.functions[1];
  CHECK(a.timeouts == 1);
  CHECK(a.latency.max() == 1'000'000);
  CHECK(b.completed == 1);
  CHECK(b.sync_calls.abandoned == 1);
  CHECK(p.aws.functions[0].billed_gb_seconds == Approx(1.0));
  CHECK(p.aws.functions[1].billed_gb_seconds == Approx(5.0));
  CHECK(p.result.sources[0].failed == 1);
}

TEST_CASE("Sync invoke: a callee's error fails the caller at once", "[services][sync]") {
  const Priced p = run_priced(R"(
run_for: 1s
functions:
  a:
    duration: 100ms
    cold_start: 0ms
    calls:
      - {action: invoke, target: b, mode: sync}
      - {action: invoke, target: b, mode: sync}
  b: {duration: 200ms, cold_start: 0ms, error_probability: 1}
sources:
  api: {type: invoke, target: a, arrivals: {process: constant, rate: 1/h}}
)");
  const FunctionResult& a = p.result.functions[0];
  CHECK(a.errors == 1);
  CHECK(a.latency.max() == 300'000);  // the second call is never made
  CHECK(p.result.functions[1].sync_calls.failed == 1);
  CHECK(p.result.functions[1].sync_calls.received == 1);
}

TEST_CASE("Sync invoke: API Gateway's timeout with a waiting handler", "[services][sync]") {
  // REST API, integration timeout 1 s. First: A waits 200 ms for B, answers at 300 ms: the
  // integration deadline must not fire afterwards. Second (B takes 2 s): a 504 at 1 s, while A
  // runs on to 2.1 s and is billed.
  const std::string base = R"(
run_for: 10s
functions:
  a:
    duration: 100ms
    cold_start: 0ms
    timeout: 10s
    calls: [{action: invoke, target: b, mode: sync}]
  b: {duration: BMS, cold_start: 0ms, timeout: 10s}
sources:
  api: {type: api_gateway, flavor: rest, timeout: 1s, target: a, arrivals: {process: constant, rate: 1/h}}
)";
  std::string fast = base;
  fast.replace(fast.find("BMS"), 3, "200ms");
  const Priced f = run_priced(fast);
  CHECK(f.result.sources[0].completed == 1);
  CHECK(f.result.sources[0].timed_out == 0);
  CHECK(f.result.sources[0].latency.max() == 300'000);
  std::string slow = base;
  slow.replace(slow.find("BMS"), 3, "2s");
  const Priced s = run_priced(slow);
  CHECK(s.result.sources[0].timed_out == 1);
  CHECK(s.result.sources[0].completed == 0);
  CHECK(s.result.functions[0].completed == 1);
  CHECK(s.result.functions[0].latency.max() == 2'100'000);
}

TEST_CASE("Sync invoke: a cycle of sync invokes is refused at load, named", "[services][sync]") {
  const std::string yaml = R"(
run_for: 1h
functions:
  a:
    duration: 10ms
    calls: [{action: invoke, target: b, mode: sync}]
  b:
    duration: 10ms
    calls: [{action: invoke, target: a, mode: sync}]
)";
  CHECK_THROWS_WITH(load_scenario_text(yaml, "cycle.yaml", {}),
                    Catch::Contains("illegal cycle a -> b -> a"));
  // The same loop through an async invoke is allowed: Lambda's recursion detection stops it.
  std::string async = yaml;
  async.replace(async.rfind("mode: sync"), 10, "mode: async");
  CHECK_NOTHROW(load_scenario_text(async, "cycle.yaml", {}));
}
