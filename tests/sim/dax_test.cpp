// DynamoDB Accelerator (DAX) in front of a table: read units against the binomial truth of the
// hit ratio, strongly consistent reads passed through, a provisioned table relieved of its
// throttling, exact latencies with fixed distributions, a hand-computed node-hour bill.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "priced_run.hpp"
#include "slsim/report.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;

namespace {

// Loaded, run under the invariant check (DAX's reads = hits + misses + pass-throughs), priced.
RunResult run_text(const std::string& yaml) {
  return test::run_priced(yaml, "dax_test.yaml", false).result;
}

std::string with(std::string text, const std::string& key, const std::string& value) {
  text.replace(text.find(key), key.size(), value);
  return text;
}

// 100 eventually consistent 1 KB reads a second for 100 s: 10,000 reads of half an RCU each.
const std::string kReads = R"(
run_for: 100s
functions:
  fn:
    duration: 1ms
    cold_start: 0ms
    keep_alive: 1h
    calls: [{action: dynamodb_read, target: items, size: 1KB}]
resources:
  items: {type: dynamodb, latency: 0ms DAX}
sources:
  api: {type: invoke, target: fn, arrivals: {process: constant, rate: 100/s}}
)";

}  // namespace

TEST_CASE("DAX: hits consume no read units, misses their full units (binomial truth)",
          "[services][dynamodb][dax]") {
  const RunResult bare = run_text(with(kReads, " DAX", ""));
  REQUIRE(bare.tables[0].reads == 10'000);
  CHECK(bare.tables[0].read_units == 5'000);
  CHECK_FALSE(bare.tables[0].dax);

  const RunResult cached =
      run_text(with(kReads, " DAX", ", dax: {hit_ratio: 0.8, node_type: dax.r5.large}"));
  const TableResult& t = cached.tables[0];
  REQUIRE(t.dax);
  CHECK(t.reads == 10'000);
  CHECK(t.dax->item_hits + t.dax->item_misses == 10'000);
  CHECK(t.dax->query_hits + t.dax->query_misses + t.dax->passed_through == 0);
  // Misses ~ Binomial(10,000, 0.2): mean 2,000, sd 40; 4 sd = 160.
  CHECK(std::abs(static_cast<double>(t.dax->item_misses) - 2'000) < 160);
  // Each miss reads half an RCU from the table: (1 - h) x the uncached 5,000, within 4 sd x 0.5.
  CHECK(t.read_units == 0.5 * static_cast<double>(t.dax->item_misses));
  CHECK(std::abs(t.read_units - 0.2 * bare.tables[0].read_units) < 80);
  CHECK(t.dax->nodes == 3);
  CHECK(t.dax->node_type == "dax.r5.large");
}

TEST_CASE("DAX: a ratio of 1 serves every eventual read; strongly consistent reads pass through",
          "[services][dynamodb][dax]") {
  // Per invocation: an eventually consistent 1 KB read (item cache), a strongly consistent one
  // (1 RCU at the table, never cached), and an eventually consistent query of 20 items of 500 B
  // (10,000 B = 3 units, halved to 1.5 RCU) which the query cache never holds here.
  const std::string scenario = R"(
run_for: 100s
functions:
  fn:
    duration: 1ms
    cold_start: 0ms
    keep_alive: 1h
    calls:
      - {action: dynamodb_read, target: items, size: 1KB}
      - {action: dynamodb_read, target: items, size: 1KB, consistent: true}
      - {action: dynamodb_query, target: items, size: 500B, items: 20}
resources:
  items:
    type: dynamodb
    latency: 0ms
    dax: {hit_ratio: 1, query_hit_ratio: 0, node_type: dax.t3.small, nodes: 1}
sources:
  api: {type: invoke, target: fn, arrivals: {process: constant, rate: 10/s}}
)";
  const RunResult r = run_text(scenario);
  const TableResult& t = r.tables[0];
  REQUIRE(t.dax);
  CHECK(t.reads == 3'000);
  CHECK(t.dax->item_hits == 1'000);
  CHECK(t.dax->item_misses == 0);
  CHECK(t.dax->passed_through == 1'000);
  CHECK(t.dax->query_hits == 0);
  CHECK(t.dax->query_misses == 1'000);
  CHECK(t.read_units == 1'000 * 1.0 + 1'000 * 1.5);
}

TEST_CASE("DAX: a provisioned table that throttles without a cache does not with one",
          "[services][dynamodb][dax]") {
  // 5 RCU provisioned, 20 eventually consistent 4 KB reads a second = 10 RCU/s. The burst bank
  // (300 s x 5 = 1,500 RCU) drains at 5 RCU/s and is empty after 300 s: the 600 s run throttles.
  // With 80 % hits, ~4 misses/s = ~2 RCU/s: under the provisioned 5, the bank never drains.
  const std::string scenario = R"(
run_for: 600s
functions:
  fn:
    duration: 1ms
    timeout: 60s
    cold_start: 0ms
    keep_alive: 1h
    calls: [{action: dynamodb_read, target: items, size: 4KB}]
resources:
  items: {type: dynamodb, mode: provisioned, read_capacity: 5, write_capacity: 1, latency: 0ms DAX}
sources:
  api: {type: invoke, target: fn, arrivals: {process: constant, rate: 20/s}}
)";
  const RunResult bare = run_text(with(scenario, " DAX", ""));
  CHECK(bare.tables[0].throttled_attempts > 0);
  const RunResult cached =
      run_text(with(scenario, " DAX", ", dax: {hit_ratio: 0.8, node_type: dax.t3.small}"));
  CHECK(cached.tables[0].throttled_attempts == 0);
  CHECK(cached.tables[0].read_units < 0.25 * 20 * 600 * 0.5);
}

TEST_CASE("DAX: a hit takes the cache's latency; a miss, a consistent read and a write add it",
          "[services][dynamodb][dax]") {
  // Fixed latencies: handler 1 ms, table 10 ms, cache hop 300 us. The call's latency adds to the
  // handler's duration (README "Service resources").
  const std::string scenario = R"(
run_for: 10s
functions:
  fn:
    duration: 1ms
    cold_start: 0ms
    keep_alive: 1h
    calls: [CALL]
resources:
  items:
    type: dynamodb
    latency: 10ms
    dax: {hit_ratio: RATIO, latency: 300us, node_type: dax.t3.small}
sources:
  api: {type: invoke, target: fn, arrivals: {process: constant, rate: 10/s}}
)";
  const auto latency_of = [&](const std::string& call, const std::string& ratio) {
    const RunResult r = run_text(with(with(scenario, "CALL", call), "RATIO", ratio));
    CHECK(r.functions[0].latency.min() == r.functions[0].latency.max());
    return r.functions[0].latency.max();
  };
  const std::string read = "{action: dynamodb_read, target: items}";
  CHECK(latency_of(read, "1") == 1'300);   // hit: the hop alone
  CHECK(latency_of(read, "0") == 11'300);  // miss: the table and the hop
  CHECK(latency_of("{action: dynamodb_read, target: items, consistent: true}", "1") == 11'300);
  CHECK(latency_of("{action: dynamodb_write, target: items}", "1") == 11'300);  // write-through
}

TEST_CASE("DAX: the cluster is billed per node-hour by node type", "[services][dynamodb][dax]") {
  // 1 h, 3 x dax.r5.large at $0.269 per node-hour (aws book): $0.807, beside the table's own
  // on-demand read units (none here: every read hits).
  const std::string scenario = R"(
run_for: 1h
functions:
  fn:
    duration: 1ms
    cold_start: 0ms
    keep_alive: 1h
    calls: [{action: dynamodb_read, target: items}]
resources:
  items: {type: dynamodb, dax: {hit_ratio: 1, node_type: TYPE}}
sources:
  api: {type: invoke, target: fn, arrivals: {process: constant, rate: 1/s}}
)";
  const test::Priced p = test::run_priced(with(scenario, "TYPE", "dax.r5.large"), "dax", false);
  REQUIRE(p.result.tables[0].read_units == 0);
  const ResourceUsage& u = p.result.usage.back();
  REQUIRE(u.meters.back().name == "dax_r5_large_node_hours");
  CHECK(u.meters.back().quantity == Approx(3.0));
  for (const ResourceCost& c : p.aws.resources) {
    if (c.resource == "items") CHECK(c.usd == Approx(3 * 0.269));
  }
  CHECK(p.aws.unpriced.empty());
  // A node type the book does not price costs nothing and is reported as unpriced.
  const test::Priced unpriced =
      test::run_priced(with(scenario, "TYPE", "dax.r5.xlarge"), "dax", false);
  CHECK(unpriced.aws.unpriced == std::vector<std::string>{"dynamodb.dax_r5_xlarge_node_hours"});
}

TEST_CASE("DAX: the same seed gives the same JSON", "[services][dynamodb][dax]") {
  const ScenarioSpec spec = load_scenario_text(
      with(kReads, " DAX",
           ", dax: {hit_ratio: 0.5, query_hit_ratio: 0.1, node_type: dax.t3.medium}"),
      "dax_test.yaml", {});
  const auto json = [&] {
    RunOptions options;
    const RunResult r = run_simulation(spec, options);
    return report_json(spec, r, {}, ReportOptions{}).dump();
  };
  const std::string first = json();
  CHECK(first == json());
  CHECK(first.find("\"dax\":{\"node_type\":\"dax.t3.medium\",\"nodes\":3,") != std::string::npos);
}
