// Per-invocation trace replay (`arrivals: {process: trace}`): arrivals at the rows' start
// times with the rows' own durations and payloads, the 2021 format's reorder buffer, the
// selection of functions, one shared reader per file, bad rows (file:line:column, exit 2) and
// `lenient`. Expected values are computed by hand from the rows.

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "slsim/error.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/traces/invocation_trace.hpp"
#include "support/slsim_process.hpp"

using namespace slsim;
using slsim_test::Workdir;

namespace {

constexpr const char* kSample =
    SLSIM_SOURCE_DIR "/scenarios/traces/azure2021-sample/Azure2021_200.csv";

// A scenario with functions f0..f(n-1) (no INIT unless `cold`, a long keep-alive) and, per
// entry of `sources`, a source replaying `trace` for that function id.
std::string scenario(const std::string& trace, const std::string& format,
                     const std::vector<std::string>& functions, const std::string& extra = "",
                     const std::string& cold = "0ms") {
  std::string yaml = "run_for: 1h\nfunctions:\n";
  for (std::size_t i = 0; i < functions.size(); ++i) {
    yaml += "  f" + std::to_string(i) + ":\n    duration: 1s\n    timeout: 900s\n" +
            "    cold_start: " + cold + "\n    keep_alive: 1h\n";
  }
  yaml += "sources:\n";
  for (std::size_t i = 0; i < functions.size(); ++i) {
    yaml += "  s" + std::to_string(i) + ":\n    type: invoke\n    target: f" + std::to_string(i) +
            "\n    arrivals: {process: trace, file: " + trace + ", format: " + format +
            (functions[i].empty() ? std::string() : ", function: '" + functions[i] + "'") + extra +
            "}\n";
  }
  return yaml;
}

RunResult run_file(const std::string& path) {
  const ScenarioSpec spec = load_scenario(path);
  return run_simulation(spec, RunOptions{});
}

std::vector<traces::TraceRow> read_all(traces::InvocationTraceReader& reader) {
  std::vector<traces::TraceRow> rows;
  while (auto row = reader.next())
    rows.push_back(*row);
  return rows;
}

}  // namespace

