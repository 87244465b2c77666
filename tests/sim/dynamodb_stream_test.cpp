// DynamoDB Streams (facts 7): every successful table write appends a stream record, read by
// the same event source mapping as Kinesis (services/stream.hpp) polled 4 times a second, with
// one shard per table partition. Runs under --check.

#include <catch2/catch.hpp>

#include <string>

#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/topology.hpp"

using namespace slsim;

namespace {

RunResult run_text(const std::string& yaml, bool drain = false) {
  RunOptions options;
  options.check = true;
  options.drain = drain;
  return run_simulation(load_scenario_text(yaml, "dynamodb_stream_test.yaml", {}), options);
}

const StreamResult& stream(const RunResult& r, const std::string& name) {
  for (const StreamResult& s : r.streams) {
    if (s.name == name) return s;
  }
  FAIL("no stream " << name);
  return r.streams.front();
}

// 20 writes/s of 1 KB items into `table` (capacity given), a consumer `reader` of `duration`.
std::string writes(const std::string& table, const std::string& duration) {
  return R"(
run_for: 60s
functions:
  writer:
    duration: 5ms
    cold_start: 0ms
    calls: [{action: dynamodb_write, target: orders, size: 1KB}]
  reader: {duration: )" +
         duration + R"(, cold_start: 0ms}
resources:
  orders:
    type: dynamodb
)" + table +
         R"(
    stream:
      view: new_and_old_images
      consumer: {function: reader}
sources:
  api: {type: invoke, target: writer, arrivals: {process: constant, rate: 20/s}}
)";
}

}  // namespace

TEST_CASE("DynamoDB Streams: every successful write appends one record", "[dynamodb_stream]") {
  // 1,200 writes, all within capacity: 1,200 records, each 2 KB (new and old images); with
  // --drain every record is processed by the reader.
  const RunResult r = run_text(writes("    mode: on_demand", "10ms"), /*drain=*/true);
  const StreamResult& s = stream(r, "orders");
  CHECK(s.type == "dynamodb");
  CHECK(r.tables[0].writes == 1'200);
  CHECK(s.written == 1'200);
  CHECK(s.bytes_written == 1'200 * 2 * 1024);
  CHECK(s.processed == 1'200);
  CHECK(s.shards == 4);  // a new on-demand table: 4 partitions' worth (facts 7)
}

TEST_CASE("DynamoDB Streams: throttled writes that fail append nothing", "[dynamodb_stream]") {
  // 1 WCU provisioned for 20 writes/s: the burst bucket (300 s of 1 WCU) serves the first
  // ~300, then most writes fail after the SDK's 10 attempts. Only successful writes count.
  const RunResult r = run_text(
      writes("    mode: provisioned\n    read_capacity: 1\n    write_capacity: 1", "10ms"));
  const StreamResult& s = stream(r, "orders");
  REQUIRE(r.tables[0].failed > 0);
  CHECK(s.written == r.tables[0].writes - r.tables[0].failed);
  CHECK(s.shards == 1);
}

TEST_CASE("DynamoDB Streams: 4 polls a second keep the iterator age under 250 ms",
          "[dynamodb_stream]") {
  // Light load: a record waits at most one 250 ms poll interval (facts 7), plus the write's
  // latency (lognormal, median 5 ms) and the 10 ms batch.
  const RunResult r = run_text(writes("    mode: on_demand", "10ms"));
  const StreamResult& s = stream(r, "orders");
  CHECK(s.iterator_age.max() <= 250'000 + 10'000 + 5'000);
  CHECK(s.iterator_age.max() > 0);
}

TEST_CASE("DynamoDB Streams: shards follow the table's partitions", "[dynamodb_stream]") {
  // Provisioned 2,500 WCU: 3 partitions of at most 1,000 WCU (facts 7); factor 2: 6 lanes.
  const RunResult r = run_text(R"(
run_for: 10s
functions:
  writer:
    duration: 5ms
    calls: [{action: dynamodb_write, target: orders, size: 100B}]
  reader: {duration: 10ms}
resources:
  orders:
    type: dynamodb
    mode: provisioned
    read_capacity: 100
    write_capacity: 2500
    stream:
      view: keys_only
      consumer: {function: reader, parallelization_factor: 2}
sources:
  api: {type: invoke, target: writer, arrivals: {process: constant, rate: 10/s}}
)");
  const StreamResult& s = stream(r, "orders");
  CHECK(s.shards == 3);
  CHECK(s.lanes == 6);
  CHECK(s.bytes_written == s.written * 100);  // keys only: 100 B records
}

TEST_CASE("DynamoDB Streams: reads by Lambda are free; the graph links table to reader",
          "[dynamodb_stream]") {
  const std::string text = writes("    mode: on_demand", "10ms");
  const RunResult r = run_text(text);
  for (const ResourceUsage& u : r.usage) {
    for (const Meter& m : u.meters)
      CHECK(m.name != "stream_read_requests");
  }
  const std::string dot =
      to_graphviz(build_topology(load_scenario_text(text, "dynamodb_stream_test.yaml", {})));
  CHECK(dot.find("[label=\"stream batch 100\"]") != std::string::npos);
}
