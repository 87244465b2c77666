// The `slsim` executable end to end (README "Command line"): exit codes (0 ok, 2 bad input
// or usage, 3 internal error), where the summary and the JSON go, byte-identical JSON for a
// seed, options that win over the scenario, and the validate and graph commands. Each test
// writes small scenarios into its own temporary directory and runs the built binary.

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/slsim_process.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

// One API Gateway source and one async direct invoke in front of one function, 10 s long.
constexpr const char* kScenario = R"(name: cli-test
description: Two sources in front of one function.
run_for: 10s
seed: 3
functions:
  fn:
    memory: 256
    timeout: 5s
    duration: {dist: exponential, mean: 50ms}
    cold_start: 200ms
    keep_alive: 1m
sources:
  api:
    type: api_gateway
    target: fn
    arrivals: {process: poisson, rate: 20/s}
  batch:
    type: invoke
    mode: async
    target: fn
    arrivals: {process: constant, rate: 1/s}
)";

// A misspelt key on line 5, column 5.
constexpr const char* kBadScenario = R"(run_for: 10s
functions:
  fn:
    duration: 50ms
    memroy: 256
sources:
  api:
    type: api_gateway
    target: fn
    arrivals: {process: poisson, rate: 20/s}
)";

using slsim_test::Outcome;
using slsim_test::read_file;
// A fresh directory under the system's temporary directory, removed at the end of the test;
// slsim runs inside it, so that a stray output file lands there and not in the build.
using TempDir = slsim_test::Workdir;

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

}  // namespace

TEST_CASE("CLI: run --json - prints the JSON on stdout and the summary on stderr", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome o = dir.slsim("run " + quoted(file) + " --json -");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const Json j = Json::parse(o.out);
  for (const char* key :
       {"scenario", "seed", "simulated_seconds", "functions", "sources", "cost", "engine"}) {
    CHECK(j.contains(key));
  }
  CHECK(j["scenario"] == "cli-test");
  CHECK(j["seed"] == 3);
  CHECK(j["simulated_seconds"].get<double>() == 10.0);
  const Json& fn = j["functions"]["fn"];
  for (const char* key : {"invocations", "cold_starts", "warm_starts", "provisioned_starts",
                          "throttles", "timeouts", "dropped", "in_flight_at_end", "cold_start_rate",
                          "concurrency", "environments", "latency_ms"}) {
    CHECK(fn.contains(key));
  }
  CHECK(fn["invocations"].get<int>() > 0);
  for (const char* key : {"type", "target", "requests", "completed", "throttled", "failed",
                          "timed_out", "dropped", "in_flight_at_end", "latency_ms"}) {
    CHECK(j["sources"]["api"].contains(key));
  }
  CHECK(j["sources"]["api"]["type"] == "api_gateway");
  CHECK(j["sources"]["batch"]["target"] == "fn");
  REQUIRE(j["cost"].contains("aws"));
  CHECK(j["cost"]["aws"].contains("total_usd"));
  CHECK(j["cost"]["aws"]["by_service"].contains("lambda"));
  CHECK(j["cost"]["aws"]["functions"]["fn"].contains("billed_gb_seconds"));
  CHECK(j["engine"]["events"].get<int>() > 0);
  CHECK_FALSE(j.contains("timing"));
  CHECK(o.err.find("invocations") != std::string::npos);  // the summary
  CHECK(o.err.find('\033') == std::string::npos);         // no colour off a terminal
}

TEST_CASE("CLI: run prints the summary on stdout and writes --json PATH", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome o = dir.slsim("run " + quoted(file) + " --json " + quoted(dir.file("r.json")));
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  CHECK(o.out.find("invocations") != std::string::npos);
  CHECK(o.err.empty());  // no progress line when stderr is not a terminal
  const std::string json = read_file(dir.file("r.json"));
  CHECK(Json::parse(json)["scenario"] == "cli-test");
  CHECK(json.back() == '\n');
}

TEST_CASE("CLI: two runs with the same seed write byte-identical JSON", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  for (const char* name : {"a.json", "b.json"}) {
    const Outcome o =
        dir.slsim("run " + quoted(file) + " --seed 11 --quiet --json " + quoted(dir.file(name)));
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    CHECK(o.out.empty());  // --quiet
  }
  const std::string a = read_file(dir.file("a.json"));
  CHECK_FALSE(a.empty());
  CHECK(a == read_file(dir.file("b.json")));
  CHECK(Json::parse(a)["seed"] == 11);
}