TEST_CASE("Trace replay: csv rows arrive at their times with their own durations", "[trace]") {
  Workdir w;
  w.write("log.csv",
          "timestamp,target,duration,payload\n"
          "0.5,a,0.2,100\n"
          "1.0,a,0.1,200\n"
          "1.0,b,3,0\n"
          "2.5,a,0.05,300\n"
          "4000,a,1,1\n");  // after run_for: not replayed
  const RunResult r =
      run_file(w.write("s.yaml", scenario("log.csv", "csv", {"a", "b"}, "", "100ms")));
  REQUIRE(r.sources.size() == 2);
  CHECK(r.sources[0].requests == 3);
  CHECK(r.sources[1].requests == 1);
  const FunctionResult& a = r.functions[0];
  CHECK(a.cold_starts == 1);
  CHECK(a.warm_starts == 2);
  // Latencies: 100 ms INIT + 200 ms, then 100 ms and 50 ms warm; never the 1 s distribution.
  CHECK(r.sources[0].latency.max() == 300'000);
  CHECK(r.sources[0].latency.min() == 50'000);
  // Billed handler time: 200 + 100 + 50 ms (INIT separately).
  CHECK(a.billing[0].on_demand_us_handler == 350'000);
  CHECK(r.functions[1].billing[0].on_demand_us_handler == 3'000'000);
  CHECK(r.sources[0].trace_skipped_rows == 0);
}

TEST_CASE("Trace replay: a csv without durations draws them from the function", "[trace]") {
  Workdir w;
  w.write("log.csv", "target,timestamp\nx,1\nx,2\nx,2\n");
  const RunResult r = run_file(w.write("s.yaml", scenario("log.csv", "csv", {""})));
  CHECK(r.sources[0].requests == 3);
  CHECK(r.functions[0].billing[0].on_demand_us_handler == 3'000'000);  // 3 x the fixed 1 s
}

TEST_CASE("Trace replay: the Azure 2021 sample, all rows and one function", "[trace]") {
  // Counted independently of the reader (python3 over the csv): 199 rows, all starting after
  // t = 0; function 734272c0.../556ccf87... has 32 of them.
  const std::string app = "734272c01926d19690e5ec308bab64ef97950b75b1c7582283e0783fce1751d8";
  const std::string func = "556ccf8758c8c2a20082c161e955405e950439f0503522fe129e709a5dc0e58f";
  Workdir w;
  SECTION("every row") {
    const RunResult r = run_file(w.write("s.yaml", scenario(kSample, "azure2021", {""})));
    CHECK(r.sources[0].requests == 199);
    CHECK(r.sources[0].completed == 199);
  }
  SECTION("app/func and the func hash alone select the same rows") {
    const RunResult r =
        run_file(w.write("s.yaml", scenario(kSample, "azure2021", {app + "/" + func})));
    CHECK(r.sources[0].requests == 32);
    const RunResult by_hash = run_file(w.write("t.yaml", scenario(kSample, "azure2021", {func})));
    CHECK(by_hash.sources[0].requests == 32);
    CHECK(by_hash.functions[0].billing[0].on_demand_us_handler ==
          r.functions[0].billing[0].on_demand_us_handler);
  }
  SECTION("a catch-all takes the rows no other source selects") {
    const RunResult r = run_file(w.write("s.yaml", scenario(kSample, "azure2021", {func, ""})));
    CHECK(r.sources[0].requests == 32);
    CHECK(r.sources[1].requests == 167);
  }
}

TEST_CASE("Trace replay: the sample's handler time is the trace's duration", "[trace]") {
  // The sum of the sample's durations, rounded to microseconds per row (python3:
  // sum(round(float(d) * 1e6) for d in durations)), billed at 1 ms granularity: each row
  // rounded up to a whole millisecond. The trace's durations have millisecond resolution.
  std::ifstream in(kSample);
  std::string line;
  std::getline(in, line);
  std::int64_t expected = 0;
  while (std::getline(in, line)) {
    const double seconds = std::stod(line.substr(line.rfind(',') + 1));
    const auto us = static_cast<std::int64_t>(seconds * 1e6 + 0.5);
    expected += (us + 999) / 1000 * 1000;
  }
  Workdir w;
  const RunResult r = run_file(w.write("s.yaml", scenario(kSample, "azure2021", {""})));
  CHECK(r.functions[0].billing[0].on_demand_us_handler == expected);
}

TEST_CASE("Trace reader: end-ordered 2021 rows come out in start order", "[trace]") {
  Workdir w;
  // Ordered by end; starts 5, 1, 8, 2, 9.5, 9.5 (ties keep file order).
  const std::string path = w.write("t.csv",
                                   "app,func,end_timestamp,duration\n"
                                   "a,f,6,1\na,f,7,6\na,g,9,1\na,f,10,8\na,f,10.5,1\na,g,11,1.5\n");
  traces::InvocationTraceReader reader(path, TraceFormat::azure2021, false, Duration::seconds(10));
  reader.select("", 0);
  const std::vector<traces::TraceRow> rows = read_all(reader);
  std::vector<std::int64_t> starts;
  std::vector<std::uint64_t> lines;
  for (const traces::TraceRow& row : rows) {
    starts.push_back(row.start.us);
    lines.push_back(row.line);
  }
  CHECK(starts == std::vector<std::int64_t>{1'000'000, 2'000'000, 5'000'000, 8'000'000, 9'500'000,
                                            9'500'000});
  CHECK(lines == std::vector<std::uint64_t>{3, 5, 2, 4, 6, 7});
  CHECK(rows[0].duration == Duration::seconds(6));
}

TEST_CASE("Trace reader: a row out of order beyond the window is an error, or skipped", "[trace]") {
  Workdir w;
  const std::string path = w.write("t.csv",
                                   "app,func,end_timestamp,duration\n"
                                   "a,f,10,0.1\n"
                                   "a,f,20,0.1\n"
                                   "a,f,20.5,15\n"
                                   "a,f,21,0.1\n");
  SECTION("strict") {
    traces::InvocationTraceReader reader(path, TraceFormat::azure2021, false, Duration::seconds(1));
    reader.select("f", 0);
    CHECK(reader.next()->start.us == 9'900'000);
    CHECK_THROWS_WITH(
        reader.next(),
        path +
            ":4:1: the row starts at 5.500000 s, before an invocation already replayed at "
            "9.900000 s: rows may be out of start order by at most the reorder window (1 s) "
            "and 65536 rows");
  }
  SECTION("lenient") {
    traces::InvocationTraceReader reader(path, TraceFormat::azure2021, true, Duration::seconds(1));
    reader.select("f", 3);
    CHECK(read_all(reader).size() == 3);
    CHECK(reader.skipped(3) == 1);
  }
  SECTION("a window that covers the longest duration replays it in order") {
    traces::InvocationTraceReader reader(path, TraceFormat::azure2021, false,
                                         Duration::seconds(15));
    reader.select("f", 0);
    const auto rows = read_all(reader);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].start.us == 5'500'000);
  }
}

TEST_CASE("Trace reader: bad selected rows name file, line, column and the column", "[trace]") {
  Workdir w;
  const auto first_error = [&](const std::string& text, TraceFormat format) {
    const std::string path = w.write("bad.csv", text);
    traces::InvocationTraceReader reader(path, format, false, Duration::minutes(10));
    reader.select("", 0);
    try {
      read_all(reader);
    } catch (const ScenarioError& e) {
      CHECK(e.exit_code() == 2);
      return std::string(e.what()).substr(path.size());
    }
    return std::string("no error");
  };
  CHECK(first_error("app,func,end_timestamp,duration\na,f,1,x1\n", TraceFormat::azure2021) ==
        ":2:7: column 'duration': expected a non-negative number, got 'x1'");
  CHECK(first_error("app,func,end_timestamp,duration\na,f,1\n", TraceFormat::azure2021) ==
        ":2:6: column 'duration': expected 4 fields, got 3");
  CHECK(first_error("app,func,end_timestamp,duration\na,f,-3,1\n", TraceFormat::azure2021) ==
        ":2:5: column 'end_timestamp': expected a non-negative number, got '-3'");
  CHECK(first_error("timestamp,target\n2e9,a\n", TraceFormat::csv) ==
        ":2:1: column 'timestamp': expected at most 1e+09 seconds, got '2e9'");
  CHECK(first_error("timestamp,target,payload\n1,a,1.5\n", TraceFormat::csv) ==
        ":2:5: column 'payload': expected a non-negative integer, got '1.5'");
  CHECK(first_error("timestamp,target\n5,a\n4,a\n", TraceFormat::csv) == "no error");
}

TEST_CASE("Trace reader: rows of functions not selected are not read further", "[trace]") {
  Workdir w;
  const std::string path = w.write("t.csv", "timestamp,target\n1,a\ngarbage,b\n2,a\n");
  traces::InvocationTraceReader reader(path, TraceFormat::csv, false, Duration{0});
  reader.select("a", 0);
  CHECK(read_all(reader).size() == 2);
}

TEST_CASE("Trace replay: lenient skips and counts bad rows per source", "[trace]") {
  Workdir w;
  w.write("log.csv", "timestamp,target,duration\n1,a,0.1\n2,a,oops\n3,b,x\n4,a,0.1\n5,b,0.2\n");
  const RunResult r =
      run_file(w.write("s.yaml", scenario("log.csv", "csv", {"a", "b"}, ", lenient: true")));
  CHECK(r.sources[0].requests == 2);
  CHECK(r.sources[0].trace_skipped_rows == 1);
  CHECK(r.sources[1].requests == 1);
  CHECK(r.sources[1].trace_skipped_rows == 1);
}

TEST_CASE("Trace replay: a bad row stops the run with exit code 2", "[trace][cli]") {
  Workdir w;
  w.write("log.csv", "timestamp,target,duration\n1,a,0.1\n2,a,oops\n");
  w.write("s.yaml", scenario("log.csv", "csv", {"a"}));
  const slsim_test::Outcome o = w.run(std::string("'") + SLSIM_BINARY + "' run s.yaml --quiet");
  CHECK(o.exit_code == 2);
  CHECK_THAT(o.err, Catch::Contains("log.csv:3:5: column 'duration': expected a non-negative "
                                    "number, got 'oops'"));
}

TEST_CASE("Trace replay: the same run twice gives the same fingerprint", "[trace]") {
  Workdir w;
  const std::string path = w.write("s.yaml", scenario(kSample, "azure2021", {""}));
  const RunResult a = run_file(path);
  const RunResult b = run_file(path);
  CHECK(a.engine.fingerprint == b.engine.fingerprint);
}

TEST_CASE("Trace reader: the reorder buffer is bounded, and a row beyond it is reported",
          "[trace]") {
  // 70,000 rows in start order (1 ms apart) with a 24 h window: the buffer fills at 65,536 rows
  // and replays its earliest at once, so memory stays bounded; a last row starting at 100 ms,
  // before rows already replayed, is out of order beyond the bound.
  Workdir w;
  std::string text = "timestamp,target\n";
  for (int i = 0; i < 70'000; ++i)
    text += std::to_string(i) + "e-3,a\n";
  const std::string sorted = w.write("sorted.csv", text);
  traces::InvocationTraceReader reader(sorted, TraceFormat::csv, false, Duration::hours(24));
  reader.select("a", 0);
  const std::vector<traces::TraceRow> rows = read_all(reader);
  REQUIRE(rows.size() == 70'000);
  CHECK(std::is_sorted(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) { return a.start < b.start; }));
  const std::string late = w.write("late.csv", text + "0.1,a\n");
  traces::InvocationTraceReader strict(late, TraceFormat::csv, false, Duration::hours(24));
  strict.select("a", 0);
  CHECK_THROWS_WITH(read_all(strict), Catch::Contains(":70002:1: the row starts at 0.100000 s"));
}

TEST_CASE("Trace replay: API Gateway and async sources, with --check", "[trace]") {
  Workdir w;
  w.write("log.csv", "timestamp,target,duration\n0,a,0.5\n0.1,a,0.5\n0.2,b,40\n");
  std::string yaml = scenario("log.csv", "csv", {"a", "b"});
  // s0 behind an HTTP API (its 30 s integration timeout), s1 an async invoke.
  yaml.replace(yaml.find("type: invoke"), 12, "type: api_gateway");
  yaml.replace(yaml.find("type: invoke"), 12, "type: invoke\n    mode: async");
  RunOptions options;
  options.check = true;
  const RunResult r = run_simulation(load_scenario(w.write("s.yaml", yaml)), options);
  CHECK(r.sources[0].completed == 2);
  CHECK(r.sources[1].completed == 1);
  CHECK(r.functions[1].billing[0].on_demand_us_handler == 40'000'000);
}
