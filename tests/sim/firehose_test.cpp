// Firehose streams (services/firehose.hpp) against hand computations: buffering by size and by
// interval, delivery to S3 and its notifications, the Direct PUT quotas by region, PutRecord
// calls from handlers, draining, and the per-record 5 KB billing. Every run is under --check
// (records accepted = delivered + pending after every event, and at the end).

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "priced_run.hpp"
#include "slsim/services/firehose.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;

namespace {

const FirehoseResult& firehose(const RunResult& r) {
  REQUIRE(r.firehoses.size() == 1);
  return r.firehoses.front();
}

const FunctionResult& function(const RunResult& r, const std::string& name) {
  for (const FunctionResult& f : r.functions) {
    if (f.name == name) return f;
  }
  FAIL("no function " << name);
  return r.functions.front();
}

// A producer of `rate` constant records of `size` into stream `clicks` (with `options`),
// delivering to bucket `lake`, whose notifications are `notifications`.
std::string scenario(const std::string& rate, const std::string& size, const std::string& options,
                     const std::string& notifications = "[]", const std::string& run_for = "10m") {
  return "run_for: " + run_for +
         "\n"
         "functions:\n  loader: {duration: 100ms, cold_start: 0ms}\n"
         "resources:\n"
         "  clicks: {type: firehose, destination: lake" +
         options +
         "}\n"
         "  lake: {type: s3, delivery_delay: 0ms, notifications: " +
         notifications +
         "}\n"
         "sources:\n  feed: {type: producer, target: clicks, message_size: " +
         size + ", arrivals: {process: constant, rate: " + rate + "}}\n";
}

double firehose_usd(const BookCost& cost) {
  for (const ServiceCost& s : cost.by_service) {
    if (s.service == "firehose") return s.usd;
  }
  FAIL("no firehose cost");
  return 0;
}

}  // namespace

