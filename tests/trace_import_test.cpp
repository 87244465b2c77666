// `slsim import azure2019`: the scenario it writes (functions, arrivals per minute, durations,
// memory clamped to 128 MB, trigger mapping), the selection options, bad rows with their
// file:line:column, and --lenient.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "slsim/scenario_loader.hpp"
#include "slsim/traces/importer.hpp"

using namespace slsim;
namespace fs = std::filesystem;

namespace {

struct TraceDir {
  fs::path dir;
  explicit TraceDir(const std::string& name) : dir(fs::temp_directory_path() / name) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~TraceDir() { fs::remove_all(dir); }
  void write(const std::string& file, const std::string& text) const {
    std::ofstream(dir / file) << text;
  }
};

constexpr const char* kInvocations =
    "HashOwner,HashApp,HashFunction,Trigger,480,481,482\n"
    "o1,a1,aaaa1111,http,10,0,5\n"
    "o1,a1,bbbb2222,timer,1,1,1\n"
    "o2,a2,cccc3333,queue,100,200,300\n";
constexpr const char* kDurations =
    "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,"
    "percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,"
    "percentile_Average_99,percentile_Average_100\n"
    "o1,a1,aaaa1111,10,1,1,20,1,2,5,10,12,18,20\n"
    "o1,a1,bbbb2222,10,1,1,20,100,100,100,100,100,100,100\n"
    "o2,a2,cccc3333,10,1,1,20,5,5,5,5,5,5,5000\n";
constexpr const char* kMemory =
    "HashFunction,HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,"
    "AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,"
    "AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,"
    "AverageAllocatedMb_pct100\n"
    "aaaa1111,o1,a1,1,20,20,20,20,20,20,20,20.5,30\n"
    "cccc3333,o2,a2,1,200,200,200,200,200,200,200,300.2,400\n";

traces::ImportResult import(const TraceDir& t, traces::ImportOptions options = {}) {
  options.input = t.dir.string();
  return traces::import_azure2019(options);
}

}  // namespace

