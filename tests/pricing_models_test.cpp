// Bills computed by hand (in the comments), to the cent, for the price books of issue 5:
// aws-legacy, gcf-gen1, cloud-run, azure-consumption, azure-flex, aws-2024-10, the service
// meters of usage.hpp, free and volume tiers, and --per month. No simulation here: runs are
// built in code with the billing tallies a simulation would have kept.

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"

using namespace slsim;

namespace {

Approx usd(double v) {
  return Approx(v).epsilon(1e-9);
}

// An amount as a bill shows it: rounded to the cent.
double cents(double v) {
  return std::round(v * 100) / 100;
}

PriceBook builtin(const std::string& name) {
  ScenarioSpec s;
  s.pricing.push_back(PricingRef{name, "", {}});
  return load_price_books(s).at(0);
}

constexpr Duration kMonth = Duration::hours(730);

// One function that ran `invocations` times for `each` (the same with and without INIT),
// tallied under `book`'s billing rule, priced by `book` alone.
struct OneFunction {
  ScenarioSpec scenario;
  RunResult result;

  OneFunction(const PriceBook& book, std::int64_t memory_mb, std::uint64_t invocations,
              Duration each, Duration simulated = kMonth) {
    scenario.name = "bill";
    scenario.run_for = simulated;
    result.simulated = simulated;
    FunctionSpec f;
    f.name = "fn";
    f.memory_mb = memory_mb;
    scenario.functions.push_back(f);
    FunctionResult r;
    r.name = "fn";
    r.invocations = invocations;
    const std::int64_t billed =
        book.lambda.rule.billed(each).us * static_cast<std::int64_t>(invocations);
    r.billing = {BillingTally{billed, billed, 0}};
    result.functions.push_back(r);
  }

  BookCost bill(const PriceBook& book, bool free_tier = false, bool per_month = false) const {
    CostOptions options;
    options.free_tier = free_tier;
    options.per_month = per_month;
    return compute_costs(scenario, result, {book}, options).at(0);
  }
};

// A run with no functions, only service resources.
struct Services {
  ScenarioSpec scenario;
  RunResult result;

  explicit Services(Duration simulated = kMonth) {
    scenario.name = "services";
    scenario.run_for = simulated;
    result.simulated = simulated;
  }
  void resource(const std::string& name, const std::string& type, std::vector<Meter> meters) {
    result.usage.push_back(ResourceUsage{name, type, std::move(meters)});
  }
  BookCost bill(const std::string& book, bool free_tier = false) const {
    CostOptions options;
    options.free_tier = free_tier;
    return compute_costs(scenario, result, {builtin(book)}, options).at(0);
  }
};

double service_usd(const BookCost& c, const std::string& service) {
  for (const ServiceCost& s : c.by_service) {
    if (s.service == service) return s.usd;
  }
  FAIL("no service " << service);
  return 0;
}

}  // namespace

TEST_CASE("Pricing: the built-in books of issue 5 load, each with its name", "[pricing]") {
  const std::vector<std::string> expected = {"aws",        "aws-2024-10", "aws-arm64",
                                             "aws-legacy", "aws-x86",     "azure-consumption",
                                             "azure-flex", "cloud-run",   "gcf-gen1"};
  CHECK(builtin_price_book_names() == expected);
  for (const std::string& name : expected) {
    CHECK(builtin(name).name == name);
  }
}

TEST_CASE("Pricing: AWS's worked example under aws-legacy and aws, to the cent", "[pricing]") {
  // 512 MB, 3M invocations of 1 s in a month = 1.5M GB-s. Free tier: 400,000 GB-s, 1M requests.
  // aws-legacy ($0.00001667): compute (1.5M - 400k) x 0.00001667 = $18.337 -> $18.34,
  // requests 2M x $0.20/M = $0.40; total $18.737 -> $18.74.
  const PriceBook legacy = builtin("aws-legacy");
  const OneFunction run(legacy, 512, 3'000'000, Duration::seconds(1));
  const BookCost with_free = run.bill(legacy, true);
  CHECK(cents(with_free.functions[0].usd - 0.40) == 18.34);
  CHECK(cents(with_free.total_usd) == 18.74);
  CHECK(with_free.total_usd == usd(18.737));
  // aws ($0.0000166667): 1.1M x 0.0000166667 = $18.33337 + $0.40 = $18.73337 -> $18.73.
  const PriceBook aws = builtin("aws");
  const OneFunction now(aws, 512, 3'000'000, Duration::seconds(1));
  CHECK(cents(now.bill(aws, true).total_usd) == 18.73);
  // Without the free tier: 1.5M x 0.0000166667 = $25.00005 + 3M x $0.20/M = $0.60 -> $25.60;
  // at the legacy rate 1.5M x 0.00001667 = $25.005 + $0.60 = $25.605.
  CHECK(cents(now.bill(aws).total_usd) == 25.60);
  CHECK(run.bill(legacy).total_usd == usd(25.605));
}

