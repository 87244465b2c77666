// The scenario loader: the full schema of issue 2 into ScenarioSpec, its defaults, --set, the
// cold-start defaults table and the shipped example scenarios.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "slsim/cold_start_defaults.hpp"
#include "slsim/scenario_loader.hpp"

using namespace slsim;

namespace {

Rate per(std::int64_t count, Duration period) {
  return Rate{count * kNano, period};
}

bool same(const Rate& a, const Rate& b) {
  return a.count_nano == b.count_nano && a.per == b.per;
}

bool same(const Distribution& a, const Distribution& b) {
  return a.kind == b.kind && a.a == Approx(b.a) && a.b == Approx(b.b);
}

// The example of issue 2's "Scenario format", every key given.
const char* const kFull = R"(
name: hello-api
description: API Gateway in front of one Lambda function.
run_for: 1h
seed: 42
account:
  region: us-east-1
  concurrency_limit: 1000
  request_rate: 10000/1s
  scale_rate: 1000/10s
  scaling: current
  api_gateway: {rate: 10000/s, burst: 5000}
pricing: [aws]
functions:
  hello:
    runtime: python3.12
    package: zip
    memory: 512
    arch: x86_64
    timeout: 30s
    duration: {dist: lognormal, median: 80ms, p99: 400ms}
    cold_start: {dist: fixed, value: 300ms}
    keep_alive: {dist: uniform, min: 5m, max: 7m}
    reserved_concurrency: 100
    provisioned_concurrency: 0
    async: {max_event_age: 6h, retries: 2}
sources:
  api:
    type: api_gateway
    flavor: http
    target: hello
    overhead: 0ms
    throttle: {rate: 500/s, burst: 200}
    arrivals: {process: poisson, rate: 50/s}
  batch:
    type: invoke
    mode: async
    target: hello
    retries: 0
    arrivals: {process: constant, rate: 1/min}
)";

// The least a scenario needs.
const char* const kMinimal = R"(
run_for: 10m
functions:
  work:
    duration: 100ms
)";

}  // namespace

TEST_CASE("Loader: the full example of issue 2 loads into the expected spec", "[loader]") {
  const ScenarioSpec s = load_scenario_text(kFull, "dir/hello.yaml");
  CHECK(s.file == "dir/hello.yaml");
  CHECK(s.name == "hello-api");
  CHECK(s.description == "API Gateway in front of one Lambda function.");
  CHECK(s.run_for == Duration::hours(1));
  CHECK(s.seed == 42);
  CHECK(s.account.region == "us-east-1");
  CHECK(s.account.concurrency_limit == 1000);
  CHECK(s.account.request_rate.capacity == 10000);
  CHECK(same(s.account.request_rate.refill, per(10000, Duration::seconds(1))));
  CHECK(s.account.scale_rate.capacity == 1000);
  CHECK(same(s.account.scale_rate.refill, per(1000, Duration::seconds(10))));
  CHECK(s.account.scaling == ScalingRule::current);
  CHECK(s.account.api_gateway.capacity == 5000);
  CHECK(same(s.account.api_gateway.refill, per(10000, Duration::seconds(1))));
  REQUIRE(s.pricing.size() == 1);
  CHECK(s.pricing[0].name == "aws");
  CHECK(s.pricing[0].path.empty());

  REQUIRE(s.functions.size() == 1);
  const FunctionSpec& f = s.functions[0];
  CHECK(f.name == "hello");
  CHECK(f.where.to_string() == "dir/hello.yaml:15:3");
  CHECK(f.runtime == "python3.12");
  CHECK(f.package == PackageType::zip);
  CHECK(f.memory_mb == 512);
  CHECK(f.arch == Architecture::x86_64);
  CHECK(f.timeout == Duration::seconds(30));
  CHECK(same(f.duration,
             Distribution::lognormal_from_median_p99(Duration::millis(80), Duration::millis(400))));
  CHECK(same(f.cold_start, Distribution::fixed(Duration::millis(300))));
  CHECK(same(f.keep_alive, Distribution::uniform(Duration::minutes(5), Duration::minutes(7))));
  CHECK(f.reserved_concurrency == 100);
  CHECK(f.provisioned_concurrency == 0);
  CHECK(f.async.max_event_age == Duration::hours(6));
  CHECK(f.async.retries == 2);

  REQUIRE(s.sources.size() == 2);
  const SourceSpec& api = s.sources[0];
  CHECK(api.name == "api");
  CHECK(api.type == SourceType::api_gateway);
  CHECK(api.flavor == ApiFlavor::http);
  CHECK(api.target == "hello");
  CHECK(api.target_index == 0);
  CHECK(api.target_where.to_string() == "dir/hello.yaml:31:13");
  CHECK(api.overhead == Duration{0});
  CHECK(api.integration_timeout == Duration::seconds(30));
  REQUIRE(api.throttle.has_value());
  CHECK(same(api.throttle->rate, per(500, Duration::seconds(1))));
  CHECK(api.throttle->burst == 200);
  CHECK(api.arrivals.process == ArrivalProcess::poisson);
  CHECK(same(api.arrivals.rate, per(50, Duration::seconds(1))));
  const SourceSpec& batch = s.sources[1];
  CHECK(batch.type == SourceType::invoke);
  CHECK(batch.mode == InvokeMode::async);
  CHECK(batch.retries == 0);
  CHECK(batch.arrivals.process == ArrivalProcess::constant);
  CHECK(same(batch.arrivals.rate, per(1, Duration::minutes(1))));
}