TEST_CASE("CLI: --seed and --run-for win over --set and the scenario", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome o = dir.slsim("run " + quoted(file) +
                              " --set seed=5 --seed 9 --set run_for=1m --run-for 2s --json -");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const Json j = Json::parse(o.out);
  CHECK(j["seed"] == 9);
  CHECK(j["simulated_seconds"].get<double>() == 2.0);
}

TEST_CASE("CLI: --set edits the scenario before it is read", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome o = dir.slsim("run --set run_for=3s " + quoted(file) + " --json -");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  CHECK(Json::parse(o.out)["simulated_seconds"].get<double>() == 3.0);
}

TEST_CASE("CLI: --timing adds wall-clock figures; --max-events cuts the run", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome timed = dir.slsim("run " + quoted(file) + " --timing --json -");
  INFO(timed.err);
  REQUIRE(timed.exit_code == 0);
  const Json t = Json::parse(timed.out);
  REQUIRE(t.contains("timing"));
  CHECK(t["timing"].contains("wall_seconds"));
  CHECK(t["timing"].contains("events_per_second"));
  CHECK(t["timing"].contains("invocations_per_second"));

  const Outcome cut = dir.slsim("run " + quoted(file) + " --max-events 10 --json -");
  INFO(cut.err);
  REQUIRE(cut.exit_code == 0);
  const Json c = Json::parse(cut.out);
  CHECK(c["engine"]["events"] == 10);
  CHECK(c["engine"]["stopped_at_max_events"] == true);
}

TEST_CASE("CLI: a run too large to simulate unasked is refused unless --max-events says", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  // 10^6/s for a year: ~3e13 requests, hours of work from a typo.
  const std::string huge =
      "run " + quoted(file) + " --run-for 365d --set 'sources.api.arrivals.rate=1000000/s'";
  const Outcome refused = dir.slsim(huge + " --json -");
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("would simulate about 3.15e+13 requests") != std::string::npos);
  CHECK(refused.err.find("--max-events") != std::string::npos);
  const Outcome bounded = dir.slsim(huge + " --max-events 5000 --json -");
  INFO(bounded.err);
  REQUIRE(bounded.exit_code == 0);
  CHECK(Json::parse(bounded.out)["engine"]["stopped_at_max_events"] == true);
  CHECK(bounded.err.find("stopped at --max-events") != std::string::npos);
}

TEST_CASE("CLI: --check verifies invariants and changes nothing", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome plain = dir.slsim("run " + quoted(file) + " --json -");
  const Outcome checked = dir.slsim("run " + quoted(file) + " --check --json -");
  INFO(checked.err);
  REQUIRE(checked.exit_code == 0);
  CHECK(plain.out == checked.out);
  CHECK(Json::parse(checked.out)["engine"]["fingerprint"].get<std::string>().size() == 16);
}

TEST_CASE("CLI: a bad scenario exits 2 with file:line:col", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("bad.yaml", kBadScenario);
  for (const char* command : {"run ", "validate ", "graph "}) {
    const Outcome o = dir.slsim(command + quoted(file));
    INFO(command << o.err);
    CHECK(o.exit_code == 2);
    CHECK(std::regex_search(o.err, std::regex(R"(^error: .*bad\.yaml:5:\d+: )")));
    CHECK(o.err.find("memroy") != std::string::npos);
    CHECK(o.out.empty());
  }
}

TEST_CASE("CLI: a missing file exits 2", "[cli]") {
  TempDir dir;
  const Outcome o = dir.slsim("run " + quoted(dir.file("absent.yaml")));
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("absent.yaml") != std::string::npos);
}

