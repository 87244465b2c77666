// Teaching mode: the narrator sees every start, end and throttle exactly once and changes
// nothing (fingerprint); `slsim trace` prints timestamped lines naming the limit of each
// throttle, filters with --only and stays within --limit; `slsim explain` describes every
// resource; every subcommand's --help has a description and two examples that run.

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "report_fixture.hpp"
#include "slsim/narrator.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;
using namespace slsim::test;

namespace {

struct CountingNarrator final : Narrator {
  std::uint64_t cold = 0, warm = 0, ends = 0, throttles = 0, expiries = 0, fates = 0;
  std::int64_t max_busy = 0;
  void started(Time, std::string_view, std::uint32_t, Duration init, bool, std::int64_t busy,
               std::int64_t) override {
    ++(init.us > 0 ? cold : warm);
    max_busy = std::max(max_busy, busy);
  }
  void ended(Time, std::string_view, std::uint32_t, Duration, bool, std::int64_t) override {
    ++ends;
  }
  void throttled(Time, std::string_view, ThrottleCause cause, std::int64_t limit) override {
    ++throttles;
    CHECK(cause == ThrottleCause::reserved);
    CHECK(limit == 20);
  }
  void expired(Time now, std::string_view, std::uint32_t, Time at) override {
    ++expiries;
    CHECK(at <= now);
  }
  void request(Time, std::string_view, RequestFate, Duration) override { ++fates; }
};

const std::string kScenarios = SLSIM_SOURCE_DIR "/scenarios/";

}  // namespace

TEST_CASE("Narrator: told every start, end and throttle once; the run is unchanged", "[teaching]") {
  const ScenarioSpec spec = load_scenario(kScenarios + "reserved-throttling.yaml");
  const RunResult plain = run_simulation(spec, {});
  CountingNarrator narrator;
  RunOptions options;
  options.narrator = &narrator;
  const RunResult told = run_simulation(spec, options);
  CHECK(told.engine.fingerprint == plain.engine.fingerprint);
  const FunctionResult& f = told.functions[0];
  CHECK(narrator.cold == f.cold_starts);
  CHECK(narrator.warm == f.warm_starts + f.provisioned_starts);
  CHECK(narrator.ends == f.completed + f.timeouts);
  CHECK(narrator.throttles == f.throttles);
  CHECK(narrator.max_busy == f.peak_concurrency);
  // Every throttle of the sdk caller is a retry or a final 429; the dashboard's are final.
  CHECK(narrator.fates == f.throttles);
}

TEST_CASE("trace: timestamped lines, the limit behind each throttle, bounded", "[teaching]") {
  ReportDir dir;
  const Outcome o = dir.slsim("trace '" + kScenarios + "reserved-throttling.yaml' --until 2s");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const std::regex cold(
      R"(t=0\.\d{3}s report: cold start on environment #\d+ \(init \d+ ms\) — \d+ busy, \d+ idle)");
  CHECK(std::regex_search(o.out, cold));
  CHECK(o.out.find("report: 429 throttled — reserved concurrency 20 reached") != std::string::npos);
  CHECK(o.out.find("sdk: the SDK retries the throttled call in") != std::string::npos);
  CHECK(o.out.find("dashboard: the caller gets 429 (no retries left)") != std::string::npos);
  std::size_t lines = 0;
  for (const char c : o.out)
    lines += c == '\n' ? 1 : 0;
  CHECK(lines == 202);  // the title, 200 lines, the "... more lines" note
  CHECK(o.out.find("more lines until t=2s not shown (--limit 200)") != std::string::npos);

  const Outcome only =
      dir.slsim("trace '" + kScenarios + "reserved-throttling.yaml' --until 1s --only sdk");
  REQUIRE(only.exit_code == 0);
  CHECK(only.out.find(" report: ") == std::string::npos);
  CHECK(only.out.find(" sdk: ") != std::string::npos);

  const Outcome bad = dir.slsim("trace '" + kScenarios + "reserved-throttling.yaml' --only nobody");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--only: expected a function or source of the scenario (report, "
                     "dashboard, sdk), got 'nobody'") != std::string::npos);
}

