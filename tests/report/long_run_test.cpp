// Long runs: Ctrl-C (SIGINT) stops a run cleanly and still writes its results, marked
// partial, with exit code 130; the progress line (simulated time, events/s, ETA) appears on a
// terminal and never with --quiet or when stderr is not a terminal.

#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "report_fixture.hpp"

extern char** environ;

using namespace slsim::test;
using Json = nlohmann::ordered_json;

namespace {

// About 1.3 billion requests: minutes of simulation, far longer than the test waits.
constexpr const char* kLongScenario = R"(name: long
run_for: 30d
functions:
  fn:
    duration: {dist: exponential, mean: 50ms}
sources:
  src:
    type: invoke
    target: fn
    arrivals: {process: poisson, rate: 500/s}
)";

}  // namespace

TEST_CASE("Ctrl-C stops a long run and still writes partial results", "[long]") {
  ReportDir dir;
  const std::string scenario = dir.write("long.yaml", kLongScenario);
  const std::string json = dir.file("out.json");
  const std::string csv = dir.file("csv");
  std::vector<std::string> args{SLSIM_BINARY, "run", scenario, "--quiet",
                                "--json",     json,  "--csv",  csv};
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  REQUIRE(::posix_spawn(&pid, SLSIM_BINARY, nullptr, nullptr, argv.data(), environ) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  REQUIRE(::kill(pid, SIGINT) == 0);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 130);

  const Json j = Json::parse(read_text(json));
  CHECK(j["engine"]["partial"] == true);
  CHECK(j["engine"]["stopped_at_max_events"] == false);
  const double simulated = j["simulated_seconds"].get<double>();
  CHECK(simulated > 0);
  CHECK(simulated < 30 * 86400);
  // The partial figures are consistent: every request accounted for, the time series cover
  // exactly the simulated time.
  const Json& src = j["sources"]["src"];
  CHECK(src["requests"].get<std::uint64_t>() ==
        src["completed"].get<std::uint64_t>() + src["throttled"].get<std::uint64_t>() +
            src["failed"].get<std::uint64_t>() + src["in_flight_at_end"].get<std::uint64_t>());
  const auto rows = csv_records(read_text(fs::path(csv) / "timeseries_invocations.csv"));
  REQUIRE_FALSE(rows.empty());
  CHECK(std::stod(rows.back().at("end_s")) == Approx(simulated));
  double invocations = 0;
  for (const auto& row : rows)
    invocations += std::stod(row.at("invocations"));
  CHECK(invocations == j["functions"]["fn"]["invocations"].get<double>());
}

TEST_CASE("The progress line shows on a terminal only, never with --quiet", "[long]") {
  ReportDir dir;
  // 2 million requests: the progress callback fires every 2^20 events.
  const std::string scenario = dir.write(
      "medium.yaml",
      std::regex_replace(std::string(kLongScenario), std::regex("run_for: 30d"), "run_for: 1h"));
  // script(1) gives the command a terminal; its output is what the terminal showed.
  const std::string run = "'" SLSIM_BINARY "' run '" + scenario + "'";
  const Outcome shown = dir.run("script -qec \"" + run + " >/dev/null\" /dev/null");
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("simulated") != std::string::npos);
  CHECK(shown.out.find("events/s") != std::string::npos);
  CHECK(shown.out.find("ETA") != std::string::npos);
  CHECK(shown.out.find("[#") != std::string::npos);
  const Outcome quiet = dir.run("script -qec \"" + run + " --quiet\" /dev/null");
  REQUIRE(quiet.exit_code == 0);
  CHECK(quiet.out.find("events/s") == std::string::npos);
  const Outcome piped = dir.run(run + " --quiet");
  CHECK(piped.err.empty());
}
