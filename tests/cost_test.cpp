// Bills computed by hand (in the comments) from runs built in code: no simulation here, only
// the pricing of given tallies under the built-in books (scenarios/pricing/aws*.yaml).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"

using namespace slsim;

namespace {

// Approx with a relative margin far below a cent on every bill here.
Approx usd(double v) {
  return Approx(v).epsilon(1e-12);
}

PriceBook builtin(const std::string& name) {
  ScenarioSpec s;
  s.pricing.push_back(PricingRef{name, "", {}});
  return load_price_books(s).at(0);
}

struct Run {
  ScenarioSpec scenario;
  RunResult result;

  explicit Run(Duration simulated) {
    scenario.name = "bill";
    scenario.run_for = simulated;
    result.simulated = simulated;
  }

  // A function and its result with one billing tally (all aws books share the 1 ms rule).
  void function(const std::string& name, std::int64_t memory_mb, Architecture arch,
                std::uint64_t invocations, BillingTally tally, std::int64_t provisioned = 0) {
    FunctionSpec f;
    f.name = name;
    f.memory_mb = memory_mb;
    f.arch = arch;
    f.provisioned_concurrency = provisioned;
    scenario.functions.push_back(f);
    FunctionResult r;
    r.name = name;
    r.invocations = invocations;
    r.billing = {tally};
    result.functions.push_back(r);
  }

  void source(const std::string& name, SourceType type, ApiFlavor flavor, std::uint64_t requests,
              std::uint64_t gateway_throttled) {
    SourceSpec s;
    s.name = name;
    s.type = type;
    s.flavor = flavor;
    scenario.sources.push_back(s);
    SourceResult r;
    r.name = name;
    r.requests = requests;
    r.gateway_throttled = gateway_throttled;
    result.sources.push_back(r);
  }

  std::vector<BookCost> bill(const std::vector<PriceBook>& books, bool free_tier = false) const {
    CostOptions options;
    options.free_tier = free_tier;
    return compute_costs(scenario, result, books, options);
  }
  BookCost bill(const std::string& book, bool free_tier = false) const {
    return bill(std::vector<PriceBook>{builtin(book)}, free_tier).at(0);
  }
};

// The same billed microseconds with and without INIT.
BillingTally on_demand(std::int64_t us) {
  return BillingTally{us, us, 0};
}

constexpr Duration kOneHour = Duration::hours(1);
// 7.3 h = 1/100 of a 730-hour month: monthly tiers and free tiers shrink 100-fold.
constexpr Duration kHundredthOfMonth = Duration::minutes(438);

}  // namespace

