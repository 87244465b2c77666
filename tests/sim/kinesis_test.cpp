// Kinesis data streams and their event source mapping (services/kinesis.hpp,
// services/stream.hpp), against hand computations: shard write limits, in-order processing
// per shard, iterator age under light load and overload, bisect and the retry limit, the
// parallelization factor, retention, and the bill. Every run is under --check (the stream's
// counts add up and every lane's records leave in order after every event).

#include <catch2/catch.hpp>

#include <string>

#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/topology.hpp"

using namespace slsim;

namespace {

ScenarioSpec load(const std::string& yaml) {
  return load_scenario_text(yaml, "kinesis_test.yaml", {});
}

RunResult run_text(const std::string& yaml, bool drain = false) {
  RunOptions options;
  options.check = true;
  options.drain = drain;
  return run_simulation(load(yaml), options);
}

const StreamResult& stream(const RunResult& r, const std::string& name) {
  for (const StreamResult& s : r.streams) {
    if (s.name == name) return s;
  }
  FAIL("no stream " << name);
  return r.streams.front();
}

double meter(const RunResult& r, const std::string& resource, const std::string& name) {
  for (const ResourceUsage& u : r.usage) {
    if (u.resource != resource) continue;
    for (const Meter& m : u.meters) {
      if (m.name == name) return m.quantity;
    }
  }
  FAIL("no meter " << resource << "." << name);
  return 0;
}

// A consumer-less stream fed by `rate` records a second of `size`.
std::string producer_only(int shards, const std::string& rate, const std::string& size) {
  return "run_for: 60s\n"
         "functions:\n  fn: {duration: 10ms}\n"
         "resources:\n  clicks: {type: kinesis, shards: " +
         std::to_string(shards) +
         "}\n"
         "sources:\n  feed: {type: producer, target: clicks, message_size: " +
         size + ", arrivals: {process: constant, rate: " + rate + "}}\n";
}

// Overload or not: 1 shard read by a function taking `duration` per batch of 100.
std::string consumer(const std::string& rate, const std::string& duration, int factor) {
  return "run_for: 60s\n"
         "functions:\n  fn: {duration: " +
         duration +
         ", cold_start: 0ms, timeout: 10s}\n"
         "resources:\n  clicks:\n    type: kinesis\n    shards: 1\n"
         "    consumer: {function: fn, parallelization_factor: " +
         std::to_string(factor) +
         "}\n"
         "sources:\n  feed: {type: producer, target: clicks, arrivals: {process: constant, "
         "rate: " +
         rate + "}}\n";
}

}  // namespace

