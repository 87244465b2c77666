// What-if sweeps, replications, shards and optimize (README "What-if sweeps"): the grammar of
// --vary and --shard, common random numbers, identical output whatever -j, shard + merge
// identical to one run, Student-t half-widths by hand, and an optimum computable by hand.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "slsim/error.hpp"
#include "slsim/optimize.hpp"
#include "slsim/sweep.hpp"
#include "support/slsim_process.hpp"

using namespace slsim;
using Json = nlohmann::ordered_json;

namespace {

std::string vary_error(const std::string& text) {
  try {
    parse_vary(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

// One function behind an HTTP API, arrivals every 100 ms, handler exactly 100 ms.
constexpr const char* kScenario = R"(name: sweep-test
description: A fixed workload for sweeps.
run_for: 1m
seed: 11
functions:
  fn:
    memory: 256
    timeout: 5s
    duration: 100ms
    cold_start: 100ms
    keep_alive: 10m
  other:
    memory: 128
    timeout: 5s
    duration: {dist: exponential, mean: 30ms}
    cold_start: 150ms
    keep_alive: 1m
sources:
  api:
    type: api_gateway
    target: fn
    arrivals: {process: constant, rate: 10/s}
  noisy:
    type: api_gateway
    target: other
    arrivals: {process: poisson, rate: 25/s}
)";

}  // namespace

TEST_CASE("Sweep: --vary lists and ranges", "[sweep]") {
  const Vary list = parse_vary("functions.resize.memory=128,256,512");
  CHECK(list.path == "functions.resize.memory");
  CHECK(list.values == std::vector<std::string>{"128", "256", "512"});
  const Vary range = parse_vary("functions.f.memory=128..3008:128");
  CHECK(range.values.size() == 23);  // 128, 256, ..., 2944 (3008 is not a multiple)
  CHECK(range.values.front() == "128");
  CHECK(range.values.back() == "2944");
  CHECK(parse_vary("functions.f.timeout=50ms..200ms:50ms").values ==
        std::vector<std::string>{"50ms", "100ms", "150ms", "200ms"});
  CHECK(parse_vary("x=0.1..0.3:0.1").values == std::vector<std::string>{"0.1", "0.2", "0.3"});
}

TEST_CASE("Sweep error: malformed --vary", "[sweep][error]") {
  CHECK(vary_error("functions.f.memory") ==
        "--vary functions.f.memory: expected PATH=V1,V2,... or PATH=FROM..TO:STEP");
  CHECK(vary_error("m=1,,2") == "--vary m=1,,2: expected values separated by commas, none empty");
  CHECK(vary_error("m=10ms..1s:10ms") ==
        "--vary m=10ms..1s:10ms: expected the same unit on FROM, TO and STEP");
  CHECK(vary_error("m=5..1:1") == "--vary m=5..1:1: expected a STEP above 0 and TO at least FROM");
  CHECK(vary_error("m=1..5") ==
        "--vary m=1..5: expected a range FROM..TO:STEP such as 128..3008:128");
  CHECK(vary_error("m=1..1000000:1") == "--vary m=1..1000000:1: expected at most 100000 values");
}

TEST_CASE("Sweep: the grid changes the last --vary fastest; shards split it", "[sweep]") {
  const auto points = grid_points({parse_vary("a=1,2"), parse_vary("b=x,y,z")});
  REQUIRE(points.size() == 6);
  CHECK(points[0] == std::vector<std::string>{"a=1", "b=x"});
  CHECK(points[1] == std::vector<std::string>{"a=1", "b=y"});
  CHECK(points[3] == std::vector<std::string>{"a=2", "b=x"});
  const Shard s = parse_shard("2/3");
  CHECK(s.index == 2);
  CHECK(s.count == 3);
  CHECK(s.owns(1));
  CHECK(s.owns(4));
  CHECK_FALSE(s.owns(0));
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "/2"}) {
    CHECK_THROWS_AS(parse_shard(bad), ScenarioError);
  }
}