TEST_CASE("Loader: every optional key has its AWS default", "[loader]") {
  const ScenarioSpec s = load_scenario_text(kMinimal, "some/dir/my-scenario.yaml");
  CHECK(s.name == "my-scenario");
  CHECK(s.description.empty());
  CHECK(s.seed == 1);
  CHECK(s.account.region == "us-east-1");
  CHECK(s.account.concurrency_limit == 1000);
  CHECK(s.account.request_rate.capacity == 10000);
  CHECK(same(s.account.request_rate.refill, per(10000, Duration::seconds(1))));
  CHECK(same(s.account.scale_rate.refill, per(1000, Duration::seconds(10))));
  CHECK(s.account.scaling == ScalingRule::current);
  CHECK(s.account.api_gateway.capacity == 5000);
  REQUIRE(s.pricing.size() == 1);
  CHECK(s.pricing[0].name == "aws");
  const FunctionSpec& f = s.functions.at(0);
  CHECK(f.runtime == "python3.12");
  CHECK(f.package == PackageType::zip);
  CHECK(f.memory_mb == 128);
  CHECK(f.arch == Architecture::x86_64);
  CHECK(f.timeout == Duration::seconds(3));
  CHECK(same(f.duration, Distribution::fixed(Duration::millis(100))));
  CHECK(same(f.cold_start, Distribution::fixed(Duration::millis(86))));  // facts 1.7 midpoint
  CHECK(same(f.keep_alive, Distribution::uniform(Duration::minutes(5), Duration::minutes(7))));
  CHECK_FALSE(f.reserved_concurrency.has_value());
  CHECK(f.provisioned_concurrency == 0);
  CHECK(f.async.max_event_age == Duration::hours(6));
  CHECK(f.async.retries == 2);
  CHECK(s.sources.empty());
}

TEST_CASE("Loader: the request rate follows the concurrency limit unless given", "[loader]") {
  const ScenarioSpec s = load_scenario_text(
      "run_for: 1s\naccount: {concurrency_limit: 50}\nfunctions: {f: {duration: 1ms}}\n", "t.yaml");
  CHECK(s.account.request_rate.capacity == 500);
  CHECK(same(s.account.request_rate.refill, per(500, Duration::seconds(1))));
}

TEST_CASE("Loader: source defaults per type", "[loader]") {
  const ScenarioSpec s = load_scenario_text(R"(
run_for: 1m
functions:
  f: {duration: 10ms}
  g: {duration: 10ms}
sources:
  rest: {type: api_gateway, flavor: rest, target: g, arrivals: {rate: 1/s}}
  short: {type: api_gateway, flavor: rest, timeout: 50ms, target: f, arrivals: {rate: 1/s}}
  call: {type: invoke, target: f, arrivals: {rate: 2/h}}
)",
                                            "t.yaml");
  REQUIRE(s.sources.size() == 3);
  CHECK(s.sources[0].integration_timeout == Duration::seconds(29));
  CHECK(s.sources[0].target_index == 1);
  CHECK(s.sources[0].arrivals.process == ArrivalProcess::poisson);
  CHECK_FALSE(s.sources[0].throttle.has_value());
  CHECK(s.sources[1].integration_timeout == Duration::millis(50));
  CHECK(s.sources[2].mode == InvokeMode::sync);
  CHECK(s.sources[2].retries == 0);
  CHECK(s.sources[2].target_index == 0);
}

