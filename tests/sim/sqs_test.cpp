// SQS queues and their event source mapping (services/sqs.hpp): exact small timelines worked
// out by hand in the comments (batching window, visibility-timeout redelivery, the redrive to a
// dead-letter queue, poller scale-up, FIFO groups), and the M/M/c validation against Erlang C.
// Every timeline runs under --check (the invariants hold after every event).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/topology.hpp"

using namespace slsim;

namespace {

RunResult run_text(const std::string& yaml, bool check = true, bool drain = false) {
  const ScenarioSpec spec = load_scenario_text(yaml, "sqs_test.yaml", {});
  RunOptions options;
  options.check = check;
  options.drain = drain;
  return run_simulation(spec, options);
}

const QueueResult& queue(const RunResult& r, const std::string& name) {
  for (const QueueResult& q : r.queues) {
    if (q.name == name) return q;
  }
  FAIL("no queue " << name);
  return r.queues.front();
}

// Erlang C: the probability that an arrival waits in M/M/c with offered load A = lambda/mu,
// from Erlang B by its stable recurrence: C = c B / (c - A (1 - B)).
double erlang_c(int servers, double offered_load) {
  double b = 1.0;
  for (int k = 1; k <= servers; ++k)
    b = offered_load * b / (k + offered_load * b);
  return servers * b / (servers - offered_load * (1 - b));
}

}  // namespace

TEST_CASE("SQS: the batching window holds a batch until it ends", "[sqs]") {
  // One message a second at t = 0, 1, ..., 9. Batch size 10, window 2 s: the first message
  // opens a window to t=2; at t=2 the window event (pushed at t=0) runs before the arrival of
  // t=2 (pushed at t=1), so batches {0,1}, {2,3}, {4,5}, {6,7} start at t = 2, 4, 6, 8 and
  // messages 8, 9 wait for the window of t=10, the end of the run. Waits: 2 s and 1 s each.
  const RunResult r = run_text(R"(
run_for: 10s
functions:
  worker: {duration: 100ms, cold_start: 0ms, keep_alive: 1h}
resources:
  jobs:
    type: sqs
    consumer: {function: worker, batch_size: 10, batching_window: 2s}
sources:
  feed: {type: producer, target: jobs, arrivals: {process: constant, rate: 1/s}}
)");
  const QueueResult& q = queue(r, "jobs");
  CHECK(q.sent == 10);
  CHECK(q.batches == 4);
  CHECK(q.deleted == 8);
  CHECK(q.in_queue_at_end == 2);
  CHECK(q.mean_wait_seconds == Approx(1.5).epsilon(1e-12));
  CHECK(q.waited_fraction == 1.0);
  CHECK(r.functions[0].invocations == 4);
}

TEST_CASE("SQS: a full batch does not wait for the window", "[sqs]") {
  // Batch size 2, window 10 s: message 0 opens a window, message 1 fills the batch at t=1,
  // and so on: 5 batches, waits 1 s and 0 s.
  const RunResult r = run_text(R"(
run_for: 10s
functions:
  worker: {duration: 100ms, cold_start: 0ms, keep_alive: 1h}
resources:
  jobs:
    type: sqs
    consumer: {function: worker, batch_size: 2, batching_window: 10s}
sources:
  feed: {type: producer, target: jobs, arrivals: {process: constant, rate: 1/s}}
)");
  const QueueResult& q = queue(r, "jobs");
  CHECK(q.batches == 5);
  CHECK(q.deleted == 10);
  CHECK(q.mean_wait_seconds == Approx(0.5).epsilon(1e-12));
  CHECK(q.waited_fraction == 0.5);
}

TEST_CASE("SQS: a failed message reappears after the visibility timeout, then goes to the DLQ",
          "[sqs]") {
  // One message at t=0; the worker always fails after 1 s. Visibility timeout 30 s counted from
  // each receive: receives at t = 0, 30, 60; at t=90 it has been received max_receive_count = 3
  // times and moves to the DLQ, whose reader receives it at once: its age is 90 s (the DLQ keeps
  // the original enqueue time).
  const RunResult r = run_text(R"(
run_for: 100s
functions:
  worker: {duration: 1s, cold_start: 0ms, keep_alive: 1h, error_probability: 1}
  reader: {duration: 1ms, cold_start: 0ms, keep_alive: 1h}
resources:
  jobs:
    type: sqs
    visibility_timeout: 30s
    max_receive_count: 3
    dead_letter: jobs-dlq
    consumer: {function: worker, batch_size: 1}
  jobs-dlq:
    type: sqs
    consumer: {function: reader}
sources:
  feed: {type: producer, target: jobs, arrivals: {process: constant, rate: 1/100s}}
)");
  const QueueResult& q = queue(r, "jobs");
  CHECK(q.sent == 1);
  CHECK(q.received == 3);
  CHECK(q.batches == 3);
  CHECK(q.failed_batches == 3);
  CHECK(q.deleted == 0);
  CHECK(q.dead_lettered == 1);
  CHECK(q.max_age_at_receive == Duration::seconds(60));
  CHECK(r.functions[0].errors == 3);
  CHECK(r.functions[0].timeouts == 0);
  const QueueResult& dlq = queue(r, "jobs-dlq");
  CHECK(dlq.sent == 1);
  CHECK(dlq.deleted == 1);
  CHECK(dlq.mean_wait_seconds == Approx(90.0).epsilon(1e-12));
}