TEST_CASE("explain: every resource, its trigger, sync or async, its limits", "[teaching]") {
  ReportDir dir;
  Outcome o = dir.slsim("explain '" + kScenarios + "reserved-throttling.yaml'");
  REQUIRE(o.exit_code == 0);
  std::size_t longest = 0;
  for (std::size_t start = 0, end = 0; (end = o.out.find('\n', start)) != std::string::npos;
       start = end + 1)
    longest = std::max(longest, end - start);
  CHECK(longest <= 100);
  // Paragraphs are wrapped at 100 columns: read them unwrapped.
  o.out = std::regex_replace(o.out, std::regex("\n  "), " ");
  CHECK(o.out.find("- dashboard invokes report directly and synchronously") != std::string::npos);
  CHECK(o.out.find("retried up to 3 times by the SDK") != std::string::npos);
  CHECK(o.out.find("- report is a Lambda function") != std::string::npos);
  CHECK(o.out.find("Reserved concurrency 20") != std::string::npos);
  CHECK(o.out.find("triggered by dashboard (sync) and sdk (sync)") != std::string::npos);
  const Outcome api = dir.slsim("explain '" + kScenarios + "provisioned-concurrency.yaml'");
  CHECK(api.out.find("API Gateway HTTP API") != std::string::npos);
  CHECK(api.out.find("10 provisioned environments") != std::string::npos);
  const Outcome legacy = dir.slsim("explain '" + kScenarios +
                                   "provisioned-concurrency.yaml' --set account.scaling=legacy");
  CHECK(std::regex_replace(legacy.out, std::regex("\n  "), " ")
            .find("account-wide burst of 3000 in us-east-1") != std::string::npos);
  // Producers are told by what they write, and varying rates by their mean.
  const auto unwrapped = [&](const std::string& file) {
    const Outcome out = dir.slsim("explain '" + kScenarios + file + "'");
    return std::regex_replace(out.out, std::regex("\n  "), " ");
  };
  CHECK(unwrapped("streaming-firehose.yaml")
            .find("- app writes batches of 10 records (PutRecordBatch) to the Firehose stream "
                  "events (bursts arrivals, 225/s on average)") != std::string::npos);
  CHECK(unwrapped("streaming.yaml").find("- app writes records to the Kinesis stream events") !=
        std::string::npos);
  CHECK(unwrapped("sns-fan-out.yaml").find("- shop publishes to the SNS topic order-events") !=
        std::string::npos);
}

TEST_CASE("help: every subcommand has a description and two examples that run", "[teaching]") {
  ReportDir dir;
  // The examples name scenarios/...: run them where that path exists.
  fs::create_directory_symlink(SLSIM_SOURCE_DIR "/scenarios", dir.path() / "scenarios");
  // What the merge and import examples read: two sweep shards and a SAM template.
  for (const char* shard : {"1", "2"}) {
    const Outcome part = dir.slsim(std::string("sweep scenarios/hello-api.yaml --run-for 1m ") +
                                   "--vary functions.hello.memory=128,256 --quiet --shard " +
                                   shard + "/2 --json part-" + shard + ".json");
    REQUIRE(part.exit_code == 0);
  }
  fs::copy_file(SLSIM_SOURCE_DIR "/tests/import/templates/sam-hello-world.yaml",
                dir.path() / "template.yaml");
  for (const char* command : {"run", "validate", "graph", "trace", "explain", "compare", "sweep",
                              "optimize", "merge", "import"}) {
    INFO(command);
    const Outcome help = dir.slsim(std::string(command) + " --help");
    REQUIRE(help.exit_code == 0);
    const std::string& text = help.out;
    // The description paragraph comes first: at least two sentences.
    const std::string first_line = text.substr(0, text.find('\n'));
    CHECK(first_line.size() > 150);
    const std::size_t examples = text.find("Examples:\n");
    REQUIRE(examples != std::string::npos);
    const std::regex example_line("\n  slsim (" + std::string(command) + " [^\n]+)");
    std::vector<std::string> found;
    const std::string tail = text.substr(examples);
    for (auto it = std::sregex_iterator(tail.begin(), tail.end(), example_line);
         it != std::sregex_iterator(); ++it)
      found.push_back((*it)[1]);
    REQUIRE(found.size() == 2);
    for (const std::string& example : found) {
      INFO(example);
      std::string line = "'" SLSIM_BINARY "' " + example;
      if (example.find(" --until") != std::string::npos) line += " >/dev/null";
      const Outcome ran = dir.run(line);
      CHECK(ran.exit_code == 0);
      CHECK(ran.err.empty());
    }
  }
}

TEST_CASE("trace: a bad --until or --limit is a usage error", "[teaching]") {
  ReportDir dir;
  const std::string file = kScenarios + "hello-api.yaml";
  Outcome o = dir.slsim("trace '" + file + "' --until 0s");
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("--until") != std::string::npos);
  o = dir.slsim("trace '" + file + "' --until soon");
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("soon") != std::string::npos);
  o = dir.slsim("trace '" + file + "' --limit -3");
  CHECK(o.exit_code == 2);
}