TEST_CASE("Loader: lognormal mu and sigma are of ln(milliseconds)", "[loader]") {
  const ScenarioSpec s = load_scenario_text(
      "run_for: 1s\nfunctions: {f: {duration: {dist: lognormal, mu: 4.382, sigma: 0.5}}}\n",
      "t.yaml");
  CHECK(same(s.functions[0].duration, Distribution::lognormal(4.382 + std::log(1000.0), 0.5)));
}

TEST_CASE("Loader: pricing paths are resolved against the scenario's directory", "[loader]") {
  const ScenarioSpec s = load_scenario_text(
      "run_for: 1s\npricing: [aws-arm64, books/mine.yaml, /abs/b.yaml, other.yaml]\n"
      "functions: {f: {duration: 1ms}}\n",
      "dir/s.yaml");
  REQUIRE(s.pricing.size() == 4);
  CHECK(s.pricing[0].name == "aws-arm64");
  CHECK(s.pricing[0].path.empty());
  CHECK(s.pricing[1].name == "books/mine.yaml");
  CHECK(s.pricing[1].path == "dir/books/mine.yaml");
  CHECK(s.pricing[1].where.to_string() == "dir/s.yaml:2:22");
  CHECK(s.pricing[2].path == "/abs/b.yaml");
  CHECK(s.pricing[3].path == "dir/other.yaml");
  const ScenarioSpec single =
      load_scenario_text("run_for: 1s\npricing: aws-x86\nfunctions: {f: {duration: 1ms}}\n", "t");
  REQUIRE(single.pricing.size() == 1);
  CHECK(single.pricing[0].name == "aws-x86");
}

TEST_CASE("Loader: --set changes a value and may create an absent key", "[loader][set]") {
  const ScenarioSpec s =
      load_scenario_text(kFull, "hello.yaml",
                         {"functions.hello.memory=1024", "seed=7", "functions.hello.arch=arm64",
                          "sources.api.throttle.burst=300", "functions.hello.package=image"});
  CHECK(s.functions[0].memory_mb == 1024);
  CHECK(s.seed == 7);
  CHECK(s.functions[0].arch == Architecture::arm64);
  CHECK(s.sources[0].throttle->burst == 300);
  CHECK(s.functions[0].package == PackageType::image);

  // `account:` is absent from kMinimal: --set creates it, and the derived default follows.
  const ScenarioSpec m = load_scenario_text(kMinimal, "m.yaml", {"account.concurrency_limit=2000"});
  CHECK(m.account.concurrency_limit == 2000);
  CHECK(m.account.request_rate.capacity == 20000);
  // A whole new function from the command line, in a YAML flow map.
  const ScenarioSpec added =
      load_scenario_text(kMinimal, "m.yaml", {"functions.extra={duration: 5ms, memory: 256}"});
  REQUIRE(added.functions.size() == 2);
  CHECK(added.functions[1].name == "extra");
  CHECK(added.functions[1].memory_mb == 256);
  CHECK(added.functions[1].where.to_string() ==
        "--set functions.extra={duration: 5ms, memory: 256}");
}

TEST_CASE("Loader: a --set error names the option", "[loader][set]") {
  REQUIRE_THROWS_WITH(
      load_scenario_text(kFull, "hello.yaml", {"functions.hello.memory=abc"}),
      "--set functions.hello.memory=abc: functions.hello.memory: expected a whole number of MB "
      "from 128 to 10240 (such as 512 or 512MB), got 'abc'");
  REQUIRE_THROWS_WITH(
      load_scenario_text(kFull, "hello.yaml", {"functions.hello.memroy=1024"}),
      "--set functions.hello.memroy=1024: functions.hello: unknown key 'memroy' (did you mean "
      "'memory'?)");
  REQUIRE_THROWS_WITH(load_scenario_text(kMinimal, "m.yaml", {"functions.new.memory=512"}),
                      "--set functions.new.memory=512: functions.new: missing required key "
                      "'duration'");
  REQUIRE_THROWS_WITH(load_scenario_text(kFull, "hello.yaml", {"run_for.x=1"}),
                      "--set run_for.x=1: run_for: expected a map to hold 'x', got '1h'");
  REQUIRE_THROWS_WITH(load_scenario_text(kFull, "hello.yaml", {"seed"}),
                      "--set seed: expected path=value with a dotted path such as "
                      "functions.hello.memory=1024");
}