TEST_CASE("Replications: the 95 % half-width is Student t's", "[sweep]") {
  // {1,2,3,4,5}: mean 3, s = sqrt(2.5) = 1.58114, t(4, 0.975) = 2.776445:
  // 2.776445 x 1.58114 / sqrt(5) = 1.963243.
  CHECK(ci95_half_width({1, 2, 3, 4, 5}) == Approx(1.963243).epsilon(1e-6));
  CHECK(ci95_half_width({7}) == 0);
  // Two replications: t(1, 0.975) = 12.706205; s = 0.70711: 12.706205 x 0.70711 / sqrt(2) = 6.3531.
  CHECK(ci95_half_width({1, 2}) == Approx(6.353102).epsilon(1e-6));
  const Json summary =
      summarise_replications({Json{{"seed", 1}, {"a", {{"x", 1.0}, {"s", "same"}, {"d", "one"}}}},
                              Json{{"seed", 2}, {"a", {{"x", 3.0}, {"s", "same"}, {"d", "two"}}}}});
  CHECK(summary["replications"] == 2);
  CHECK(summary["seeds"] == Json::array({1, 2}));
  CHECK(summary["a"]["x"]["mean"] == 2.0);
  CHECK(summary["a"]["x"]["n"] == 2);
  CHECK(summary["a"]["s"] == "same");
  CHECK_FALSE(summary["a"].contains("d"));  // strings that differ are dropped
}

TEST_CASE("Optimize: constraints and the frontier", "[sweep]") {
  CHECK(parse_constraint("sources.api.latency_ms.p99 < 500").path == "sources.api.latency_ms.p99");
  CHECK(parse_constraint("a.b>=0.5").op == ">=");
  CHECK(parse_constraint("a.b>=0.5").value == 0.5);
  CHECK_THROWS_WITH(parse_constraint("a.b ~ 3"),
                    "--subject-to 'a.b ~ 3': expected 'PATH OP NUMBER' with OP one of <, <=, >, "
                    ">=, ==, !=");
  CHECK_THROWS_AS(parse_constraint("< 3"), ScenarioError);
  // Points (cost, latency): (3, 10) (1, 50) (2, 20) (2, 60) (0.5, 900): latency < 100 leaves
  // the first four; the best is (1, 50); the frontier (1, 50), (2, 20), (3, 10).
  Json sweep;
  sweep["points"] = Json::array();
  for (const auto& [cost, latency] :
       std::vector<std::pair<double, double>>{{3, 10}, {1, 50}, {2, 20}, {2, 60}, {0.5, 900}}) {
    sweep["points"].push_back({{"metrics", {{"c", cost}, {"l", latency}}}});
  }
  const Optimum o = optimize(sweep, "c", {parse_constraint("l < 100")}, "l");
  REQUIRE(o.best);
  CHECK(*o.best == 1);
  CHECK(o.frontier == std::vector<std::size_t>{1, 2, 0});
  CHECK(o.feasible == std::vector<bool>{true, true, true, true, false});
}

TEST_CASE("CLI: sweep output is byte-identical whatever -j; points use common random numbers",
          "[sweep][cli]") {
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const std::string grid =
      "sweep '" + file +
      "' --vary functions.fn.memory=128,256,512 --vary functions.other.memory=128..384:128 "
      "--metric sources.noisy.requests --metric sources.api.requests --metric "
      "functions.other.invocations --quiet";
  const slsim_test::Outcome one = dir.slsim(grid + " -j 1 --json one.json --csv one.csv");
  INFO(one.err);
  REQUIRE(one.exit_code == 0);
  const slsim_test::Outcome two = dir.slsim(grid + " -j 2 --json two.json --csv two.csv");
  REQUIRE(two.exit_code == 0);
  CHECK(dir.read("one.json") == dir.read("two.json"));
  CHECK(dir.read("one.csv") == dir.read("two.csv"));
  const Json sweep = Json::parse(dir.read("one.json"));
  REQUIRE(sweep["points"].size() == 9);
  // Common random numbers: memory changes no arrival, so every point saw the same requests,
  // and the Poisson source the very same count.
  for (const Json& p : sweep["points"]) {
    CHECK(p["metrics"]["sources.noisy.requests"] ==
          sweep["points"][0]["metrics"]["sources.noisy.requests"]);
    CHECK(p["metrics"]["sources.api.requests"] == 600);
  }
  // A point is exactly the run with the same edits.
  const slsim_test::Outcome run = dir.slsim(
      "run '" + file +
      "' --set functions.fn.memory=256 --set functions.other.memory=384 --json - --quiet");
  const Json r = Json::parse(run.out);
  const Json& point = sweep["points"][5];
  CHECK(point["set"]["functions.fn.memory"] == "256");
  CHECK(point["set"]["functions.other.memory"] == "384");
  CHECK(point["metrics"]["functions.other.invocations"] == r["functions"]["other"]["invocations"]);
  const std::string csv = dir.read("one.csv");
  CHECK(csv.rfind("functions.fn.memory,functions.other.memory,sources.noisy.requests,", 0) == 0);
}