TEST_CASE("Firehose: a full buffer is delivered at once, as one object", "[firehose]") {
  // 1 MB buffer, 2 KB records: every 512th record fills it. At 100/s the first record of an
  // object waited 511 x 10 ms = 5.11 s; records wait 255.5 x 10 ms = 2.555 s on average.
  const RunResult r =
      test::run_priced(scenario("100/s", "2KB", ", buffer_size: 1MB"), "f.yaml", false).result;
  const FirehoseResult& f = firehose(r);
  CHECK(f.records_in == 60'000);
  CHECK(f.objects == 60'000 / 512);
  CHECK(f.objects_by_size == f.objects);
  CHECK(f.objects_by_interval == 0);
  CHECK(f.records_delivered == 512 * f.objects);
  CHECK(f.bytes_delivered == f.objects * 1024 * 1024);
  CHECK(f.records_pending_at_end == 60'000 - 512 * f.objects);
  CHECK(f.object_delay.min() == 5'110'000);
  CHECK(f.object_delay.max() == 5'110'000);
  CHECK(f.mean_record_delay_us == Approx(2'555'000).epsilon(1e-12));
  REQUIRE(r.buckets.size() == 1);
  CHECK(r.buckets[0].puts == f.objects);  // one PutObject per object
}

TEST_CASE("Firehose: a slow stream is delivered by its buffer interval", "[firehose]") {
  // 1 record/s into the default 5 MB buffer with a 60 s interval: each object holds the 60
  // records of the minute after its first one, which waited exactly 60 s (the record arriving
  // at that instant opens the next buffer).
  const RunResult r =
      test::run_priced(scenario("1/s", "1KB", ", buffer_interval: 60s"), "f.yaml", false).result;
  const FirehoseResult& f = firehose(r);
  CHECK(f.records_in == 600);
  CHECK(f.objects == 9);  // first record at t = 0: objects at 60, 120, ..., 540 s
  CHECK(f.objects_by_interval == 9);
  CHECK(f.records_delivered == 9 * 60);
  CHECK(f.records_pending_at_end == 60);
  CHECK(f.object_delay.min() == 60'000'000);
  CHECK(f.object_delay.max() == 60'000'000);
  CHECK(f.mean_record_delay_us == Approx(30'500'000).epsilon(1e-12));  // (60 + ... + 1) / 60 s
}

TEST_CASE("Firehose: the default buffer is 5 MB or 300 s (BufferingHints)", "[firehose]") {
  // 10 records/s of 1 KB: 5 MB would take 512 s, so the 300 s interval delivers first.
  const RunResult r = test::run_priced(scenario("10/s", "1KB", ""), "f.yaml", false).result;
  const FirehoseResult& f = firehose(r);
  CHECK(f.objects == 1);
  CHECK(f.objects_by_interval == 1);
  CHECK(f.records_delivered == 3'000);
  // 1,000 PutRecordBatch/s of 5 records of 1 KB (within us-east-1's 2,000 requests/s and
  // 5 MB/s) fill 5 MB (5,120 records) in 1.024 s: 50,000 records make 9 full objects.
  const RunResult fast = test::run_priced(
                             "run_for: 10s\nfunctions:\n  fn: {duration: 10ms}\n"
                             "resources:\n  clicks: {type: firehose, destination: lake}\n"
                             "  lake: {type: s3}\n"
                             "sources:\n  feed: {type: producer, target: clicks, records: 5, "
                             "message_size: 1KB, arrivals: {process: constant, rate: 1000/s}}\n",
                             "f.yaml", false)
                             .result;
  CHECK(firehose(fast).throttled_attempts == 0);
  CHECK(firehose(fast).records_in == 50'000);
  CHECK(firehose(fast).objects_by_size == 9);
  CHECK(firehose(fast).objects_by_interval == 0);
}

TEST_CASE("Firehose: delivered objects notify by the stream's prefix and extension", "[firehose]") {
  // Objects are keyed <prefix>YYYY/MM/dd/HH/...<extension>: a notification on raw/ with
  // suffix .json matches; one on other/ does not; one on 'ra' matches too.
  const std::string notifications =
      "[{prefix: raw/, suffix: .json, target: loader}, {prefix: other/, target: loader}, "
      "{prefix: ra, target: loader}]";
  const RunResult r =
      test::run_priced(
          scenario("100/s", "2KB", ", buffer_size: 1MB, prefix: raw/clicks/, file_extension: .json",
                   notifications),
          "f.yaml", true)
          .result;
  const FirehoseResult& f = firehose(r);
  CHECK(f.records_pending_at_end == 0);  // --drain delivers the last buffer by its interval
  CHECK(f.objects_by_interval == 1);
  CHECK(r.buckets[0].notifications == 2 * f.objects);
  CHECK(function(r, "loader").invocations == 2 * f.objects);
}

TEST_CASE("Firehose: Direct PUT quotas by region, and a raised quota", "[firehose]") {
  // us-east-1: 2,000 requests/s. 3,000 PutRecord/s for 60 s: the bucket's first second plus
  // 2,000/s are accepted (a few more or fewer by where the SDK's retries land), the rest fail.
  const RunResult east =
      test::run_priced(scenario("3000/s", "100B", "", "[]", "60s"), "f.yaml", false).result;
  const FirehoseResult& e = firehose(east);
  CHECK(e.requests == 180'000);
  CHECK(e.records_in + e.failed_records == 180'000);
  CHECK(std::abs(static_cast<double>(e.records_in) - 122'000.0) < 1'000);
  CHECK(e.throttled_attempts > 0);
  CHECK(east.sources[0].failed == e.failed_requests);
  // eu-central-1: 1 MB/s. 100 KB records at 20/s (2 MB/s): about 10/s get in.
  const std::string slow = "account: {region: eu-central-1}\n" +
                           scenario("20/s", "100KB", ", buffer_size: 128MB", "[]", "60s");
  const RunResult slow_run = test::run_priced(slow, "f.yaml", false).result;
  const FirehoseResult& c = firehose(slow_run);
  CHECK(std::abs(static_cast<double>(c.bytes_in) - 61.0 * 1024 * 1024) < 1'000'000);
  // Raised to 4 MB/s, every record gets in.
  const std::string raised =
      "account: {region: eu-central-1}\n" + scenario("20/s", "100KB",
                                                     ", buffer_size: 128MB, "
                                                     "quota_mib_per_second: 4",
                                                     "[]", "60s");
  const RunResult raised_run = test::run_priced(raised, "f.yaml", false).result;
  const FirehoseResult& q = firehose(raised_run);
  CHECK(q.failed_requests == 0);
  CHECK(q.throttled_attempts == 0);
  CHECK(q.records_in == 1'200);
}

TEST_CASE("Firehose: quotas by region scale together", "[firehose]") {
  CHECK(firehose_quota("us-east-1", 0).records == 500'000);
  CHECK(firehose_quota("us-west-2", 0).requests == 2'000);
  CHECK(firehose_quota("eu-west-1", 0).bytes == 5 * 1024 * 1024);
  CHECK(firehose_quota("eu-central-1", 0).requests == 1'000);
  CHECK(firehose_quota("eu-central-1", 0).bytes == 1024 * 1024);
  const FirehoseQuota raised = firehose_quota("us-east-1", 10);
  CHECK(raised.records == 1'000'000);
  CHECK(raised.requests == 4'000);
  CHECK(raised.bytes == 10 * 1024 * 1024);
}

TEST_CASE("Firehose: PutRecordBatch calls from a handler", "[firehose]") {
  // Each invocation puts one batch of 3 records of 1 KB; a batch over the stream's 1 MB/s in
  // eu-central-1 is throttled, and a call refused by all the SDK's attempts fails the
  // invocation.
  const std::string yaml =
      "run_for: 60s\n"
      "functions:\n"
      "  writer:\n    duration: 10ms\n    cold_start: 0ms\n"
      "    calls: [{action: firehose_put, target: clicks, records: 3, size: 1KB}]\n"
      "resources:\n"
      "  clicks: {type: firehose, destination: lake}\n"
      "  lake: {type: s3}\n"
      "sources:\n  api: {type: invoke, target: writer, arrivals: {process: constant, rate: 5/s}}\n";
  const RunResult r = test::run_priced(yaml, "f.yaml", false).result;
  CHECK(function(r, "writer").invocations == 300);
  CHECK(firehose(r).requests == 300);
  CHECK(firehose(r).records_in == 900);
  CHECK(firehose(r).bytes_in == 900 * 1024);

  const std::string heavy =
      "account: {region: eu-central-1}\n"
      "run_for: 60s\n"
      "functions:\n"
      "  writer:\n    duration: 10ms\n    cold_start: 0ms\n"
      "    calls: [{action: firehose_put, target: clicks, records: 400, size: 10KB}]\n"
      "resources:\n"
      "  clicks: {type: firehose, destination: lake}\n"
      "  lake: {type: s3}\n"
      "sources:\n  api: {type: invoke, target: writer, arrivals: {process: constant, rate: 2/s}}\n";
  const RunResult h = test::run_priced(heavy, "f.yaml", false).result;
  const FirehoseResult& f = firehose(h);
  CHECK(f.throttled_attempts > 0);
  CHECK(f.failed_requests > 0);
  CHECK(function(h, "writer").errors == f.failed_requests);
  CHECK(f.records_in == 400 * (f.requests - f.failed_requests));
}

TEST_CASE("Firehose: ingestion is billed per record in 5 KB steps", "[firehose]") {
  // 3 KB records bill as 5 KB, 12 KB as 15 KB; $0.029 per GB (aws book, first tier).
  const auto bill = [](const std::string& size) {
    const test::Priced p =
        test::run_priced(scenario("100/s", size, "", "[]", "60s"), "f.yaml", false);
    return std::make_pair(firehose(p.result).records_in, firehose_usd(p.aws));
  };
  const auto [n3, usd3] = bill("3KB");
  CHECK(usd3 == Approx(static_cast<double>(n3) * 5 * 1024 / (1024.0 * 1024 * 1024) * 0.029));
  const auto [n12, usd12] = bill("12KB");
  CHECK(usd12 == Approx(static_cast<double>(n12) * 15 * 1024 / (1024.0 * 1024 * 1024) * 0.029));
  // A PutRecordBatch of two 1 KB records bills 10 KB, not 5.
  const std::string batch =
      "run_for: 60s\nfunctions:\n  fn: {duration: 10ms}\n"
      "resources:\n  clicks: {type: firehose, destination: lake}\n"
      "  lake: {type: s3}\n"
      "sources:\n  feed: {type: producer, target: clicks, records: 2, "
      "message_size: 1KB, arrivals: {process: constant, rate: 100/s}}\n";
  const test::Priced b = test::run_priced(batch, "f.yaml", false);
  CHECK(firehose(b.result).requests == 6'000);
  CHECK(firehose_usd(b.aws) == Approx(12'000.0 * 5 * 1024 / (1024.0 * 1024 * 1024) * 0.029));
}

TEST_CASE("Firehose: a stream with a Kinesis source reads every record the next second",
          "[firehose]") {
  // 50 records/s of 1 KB into a 1-shard Kinesis stream (no throttling): Firehose gets each
  // one at the next whole second, bills it as 5 KB, and delivers every 60 s by interval.
  const std::string yaml =
      "run_for: 10m\n"
      "functions:\n  fn: {duration: 10ms}\n"
      "resources:\n"
      "  clicks: {type: kinesis, shards: 1}\n"
      "  archive: {type: firehose, source: clicks, destination: lake, buffer_interval: 60s}\n"
      "  lake: {type: s3}\n"
      "sources:\n  feed: {type: producer, target: clicks, message_size: 1KB, "
      "arrivals: {process: constant, rate: 50/s}}\n";
  const test::Priced p = test::run_priced(yaml, "f.yaml", true);
  const FirehoseResult& f = firehose(p.result);
  REQUIRE(p.result.streams.size() == 1);
  CHECK(p.result.streams[0].written == 30'000);
  CHECK(f.requests == 0);  // no PutRecord: read from the stream
  CHECK(f.records_in == 30'000);
  CHECK(f.records_delivered == 30'000);  // --drain
  CHECK(f.objects_by_size == 0);
  // Records of [0, 1 s) are read at 1 s, when the first buffer opens; a record written at
  // t waits 1 s - frac(t) + 60 s ... : each object's oldest record was read 60 s before it.
  CHECK(f.object_delay.max() == 60'000'000);
  CHECK(firehose_usd(p.aws) == Approx(30'000.0 * 5 * 1024 / (1024.0 * 1024 * 1024) * 0.029));
}

namespace {

// 100 records/s of 1 KB through a transformation by `clean` (200 ms, no cold start; its
// extra settings `function`), halving the bytes, into a 1 MB delivery buffer.
std::string transformed(const std::string& function, const std::string& transform,
                        const std::string& run_for = "10m") {
  return "run_for: " + run_for +
         "\n"
         "functions:\n  clean: {duration: 200ms, cold_start: 0ms" +
         function +
         "}\n"
         "resources:\n"
         "  clicks: {type: firehose, destination: lake, buffer_size: 1MB, transform: {function: "
         "clean, output_ratio: 0.5" +
         transform +
         "}}\n"
         "  lake: {type: s3}\n"
         "sources:\n  feed: {type: producer, target: clicks, message_size: 1KB, arrivals: "
         "{process: constant, rate: 100/s}}\n";
}

}  // namespace

TEST_CASE("Firehose: a transformation function gets each 1 MB batch synchronously", "[firehose]") {
  // 1,024 records of 1 KB fill the default 1 MB transformation buffer every 10.24 s; each
  // batch comes back at half its size, so two batches fill the 1 MB delivery buffer. An
  // object's first record arrived 2,047 x 10 ms before the second batch's last, which then
  // took the function's 200 ms: every object waited exactly 20.67 s.
  const RunResult r = test::run_priced(transformed("", ""), "f.yaml", false).result;
  const FirehoseResult& f = firehose(r);
  CHECK(f.records_in == 60'000);
  CHECK(f.transform_batches == 60'000 / 1'024);
  CHECK(function(r, "clean").invocations == f.transform_batches);
  CHECK(f.transform_failures == 0);
  CHECK(f.records_delivered == 2'048 * f.objects);
  CHECK(f.bytes_delivered == f.records_delivered * 512);
  CHECK(f.objects == f.transform_batches / 2);
  CHECK(f.object_delay.min() == 20'670'000);
  CHECK(f.object_delay.max() == 20'670'000);
}

TEST_CASE("Firehose: a failing transformation is retried, then written as failed", "[firehose]") {
  // Every invocation fails: each batch is tried 1 + 2 times, 1 s apart, then skipped: its
  // records are written to the bucket as one processing-failed object. --drain ends every
  // batch.
  const RunResult r =
      test::run_priced(transformed(", error_probability: 1", ", retries: 2", "2m"), "f.yaml", true)
          .result;
  const FirehoseResult& f = firehose(r);
  CHECK(f.records_in == 12'000);
  CHECK(f.records_delivered == 0);
  CHECK(f.records_failed_processing == 12'000);
  CHECK(f.transform_failures == 3 * f.transform_batches);
  CHECK(f.transform_retries == 2 * f.transform_batches);
  CHECK(f.failed_objects == f.transform_batches);
  CHECK(function(r, "clean").errors == 3 * f.transform_batches);
  REQUIRE(r.buckets.size() == 1);
  CHECK(r.buckets[0].puts == f.failed_objects);
  // A function that is always throttled (reserved concurrency 0) fails the same way, without
  // running once.
  const RunResult t =
      test::run_priced(transformed(", reserved_concurrency: 0", "", "2m"), "f.yaml", true).result;
  CHECK(firehose(t).records_failed_processing == 12'000);
  CHECK(firehose(t).transform_failures == 4 * firehose(t).transform_batches);  // 1 + 3 retries
  CHECK(function(t, "clean").invocations == 0);
}