TEST_CASE("CLI: bad usage exits 2 and names the option", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);

  const Outcome unknown = dir.slsim("run " + quoted(file) + " --bogus");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("--bogus") != std::string::npos);

  for (const char* value : {"ten", "10", "-1s", "0s"}) {
    const Outcome o = dir.slsim("run " + quoted(file) + " --run-for " + quoted(value));
    INFO(value << ": " << o.err);
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("--run-for") != std::string::npos);
  }

  for (const char* value : {"many", "-3", "1.5"}) {
    const Outcome o = dir.slsim("run " + quoted(file) + " --seed " + quoted(value));
    INFO(value << ": " << o.err);
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("--seed") != std::string::npos);
  }

  // A forgotten value: CLI11 would take the next option as the path.
  const Outcome json = dir.slsim("run " + quoted(file) + " --json --quiet");
  CHECK(json.exit_code == 2);
  CHECK(json.err.find("--json") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("--quiet")));

  const Outcome no_file = dir.slsim("run");
  CHECK(no_file.exit_code == 2);

  const Outcome no_command = dir.slsim("");
  CHECK(no_command.exit_code == 2);
  CHECK(no_command.err.find("run") != std::string::npos);  // the help lists the commands

  const Outcome unknown_command = dir.slsim("frobnicate");
  CHECK(unknown_command.exit_code == 2);
}

TEST_CASE("CLI: a JSON path that cannot be written exits 2", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome o =
      dir.slsim("run " + quoted(file) + " --quiet --json " + quoted(dir.file("no/such/dir.json")));
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("--json") != std::string::npos);
}

TEST_CASE("CLI: --help and --version exit 0", "[cli]") {
  TempDir dir;
  const Outcome help = dir.slsim("--help");
  CHECK(help.exit_code == 0);
  for (const char* word : {"run", "validate", "graph", "--version"}) {
    CHECK(help.out.find(word) != std::string::npos);
  }
  const Outcome run_help = dir.slsim("run --help");
  CHECK(run_help.exit_code == 0);
  for (const char* option : {"--json", "--seed", "--run-for", "--set", "--free-tier", "--drain",
                             "--timing", "--quiet", "--max-events"}) {
    CHECK(run_help.out.find(option) != std::string::npos);
  }
  const Outcome version = dir.slsim("--version");
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("slsim ", 0) == 0);
}

TEST_CASE("CLI: validate prints ok with the number of functions and sources", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome o = dir.slsim("validate " + quoted(file));
  INFO(o.err);
  CHECK(o.exit_code == 0);
  CHECK(o.out == file + ": ok (1 function, 2 sources)\n");

  const Outcome set = dir.slsim("validate " + quoted(file) + " --set functions.fn.memory=abc");
  CHECK(set.exit_code == 2);
  CHECK(set.err.find("functions.fn.memory") != std::string::npos);
}

TEST_CASE("CLI: graph prints the topology as Graphviz DOT", "[cli]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const Outcome o = dir.slsim("graph " + quoted(file));
  INFO(o.err);
  CHECK(o.exit_code == 0);
  CHECK(o.out.find("digraph") != std::string::npos);
  CHECK(o.out.find("fn") != std::string::npos);
  CHECK(o.out.find("api") != std::string::npos);
}

TEST_CASE("CLI: every example scenario validates", "[cli]") {
  TempDir dir;
  const fs::path examples = SLSIM_SOURCE_DIR "/scenarios";
  for (const auto& entry : fs::recursive_directory_iterator(examples)) {
    // Price books live under scenarios/pricing/ and are not scenarios.
    if (entry.path().extension() != ".yaml" || entry.path().parent_path().filename() == "pricing") {
      continue;
    }
    const Outcome o = dir.slsim("validate " + quoted(entry.path().string()));
    INFO(entry.path() << ": " << o.err);
    CHECK(o.exit_code == 0);
  }
}

TEST_CASE("CLI: --scale multiplies every arrival rate and spike count", "[cli][arrivals]") {
  TempDir dir;
  const std::string file = dir.write("s.yaml", R"(run_for: 10s
functions:
  fn:
    duration: 50ms
sources:
  batch:
    type: invoke
    target: fn
    arrivals:
      process: sum
      of: [{process: constant, rate: 1/s}, {process: spike, at: 5s, count: 4}]
)");
  const Outcome plain = dir.slsim("run " + quoted(file) + " --json -");
  const Outcome scaled = dir.slsim("run " + quoted(file) + " --scale 3 --json -");
  INFO(plain.err << scaled.err);
  REQUIRE(plain.exit_code == 0);
  REQUIRE(scaled.exit_code == 0);
  CHECK(Json::parse(plain.out)["sources"]["batch"]["requests"] == 10 + 4);
  CHECK(Json::parse(scaled.out)["sources"]["batch"]["requests"] == 30 + 12);
  CHECK(dir.slsim("run " + quoted(file) + " --scale -1").exit_code == 2);
}
