// `slsim compare` and the serverless vs always-on figures: sizing and break-evens computed by
// hand, and end to end: one simulation, every book's total equal to a run priced by that book
// alone (pricing never changes the simulated behaviour).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "slsim/always_on.hpp"
#include "slsim/comparison.hpp"
#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "support/slsim_process.hpp"

using namespace slsim;
using Json = nlohmann::ordered_json;

namespace {

PriceBook builtin(const std::string& name) {
  ScenarioSpec s;
  s.pricing.push_back(PricingRef{name, "", {}});
  return load_price_books(s).at(0);
}

// One hour, one 1,769 MB x86 function: 36,000 invocations of 0.5 s (mean concurrency 5),
// peak concurrency 10.
struct Hour {
  ScenarioSpec scenario;
  RunResult result;
  Hour() {
    scenario.run_for = Duration::hours(1);
    result.simulated = Duration::hours(1);
    FunctionSpec f;
    f.name = "fn";
    f.memory_mb = 1769;
    scenario.functions.push_back(f);
    FunctionResult r;
    r.name = "fn";
    r.invocations = 36'000;
    r.peak_concurrency = 10;
    r.mean_concurrency = 5;
    const std::int64_t us = 36'000LL * 500'000;
    r.billing = {BillingTally{us, us, 0}};
    result.functions.push_back(r);
  }
};

constexpr const char* kScenario = R"(name: compare-test
description: One function behind an HTTP API.
run_for: 2m
seed: 7
functions:
  fn:
    memory: 3008
    timeout: 5s
    duration: {dist: exponential, mean: 120ms}
    cold_start: 300ms
    keep_alive: 1m
sources:
  api:
    type: api_gateway
    target: fn
    arrivals: {process: poisson, rate: 40/s}
)";

}  // namespace