TEST_CASE("Loader: load_scenario reads a file and names it in errors", "[loader]") {
  const std::string dir = std::string(SLSIM_SOURCE_DIR) + "/scenarios";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().string());
    CHECK_NOTHROW(load_scenario(entry.path().string()));
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/bench")) {
    INFO(entry.path().string());
    CHECK_NOTHROW(load_scenario(entry.path().string()));
  }
  const ScenarioSpec hello = load_scenario(dir + "/hello-api.yaml");
  CHECK(hello.name == "hello-api");
  CHECK(hello.functions.at(0).where.file == dir + "/hello-api.yaml");
  REQUIRE_THROWS_WITH(load_scenario(dir + "/missing.yaml"),
                      dir + "/missing.yaml: cannot read: No such file or directory");
}

TEST_CASE("Cold-start defaults: midpoints of the lambda-perf means (facts 1.7)", "[loader]") {
  using A = Architecture;
  using P = PackageType;
  CHECK(default_cold_start("python3.12", A::x86_64, P::zip) == Duration::millis(86));
  CHECK(default_cold_start("python3.13", A::arm64, P::zip) == Duration::millis(79));
  CHECK(default_cold_start("nodejs22.x", A::x86_64, P::zip) == Duration::millis(139));
  CHECK(default_cold_start("nodejs24.x", A::arm64, P::zip) == Duration::millis(122));
  CHECK(default_cold_start("java21", A::x86_64, P::zip) == Duration::micros(236'500));
  CHECK(default_cold_start("java21", A::arm64, P::zip) == Duration::millis(261));
  CHECK(default_cold_start("java25", A::arm64, P::zip) == Duration::millis(188));
  CHECK(default_cold_start("dotnet8", A::x86_64, P::zip) == Duration::millis(253));
  CHECK(default_cold_start("dotnet8", A::arm64, P::zip) == Duration::micros(302'500));
  CHECK(default_cold_start("ruby3.4", A::arm64, P::zip) == Duration::millis(249));
  CHECK(default_cold_start("python3.12", A::arm64, P::image) == Duration::millis(165));
  CHECK(default_cold_start("nodejs22.x", A::x86_64, P::image) == Duration::millis(290));
  CHECK(default_cold_start("java21", A::arm64, P::image) == Duration::millis(385));
  CHECK_FALSE(default_cold_start("provided.al2023", A::x86_64, P::zip).has_value());
  CHECK_FALSE(default_cold_start("python3.11", A::x86_64, P::zip).has_value());
  CHECK_FALSE(default_cold_start("dotnet8", A::x86_64, P::image).has_value());
  CHECK(is_known_runtime("provided.al2023"));
  CHECK(is_known_runtime("java8.al2"));
  CHECK_FALSE(is_known_runtime("python3.14"));
  CHECK(known_runtimes().size() == 20);
  for (const ColdStartMeasurement& m : cold_start_table())
    CHECK(is_known_runtime(m.runtime));
}

TEST_CASE("Cold-start defaults: the README table lists every measurement", "[loader]") {
  const std::string table = cold_start_table_markdown();
  CHECK(table.find("| python3.12 | zip | 86ms (81-91 ms) | 79ms (73-85 ms) |") !=
        std::string::npos);
  CHECK(table.find("| java21 | image | 385ms (320-450 ms) | 385ms (320-450 ms) |") !=
        std::string::npos);
  CHECK(table.find("| dotnet8 | zip | 253ms (238-268 ms) | 302.5ms (282-323 ms) |") !=
        std::string::npos);
  CHECK(table.find("provided.al2023") != std::string::npos);
  CHECK(table.find("| ruby3.3 |") == std::string::npos);
}