TEST_CASE("Pricing: aws-legacy rounds every execution up to 100 ms", "[pricing]") {
  const PriceBook legacy = builtin("aws-legacy");
  CHECK(legacy.lambda.rule.billed(Duration::micros(27'400)) == Duration::millis(100));
  CHECK(legacy.lambda.rule.billed(Duration::micros(100'001)) == Duration::millis(200));
  // 1M invocations of 27.4 ms at 128 MB in a month: billed 1M x 0.1 s x 0.125 GB = 12,500 GB-s
  // x $0.00001667 = $0.208375, requests $0.20: $0.408375 -> $0.41. Under aws (1 ms): 27.4 ms ->
  // 28 ms: 1M x 0.028 s x 0.125 = 3,500 GB-s x $0.0000166667 = $0.0583334 + $0.20.
  const OneFunction run(legacy, 128, 1'000'000, Duration::micros(27'400));
  CHECK(run.bill(legacy).total_usd == usd(0.408375));
  const PriceBook aws = builtin("aws");
  const OneFunction now(aws, 128, 1'000'000, Duration::micros(27'400));
  CHECK(now.bill(aws).total_usd == usd(3500 * 0.0000166667 + 0.20));
}

TEST_CASE("Pricing: aws-legacy bills INIT for container images only", "[pricing]") {
  const PriceBook legacy = builtin("aws-legacy");
  OneFunction run(legacy, 1024, 1000, Duration::millis(100));
  // 1,000 executions: 100 s of handler; with INIT the tally says 150 s.
  run.result.functions[0].billing[0].on_demand_us_with_init = 150 * 1'000'000LL;
  const double request = 1000 * 0.20 / 1e6;
  CHECK(run.bill(legacy).total_usd == usd(100 * 0.00001667 + request));
  run.scenario.functions[0].package = PackageType::image;
  CHECK(run.bill(legacy).total_usd == usd(150 * 0.00001667 + request));
}

TEST_CASE("Pricing: azure-consumption rounds memory up to 128 MB, with a 100 ms minimum",
          "[pricing]") {
  // 160 MB is billed as 256 MB (Microsoft's own example). 1M executions of 30 ms are billed
  // 100 ms each: 1M x 0.1 s x 0.25 GB = 25,000 GB-s x $0.000016 = $0.40, executions 1M x
  // $0.20/M = $0.20: $0.60 in a month without the free grant.
  const PriceBook azure = builtin("azure-consumption");
  CHECK(azure.lambda.memory.billed_mb(160) == 256);
  CHECK(azure.lambda.memory.billed_mb(100) == 128);
  CHECK(azure.lambda.memory.billed_mb(1536) == 1536);
  const OneFunction run(azure, 160, 1'000'000, Duration::millis(30));
  const BookCost c = run.bill(azure);
  CHECK(cents(c.total_usd) == 0.60);
  CHECK(c.total_usd == usd(0.60));
  CHECK(c.functions[0].billed_gb_seconds == usd(25'000));
}

TEST_CASE("Pricing: gcf-gen1 bills GB-s and GHz-s by memory, 100 ms steps", "[pricing]") {
  // 128 MB = 0.2 GHz. 100 ms: 0.125 GB x 0.1 s x $0.0000025 + 0.2 GHz x 0.1 s x $0.00001 =
  // $0.00000023125 (facts 9: $0.000000231). 1M of them: $0.23125 + 1M x $0.40/M = $0.63125.
  // 150 MB is billed as the 256 MB size (0.4 GHz).
  const PriceBook gcf = builtin("gcf-gen1");
  const OneFunction run(gcf, 128, 1'000'000, Duration::millis(80));
  CHECK(run.bill(gcf).total_usd == usd(0.63125));
  const OneFunction bigger(gcf, 150, 1'000'000, Duration::millis(100));
  CHECK(bigger.bill(gcf).total_usd == usd(1e5 * (0.25 * 0.0000025 + 0.4 * 0.00001) + 0.40));
  // Free tier: 2M invocations, 400,000 GB-s, 200,000 GHz-s cover it all.
  CHECK(run.bill(gcf, true).total_usd == usd(0));
}

TEST_CASE("Pricing: cloud-run bills vCPU-s and GiB-s", "[pricing]") {
  // 512 MB -> 0.333 vCPU. 1M x 100 ms: 0.5 GiB x 1e5 s x $0.0000025 = $0.125,
  // 0.333 x 1e5 x $0.000024 = $0.7992, requests $0.40: $1.3242.
  const PriceBook run_book = builtin("cloud-run");
  const OneFunction run(run_book, 512, 1'000'000, Duration::millis(100));
  CHECK(run.bill(run_book).total_usd == usd(1.3242));
  CHECK(cents(run.bill(run_book).total_usd) == 1.32);
}

TEST_CASE("Pricing: azure-flex bills the instance memory size", "[pricing]") {
  // 1024 MB runs on a 2,048 MB instance: 1M x 0.2 s x 2 GB = 400,000 GB-s x $0.000026 =
  // $10.40, executions $0.40: $10.80.
  const PriceBook flex = builtin("azure-flex");
  const OneFunction run(flex, 1024, 1'000'000, Duration::millis(200));
  CHECK(run.bill(flex).total_usd == usd(10.80));
}

TEST_CASE("Pricing: behaviour differences are stated, never simulated", "[pricing]") {
  const PriceBook azure = builtin("azure-consumption");
  OneFunction run(azure, 3008, 10, Duration::millis(100));
  run.scenario.functions[0].arch = Architecture::arm64;
  run.scenario.functions[0].provisioned_concurrency = 2;
  const BookCost c = run.bill(azure);
  const std::string notes = fmt::format("{}", fmt::join(c.notes, "\n"));
  CHECK_THAT(notes, Catch::Contains("3008 MB, above azure-consumption's maximum of 1536 MB"));
  CHECK_THAT(notes, Catch::Contains("is arm64 but azure-consumption bills it at x86_64 rates"));
  CHECK_THAT(notes, Catch::Contains("provisioned concurrency, which azure-consumption does not"));
  // No PC price: executions priced on demand, nothing for the configured concurrency.
  CHECK(c.functions[0].provisioned_gb_seconds == 0);
}

TEST_CASE("Pricing: DynamoDB provisioned vs on-demand, before and after Nov 2024", "[pricing]") {
  // A table written at 100 items of 1 KB per second for a 730 h month: 262.8M write units.
  // On-demand now: 262.8M x $0.625/M = $164.25; before Nov 2024 (aws-2024-10): x $1.25/M =
  // $328.50. Provisioned at 100 WCU: 73,000 WCU-hours x $0.00065 = $47.45; with the free tier
  // (25 WCU = 18,250 WCU-hours): 54,750 x $0.00065 = $35.5875 -> $35.59.
  const double writes = 100.0 * 3600 * 730;
  Services on_demand;
  on_demand.resource("orders", "dynamodb", {{"write_request_units", writes}});
  CHECK(on_demand.bill("aws").total_usd == usd(164.25));
  CHECK(on_demand.bill("aws-2024-10").total_usd == usd(328.50));
  Services provisioned;
  provisioned.resource("orders", "dynamodb", {{"wcu_hours", 100.0 * 730}});
  CHECK(provisioned.bill("aws").total_usd == usd(47.45));
  CHECK(cents(provisioned.bill("aws", true).total_usd) == 35.59);
  CHECK(service_usd(provisioned.bill("aws"), "dynamodb") == usd(47.45));
}

TEST_CASE("Pricing: an SQS bill crossing a pro-rated tier boundary", "[pricing]") {
  // 7.3 h = 1/100 month: the 100 B and 200 B tiers end at 1 B and 2 B requests. 1.5 B
  // requests: 1 B x $0.40/M = $400 + 0.5 B x $0.30/M = $150: $550, shared by two queues in
  // proportion to use (1.2 B and 0.3 B: $440 and $110).
  Services run(Duration::minutes(438));
  run.resource("a", "sqs", {{"requests_64kb", 1.2e9}});
  run.resource("b", "sqs", {{"requests_64kb", 0.3e9}});
  const BookCost c = run.bill("aws");
  CHECK(c.total_usd == usd(550));
  REQUIRE(c.resources.size() == 2);
  CHECK(c.resources[0].usd == usd(440));
  CHECK(c.resources[1].usd == usd(110));
  // Free tier: 1M per month -> 10,000 free here, taken from the first tier ($0.40/M).
  CHECK(run.bill("aws", true).total_usd == usd(550 - 10'000 * 0.40 / 1e6));
}

TEST_CASE("Pricing: every service section prices its meters", "[pricing]") {
  // One month, no free tier; each line by hand from facts 2-8.
  Services run;
  run.resource("bucket", "s3", {{"put_requests", 1e6}, {"get_requests", 1e6}});       // 5 + 0.40
  run.resource("fifo", "sqs", {{"fifo_requests_64kb", 2e6}});                         // 1.00
  run.resource("topic", "sns", {{"publishes_64kb", 2e6}, {"http_deliveries", 1e6}});  // 1 + 0.6
  run.resource("stream", "kinesis",
               {{"shard_hours", 730}, {"put_payload_units", 1e6}});   // 10.95 + 0.014
  run.resource("hose", "firehose", {{"ingested_gb", 100}});           // 2.90
  run.resource("bus", "eventbridge", {{"custom_events_64kb", 3e6}});  // 3.00
  run.resource("flow", "step_functions",
               {{"state_transitions", 1e6}, {"express_requests", 1e6}, {"express_gb_s", 1e5}});
  // 25 + 1 + 1.667
  const BookCost c = run.bill("aws");
  CHECK(service_usd(c, "s3") == usd(5.40));
  CHECK(service_usd(c, "sqs") == usd(1.00));
  CHECK(service_usd(c, "sns") == usd(1.60));
  CHECK(service_usd(c, "kinesis") == usd(10.964));
  CHECK(service_usd(c, "firehose") == usd(2.90));
  CHECK(service_usd(c, "eventbridge") == usd(3.00));
  CHECK(service_usd(c, "step_functions") == usd(27.667));
  CHECK(c.unpriced.empty());
  // Free tiers: SQS 1M, SNS 1M publishes + 100k HTTP, Step Functions 4,000 transitions.
  const BookCost free = run.bill("aws", true);
  CHECK(service_usd(free, "sqs") == usd(0.50));
  CHECK(service_usd(free, "sns") == usd(0.50 + 0.9 * 0.60));
  CHECK(service_usd(free, "step_functions") == usd(996'000 * 0.000025 + 1 + 1.667));
}

TEST_CASE("Pricing: meters a book does not price are listed as unpriced", "[pricing]") {
  Services run;
  run.resource("orders", "dynamodb", {{"stream_read_requests", 10}});
  run.resource("queue", "sqs", {{"requests_64kb", 5}});
  const BookCost aws = run.bill("aws");
  CHECK(aws.unpriced == std::vector<std::string>{"dynamodb.stream_read_requests"});
  const BookCost gcf = run.bill("gcf-gen1");
  CHECK(gcf.unpriced ==
        std::vector<std::string>{"sqs.requests_64kb", "dynamodb.stream_read_requests"});
  CHECK(gcf.total_usd == 0);
}

TEST_CASE("Pricing: --per month extrapolates a shorter run to a whole month", "[pricing]") {
  // 7.3 h with 30,000 invocations of 1 s at 512 MB is 1/100 of AWS's example: extrapolated
  // x100 it is billed exactly as the month ($25.60005; $18.73337 with the free tier).
  const PriceBook aws = builtin("aws");
  const OneFunction run(aws, 512, 30'000, Duration::seconds(1), Duration::minutes(438));
  const BookCost month = run.bill(aws, false, true);
  CHECK(month.per_month);
  CHECK(month.extrapolation == Approx(100));
  CHECK(month.total_usd == usd(25.60005));
  CHECK(run.bill(aws, true, true).total_usd == usd(18.73337));
  // Without --per month the same run costs 1/100 of that.
  CHECK(run.bill(aws).total_usd == usd(0.2560005));
}

TEST_CASE("Pricing: ephemeral storage above 512 MB is billed per GB-s of billed duration",
          "[pricing]") {
  // 3M invocations of 1 s with 10,240 MB of /tmp: (10,240 - 512) / 1,024 = 9.5 GB above the
  // free 512 MB, x 3M s = 28.5M GB-s x $0.0000000309 = $0.88065 on top of the $25.60005 bill.
  const PriceBook aws = builtin("aws");
  OneFunction run(aws, 512, 3'000'000, Duration::seconds(1));
  const double without = run.bill(aws).total_usd;
  CHECK(without == usd(25.60005));
  run.scenario.functions[0].ephemeral_storage_mb = 10'240;
  CHECK(run.bill(aws).total_usd == usd(25.60005 + 0.88065));
  // The default 512 MB costs nothing extra, and a book without the price bills no storage.
  run.scenario.functions[0].ephemeral_storage_mb = 512;
  CHECK(run.bill(aws).total_usd == usd(without));
  const PriceBook gcf = builtin("gcf-gen1");
  OneFunction other(gcf, 512, 1000, Duration::seconds(1));
  const double gcf_plain = other.bill(gcf).total_usd;
  other.scenario.functions[0].ephemeral_storage_mb = 10'240;
  CHECK(other.bill(gcf).total_usd == usd(gcf_plain));
}