TEST_CASE("Import azure2019: one function and source per trace function", "[trace]") {
  TraceDir t("slsim-import-basic");
  t.write("invocations.csv", kInvocations);
  t.write("durations.csv", kDurations);
  t.write("memory.csv", kMemory);
  const traces::ImportResult r = import(t);
  CHECK(r.functions == 3);
  CHECK(r.invocations == 15 + 3 + 600);
  const ScenarioSpec s = load_scenario_text(r.yaml, "imported.yaml");
  REQUIRE(s.functions.size() == 3);
  CHECK(s.run_for == Duration::minutes(3));
  // The most invoked first: cccc3333 (queue), then aaaa1111 (http), then bbbb2222 (timer).
  CHECK(s.functions[0].name == "f001-cccc3333");
  CHECK(s.functions[0].memory_mb == 301);                 // 300.2 MB rounded up
  CHECK(s.functions[1].memory_mb == 128);                 // 20.5 MB raised to Lambda's minimum
  CHECK(s.functions[2].memory_mb == 128);                 // no memory row
  CHECK(s.functions[0].timeout == Duration::seconds(6));  // 5 s p100 + 1 s
  CHECK(s.functions[1].duration.quantile_us(0.5) == Approx(10'000));
  // queue: a producer sending to an SQS queue whose consumer (one message per batch) is the
  // function, with the visibility timeout at 6 x its timeout.
  CHECK(s.sources[0].type == SourceType::producer);
  REQUIRE(s.queues.size() == 1);
  CHECK(s.sources[0].target == "f001-cccc3333-sqs");
  CHECK(s.queues[0].consumer->function == "f001-cccc3333");
  CHECK(s.queues[0].consumer->batch_size == 1);
  CHECK(s.queues[0].visibility_timeout == Duration::seconds(36));
  CHECK(s.sources[1].type == SourceType::api_gateway);  // http
  CHECK(s.sources[2].mode == InvokeMode::async);        // timer: EventBridge schedule
  CHECK(s.sources[1].arrivals.counts == std::vector<std::int64_t>{10, 0, 5});
  CHECK(expected_arrivals(s.sources[0].arrivals, Time{0}, Time{0} + s.run_for) == Approx(600));
}

TEST_CASE("Import azure2019: selection by top-N, trigger, hash and sample", "[trace]") {
  TraceDir t("slsim-import-select");
  t.write("invocations.csv", kInvocations);
  t.write("durations.csv", kDurations);
  traces::ImportOptions top;
  top.top = 2;
  CHECK(import(t, top).invocations == 600 + 15);
  traces::ImportOptions trigger;
  trigger.triggers = {"timer", "http"};
  CHECK(import(t, trigger).invocations == 15 + 3);
  traces::ImportOptions hash;
  hash.hashes = {"bbbb"};
  CHECK(import(t, hash).functions == 1);
  traces::ImportOptions none;
  none.sample = 0;
  CHECK_THROWS_WITH(import(t, none),
                    Catch::Matchers::EndsWith("no function of the trace is selected"));
  // A hash-based sample is the same set every time, and grows with the fraction.
  std::size_t kept = 0;
  for (const std::string h : {"aaaa1111", "bbbb2222", "cccc3333"}) {
    traces::ImportOptions half;
    half.sample = 0.5;
    const bool in_half = traces::selected(half, h, "http");
    CHECK(in_half == traces::selected(half, h, "http"));
    traces::ImportOptions all;
    all.sample = 0.999999;
    if (in_half) CHECK(traces::selected(all, h, "http"));
    kept += in_half ? 1 : 0;
  }
  CHECK(kept <= 3);
}

TEST_CASE("Import azure2019: a bad row names file, line, column; --lenient skips it", "[trace]") {
  TraceDir t("slsim-import-bad");
  t.write("invocations.csv",
          std::string(kInvocations) + "o3,a3,dddd4444,http,1,x2,3\n" + "o3,a3,eeee5555,http,1,2\n");
  t.write("durations.csv", kDurations);
  const std::string file = (t.dir / "invocations.csv").string();
  CHECK_THROWS_WITH(import(t),
                    file + ":5:23: column '481': expected a non-negative integer, got 'x2'");
  traces::ImportOptions lenient;
  lenient.lenient = true;
  const traces::ImportResult r = import(t, lenient);
  CHECK(r.skipped_rows == 2);
  CHECK(r.functions == 3);
  // Too few fields: at the end of the line, named by the first missing column.
  t.write("invocations.csv", std::string(kInvocations) + "o3,a3,eeee5555,http,1,2\n");
  CHECK_THROWS_WITH(import(t), file + ":5:24: column '482': expected 7 fields, got 6");
  t.write("invocations.csv", "HashOwner,HashApp\n");
  CHECK_THROWS_WITH(import(t), Catch::Matchers::Contains(":1:1: expected the header"));
  // The first minute column must be named by its minute (it goes into the scenario's header).
  t.write("invocations.csv", "HashOwner,HashApp,HashFunction,Trigger,noon,481\no,a,f1,http,1,2\n");
  CHECK_THROWS_WITH(import(t), file +
                                   ":1:40: column 5 of the header: expected the minute of the "
                                   "day (a whole number), got 'noon'");
  t.write("invocations.csv",
          "HashOwner,HashApp,HashFunction,Trigger,\xcc\xc5"
          "0,481\no,a,f1,http,1,2\n");
  CHECK_THROWS_WITH(import(t), Catch::Matchers::EndsWith("got bytes that are not text"));
}

TEST_CASE("Import: Lambda memory from trace memory", "[trace]") {
  CHECK(traces::lambda_memory_mb(0) == 128);
  CHECK(traces::lambda_memory_mb(127.2) == 128);
  CHECK(traces::lambda_memory_mb(128) == 128);
  CHECK(traces::lambda_memory_mb(128.01) == 129);
  CHECK(traces::lambda_memory_mb(50'000) == 10240);
}
