// Price books: the built-in books as data, inheritance, a user's own book, and one test per
// error message.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "slsim/price_book.hpp"

using namespace slsim;

namespace {

Approx usd(double v) {
  return Approx(v).epsilon(1e-12);
}

std::vector<PriceBook> load(const std::vector<PricingRef>& refs,
                            std::vector<SourceSpec> sources = {}) {
  ScenarioSpec s;
  s.file = "scenario.yaml";
  s.pricing = refs;
  s.sources = std::move(sources);
  return load_price_books(s);
}

PricingRef ref(const std::string& name, const std::string& path = "", int line = 3) {
  PricingRef r;
  r.name = name;
  r.path = path;
  r.where.file = "scenario.yaml";
  r.where.line = line;
  r.where.column = 11;
  return r;
}

PriceBook builtin(const std::string& name) {
  return load({ref(name)}).at(0);
}

std::string error_of(const std::string& text) {
  try {
    parse_price_book(text, "my.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

std::string error_of(const std::vector<PricingRef>& refs, std::vector<SourceSpec> sources = {}) {
  try {
    load(refs, std::move(sources));
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "no error";
}

// A complete book without `inherits`, x86 only (line numbers matter to the error tests).
const std::string kStandalone = R"(description: x86 only
lambda:
  billing: {granularity: 100ms, init_billed: false, source: s, date: 2020-11}
  arch_billing: x86_64
  x86_64:
    request: {usd: 0.20, per: 1000000, source: s, date: 2020-11}
    duration_gb_s: {usd: 0.00001667, source: s, date: 2020-11}
    provisioned_gb_s: {usd: 0.0000041667, source: s, date: 2020-11}
    provisioned_duration_gb_s: {usd: 0.0000097222, source: s, date: 2020-11}
)";

// kStandalone with `from` replaced by `to`.
std::string standalone_with(const std::string& from, const std::string& to) {
  std::string text = kStandalone;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : path_((std::filesystem::temp_directory_path() / name).string()) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

TEST_CASE("PriceBook: the built-in books, each named after its file", "[price_book]") {
  CHECK(builtin_price_book_names() ==
        std::vector<std::string>{"aws", "aws-2024-10", "aws-arm64", "aws-legacy", "aws-x86",
                                 "azure-consumption", "azure-flex", "cloud-run", "gcf-gen1"});
  for (const std::string& name : builtin_price_book_names()) {
    const PriceBook b = builtin(name);
    CHECK(b.name == name);
    CHECK(b.file == "<built-in>/" + name + ".yaml");
    CHECK_FALSE(b.description.empty());
  }
}

TEST_CASE("PriceBook: aws holds the us-east-1 prices of facts 1.1, 1.6 and 6", "[price_book]") {
  const PriceBook b = builtin("aws");
  const LambdaPrices& l = b.lambda;
  CHECK(b.month_hours == 730);
  CHECK(l.rule == BillingRule{Duration::millis(1), Duration{0}});
  CHECK(l.init_billed);
  CHECK(l.arch_billing == ArchBilling::own);
  CHECK(l.provisioned_rounding == Duration::minutes(5));
  CHECK(l.free_requests == 1'000'000);
  CHECK(l.free_gb_s == 400'000);

  CHECK(l.x86_64.request.usd == usd(0.0000002));
  CHECK(l.x86_64.request.date == "2026-09-06");
  CHECK_FALSE(l.x86_64.request.source.empty());
  const std::vector<PriceTier>& x86 = l.x86_64.duration_gb_s.tiers;
  REQUIRE(x86.size() == 3);
  CHECK(x86[0].up_to == 6e9);
  CHECK(x86[0].usd == 0.0000166667);
  CHECK(x86[1].up_to == 15e9);
  CHECK(x86[1].usd == 0.000015);
  CHECK(std::isinf(x86[2].up_to));
  CHECK(x86[2].usd == 0.0000133334);
  CHECK(l.x86_64.provisioned_gb_s.usd == 0.0000041667);
  CHECK(l.x86_64.provisioned_duration_gb_s.usd == 0.0000097222);

  CHECK(l.arm64.request.usd == usd(0.0000002));
  const std::vector<PriceTier>& arm = l.arm64.duration_gb_s.tiers;
  REQUIRE(arm.size() == 3);
  CHECK(arm[0].up_to == 7.5e9);
  CHECK(arm[0].usd == 0.0000133334);
  CHECK(arm[1].up_to == 18.75e9);
  CHECK(arm[1].usd == 0.0000120001);
  CHECK(arm[2].usd == 0.0000106667);
  CHECK(l.arm64.provisioned_gb_s.usd == 0.0000033334);
  CHECK(l.arm64.provisioned_duration_gb_s.usd == 0.0000077778);

  const std::vector<PriceTier>& http = b.api_gateway.http_requests.tiers;
  REQUIRE(http.size() == 2);
  CHECK(http[0].up_to == 300e6);
  CHECK(http[0].usd == usd(1.00e-6));
  CHECK(http[1].usd == usd(0.90e-6));
  const std::vector<PriceTier>& rest = b.api_gateway.rest_requests.tiers;
  REQUIRE(rest.size() == 4);
  CHECK(rest[0].up_to == 333e6);
  CHECK(rest[0].usd == usd(3.50e-6));
  CHECK(rest[1].up_to == 1e9);
  CHECK(rest[1].usd == usd(2.80e-6));
  CHECK(rest[2].up_to == 20e9);
  CHECK(rest[2].usd == usd(2.38e-6));
  CHECK(std::isinf(rest[3].up_to));
  CHECK(rest[3].usd == usd(1.51e-6));
}

TEST_CASE("PriceBook: aws-x86 and aws-arm64 inherit aws and change only arch_billing",
          "[price_book]") {
  const PriceBook aws = builtin("aws");
  for (const auto& [name, billing] :
       {std::pair{"aws-x86", ArchBilling::x86_64}, std::pair{"aws-arm64", ArchBilling::arm64}}) {
    const PriceBook b = builtin(name);
    CHECK(b.lambda.arch_billing == billing);
    CHECK(b.description != aws.description);
    CHECK(b.lambda.rule == aws.lambda.rule);
    CHECK(b.lambda.free_gb_s == aws.lambda.free_gb_s);
    CHECK(b.lambda.x86_64.duration_gb_s.tiers.size() == 3);
    CHECK(b.lambda.arm64.provisioned_gb_s.usd == aws.lambda.arm64.provisioned_gb_s.usd);
    CHECK(b.api_gateway.rest_requests.tiers.size() == 4);
  }
}

TEST_CASE("PriceBook: a user book inherits a built-in book and replaces prices whole",
          "[price_book]") {
  const PriceBook b = parse_price_book(R"(inherits: aws
description: negotiated 10 % off x86 duration
lambda:
  x86_64:
    duration_gb_s: {usd: 0.000015, source: "our contract", date: 2026-01-15}
)",
                                       "books/discount.yaml");
  CHECK(b.name == "discount");
  CHECK(b.file == "books/discount.yaml");
  CHECK(b.description == "negotiated 10 % off x86 duration");
  const TieredPrice& d = b.lambda.x86_64.duration_gb_s;
  REQUIRE(d.tiers.size() == 1);  // a flat price is one unbounded tier
  CHECK(std::isinf(d.tiers[0].up_to));
  CHECK(d.tiers[0].usd == 0.000015);
  CHECK(d.source == "our contract");
  CHECK(d.date == "2026-01-15");
  // Everything else is aws's.
  const PriceBook aws = builtin("aws");
  CHECK(b.lambda.x86_64.request.usd == aws.lambda.x86_64.request.usd);
  CHECK(b.lambda.arm64.duration_gb_s.tiers.size() == 3);
  CHECK(b.lambda.arch_billing == ArchBilling::own);
  CHECK(b.api_gateway.http_requests.tiers.size() == 2);
}

TEST_CASE("PriceBook: a book without inherits gives every price it needs", "[price_book]") {
  const PriceBook b = parse_price_book("name: legacy\nschema: 1\n" + kStandalone, "my.yaml");
  CHECK(b.name == "legacy");
  CHECK(b.lambda.rule == BillingRule{Duration::millis(100), Duration{0}});
  CHECK_FALSE(b.lambda.init_billed);
  CHECK(b.lambda.arch_billing == ArchBilling::x86_64);
  CHECK(b.lambda.provisioned_rounding == Duration::minutes(5));
  CHECK(b.lambda.free_requests == 0);
  CHECK(b.lambda.x86_64.duration_gb_s.tiers[0].usd == 0.00001667);
  CHECK(b.lambda.arm64.request.source.empty());  // not needed: everything billed at x86
  CHECK(b.api_gateway.http_requests.tiers.empty());
}

TEST_CASE("PriceBook: a scenario's pricing loads built-in books and user files in order",
          "[price_book]") {
  const TempFile file("slsim-price-book-test-mine.yaml",
                      "inherits: aws-arm64\ndescription: mine\nmonth_hours: 720\n");
  const std::vector<PriceBook> books =
      load({ref("aws-x86"), ref("./mine.yaml", file.path()), ref("aws")});
  REQUIRE(books.size() == 3);
  CHECK(books[0].name == "aws-x86");
  CHECK(books[1].name == "slsim-price-book-test-mine");
  CHECK(books[1].file == file.path());
  CHECK(books[1].month_hours == 720);
  CHECK(books[1].lambda.arch_billing == ArchBilling::arm64);
  CHECK(books[2].name == "aws");
  // A scenario built in code without pricing gets the default, [aws].
  CHECK(load({}).at(0).name == "aws");
}

TEST_CASE("PriceBook: books sharing a billing rule share one tally", "[price_book]") {
  PriceBook coarse = builtin("aws");
  coarse.lambda.rule.granularity = Duration::millis(100);
  const std::vector<PriceBook> books = {builtin("aws"), coarse, builtin("aws-arm64")};
  const std::vector<BillingRule> rules = distinct_billing_rules(books);
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].granularity == Duration::millis(1));
  CHECK(rules[1].granularity == Duration::millis(100));
  CHECK(billing_rule_index(rules, books[2].lambda.rule) == 0);
  CHECK(billing_rule_index(rules, coarse.lambda.rule) == 1);
  CHECK_THROWS_AS(billing_rule_index(rules, BillingRule{Duration::seconds(1), Duration{0}}),
                  InternalError);
}

// ---- one test per error message ----

TEST_CASE("PriceBook error: unknown key, with a suggestion", "[price_book][error]") {
  CHECK(error_of("inherits: aws\ndescription: d\nlambda:\n  arch_biling: arm64\n") ==
        "my.yaml:4:3: lambda: unknown key 'arch_biling' (did you mean 'arch_billing'?)");
}

TEST_CASE("PriceBook error: a missing price in a book without inherits", "[price_book][error]") {
  CHECK(error_of(standalone_with(
            "    provisioned_gb_s: {usd: 0.0000041667, source: s, date: 2020-11}\n", "")) ==
        "my.yaml:5:3: lambda.x86_64: missing required key 'provisioned_gb_s'");
}

TEST_CASE("PriceBook error: the rates arch_billing needs are missing", "[price_book][error]") {
  CHECK(error_of(standalone_with("arch_billing: x86_64", "arch_billing: own")) ==
        "my.yaml:2:1: lambda: missing required key 'arm64'");
}

TEST_CASE("PriceBook error: tiers out of order", "[price_book][error]") {
  CHECK(error_of(standalone_with("{usd: 0.00001667, source: s, date: 2020-11}",
                                 "{source: s, date: 2020-11, tiers: [{up_to: 6000000000, usd: "
                                 "0.1}, {up_to: 5000000000, usd: 0.2}, {usd: 0.3}]}")) ==
        "my.yaml:7:94: lambda.x86_64.duration_gb_s.tiers[1].up_to: expected a number greater "
        "than the previous tier's up_to (6000000000), got '5000000000'");
}

TEST_CASE("PriceBook error: a first tier ending at 0", "[price_book][error]") {
  CHECK(error_of(standalone_with("{usd: 0.00001667, source: s, date: 2020-11}",
                                 "{source: s, date: 2020-11, tiers: [{up_to: 0, usd: 0.1}, "
                                 "{usd: 0.3}]}")) ==
        "my.yaml:7:63: lambda.x86_64.duration_gb_s.tiers[0].up_to: expected a number greater "
        "than 0, got '0'");
}

TEST_CASE("PriceBook error: a bounded last tier", "[price_book][error]") {
  CHECK(error_of(standalone_with("{usd: 0.00001667, source: s, date: 2020-11}",
                                 "{source: s, date: 2020-11, tiers: [{up_to: 5, usd: 0.1}]}")) ==
        "my.yaml:7:63: lambda.x86_64.duration_gb_s.tiers[0].up_to: the last tier is unbounded: "
        "remove up_to");
}

TEST_CASE("PriceBook error: both usd and tiers", "[price_book][error]") {
  CHECK(error_of(standalone_with("{usd: 0.00001667, source: s,",
                                 "{usd: 0.00001667, tiers: [{usd: 1}], source: s,")) ==
        "my.yaml:7:5: lambda.x86_64.duration_gb_s: give usd (a flat price) or tiers, not both");
}

TEST_CASE("PriceBook error: neither usd nor tiers", "[price_book][error]") {
  CHECK(error_of(standalone_with("{usd: 0.00001667, source: s,", "{source: s,")) ==
        "my.yaml:7:5: lambda.x86_64.duration_gb_s: missing required key 'usd' (a flat price) "
        "or 'tiers'");
}

TEST_CASE("PriceBook error: a price without a source", "[price_book][error]") {
  CHECK(error_of(standalone_with("{usd: 0.20, per: 1000000, source: s, date: 2020-11}",
                                 "{usd: 0.20, per: 1000000, date: 2020-11}")) ==
        "my.yaml:6:5: lambda.x86_64.request: missing required key 'source'");
}

TEST_CASE("PriceBook error: a malformed date", "[price_book][error]") {
  CHECK(error_of(standalone_with("{usd: 0.20, per: 1000000, source: s, date: 2020-11}",
                                 "{usd: 0.20, per: 1000000, source: s, date: Nov 2020}")) ==
        "my.yaml:6:57: lambda.x86_64.request.date: expected a date YYYY-MM-DD or YYYY-MM, got "
        "'Nov 2020'");
}

TEST_CASE("PriceBook error: per of zero", "[price_book][error]") {
  CHECK(error_of(standalone_with("per: 1000000", "per: 0")) ==
        "my.yaml:6:31: lambda.x86_64.request.per: expected a number greater than 0, got '0'");
}

TEST_CASE("PriceBook error: a zero billing granularity", "[price_book][error]") {
  CHECK(error_of(standalone_with("granularity: 100ms", "granularity: 0ms")) ==
        "my.yaml:3:26: lambda.billing.granularity: expected a duration greater than 0, got "
        "'0ms'");
}

TEST_CASE("PriceBook error: a book without a description", "[price_book][error]") {
  CHECK(error_of("inherits: aws\n") == "my.yaml:1:1: missing required key 'description'");
}

TEST_CASE("PriceBook error: a book without lambda prices", "[price_book][error]") {
  CHECK(error_of("description: d\n") == "my.yaml:1:1: missing required key 'lambda'");
}

TEST_CASE("PriceBook error: an unknown schema version", "[price_book][error]") {
  CHECK(error_of("schema: 2\ninherits: aws\ndescription: d\n") ==
        "my.yaml:1:9: schema: expected schema version 1, got '2'");
}

TEST_CASE("PriceBook error: inheriting an unknown book", "[price_book][error]") {
  CHECK(error_of("inherits: aws-arm\ndescription: d\n") ==
        "my.yaml:1:11: inherits: unknown price book 'aws-arm' (did you mean 'aws-arm64'?); "
        "built-in books: aws, aws-2024-10, aws-arm64, aws-legacy, aws-x86, azure-consumption, "
        "azure-flex, cloud-run, gcf-gen1");
}

TEST_CASE("PriceBook error: an unknown book in pricing", "[price_book][error]") {
  CHECK(error_of({ref("aws"), ref("aws-x68", "", 4)}) ==
        "scenario.yaml:4:11: pricing[1]: unknown price book 'aws-x68' (did you mean "
        "'aws-x86'?); built-in books: aws, aws-2024-10, aws-arm64, aws-legacy, aws-x86, "
        "azure-consumption, azure-flex, cloud-run, gcf-gen1");
}

TEST_CASE("PriceBook error: an unreadable book file", "[price_book][error]") {
  CHECK(error_of({ref("missing.yaml", "/nonexistent/missing.yaml")}) ==
        "scenario.yaml:3:11: pricing[0]: cannot read price book '/nonexistent/missing.yaml': "
        "No such file or directory");
}

TEST_CASE("PriceBook error: an error inside a user's book names that file", "[price_book][error]") {
  const TempFile file("slsim-price-book-test-bad.yaml", "inherits: aws\ndescription: d\nfoo: 1\n");
  CHECK(
      error_of({ref("bad.yaml", file.path())}) ==
      file.path() +
          ":3:1: unknown key 'foo' (expected one of schema, name, description, inherits, "
          "month_hours, lambda, api_gateway, always_on, s3, sqs, sns, kinesis, firehose, dynamodb, "
          "eventbridge, step_functions)");
}

TEST_CASE("PriceBook error: the same book twice", "[price_book][error]") {
  CHECK(error_of({ref("aws"), ref("aws-x86"), ref("aws", "", 5)}) ==
        "scenario.yaml:5:11: pricing[2]: price book 'aws' is listed twice (book names must be "
        "unique)");
}

TEST_CASE("PriceBook error: an API Gateway source and a book without its price",
          "[price_book][error]") {
  const TempFile file("slsim-price-book-test-nogw.yaml", kStandalone);
  SourceSpec api;
  api.name = "api";
  api.type = SourceType::api_gateway;
  api.flavor = ApiFlavor::rest;
  CHECK(error_of({ref("nogw.yaml", file.path())}, {api}) ==
        "scenario.yaml:3:11: pricing[0]: price book 'slsim-price-book-test-nogw' has no "
        "api_gateway.rest_request price, which source 'api' needs");
}

TEST_CASE("PriceBook error: memory sizes out of order", "[price_book][error]") {
  CHECK(error_of("inherits: aws\ndescription: d\nlambda:\n  billing:\n    granularity: 1ms\n"
                 "    init_billed: true\n    memory_sizes: [512, 256]\n    source: s\n"
                 "    date: 2020-11\n") ==
        "my.yaml:7:25: lambda.billing.memory_sizes[1]: expected a size above the previous one "
        "(512MB), got '256'");
}

TEST_CASE("PriceBook error: init_billed neither true, false nor images", "[price_book][error]") {
  CHECK_THAT(error_of("inherits: aws\ndescription: d\nlambda:\n  billing:\n    granularity: 1ms\n"
                      "    init_billed: zip\n    source: s\n    date: 2020-11\n"),
             Catch::StartsWith("my.yaml:6:18: lambda.billing.init_billed: expected one of"));
}

TEST_CASE("PriceBook error: cpu_s without cpu_by_memory", "[price_book][error]") {
  CHECK(error_of("inherits: aws\ndescription: d\nlambda:\n  x86_64:\n"
                 "    cpu_s: {usd: 0.00001, source: s, date: 2020-11}\n") ==
        "my.yaml:3:1: lambda: cpu_s prices need cpu_by_memory (CPU units by memory size)");
}

TEST_CASE("PriceBook error: half of a provisioned concurrency price pair", "[price_book][error]") {
  CHECK(error_of("inherits: aws\ndescription: d\nlambda:\n  x86_64:\n"
                 "    provisioned_gb_s: {usd: 0.00001, source: s, date: 2020-11}\n") ==
        "my.yaml:4:3: lambda.x86_64: missing required key 'provisioned_duration_gb_s'");
}

TEST_CASE("PriceBook error: an unknown meter in a service section", "[price_book][error]") {
  CHECK_THAT(error_of("inherits: aws\ndescription: d\nsqs:\n"
                      "  request_64kb: {usd: 0.4, per: 1000000, source: s, date: 2020-11}\n"),
             Catch::StartsWith("my.yaml:4:3: sqs: unknown key 'request_64kb' (did you mean "
                               "'requests_64kb'?)"));
}

TEST_CASE("PriceBook error: a free allowance naming another service's meter",
          "[price_book][error]") {
  CHECK_THAT(error_of("inherits: aws\ndescription: d\nsns:\n  free_tier:\n"
                      "    - {meters: [shard_hours], units: 5, source: s, date: 2020-11}\n"),
             Catch::StartsWith("my.yaml:5:17: sns.free_tier[0].meters[0]: expected a meter of "
                               "this service (publishes_64kb, http_deliveries)"));
}

TEST_CASE("PriceBook: a user book overrides one meter and inherits the rest", "[price_book]") {
  const PriceBook b = parse_price_book(
      "inherits: aws\ndescription: d\nsqs:\n"
      "  requests_64kb: {usd: 0.30, per: 1000000, source: negotiated, date: 2026-01}\n",
      "my.yaml");
  const ServicePrices* sqs = b.service("sqs");
  REQUIRE(sqs != nullptr);
  REQUIRE(sqs->price_of("requests_64kb") != nullptr);
  CHECK(sqs->price_of("requests_64kb")->tiers.at(0).usd == usd(0.30 / 1e6));
  REQUIRE(sqs->price_of("fifo_requests_64kb") != nullptr);
  CHECK(sqs->price_of("fifo_requests_64kb")->tiers.at(0).usd == usd(0.50 / 1e6));
  CHECK(sqs->free_tier.size() == 1);
}