TEST_CASE("CLI: sweep --shard K/N parts merge into exactly the unsharded output", "[sweep][cli]") {
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const std::string grid =
      "sweep '" + file + "' --vary functions.fn.memory=128..640:128 --run-for 20s --quiet";
  REQUIRE(dir.slsim(grid + " --json whole.json").exit_code == 0);
  for (int k = 1; k <= 3; ++k) {
    REQUIRE(dir.slsim(grid + " --shard " + std::to_string(k) + "/3 --json part" +
                      std::to_string(k) + ".json")
                .exit_code == 0);
  }
  const slsim_test::Outcome merged = dir.slsim("merge part3.json part1.json part2.json");
  INFO(merged.err);
  REQUIRE(merged.exit_code == 0);
  CHECK(merged.out == dir.read("whole.json"));
  const Json part = Json::parse(dir.read("part2.json"));
  CHECK(part["shard"]["index"] == 2);
  CHECK(part["points"].size() == 2);  // points 1 and 4 of 5
  // A missing or repeated shard is refused.
  const slsim_test::Outcome missing = dir.slsim("merge part1.json part2.json");
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("shard 3/3 is missing") != std::string::npos);
  const slsim_test::Outcome twice = dir.slsim("merge part1.json part1.json part2.json part3.json");
  CHECK(twice.exit_code == 2);
  CHECK(twice.err.find("shard 1/3 is also in part1.json") != std::string::npos);
  const slsim_test::Outcome whole = dir.slsim("merge whole.json");
  CHECK(whole.exit_code == 2);
  CHECK(whole.err.find("not a partial sweep result") != std::string::npos);
}

TEST_CASE("CLI: run --replications is identical whatever -j and summarises every metric",
          "[sweep][cli]") {
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const std::string run = "run '" + file + "' --replications 4 --run-for 20s --quiet";
  REQUIRE(dir.slsim(run + " -j 1 --json one.json").exit_code == 0);
  REQUIRE(dir.slsim(run + " -j 2 --json two.json").exit_code == 0);
  CHECK(dir.read("one.json") == dir.read("two.json"));
  const Json r = Json::parse(dir.read("one.json"));
  CHECK(r["replications"] == 4);
  CHECK(r["seeds"] == Json::array({11, 12, 13, 14}));
  const Json& requests = r["sources"]["noisy"]["requests"];
  CHECK(requests["n"] == 4);
  CHECK(requests["ci95"].get<double>() > 0);  // Poisson counts differ between seeds
  // The constant source is the same in every replication: no spread.
  CHECK(r["sources"]["api"]["requests"]["mean"] == 200.0);
  CHECK(r["sources"]["api"]["requests"]["ci95"] == 0.0);
  // The mean is the mean of the single runs.
  double sum = 0;
  for (int seed = 11; seed <= 14; ++seed) {
    const slsim_test::Outcome one = dir.slsim("run '" + file + "' --run-for 20s --seed " +
                                              std::to_string(seed) + " --json - --quiet");
    sum += Json::parse(one.out)["sources"]["noisy"]["requests"].get<double>();
  }
  CHECK(requests["mean"].get<double>() == Approx(sum / 4));
}