TEST_CASE("Kinesis: two shards take 2,000 of 3,000 records/s offered", "[kinesis]") {
  // facts 3: 1,000 records/s per shard. Random partition keys spread 3,000/s over 2 shards
  // (about 1,500/s each, both saturated). Accepted in 60 s: 2 x 1,000 x 60 plus the full
  // one-second buckets at the start (2 x 1,000) = 122,000, plus at most the ~0.3 s of capacity
  // the last writes reserve ahead (their SDK retries, 3 attempts) = 600. The rest fails.
  const RunResult r = run_text(producer_only(2, "3000/s", "100B"));
  const StreamResult& s = stream(r, "clicks");
  CHECK(s.writes == 180'000);
  CHECK(s.written >= 121'500);
  CHECK(s.written <= 122'600);
  CHECK(s.failed_writes == s.writes - s.written);
  CHECK(s.throttled_attempts > s.failed_writes);  // refused attempts, retries included
  CHECK(r.sources[0].completed == s.written);
  CHECK(r.sources[0].failed == s.failed_writes);
  CHECK(s.in_stream_at_end == s.written);  // nobody reads, nothing expires in a minute
}

TEST_CASE("Kinesis: a shard takes 1 MiB/s of 4 KiB records (256/s)", "[kinesis]") {
  // facts 3: 1 MB/s per shard (1 MiB): 500 records/s of 4 KiB offer 2 MiB/s; 256 are taken a
  // second: 256 x 60 + 256 (the start bucket) = 15,616, plus up to ~0.3 s reserved (77).
  const RunResult r = run_text(producer_only(1, "500/s", "4KB"));
  const StreamResult& s = stream(r, "clicks");
  CHECK(s.written >= 15'500);
  CHECK(s.written <= 15'700);
}

TEST_CASE("Kinesis: a light load keeps the iterator age under a poll interval", "[kinesis]") {
  // 10 records/s, 10 ms batches: each batch starts at the next 1 s poll, so the last record
  // of a batch is at most ~1 s old when the batch ends (facts 3: IteratorAge).
  const RunResult r = run_text(consumer("10/s", "10ms", 1));
  const StreamResult& s = stream(r, "clicks");
  CHECK(s.iterator_age.max() <= 1'010'000);
  CHECK(s.processed + s.in_stream_at_end == s.written);
  CHECK(s.failed_batches == 0);
}

TEST_CASE("Kinesis: overload grows the iterator age; the factor scales throughput", "[kinesis]") {
  // 200 records/s into 1 shard; batches of 100 take 1 s. Factor 1: one batch at a time,
  // 100 records/s: about 6,000 processed in 60 s, the backlog (and so the age) grows to
  // ~30 s. Factor 4: 4 lanes by key hash, ~50 records/s each, 100/s capacity each: all keep up.
  const RunResult one = run_text(consumer("200/s", "1s", 1));
  const RunResult four = run_text(consumer("200/s", "1s", 4));
  const StreamResult& a = stream(one, "clicks");
  const StreamResult& b = stream(four, "clicks");
  CHECK(a.lanes == 1);
  CHECK(b.lanes == 4);
  CHECK(a.processed >= 5'700);
  CHECK(a.processed <= 6'000);
  CHECK(a.iterator_age.max() > 25'000'000);
  CHECK(b.processed > 11'000);
  CHECK(b.iterator_age.max() < 5'000'000);
  CHECK(one.functions[0].peak_concurrency == 1);
  CHECK(four.functions[0].peak_concurrency <= 4);
}

TEST_CASE("Kinesis: a failing batch blocks its shard, in order, retried each second", "[kinesis]") {
  // Every invocation fails and retries are infinite (the default): nothing is processed, each
  // lane retries its head batch once a poll interval (1 s), and the records wait in order.
  const RunResult r = run_text(R"(
run_for: 60s
functions:
  fn: {duration: 10ms, cold_start: 0ms, error_probability: 1}
resources:
  clicks:
    type: kinesis
    shards: 2
    consumer: {function: fn}
sources:
  feed: {type: producer, target: clicks, arrivals: {process: constant, rate: 10/s}}
)");
  const StreamResult& s = stream(r, "clicks");
  CHECK(s.processed == 0);
  CHECK(s.to_destination + s.dropped == 0);
  CHECK(s.in_stream_at_end == s.written);
  // Two lanes, each failing about once a second from its first record on.
  CHECK(s.failed_batches >= 110);
  CHECK(s.failed_batches <= 120);
}

TEST_CASE("Kinesis: bisect isolates each bad record; the retry limit discards it", "[kinesis]") {
  // Bad records (1 %), bisect on, no retries: a batch holding a bad record splits down to the
  // bad record alone, which fails once and goes to the on-failure queue (its metadata). With
  // --drain nothing stays in the stream: exactly the bad records are discarded.
  const RunResult r = run_text(R"(
run_for: 60s
functions:
  fn: {duration: 10ms, cold_start: 0ms}
resources:
  failed: {type: sqs}
  clicks:
    type: kinesis
    shards: 1
    consumer:
      function: fn
      bisect_batch_on_function_error: true
      maximum_retry_attempts: 0
      item_failure_probability: 0.01
      on_failure: failed
sources:
  feed: {type: producer, target: clicks, arrivals: {process: constant, rate: 50/s}}
)",
                               /*drain=*/true);
  const StreamResult& s = stream(r, "clicks");
  REQUIRE(s.bad_records > 10);
  CHECK(s.in_stream_at_end == 0);
  CHECK(s.to_destination == s.bad_records);
  CHECK(s.destination_messages == s.bad_records);
  CHECK(s.processed == s.written - s.bad_records);
  CHECK(r.queues[0].sent == s.destination_messages);
}

TEST_CASE("Kinesis: without bisect a bad batch is tried 1 + maximum_retry_attempts times",
          "[kinesis]") {
  // Retry limit 2: a batch with a bad record fails 3 times, then is discarded whole (no
  // destination: dropped). Function errors never happen, so failures come in threes.
  const RunResult r = run_text(R"(
run_for: 60s
functions:
  fn: {duration: 10ms, cold_start: 0ms}
resources:
  clicks:
    type: kinesis
    shards: 1
    consumer: {function: fn, maximum_retry_attempts: 2, item_failure_probability: 0.005}
sources:
  feed: {type: producer, target: clicks, arrivals: {process: constant, rate: 50/s}}
)",
                               /*drain=*/true);
  const StreamResult& s = stream(r, "clicks");
  REQUIRE(s.bad_records > 3);
  CHECK(s.to_destination == 0);
  CHECK(s.dropped > s.bad_records);  // whole batches, good records with the bad
  CHECK(s.failed_batches % 3 == 0);
  CHECK(s.processed + s.dropped == s.written);
}

TEST_CASE("Kinesis: a partial batch response checkpoints the records before the bad one",
          "[kinesis]") {
  // With report_batch_item_failures and a retry limit of 0, each failure discards the batch
  // from the first bad record on; the records before it are processed.
  const std::string base = R"(
run_for: 60s
functions:
  fn: {duration: 10ms, cold_start: 0ms}
resources:
  clicks:
    type: kinesis
    shards: 1
    consumer: {function: fn, maximum_retry_attempts: 0, item_failure_probability: 0.01,
               report_batch_item_failures: REPORT}
sources:
  feed: {type: producer, target: clicks, arrivals: {process: constant, rate: 50/s}}
)";
  auto with = [&](const char* report) {
    std::string text = base;
    text.replace(text.find("REPORT"), 6, report);
    return run_text(text, /*drain=*/true);
  };
  const RunResult plain = with("false");
  const RunResult partial = with("true");
  CHECK(stream(partial, "clicks").processed > stream(plain, "clicks").processed);
  CHECK(stream(partial, "clicks").bad_records == stream(plain, "clicks").bad_records);
}

TEST_CASE("Kinesis: records past the retention period expire", "[kinesis]") {
  // No consumer; one record a minute for 25 h with the default 24 h retention. A record
  // expires when a later write finds it 24 h old: the 60 written in the first hour.
  const RunResult r = run_text(R"(
run_for: 25h
functions:
  fn: {duration: 10ms}
resources:
  clicks: {type: kinesis, shards: 1}
sources:
  feed: {type: producer, target: clicks, partition_keys: 1,
         arrivals: {process: constant, rate: 1/min}}
)");
  const StreamResult& s = stream(r, "clicks");
  CHECK(s.written == 1'500);
  CHECK(s.expired >= 59);
  CHECK(s.expired <= 61);
  CHECK(s.in_stream_at_end == s.written - s.expired);
}

TEST_CASE("Kinesis: provisioned and on-demand bills by hand", "[kinesis][pricing]") {
  // 1 h, 10 records/s of 30 KB: 36,000 records. Provisioned, 2 shards: 2 shard-hours x $0.015
  // + 36,000 x 2 payload units (25 KB chunks) x $0.014/M = $0.030 + $0.001008 (facts 3).
  // On demand: 1 stream-hour x $0.04 + 36,000 x 30 KB written x $0.08/GB (KB = 1,024 B,
  // GB = 2^30 B) and nothing read.
  const std::string text = R"(
run_for: 1h
functions:
  fn: {duration: 10ms}
resources:
  clicks: {type: kinesis, MODE}
sources:
  feed: {type: producer, target: clicks, message_size: 30KB,
         arrivals: {process: constant, rate: 10/s}}
)";
  auto bill = [&](const char* mode) {
    std::string t = text;
    t.replace(t.find("MODE"), 4, mode);
    const ScenarioSpec spec = load(t);
    RunOptions options;
    options.check = true;
    const RunResult r = run_simulation(spec, options);
    const BookCost c = compute_costs(spec, r, load_price_books(spec), CostOptions{}).at(0);
    for (const ServiceCost& s : c.by_service) {
      if (s.service == "kinesis") return std::make_pair(r, s.usd);
    }
    FAIL("no kinesis cost");
    return std::make_pair(r, 0.0);
  };
  const auto [provisioned, p_usd] = bill("shards: 2");
  CHECK(meter(provisioned, "clicks", "shard_hours") == Approx(2.0));
  CHECK(meter(provisioned, "clicks", "put_payload_units") == 72'000);
  CHECK(p_usd == Approx(0.030 + 72'000 * 0.014 / 1e6).epsilon(1e-9));
  const auto [on_demand, d_usd] = bill("mode: on_demand");
  const double gb = 36'000.0 * 30 / (1024.0 * 1024.0);
  CHECK(meter(on_demand, "clicks", "on_demand_gb_written") == Approx(gb));
  CHECK(d_usd == Approx(0.04 + gb * 0.08).epsilon(1e-9));
}

TEST_CASE("Kinesis: a function's kinesis_put is throttled, retried and lengthens it", "[kinesis]") {
  // 300 invocations/s each putting 10 records into one shard: 3,000 records/s offered, 1,000
  // taken. Failed writes make the invocation fail (the SDK raised); the retries' backoffs add
  // to the handler's duration.
  const RunResult r = run_text(R"(
run_for: 20s
functions:
  fn:
    duration: 10ms
    cold_start: 0ms
    calls: [{action: kinesis_put, target: clicks, count: 10, size: 200B}]
resources:
  clicks: {type: kinesis, shards: 1}
sources:
  api: {type: invoke, target: fn, arrivals: {process: constant, rate: 300/s}}
)");
  const StreamResult& s = stream(r, "clicks");
  CHECK(s.writes == 60'000);
  CHECK(s.written <= 21'300);
  CHECK(s.written >= 20'500);
  CHECK(r.functions[0].errors > 0);
  CHECK(r.functions[0].latency.max() > 10'000);
}

TEST_CASE("Kinesis: the graph shows producer -> stream -> consumer -> on_failure", "[kinesis]") {
  const ScenarioSpec spec = load(R"(
run_for: 1m
functions:
  fn: {duration: 10ms}
resources:
  failed: {type: sns}
  clicks:
    type: kinesis
    shards: 2
    consumer: {function: fn, batch_size: 500, on_failure: failed}
sources:
  feed: {type: producer, target: clicks, arrivals: {process: constant, rate: 1/s}}
)");
  const std::string dot = to_graphviz(build_topology(spec));
  CHECK(dot.find("[label=\"clicks\", shape=cds]") != std::string::npos);
  CHECK(dot.find("[label=\"batch 500\"]") != std::string::npos);
  CHECK(dot.find("[label=\"on_failure\"]") != std::string::npos);
  CHECK(dot.find("[label=\"put\"]") != std::string::npos);
}
