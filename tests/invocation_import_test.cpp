// `slsim import azure2021 FILE` and `slsim import csv FILE`: the scenario replays the file (one
// function and source per trace function), loads, and its run replays every row with the
// trace's durations; selection, bad rows and --lenient.

#include <catch2/catch.hpp>

#include <fstream>
#include <numeric>
#include <string>

#include "slsim/error.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/traces/importer.hpp"
#include "support/slsim_process.hpp"

using namespace slsim;
using slsim_test::Workdir;

namespace {

constexpr const char* kSample =
    SLSIM_SOURCE_DIR "/scenarios/traces/azure2021-sample/Azure2021_200.csv";

// Imports `input` into dir/out.yaml and loads the scenario.
ScenarioSpec import_and_load(const Workdir& w, const std::string& format, const std::string& input,
                             traces::ImportOptions options = {}) {
  options.input = input;
  options.output = w.file("out.yaml");
  const traces::ImportResult r =
      format == "csv" ? traces::import_csv(options) : traces::import_azure2021(options);
  w.write("out.yaml", r.yaml);
  return load_scenario(options.output);
}

std::uint64_t total_requests(const RunResult& r) {
  std::uint64_t n = 0;
  for (const SourceResult& s : r.sources)
    n += s.requests;
  return n;
}

}  // namespace

TEST_CASE("Import azure2021: the sample becomes 31 functions replaying 199 rows", "[trace]") {
  // Counted with python3 over the csv: 31 (app, func) pairs, 199 rows; the two busiest have 32.
  Workdir w;
  const ScenarioSpec spec = import_and_load(w, "azure2021", kSample);
  CHECK(spec.functions.size() == 31);
  REQUIRE(spec.sources.size() == 31);
  CHECK(spec.sources[0].arrivals.process == ArrivalProcess::trace);
  CHECK(spec.functions[0].memory_mb == 128);
  const RunResult r = run_simulation(spec, RunOptions{});
  CHECK(total_requests(r) == 199);
  CHECK(r.sources[0].requests == 32);
  CHECK(r.sources[1].requests == 32);
  CHECK(r.sources[2].requests == 21);
  // No invocation is cut: each timeout covers its function's longest duration.
  for (const FunctionResult& f : r.functions)
    CHECK(f.timeouts == 0);
}

TEST_CASE("Import azure2021: --top keeps the busiest functions", "[trace]") {
  Workdir w;
  traces::ImportOptions options;
  options.top = 3;
  const ScenarioSpec spec = import_and_load(w, "azure2021", kSample, options);
  CHECK(spec.functions.size() == 3);
  const RunResult r = run_simulation(spec, RunOptions{});
  CHECK(total_requests(r) == 32 + 32 + 21);
}

TEST_CASE("Import csv: durations, a fallback distribution and the rows' payloads", "[trace]") {
  Workdir w;
  const std::string log = w.write("log.csv",
                                  "timestamp,target,duration,payload\n"
                                  "0,a,0.010,10\n"
                                  "1,a,0.020,10\n"
                                  "2,b,0.5,10\n"
                                  "3,a,0.030,10\n");
  const ScenarioSpec spec = import_and_load(w, "csv", log);
  REQUIRE(spec.functions.size() == 2);
  CHECK(spec.functions[0].name == "f001-a");
  CHECK(spec.run_for == Duration::seconds(4));
  CHECK(spec.sources[0].arrivals.trace.file == log);
  // The fallback distribution spans the trace's durations: 10 .. 30 ms for a.
  const Distribution& fallback = spec.functions[0].duration;
  REQUIRE(fallback.kind == DistributionKind::empirical);
  CHECK(fallback.table->values.front() == 10'000);
  CHECK(fallback.table->values.back() == 30'000);
  const RunResult r = run_simulation(spec, RunOptions{});
  CHECK(r.sources[0].requests == 3);
  CHECK(r.functions[0].billing[0].on_demand_us_handler == 60'000);
  CHECK(r.functions[1].billing[0].on_demand_us_handler == 500'000);
}

TEST_CASE("Import csv: without durations, a placeholder the scenario says it is", "[trace]") {
  Workdir w;
  traces::ImportOptions options;
  options.input = w.write("log.csv", "target,timestamp\nx,0\nx,5\n");
  const traces::ImportResult r = traces::import_csv(options);
  CHECK_THAT(r.yaml, Catch::Contains("duration: 100ms  # the trace has no durations"));
  CHECK(r.invocations == 2);
}

TEST_CASE("Import azure2021: bad rows, --lenient and --trigger", "[trace]") {
  Workdir w;
  traces::ImportOptions options;
  options.input = w.write("t.csv", "app,func,end_timestamp,duration\na,f,1,0.5\na,f,2,x\n");
  CHECK_THROWS_WITH(
      traces::import_azure2021(options),
      options.input + ":3:7: column 'duration': expected a non-negative number, got 'x'");
  options.lenient = true;
  const traces::ImportResult r = traces::import_azure2021(options);
  CHECK(r.skipped_rows == 1);
  CHECK(r.invocations == 1);
  CHECK_THAT(r.yaml, Catch::Contains("lenient: true"));
  options.triggers = {"http"};
  CHECK_THROWS_WITH(traces::import_azure2021(options),
                    "import azure2021: --trigger applies to azure2019 (this format has no trigger "
                    "column)");
}

TEST_CASE("Import azure2021 from the command line writes a runnable scenario", "[trace][cli]") {
  Workdir w;
  const std::string slsim = std::string("'") + SLSIM_BINARY + "'";
  const slsim_test::Outcome o =
      w.run(slsim + " import azure2021 '" + kSample + "' --top 5 -o out.yaml");
  CHECK(o.exit_code == 0);
  CHECK(o.out == "imported 5 functions, 117 invocations\n");
  CHECK(w.run(slsim + " run out.yaml --quiet").exit_code == 0);
}