TEST_CASE("CLI: sweep --replications summarises each point", "[sweep][cli]") {
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const std::string sweep = "sweep '" + file +
                            "' --vary functions.other.memory=128,256 --replications 3 --run-for "
                            "10s --metric sources.noisy.requests --quiet";
  REQUIRE(dir.slsim(sweep + " -j 1 --json one.json").exit_code == 0);
  REQUIRE(dir.slsim(sweep + " -j 2 --json two.json").exit_code == 0);
  CHECK(dir.read("one.json") == dir.read("two.json"));
  const Json j = Json::parse(dir.read("one.json"));
  const Json& requests = j["points"][1]["metrics"]["sources.noisy.requests"];
  CHECK(requests["n"] == 3);
  // Common random numbers across points, replication by replication: the same summary.
  CHECK(requests == j["points"][0]["metrics"]["sources.noisy.requests"]);
}

TEST_CASE("CLI: optimize finds the optimum computable by hand", "[sweep][cli]") {
  // A 50 ms timeout kills every 100 ms execution (sources.api.failed > 0); with 5 s nothing
  // fails. With the same executions, the bill grows with memory. So the cheapest point without
  // failures is memory 128, timeout 5s, and its bill is, by hand, billed GB-s x $0.0000166667
  // + invocations x $0.20/M + the API calls of both sources x $1.00/M (nothing else varies).
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const slsim_test::Outcome o = dir.slsim(
      "optimize '" + file +
      "' --vary functions.fn.memory=512,128,256 --vary functions.fn.timeout=50ms,5s "
      "--minimize cost.aws.total_usd --subject-to 'sources.api.failed == 0' "
      "--tradeoff sources.api.latency_ms.p99 --metric cost.aws.functions.fn.usd "
      "--metric cost.aws.functions.fn.billed_gb_seconds --metric functions.fn.invocations "
      "--json o.json");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const Json j = Json::parse(dir.read("o.json"));
  const Json& best = j["best"];
  CHECK(best["set"]["functions.fn.memory"] == "128");
  CHECK(best["set"]["functions.fn.timeout"] == "5s");
  CHECK(j["feasible_points"] == 3);
  const Json& m = best["metrics"];
  const double invocations = m["functions.fn.invocations"].get<double>();
  CHECK(invocations == 600);
  CHECK(m["cost.aws.functions.fn.usd"].get<double>() ==
        Approx(m["cost.aws.functions.fn.billed_gb_seconds"].get<double>() * 0.0000166667 +
               invocations * 0.2e-6));
  // Every execution is 100 ms (cold ones + 100 ms INIT) at 0.125 GB: at least 600 x 0.0125.
  CHECK(m["cost.aws.functions.fn.billed_gb_seconds"].get<double>() >= 600 * 0.0125);
  CHECK(o.out.find("best: functions.fn.memory=128 functions.fn.timeout=5s") != std::string::npos);
  // A misspelt objective is an error, not an empty answer.
  const slsim_test::Outcome typo = dir.slsim("optimize '" + file +
                                             "' --vary functions.fn.memory=128,256 --minimize "
                                             "cost.aws.totl_usd --quiet");
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("'cost.aws.totl_usd' is not a number in the run report") !=
        std::string::npos);
}

TEST_CASE("CLI: sweep errors exit 2", "[sweep][cli]") {
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const slsim_test::Outcome none = dir.slsim("sweep '" + file + "'");
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("give at least one --vary") != std::string::npos);
  const slsim_test::Outcome bad =
      dir.slsim("sweep '" + file + "' --vary functions.fn.memory=128,abc");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("functions.fn.memory=abc") != std::string::npos);
  const slsim_test::Outcome shard =
      dir.slsim("sweep '" + file + "' --vary functions.fn.memory=128 --shard 3/2");
  CHECK(shard.exit_code == 2);
  CHECK(shard.err.find("--shard 3/2: expected K/N") != std::string::npos);
}