TEST_CASE("Always-on: the fleet is sized for the peak and priced from facts 9", "[compare]") {
  const Hour run;
  const PriceBook aws = builtin("aws");
  const BookCost lambda = compute_costs(run.scenario, run.result, {aws}, {}).at(0);
  const AlwaysOnComparison a = compare_always_on(run.scenario, run.result, aws, lambda, 1.0);
  // 10 slots of 1,769 MB: 10 vCPU (1,769 MB = 1 vCPU, facts 1.5) and 17.275390625 GB.
  CHECK(a.fleet_vcpus == Approx(10));
  CHECK(a.fleet_gb == Approx(17.275390625));
  // Little's law: mean time 5 x 3600 / 36000 = 0.5 s, so 10 slots carry 20 requests/s.
  CHECK(a.fleet_capacity_rps == Approx(20));
  CHECK(a.observed_rps == Approx(10));
  // Lambda: 18,000 s x 1.7275390625 GB = 31,095.703125 GB-s x $0.0000166667 + 36,000 x $0.2/M.
  const double lambda_usd = 31'095.703125 * 0.0000166667 + 36'000 * 0.2e-6;
  CHECK(a.lambda_usd_per_request == Approx(lambda_usd / 36'000));
  REQUIRE(a.options.size() == 2);
  // Fargate: 10 x $0.04048 + 17.275390625 x $0.004445 per hour.
  const double fargate = 10 * 0.04048 + 17.275390625 * 0.004445;
  CHECK(a.options[0].name == "fargate");
  CHECK(a.options[0].usd_per_hour == Approx(fargate));
  CHECK(a.options[0].usd == Approx(fargate));
  CHECK(a.options[0].break_even_rps == Approx(fargate / (lambda_usd / 36'000) / 3600));
  // EC2 m5.large (2 vCPU, 8 GiB): max(ceil(10 / 2), ceil(17.28 / 8)) = 5 instances x $0.096.
  CHECK(a.options[1].name == "ec2 m5.large");
  CHECK(a.options[1].instances == 5);
  CHECK(a.options[1].usd == Approx(0.48));
}

TEST_CASE("Provisioned concurrency pays above 60 % utilisation on x86 (facts 1.1)", "[compare]") {
  // 0.0000041667 / (0.0000166667 - 0.0000097222) = 0.6000; arm64 the same ratio.
  const std::vector<ProvisionedBreakEven> b = provisioned_break_even(builtin("aws"));
  REQUIRE(b.size() == 2);
  CHECK(b[0].arch == Architecture::x86_64);
  CHECK(b[0].utilisation == Approx(0.6).epsilon(1e-4));
  CHECK(b[1].utilisation == Approx(0.6).epsilon(1e-4));
  // Providers without provisioned concurrency have no break-even.
  CHECK(provisioned_break_even(builtin("gcf-gen1")).empty());
  // Mean 5 of peak 10: 50 % busy, below 60 %: on-demand is cheaper.
  const Hour run;
  const std::vector<FunctionUtilisation> u =
      function_utilisation(run.scenario, run.result, builtin("aws"));
  REQUIRE(u.size() == 1);
  CHECK(u[0].utilisation_at_peak == Approx(0.5));
  CHECK_FALSE(u[0].provisioned_pays);
}

TEST_CASE("CLI: compare prices ONE simulation with every book, as run does book by book",
          "[compare][cli]") {
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const slsim_test::Outcome o =
      dir.slsim("compare '" + file +
                "' --pricing aws,aws-legacy,gcf-gen1,azure-consumption --json c.json --csv c.csv");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const Json c = Json::parse(dir.read("c.json"));
  CHECK(c["books"] == Json::array({"aws", "aws-legacy", "gcf-gen1", "azure-consumption"}));
  for (const std::string book : {"aws", "aws-legacy", "gcf-gen1", "azure-consumption"}) {
    const slsim_test::Outcome run =
        dir.slsim("run '" + file + "' --set 'pricing=[" + book + "]' --json - --quiet");
    REQUIRE(run.exit_code == 0);
    const Json r = Json::parse(run.out);
    CHECK(c["total_usd"][book].get<double>() == r["cost"][book]["total_usd"].get<double>());
    CHECK(c["by_service"]["lambda"][book].get<double>() ==
          r["cost"][book]["by_service"]["lambda"].get<double>());
  }
  // The table: a row per service and a total, a column per book; the differences stated.
  CHECK(o.out.find("lambda") != std::string::npos);
  CHECK(o.out.find("total") != std::string::npos);
  CHECK(o.out.find("3008 MB, above azure-consumption's maximum of 1536 MB") != std::string::npos);
  CHECK(o.out.find("Always-on") != std::string::npos);
  const std::string csv = dir.read("c.csv");
  CHECK(csv.rfind("service,aws,aws-legacy,gcf-gen1,azure-consumption\nlambda,", 0) == 0);
  CHECK(csv.find("\ntotal,") != std::string::npos);
}

TEST_CASE("CLI: compare with an unknown book exits 2 naming --pricing", "[compare][cli]") {
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const slsim_test::Outcome o = dir.slsim("compare '" + file + "' --pricing aws,gcf");
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("--pricing aws,gcf") != std::string::npos);
  CHECK(o.err.find("unknown price book 'gcf'") != std::string::npos);
  const slsim_test::Outcome empty = dir.slsim("compare '" + file + "' --pricing aws,,gcf-gen1");
  CHECK(empty.exit_code == 2);
  CHECK(empty.err.find("separated by commas") != std::string::npos);
}

TEST_CASE("CLI: run --per month says so in the text and the JSON", "[compare][cli]") {
  slsim_test::Workdir dir;
  const std::string file = dir.write("s.yaml", kScenario);
  const slsim_test::Outcome month = dir.slsim("run '" + file + "' --per month --json m.json");
  INFO(month.err);
  REQUIRE(month.exit_code == 0);
  CHECK(month.out.find("Per month: 120 s simulated, every quantity extrapolated x21900 to a "
                       "730 h month") != std::string::npos);
  const Json m = Json::parse(dir.read("m.json"));
  CHECK(m["cost"]["aws"]["per_month"] == true);
  CHECK(m["cost"]["aws"]["extrapolation"].get<double>() == Approx(730.0 * 3600 / 120));
  const slsim_test::Outcome plain = dir.slsim("run '" + file + "' --json p.json --quiet");
  REQUIRE(plain.exit_code == 0);
  const Json p = Json::parse(dir.read("p.json"));
  CHECK(p["cost"]["aws"]["per_month"] == false);
  // No tier is crossed here: the month is the run's bill x 21,900.
  CHECK(m["cost"]["aws"]["total_usd"].get<double>() ==
        Approx(p["cost"]["aws"]["total_usd"].get<double>() * 21'900).epsilon(1e-9));
  const slsim_test::Outcome bad = dir.slsim("run '" + file + "' --per week");
  CHECK(bad.exit_code == 2);
}