TEST_CASE("Cost: one x86 function, 1M invocations of 100 ms at 512 MB", "[cost]") {
  // 1,000,000 x 0.1 s x 0.5 GB = 50,000 GB-s x $0.0000166667 = $0.833335 (first tier: the
  // pro-rated boundary is 6e9 / 730 = 8.2M GB-s); requests 1M x $0.20/M = $0.20.
  // Total $1.033335.
  Run run(kOneHour);
  run.function("fn", 512, Architecture::x86_64, 1'000'000, on_demand(1'000'000 * 100'000LL));
  const BookCost c = run.bill("aws");
  CHECK(c.book == "aws");
  REQUIRE(c.functions.size() == 1);
  CHECK(c.functions[0].name == "fn");
  CHECK(c.functions[0].billed_gb_seconds == usd(50'000));
  CHECK(c.functions[0].provisioned_gb_seconds == 0);
  CHECK(c.functions[0].usd == usd(1.033335));
  // No api_gateway source: Lambda is the only service.
  REQUIRE(c.by_service.size() == 1);
  CHECK(c.by_service[0].service == "lambda");
  CHECK(c.by_service[0].usd == usd(1.033335));
  CHECK(c.total_usd == usd(1.033335));
}

TEST_CASE("Cost: AWS's worked example, 3M invocations of 1 s at 512 MB in a month", "[cost]") {
  // 3M x 1 s x 0.5 GB = 1.5M GB-s. Without the free tier: 1.5M x $0.0000166667 = $25.00005,
  // requests 3M x $0.20/M = $0.60: $25.60005. With it: (1.5M - 400k) x $0.0000166667 =
  // $18.33337, requests (3M - 1M) x $0.20/M = $0.40: $18.73337 (issue 5: $18.73).
  Run run(Duration::hours(730));
  run.function("fn", 512, Architecture::x86_64, 3'000'000, on_demand(3'000'000 * 1'000'000LL));
  CHECK(run.bill("aws").total_usd == usd(25.60005));
  CHECK(run.bill("aws", true).total_usd == usd(18.73337));
}

TEST_CASE("Cost: duration tiers are pro-rated and count all functions of an architecture",
          "[cost]") {
  // 7.3 h: the x86 tiers end at 6e9/100 = 60M and 15e9/100 = 150M GB-s.
  // big: 10,240 MB (10 GB) x 15M s = 150M GB-s; small: 1,024 MB x 50M s = 50M GB-s.
  // Together 200M GB-s: 60M x $0.0000166667 = $1,000.002; 90M x $0.000015 = $1,350;
  // 50M x $0.0000133334 = $666.67; $3,016.672 in all, shared 3:1 by GB-s:
  // big $2,262.504 + 1M requests $0.20 = $2,262.704;
  // small $754.168 + 2M requests $0.40 = $754.568.
  Run run(kHundredthOfMonth);
  run.function("big", 10'240, Architecture::x86_64, 1'000'000, on_demand(15'000'000'000'000LL));
  run.function("small", 1'024, Architecture::x86_64, 2'000'000, on_demand(50'000'000'000'000LL));
  const BookCost c = run.bill("aws");
  CHECK(c.functions[0].billed_gb_seconds == usd(150e6));
  CHECK(c.functions[1].billed_gb_seconds == usd(50e6));
  CHECK(c.functions[0].usd == usd(2'262.704));
  CHECK(c.functions[1].usd == usd(754.568));
  CHECK(c.total_usd == usd(3'017.272));
}

TEST_CASE("Cost: aws bills each function at its own architecture, aws-x86/aws-arm64 at one",
          "[cost]") {
  // x86: 512 MB, 1M x 100 ms = 50,000 GB-s. arm: 1,024 MB, 500k x 200 ms = 100,000 GB-s.
  //            x86 function                          arm function
  // aws        50,000 x 0.0000166667 + 0.20 = 1.033335   100,000 x 0.0000133334 + 0.10 = 1.43334
  // aws-arm64  50,000 x 0.0000133334 + 0.20 = 0.86667    1.43334
  // aws-x86    1.033335                                  100,000 x 0.0000166667 + 0.10 = 1.76667
  Run run(kOneHour);
  run.function("x86", 512, Architecture::x86_64, 1'000'000, on_demand(100'000'000'000LL));
  run.function("arm", 1'024, Architecture::arm64, 500'000, on_demand(100'000'000'000LL));
  const std::vector<BookCost> c =
      run.bill({builtin("aws"), builtin("aws-arm64"), builtin("aws-x86")});
  REQUIRE(c.size() == 3);
  CHECK(c[0].book == "aws");
  CHECK(c[0].functions[0].usd == usd(1.033335));
  CHECK(c[0].functions[1].usd == usd(1.43334));
  CHECK(c[0].total_usd == usd(2.466675));
  CHECK(c[1].book == "aws-arm64");
  CHECK(c[1].functions[0].usd == usd(0.86667));
  CHECK(c[1].functions[1].usd == usd(1.43334));
  CHECK(c[1].total_usd == usd(2.30001));
  CHECK(c[2].book == "aws-x86");
  CHECK(c[2].functions[0].usd == usd(1.033335));
  CHECK(c[2].functions[1].usd == usd(1.76667));
  CHECK(c[2].total_usd == usd(2.800005));
}

TEST_CASE("Cost: provisioned concurrency, configured GB-s rounded up to 5 minutes", "[cost]") {
  // 1,024 MB, provisioned concurrency 10, run 62 min -> billed 65 min = 3,900 s:
  // configured 10 x 1 GB x 3,900 s = 39,000 GB-s x $0.0000041667 = $0.1625013.
  // 100,000 executions of 500 ms on provisioned environments: 50,000 GB-s x $0.0000097222 =
  // $0.48611. Spillover on demand: 1,000 s = 1,000 GB-s x $0.0000166667 = $0.0166667.
  // Requests 101,000 x $0.20/M = $0.0202. Total $0.685478. No free tier for this function.
  Run run(Duration::minutes(62));
  run.function("pc", 1'024, Architecture::x86_64, 101'000,
               BillingTally{1'000'000'000, 900'000'000, 50'000'000'000}, 10);
  for (bool free_tier : {false, true}) {
    const BookCost c = run.bill("aws", free_tier);
    CHECK(c.functions[0].provisioned_gb_seconds == usd(39'000));
    CHECK(c.functions[0].billed_gb_seconds == usd(51'000));
    CHECK(c.functions[0].usd == usd(0.685478));
  }
  // A run of exactly an hour is billed an hour: 36,000 GB-s.
  Run hour(kOneHour);
  hour.function("pc", 1'024, Architecture::x86_64, 0, BillingTally{}, 10);
  CHECK(hour.bill("aws").functions[0].provisioned_gb_seconds == usd(36'000));
  CHECK(hour.bill("aws").functions[0].usd == usd(36'000 * 0.0000041667));
}

TEST_CASE("Cost: the free tier goes to x86 first, then arm64, never to provisioned functions",
          "[cost]") {
  // 73 h = 1/10 month: 100,000 free requests and 40,000 free GB-s.
  // x86: 512 MB, 300,000 x 100 ms = 15,000 GB-s; arm: 1,024 MB, 100,000 x 300 ms = 30,000 GB-s;
  // pc: x86 1,024 MB with provisioned concurrency 1, 1,000 executions, 100 s on provisioned.
  // Requests: x86 gets the 100,000 free (200,000 billed = $0.04); arm none ($0.02).
  // GB-s: x86's 15,000 are free; arm gets the other 25,000 and pays 5,000 x $0.0000133334 =
  // $0.066667. pc: 262,800 s x 1 GB x $0.0000041667 = $1.09500876, 100 GB-s x $0.0000097222 =
  // $0.00097222, 1,000 requests $0.0002: $1.09618098.
  // Without the free tier: x86 15,000 x 0.0000166667 + 0.06 = $0.3100005; arm 30,000 x
  // 0.0000133334 + 0.02 = $0.420002.
  Run run(Duration::hours(73));
  run.function("x86", 512, Architecture::x86_64, 300'000, on_demand(30'000'000'000LL));
  run.function("arm", 1'024, Architecture::arm64, 100'000, on_demand(30'000'000'000LL));
  run.function("pc", 1'024, Architecture::x86_64, 1'000, BillingTally{0, 0, 100'000'000}, 1);
  const BookCost free = run.bill("aws", true);
  CHECK(free.functions[0].usd == usd(0.04));
  CHECK(free.functions[1].usd == usd(0.086667));
  CHECK(free.functions[2].usd == usd(1.09618098));
  CHECK(free.total_usd == usd(1.22284798));
  const BookCost paid = run.bill("aws");
  CHECK(paid.functions[0].usd == usd(0.3100005));
  CHECK(paid.functions[1].usd == usd(0.420002));
  CHECK(paid.functions[2].usd == usd(1.09618098));
}

TEST_CASE("Cost: free units are the first units of the tiered schedule", "[cost]") {
  // 262.8 s = 1/10,000 month: 40 free GB-s, 100 free requests, x86 tier 1 ends at 600,000 GB-s.
  // 10,240 MB x 60,004 s = 600,040 GB-s. Billed units (40, 600,040]: 599,960 in tier 1 =
  // $9.999353332, 40 in tier 2 = $0.0006. Requests (60,004 - 100) x $0.20/M = $0.0119808.
  // Total $10.011934132.
  Run run(Duration::micros(262'800'000));
  run.function("fn", 10'240, Architecture::x86_64, 60'004, on_demand(60'004'000'000LL));
  CHECK(run.bill("aws", true).total_usd == usd(10.011934132));
}

TEST_CASE("Cost: the free tier is shared in proportion to use within an architecture", "[cost]") {
  // 7.3 h: 4,000 free GB-s and 10,000 free requests. a: 1 GB x 6,000 s, 15,000 requests;
  // b: 1 GB x 2,000 s, 5,000 requests. Free GB-s 3,000 to a, 1,000 to b; free requests 7,500
  // and 2,500. a: 3,000 x 0.0000166667 + 7,500 x 0.0000002 = $0.0515001;
  // b: 1,000 x 0.0000166667 + 2,500 x 0.0000002 = $0.0171667.
  Run run(kHundredthOfMonth);
  run.function("a", 1'024, Architecture::x86_64, 15'000, on_demand(6'000'000'000LL));
  run.function("b", 1'024, Architecture::x86_64, 5'000, on_demand(2'000'000'000LL));
  const BookCost c = run.bill("aws", true);
  CHECK(c.functions[0].usd == usd(0.0515001));
  CHECK(c.functions[1].usd == usd(0.0171667));
}

TEST_CASE("Cost: INIT is billed only by books with init_billed", "[cost]") {
  // 1,024 MB; INIT + handler billed 1,500 s, handler alone 1,000 s; 1,000 requests ($0.0002).
  // aws: 1,500 x 0.0000166667 = $0.02500005 -> $0.02520005.
  // init-free: 1,000 x 0.0000166667 = $0.0166667 -> $0.0168667.
  Run run(kOneHour);
  run.function("fn", 1'024, Architecture::x86_64, 1'000,
               BillingTally{1'500'000'000, 1'000'000'000, 0});
  PriceBook init_free = builtin("aws");
  init_free.name = "init-free";
  init_free.lambda.init_billed = false;
  const std::vector<BookCost> c = run.bill({builtin("aws"), init_free});
  CHECK(c[0].total_usd == usd(0.02520005));
  CHECK(c[1].book == "init-free");
  CHECK(c[1].total_usd == usd(0.0168667));
}

TEST_CASE("Cost: each book reads the tally of its own billing rule", "[cost]") {
  // Two rules: aws (1 ms) and a 100 ms book; the run kept one tally per rule, in
  // distinct_billing_rules order. 1,024 MB; 1 ms rule: 10 s; 100 ms rule: 20 s.
  // aws: 10 x 0.0000166667 = $0.000166667; coarse: 20 x 0.0000166667 = $0.000333334.
  PriceBook coarse = builtin("aws");
  coarse.name = "coarse";
  coarse.lambda.rule.granularity = Duration::millis(100);
  const std::vector<PriceBook> books = {builtin("aws"), coarse, builtin("aws-x86")};
  REQUIRE(distinct_billing_rules(books).size() == 2);
  Run run(kOneHour);
  run.function("fn", 1'024, Architecture::x86_64, 0, on_demand(10'000'000));
  run.result.functions[0].billing.push_back(on_demand(20'000'000));
  const std::vector<BookCost> c = run.bill(books);
  CHECK(c[0].total_usd == usd(0.000166667));
  CHECK(c[1].total_usd == usd(0.000333334));
  CHECK(c[2].total_usd == usd(0.000166667));
}

TEST_CASE("Cost: API Gateway calls are tiered per flavor across sources", "[cost]") {
  // 7.3 h: HTTP tier 1 ends at 3M calls; REST tiers at 3.33M and 10M.
  // HTTP: (2,000,100 - 100) + 2,000,000 = 4M calls: 3M x $1.00/M + 1M x $0.90/M = $3.90
  // (billed per source it would be $4.00). REST: 5,000,500 - 500 = 5M calls: 3.33M x $3.50/M
  // = $11.655 + 1.67M x $2.80/M = $4.676 -> $16.331. api_gateway $20.231.
  // Lambda: 1,024 MB, 1,000 s, 9M requests: $0.0166667 + $1.80 = $1.8166667.
  Run run(kHundredthOfMonth);
  run.function("fn", 1'024, Architecture::x86_64, 9'000'000, on_demand(1'000'000'000));
  run.source("http1", SourceType::api_gateway, ApiFlavor::http, 2'000'100, 100);
  run.source("batch", SourceType::invoke, ApiFlavor::http, 1'000, 0);
  run.source("http2", SourceType::api_gateway, ApiFlavor::http, 2'000'000, 0);
  run.source("rest", SourceType::api_gateway, ApiFlavor::rest, 5'000'500, 500);
  const BookCost c = run.bill("aws");
  REQUIRE(c.by_service.size() == 2);
  CHECK(c.by_service[0].service == "lambda");
  CHECK(c.by_service[0].usd == usd(1.8166667));
  CHECK(c.by_service[1].service == "api_gateway");
  CHECK(c.by_service[1].usd == usd(20.231));
  CHECK(c.total_usd == usd(22.0476667));
}

TEST_CASE("Cost: API Gateway does not bill the calls it rejects itself", "[cost]") {
  // A 730-hour month: 1,000,000 requests, 1,000 rejected by API Gateway's own limits (not
  // billed): 999,000 x $1.00/M = $0.999, within the first 300M.
  Run run(Duration::hours(730));
  run.function("fn", 128, Architecture::x86_64, 0, on_demand(0));
  run.source("api", SourceType::api_gateway, ApiFlavor::http, 1'000'000, 1'000);
  const BookCost c = run.bill("aws");
  CHECK(c.by_service[1].usd == usd(0.999));
  CHECK(c.total_usd == usd(0.999));
  // Over one hour the first tier ends at 300M / 730 = 410,958.90411 calls:
  // 410,958.90411 x $1.00/M + 588,041.09589 x $0.90/M = $0.940195890411.
  Run hour(kOneHour);
  hour.function("fn", 128, Architecture::x86_64, 0, on_demand(0));
  hour.source("api", SourceType::api_gateway, ApiFlavor::http, 1'000'000, 1'000);
  CHECK(hour.bill("aws").total_usd == usd(0.940195890411));
}

TEST_CASE("Cost: a run without tallies for the books' rules is an internal error", "[cost]") {
  Run run(kOneHour);
  run.function("fn", 128, Architecture::x86_64, 0, on_demand(0));
  run.result.functions[0].billing.clear();
  CHECK_THROWS_AS(run.bill("aws"), InternalError);
}
