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
  Price provisioned_gb_s;           // per GB-s of configured provisioned concurrency
  Price provisioned_duration_gb_s;  // per GB-s executed on provisioned environments
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
  ArchBilling arch_billing = ArchBilling::own;
  LambdaArchRates x86_64;
  LambdaArchRates arm64;
  Duration provisioned_rounding = Duration::minutes(5);  // PC billed in 5-minute steps
  // Always-free monthly tier (facts 1.6): requests and GB-s, both archs combined; not for
  // functions with provisioned concurrency.
  std::int64_t free_requests = 0;
  double free_gb_s = 0;
};

struct ApiGatewayPrices {
  TieredPrice http_requests;  // per request, monthly tiers (facts 6)
  TieredPrice rest_requests;
};

struct PriceBook {
  std::string name;
  std::string description;
  std::string file;          // where it was loaded from ("<built-in>/aws.yaml" or a path)
  double month_hours = 730;  // the AWS pricing calculator's month
  LambdaPrices lambda;
  ApiGatewayPrices api_gateway;
};

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