TEST_CASE("SQS: pollers start at 5 and add 300 a minute (60 with legacy scaling)", "[sqs]") {
  // 1,000 messages/s from t=0, each batch (one message: no window, so a batch takes what is
  // visible) runs 10 min. Batches start at t = 0..4 ms; at 5 ms all 5 pollers are busy, so a
  // scale-up check runs at 1.005 s, 2.005 s, ..., 59.005 s: 59 steps of +5 (current) or +1
  // (legacy): 300 or 64 concurrent batches after the first minute.
  const std::string scenario = R"(
run_for: 60s
functions:
  worker: {duration: 10m, timeout: 15m, cold_start: 0ms, keep_alive: 1h}
resources:
  jobs:
    type: sqs
    visibility_timeout: 1h
    consumer: {function: worker}
sources:
  feed: {type: producer, target: jobs, arrivals: {process: constant, rate: 1000/s}}
)";
  const RunResult current = run_text(scenario, /*check=*/false);
  CHECK(queue(current, "jobs").peak_pollers == 300);
  CHECK(current.functions[0].peak_concurrency == 300);
  const RunResult legacy = run_text(scenario + "account: {scaling: legacy}\n", false);
  CHECK(queue(legacy, "jobs").peak_pollers == 64);
  CHECK(legacy.functions[0].peak_concurrency == 64);
}

TEST_CASE("SQS: maximum concurrency caps the pollers", "[sqs]") {
  const RunResult r = run_text(R"(
run_for: 60s
functions:
  worker: {duration: 10m, timeout: 15m, cold_start: 0ms, keep_alive: 1h}
resources:
  jobs:
    type: sqs
    visibility_timeout: 1h
    consumer: {function: worker, maximum_concurrency: 12}
sources:
  feed: {type: producer, target: jobs, arrivals: {process: constant, rate: 1000/s}}
)",
                               false);
  CHECK(queue(r, "jobs").peak_pollers == 12);
  CHECK(r.functions[0].peak_concurrency == 12);
}

TEST_CASE("SQS FIFO: one batch in flight per message group", "[sqs]") {
  const std::string scenario = R"(
run_for: 20s
functions:
  worker: {duration: 1s, cold_start: 0ms, keep_alive: 1h}
resources:
  jobs:
    type: sqs
    fifo: true
    consumer: {function: worker, batch_size: 1, maximum_concurrency: 10}
sources:
  feed: {type: producer, target: jobs, arrivals: {process: constant, rate: 50/s}, message_groups: GROUPS}
)";
  const auto with_groups = [&](int groups) {
    std::string text = scenario;
    text.replace(text.find("GROUPS"), 6, std::to_string(groups));
    return run_text(text);
  };
  // One group: strictly one message at a time, 1 s each: 20 batches in 20 s.
  const RunResult one = with_groups(1);
  CHECK(one.functions[0].peak_concurrency == 1);
  CHECK(queue(one, "jobs").batches == 20);
  // Three groups (messages spread at random): at most three at a time.
  const RunResult three = with_groups(3);
  CHECK(three.functions[0].peak_concurrency == 3);
  CHECK(queue(three, "jobs").batches == 60);
}

TEST_CASE("SQS: a partial batch response returns only the failed messages", "[sqs]") {
  // Each message fails independently with p = 0.2 and is redelivered until it succeeds (the
  // DLQ is out of reach): receives per message are geometric, mean 1 / (1 - p) = 1.25. Without
  // a partial batch response every failure returns the whole batch of 10, so the receives per
  // message are far higher. 20,000 messages: the mean is within 2% (its standard error is
  // about 0.4%).
  const std::string scenario = R"(
run_for: 2000s
functions:
  worker: {duration: 100ms, cold_start: 0ms, keep_alive: 1h}
resources:
  jobs:
    type: sqs
    visibility_timeout: 10s
    max_receive_count: 1000
    dead_letter: dlq
    consumer:
      function: worker
      batch_size: 10
      batching_window: 5s
      item_failure_probability: 0.2
      report_batch_item_failures: REPORT
  dlq: {type: sqs}
sources:
  feed: {type: producer, target: jobs, arrivals: {rate: 10/s}}
)";
  const auto run_with = [&](const char* report) {
    std::string text = scenario;
    text.replace(text.find("REPORT"), 6, report);
    return run_text(text, /*check=*/false, /*drain=*/true);
  };
  const QueueResult partial = queue(run_with("true"), "jobs");
  CHECK(partial.deleted == partial.sent);
  CHECK(static_cast<double>(partial.received) / static_cast<double>(partial.deleted) ==
        Approx(1.25).epsilon(0.02));
  const QueueResult whole = queue(run_with("false"), "jobs");
  CHECK(whole.deleted == whole.sent);
  CHECK(static_cast<double>(whole.received) / static_cast<double>(whole.deleted) > 2.0);
}

