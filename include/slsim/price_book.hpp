#pragma once
// Price books: data, not code. One YAML file per book in scenarios/pricing/ (built into the
// binary, so `slsim` works from any directory), one documented schema for all (README
// "Price books"), every price with its source and date. A scenario's `pricing:` names
// built-in books or paths to a user's own book. Pricing never changes the simulation.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slsim/billing.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

// A price per unit with its provenance.
struct Price {
  double usd = 0;
  std::string source;
  std::string date;
};

// A volume-tiered price: `usd` per unit for units in (previous up_to, up_to] per month.
struct PriceTier {
  double up_to = 0;  // monthly units; +infinity for the last tier
  double usd = 0;
};
struct TieredPrice {
  std::vector<PriceTier> tiers;  // ascending up_to, last one unbounded
  std::string source;
  std::string date;
};

// Lambda rates of one architecture.
struct LambdaArchRates {
  Price request;                    // per request
  TieredPrice duration_gb_s;        // per GB-s, monthly tiers per architecture
  TieredPrice cpu_s;                // per CPU unit-second (GHz-s, vCPU-s); empty: not billed
  Price provisioned_gb_s;           // per GB-s of configured provisioned concurrency
  Price provisioned_duration_gb_s;  // per GB-s executed on provisioned environments
  // Per GB-s of configured /tmp above the free 512 MB, over the billed duration (facts 1.5);
  // unset (source empty): storage is not billed.
  Price ephemeral_storage_gb_s;
  // False when the provider has no provisioned concurrency: configured PC then costs nothing
  // and executions on it are priced at the on-demand rates (a behaviour difference, noted).
  bool has_provisioned = true;
};

// How a function's configured memory becomes billed memory (Azure rounds up to 128 MB, Flex
// bills the instance size). The simulation's billed time does not depend on it, so it is
// applied when pricing, never by re-simulating.
struct MemoryBilling {
  std::int64_t rounding_mb = 1;     // round up to a multiple of this
  std::int64_t minimum_mb = 0;      // bill at least this
  std::vector<std::int64_t> sizes;  // bill the smallest size >= memory (if given)
  std::int64_t maximum_mb = 0;      // the platform's largest memory (0: no limit); a
                                    // larger function is a behaviour difference, noted
  std::int64_t billed_mb(std::int64_t memory_mb) const;
};

// CPU units (GHz or vCPU) a function gets by its memory: the first row whose up_to_mb is >=
// the function's memory (GCF 1st gen: 128 MB -> 0.2 GHz; facts 9).
struct CpuByMemory {
  std::string unit;  // "GHz", "vCPU"
  struct Row {
    std::int64_t up_to_mb = 0;
    double units = 0;
  };
  std::vector<Row> rows;  // ascending up_to_mb
  double units_for(std::int64_t memory_mb) const;
};

// Which architecture's rates a book applies to each function.
enum class ArchBilling : std::uint8_t {
  own,     // each function at its own arch's rates (book `aws`)
  x86_64,  // every function at x86 rates, as a what-if (book `aws-x86`)
  arm64,   // every function at arm64 rates (book `aws-arm64`)
};

struct LambdaPrices {
  BillingRule rule;         // 1 ms rounding since Dec 2020 (facts 1.6)
  bool init_billed = true;  // INIT billed like INVOKE since 1 Aug 2025 (facts 1.6)
  // Before Aug 2025 INIT was free for ZIP packages only, billed for container images (facts
  // 1.6): init_billed false + this true (`init_billed: images` in a book).
  bool init_billed_images = false;
  ArchBilling arch_billing = ArchBilling::own;
  LambdaArchRates x86_64;
  LambdaArchRates arm64;
  Duration provisioned_rounding = Duration::minutes(5);  // PC billed in 5-minute steps
  MemoryBilling memory;
  CpuByMemory cpu_by_memory;  // required when a book's arch rates have cpu_s
  // Always-free monthly tier (facts 1.6): requests and GB-s, both archs combined; not for
  // functions with provisioned concurrency.
  std::int64_t free_requests = 0;
  double free_gb_s = 0;
  double free_cpu_s = 0;  // free CPU unit-seconds (GCF's GHz-s, Cloud Run's vCPU-s)
};

struct ApiGatewayPrices {
  TieredPrice http_requests;  // per request, monthly tiers (facts 6)
  TieredPrice rest_requests;
};

// A free monthly allowance shared by some meters of one service (SQS: 1 M requests, standard
// and FIFO together; facts 2).
struct FreeAllowance {
  std::vector<std::string> meters;
  double units = 0;
};

// The prices of one service type's meters (usage.hpp names them), e.g. section `sqs`.
struct ServicePrices {
  std::string type;
  std::vector<std::pair<std::string, TieredPrice>> meters;  // meter name -> price
  std::vector<FreeAllowance> free_tier;
  const TieredPrice* price_of(const std::string& meter) const;
};

// Always-on alternatives for `slsim compare` (facts 9): Fargate per vCPU-hour and GB-hour, an
// EC2 instance type per hour.
struct AlwaysOnPrices {
  Price fargate_vcpu_hour;
  Price fargate_gb_hour;
  Duration fargate_minimum{0};
  std::string ec2_instance;  // e.g. "m5.large"
  double ec2_vcpus = 0;
  double ec2_memory_gb = 0;
  Price ec2_hour;
  bool present() const { return !fargate_vcpu_hour.source.empty(); }
};

struct PriceBook {
  std::string name;
  std::string description;
  std::string file;          // where it was loaded from ("<built-in>/aws.yaml" or a path)
  double month_hours = 730;  // the AWS pricing calculator's month
  LambdaPrices lambda;
  ApiGatewayPrices api_gateway;
  std::vector<ServicePrices> services;  // in the order of service_meter_names()
  AlwaysOnPrices always_on;
  const ServicePrices* service(const std::string& type) const;
};

// The service types a book may price beyond lambda and api_gateway, in report order, and the
// meters of each (usage.hpp).
const std::vector<std::pair<std::string, std::vector<std::string>>>& service_meter_names();

// The names of the built-in books, sorted.
std::vector<std::string> builtin_price_book_names();
// Parses a book from YAML text; errors name `file`, line, column and field.
PriceBook parse_price_book(const std::string& text, const std::string& file);
// The books a scenario names, in order: built-in names or paths (relative to the scenario).
// An unknown name is a ScenarioError at the `pricing:` entry, with a suggestion.
std::vector<PriceBook> load_price_books(const ScenarioSpec& scenario);

// The distinct billing rules of `books`, in first-seen order: the simulation keeps one
// BillingTally per rule; billing_rule_index(books, i) says which one book i uses.
std::vector<BillingRule> distinct_billing_rules(const std::vector<PriceBook>& books);
std::size_t billing_rule_index(const std::vector<BillingRule>& rules, const BillingRule& rule);

}  // namespace slsim