TEST_CASE("Validation: an SQS-fed function with maximum concurrency c is M/M/c (Erlang C)",
          "[slow][sqs]") {
  // Poisson messages at lambda = 8/s, batch size 1, exponential handler times with mean
  // 1/mu = 1 s, maximum concurrency c = 10 (and no cold starts): an M/M/c queue. Erlang C gives
  // P(wait) = 0.409 and Wq = C / (c mu - lambda) = 0.205 s. 400,000 s: 3.2 million messages.
  // The pollers need 1 s to grow from 5 to 10, negligible here. Tolerances: P(wait) within 0.01
  // absolute, Wq within 5%: waits are strongly correlated in time (the queue relaxes over
  // ~10 s), and over six seeds at this length Wq spread 0.200..0.210 (sd ~2%), P(wait)
  // 0.406..0.411.
  const RunResult r = run_text(R"(
run_for: 400000s
seed: 11
functions:
  worker:
    duration: {dist: exponential, mean: 1s}
    timeout: 60s
    cold_start: 0ms
    keep_alive: 1h
resources:
  jobs:
    type: sqs
    visibility_timeout: 6m
    consumer: {function: worker, batch_size: 1, maximum_concurrency: 10}
sources:
  feed: {type: producer, target: jobs, arrivals: {process: poisson, rate: 8/s}}
)",
                               false);
  const double lambda = 8;
  const double mu = 1;
  const int c = 10;
  const double p_wait = erlang_c(c, lambda / mu);
  const double wq = p_wait / (c * mu - lambda);
  REQUIRE(p_wait == Approx(0.409).margin(0.001));  // the issue's figures
  REQUIRE(wq == Approx(0.205).margin(0.001));
  const QueueResult& q = queue(r, "jobs");
  CHECK(q.waited_fraction == Approx(p_wait).margin(0.01));
  CHECK(q.mean_wait_seconds == Approx(wq).epsilon(0.05));
  // Little's law on the function: mean concurrency = lambda / mu.
  CHECK(r.functions[0].mean_concurrency == Approx(lambda / mu).epsilon(0.01));
}

TEST_CASE("SQS loader: AWS defaults, and the wiring as topology links", "[sqs][loader]") {
  const ScenarioSpec spec = load_scenario_text(R"(
run_for: 1h
functions:
  worker:
    duration: 80ms
    async: {on_failure: jobs}
resources:
  jobs:
    type: sqs
    max_receive_count: 5
    dead_letter: dlq
    consumer: {function: worker}
  dlq: {type: sqs}
sources:
  feed: {type: producer, target: jobs, arrivals: {rate: 1/s}}
)",
                                               "defaults.yaml", {});
  REQUIRE(spec.queues.size() == 2);
  const QueueSpec& q = spec.queues[0];
  CHECK_FALSE(q.fifo);
  CHECK(q.visibility_timeout == Duration::seconds(30));  // facts 2
  CHECK(q.retention == Duration::hours(4 * 24));         // facts 2
  CHECK(q.dead_letter_index == 1);
  REQUIRE(q.consumer);
  CHECK(q.consumer->batch_size == 10);  // facts 2
  CHECK(q.consumer->batching_window == Duration{0});
  CHECK(q.consumer->maximum_concurrency == 0);
  CHECK_FALSE(q.consumer->report_batch_item_failures);
  CHECK(spec.functions[0].async.on_failure_queue == 0);
  CHECK(spec.sources[0].message_size == 1024);
  // The function's failures go to the queue it consumes: legal (a bounded loop), so the cycle
  // check leaves on_failure links out.
  const Topology t = build_topology(spec);
  std::vector<std::string> links;
  for (const auto e : boost::make_iterator_range(boost::edges(t.graph))) {
    links.push_back(t.graph[boost::source(e, t.graph)].name + " " + to_string(t.graph[e].kind) +
                    " " + t.graph[boost::target(e, t.graph)].name);
  }
  std::sort(links.begin(), links.end());
  CHECK(links == std::vector<std::string>{"feed sends jobs", "jobs sends dlq",
                                          "jobs triggers worker", "worker on_failure jobs"});
}
