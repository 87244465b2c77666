#include "slsim/price_book.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>

#include "builtin_price_books.hpp"
#include "slsim/units.hpp"
#include "slsim/yaml_reader.hpp"

// The schema is documented once, at the top of scenarios/pricing/aws.yaml (and in README
// "Price books"); the comments here only say how the code follows it.

namespace slsim {

namespace {

constexpr std::string_view kBuiltinDir = "<built-in>/";
constexpr std::int64_t kSchemaVersion = 1;

ScenarioError field_error(const YamlField& f, std::string_view detail) {
  return ScenarioError::rule(f.location(), f.path(), detail);
}

std::string builtin_file(std::string_view name) {
  return fmt::format("{}{}.yaml", kBuiltinDir, name);
}

const std::string_view* find_builtin(std::string_view name) {
  for (const auto& [book, text] : builtin_price_book_texts()) {
    if (book == name) return &text;
  }
  return nullptr;
}

// "unknown price book 'x' (did you mean 'y'?); built-in books: a, b, c"
std::string unknown_book_message(std::string_view name) {
  const std::vector<std::string> names = builtin_price_book_names();
  std::string message = fmt::format("unknown price book '{}'", name);
  const std::string suggestion = nearest_name(name, names);
  if (!suggestion.empty()) message += fmt::format(" (did you mean '{}'?)", suggestion);
  message += fmt::format("; built-in books: {}", fmt::join(names, ", "));
  return message;
}

// YYYY-MM-DD or YYYY-MM, digits only (the calendar itself is not checked).
bool is_date(std::string_view s) {
  if (s.size() != 7 && s.size() != 10) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
  }
  return true;
}

// `source` and `date`, required in every block that states a provider's terms.
void read_provenance(const YamlField& f, std::string& source, std::string& date) {
  const YamlField s = f.required("source");
  source = s.as_string();
  if (source.empty()) throw s.invalid("a non-empty text naming where the figure comes from");
  const YamlField d = f.required("date");
  date = d.as_string();
  if (!is_date(date)) throw d.invalid("a date YYYY-MM-DD or YYYY-MM");
}

double read_positive(const YamlField& f) {
  const double v = f.as_number();
  if (!(v > 0)) throw f.invalid("a number greater than 0");
  return v;
}

// `per` units priced by `usd` (default 1).
double read_per(const YamlField& f) {
  return f.has("per") ? read_positive(f["per"]) : 1.0;
}

Price read_price(const YamlField& f) {
  f.expect_map({"usd", "per", "source", "date"});
  Price p;
  p.usd = f.required("usd").as_number() / read_per(f);
  read_provenance(f, p.source, p.date);
  return p;
}

// The `up_to` of tier `i` (not the last): above 0 and above the previous tier's.
double read_up_to(const std::vector<YamlField>& items, std::size_t i) {
  const YamlField up_to = items[i].required("up_to");
  const double v = up_to.as_number();
  if (i == 0) {
    if (!(v > 0)) throw up_to.invalid("a number greater than 0");
    return v;
  }
  const YamlField previous = items[i - 1]["up_to"];
  if (!(v > previous.as_number())) {
    throw up_to.invalid(
        fmt::format("a number greater than the previous tier's up_to ({})", previous.as_string()));
  }
  return v;
}

// Tiers in ascending `up_to`; the last one has no `up_to` and is unbounded.
std::vector<PriceTier> read_tiers(const YamlField& f, double per) {
  if (!f.is_sequence() || f.items().empty()) throw f.invalid("a non-empty list of tiers");
  const std::vector<YamlField> items = f.items();
  std::vector<PriceTier> tiers;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const YamlField& t = items[i];
    t.expect_map({"up_to", "usd"});
    PriceTier tier;
    tier.usd = t.required("usd").as_number() / per;
    if (i + 1 < items.size()) {
      tier.up_to = read_up_to(items, i);
    } else if (t.has("up_to")) {
      throw field_error(t["up_to"], "the last tier is unbounded: remove up_to");
    } else {
      tier.up_to = std::numeric_limits<double>::infinity();
    }
    tiers.push_back(tier);
  }
  return tiers;
}

// A tiered price, or a flat price (`usd`) read as one unbounded tier.
TieredPrice read_tiered_price(const YamlField& f) {
  f.expect_map({"usd", "tiers", "per", "source", "date"});
  const double per = read_per(f);
  TieredPrice p;
  if (f.has("usd") == f.has("tiers")) {
    throw field_error(f, f.has("usd") ? "give usd (a flat price) or tiers, not both"
                                      : "missing required key 'usd' (a flat price) or 'tiers'");
  }
  if (f.has("usd")) {
    p.tiers = {PriceTier{std::numeric_limits<double>::infinity(), f["usd"].as_number() / per}};
  } else {
    p.tiers = read_tiers(f["tiers"], per);
  }
  read_provenance(f, p.source, p.date);
  return p;
}

// Replaces `target` when `key` is present; requires it when `required`.
template <typename T, typename Read>
void read_into(const YamlField& section, std::string_view key, bool required, T& target,
               Read read) {
  if (required) {
    target = read(section.required(key));
  } else if (section.has(key)) {
    target = read(section[key]);
  }
}

// Bounds of the billing rules. Real ones are far below (AWS bills in 1 ms steps with no
// minimum, PC in 5-minute steps); the caps keep billed microseconds, summed over every
// execution of a run in 64 bits, from overflowing: without them a granularity or minimum near
// the largest duration overflowed the sum on the second execution (a UBSan report).
constexpr Duration kMaxGranularity = Duration::minutes(1);
constexpr Duration kMaxMinimum = Duration::minutes(1);
constexpr Duration kMaxProvisionedRounding = Duration::hours(24);

// A duration in (0, max].
Duration read_positive_duration(const YamlField& f, Duration max) {
  const Duration d = f.as_duration();
  if (d.us <= 0) throw f.invalid("a duration greater than 0");
  if (d > max) throw f.invalid(fmt::format("a duration of at most {}", format_duration(max)));
  return d;
}

// `billing` is replaced whole: keys left out take the schema default, not the inherited value.
void read_billing(const YamlField& f, LambdaPrices& p) {
  f.expect_map({"granularity", "minimum", "init_billed", "provisioned_rounding", "source", "date"});
  p.rule.granularity = read_positive_duration(f.required("granularity"), kMaxGranularity);
  if (f.has("minimum")) {
    const YamlField minimum = f["minimum"];
    p.rule.minimum = minimum.as_duration();
    if (p.rule.minimum > kMaxMinimum) {
      throw minimum.invalid(fmt::format("a duration of at most {}", format_duration(kMaxMinimum)));
    }
  } else {
    p.rule.minimum = Duration{0};
  }
  p.init_billed = f.required("init_billed").as_bool();
  p.provisioned_rounding =
      f.has("provisioned_rounding")
          ? read_positive_duration(f["provisioned_rounding"], kMaxProvisionedRounding)
          : Duration::minutes(5);
  std::string source, date;
  read_provenance(f, source, date);
}

// `free_tier` is replaced whole.
void read_free_tier(const YamlField& f, LambdaPrices& p) {
  f.expect_map({"requests", "gb_seconds", "source", "date"});
  p.free_requests = f.required("requests").as_integer();
  p.free_gb_s = f.required("gb_seconds").as_number();
  std::string source, date;
  read_provenance(f, source, date);
}

bool has_rates(const LambdaArchRates& r) {
  return !r.request.source.empty();
}

// Rates of one architecture; merged key by key into inherited rates, complete otherwise.
void read_arch_rates(const YamlField& f, LambdaArchRates& r) {
  f.expect_map({"request", "duration_gb_s", "provisioned_gb_s", "provisioned_duration_gb_s"});
  const bool whole = !has_rates(r);
  read_into(f, "request", whole, r.request, read_price);
  read_into(f, "duration_gb_s", whole, r.duration_gb_s, read_tiered_price);
  read_into(f, "provisioned_gb_s", whole, r.provisioned_gb_s, read_price);
  read_into(f, "provisioned_duration_gb_s", whole, r.provisioned_duration_gb_s, read_price);
}

ArchBilling read_arch_billing(const YamlField& f) {
  const std::string v = f.as_choice({"own", "x86_64", "arm64"});
  if (v == "x86_64") return ArchBilling::x86_64;
  if (v == "arm64") return ArchBilling::arm64;
  return ArchBilling::own;
}

// The architectures whose rates `p` must have.
void check_arch_rates(const YamlField& lambda, const LambdaPrices& p) {
  const bool x86 = p.arch_billing != ArchBilling::arm64;
  const bool arm = p.arch_billing != ArchBilling::x86_64;
  if (x86 && !has_rates(p.x86_64)) {
    throw ScenarioError::missing(lambda.location(), lambda.path(), "x86_64");
  }
  if (arm && !has_rates(p.arm64)) {
    throw ScenarioError::missing(lambda.location(), lambda.path(), "arm64");
  }
}

void read_lambda(const YamlField& f, bool inherited, LambdaPrices& p) {
  f.expect_map({"billing", "arch_billing", "free_tier", "x86_64", "arm64"});
  if (!inherited || f.has("billing")) read_billing(f.required("billing"), p);
  if (f.has("arch_billing")) p.arch_billing = read_arch_billing(f["arch_billing"]);
  if (f.has("free_tier")) read_free_tier(f["free_tier"], p);
  if (f.has("x86_64")) read_arch_rates(f["x86_64"], p.x86_64);
  if (f.has("arm64")) read_arch_rates(f["arm64"], p.arm64);
  check_arch_rates(f, p);
}

void read_api_gateway(const YamlField& f, ApiGatewayPrices& p) {
  f.expect_map({"http_request", "rest_request"});
  read_into(f, "http_request", false, p.http_requests, read_tiered_price);
  read_into(f, "rest_request", false, p.rest_requests, read_tiered_price);
}

PriceBook parse_book(const std::string& text, const std::string& file,
                     std::vector<std::string>& chain);

// The built-in book a book `inherits`, parsed (itself possibly inheriting).
PriceBook read_base(const YamlField& f, std::vector<std::string>& chain) {
  const std::string name = f.as_name();
  const std::string_view* text = find_builtin(name);
  if (text == nullptr) throw field_error(f, unknown_book_message(name));
  const std::string file = builtin_file(name);
  if (std::find(chain.begin(), chain.end(), file) != chain.end()) {
    throw field_error(f,
                      fmt::format("inheritance cycle: {} -> {}", fmt::join(chain, " -> "), file));
  }
  return parse_book(std::string(*text), file, chain);
}

std::string file_stem(const std::string& file) {
  return std::filesystem::path(file).stem().string();
}

void read_schema_version(const YamlField& root) {
  if (!root.has("schema")) return;
  const YamlField f = root["schema"];
  if (f.as_integer() != kSchemaVersion) throw f.invalid("schema version 1");
}

PriceBook read_book(const YamlField& root, const std::string& file,
                    std::vector<std::string>& chain) {
  root.expect_map(
      {"schema", "name", "description", "inherits", "month_hours", "lambda", "api_gateway"});
  read_schema_version(root);
  const bool inherited = root.has("inherits");
  PriceBook book = inherited ? read_base(root["inherits"], chain) : PriceBook{};
  book.name = root.has("name") ? root["name"].as_name() : file_stem(file);
  book.file = file;
  book.description = root.required("description").as_string();
  if (root.has("month_hours")) book.month_hours = read_positive(root["month_hours"]);
  if (!inherited || root.has("lambda")) {
    read_lambda(root.required("lambda"), inherited, book.lambda);
  }
  if (root.has("api_gateway")) read_api_gateway(root["api_gateway"], book.api_gateway);
  return book;
}

PriceBook parse_book(const std::string& text, const std::string& file,
                     std::vector<std::string>& chain) {
  chain.push_back(file);
  const YAML::Node node = parse_yaml(text, file);
  const std::vector<SetOverride> no_overrides;
  PriceBook book = read_book(yaml_root(node, file, no_overrides), file, chain);
  chain.pop_back();
  return book;
}

std::string pricing_path(std::size_t index) {
  return fmt::format("pricing[{}]", index);
}

PriceBook load_file_book(const PricingRef& ref, std::size_t index) {
  std::ifstream in(ref.path, std::ios::binary);
  if (!in) {
    const int error = errno;
    throw ScenarioError::rule(ref.where, pricing_path(index),
                              fmt::format("cannot read price book '{}': {}", ref.path,
                                          std::generic_category().message(error)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_price_book(text.str(), ref.path);
}

PriceBook load_builtin_book(const PricingRef& ref, std::size_t index) {
  const std::string_view* text = find_builtin(ref.name);
  if (text == nullptr) {
    throw ScenarioError::rule(ref.where, pricing_path(index), unknown_book_message(ref.name));
  }
  return parse_price_book(std::string(*text), builtin_file(ref.name));
}

// A scenario's API Gateway sources need their flavor's price in every book.
void check_api_gateway_prices(const ScenarioSpec& scenario, const PriceBook& book,
                              const PricingRef& ref, std::size_t index) {
  for (const SourceSpec& s : scenario.sources) {
    if (s.type != SourceType::api_gateway) continue;
    const bool rest = s.flavor == ApiFlavor::rest;
    const TieredPrice& price =
        rest ? book.api_gateway.rest_requests : book.api_gateway.http_requests;
    if (!price.tiers.empty()) continue;
    throw ScenarioError::rule(
        ref.where, pricing_path(index),
        fmt::format("price book '{}' has no api_gateway.{} price, which source '{}' needs",
                    book.name, rest ? "rest_request" : "http_request", s.name));
  }
}

}  // namespace

std::vector<std::string> builtin_price_book_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : builtin_price_book_texts())
    names.emplace_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

PriceBook parse_price_book(const std::string& text, const std::string& file) {
  std::vector<std::string> chain;
  return parse_book(text, file, chain);
}

std::vector<PriceBook> load_price_books(const ScenarioSpec& scenario) {
  // An empty list (a scenario built in code) means the default, [aws].
  const std::vector<PricingRef> refs = scenario.pricing.empty()
                                           ? std::vector<PricingRef>{PricingRef{"aws", "", {}}}
                                           : scenario.pricing;
  std::vector<PriceBook> books;
  for (std::size_t i = 0; i < refs.size(); ++i) {
    const PricingRef& ref = refs[i];
    PriceBook book = ref.path.empty() ? load_builtin_book(ref, i) : load_file_book(ref, i);
    for (const PriceBook& other : books) {
      if (other.name != book.name) continue;
      throw ScenarioError::rule(
          ref.where, pricing_path(i),
          fmt::format("price book '{}' is listed twice (book names must be unique)", book.name));
    }
    check_api_gateway_prices(scenario, book, ref, i);
    books.push_back(std::move(book));
  }
  return books;
}

std::vector<BillingRule> distinct_billing_rules(const std::vector<PriceBook>& books) {
  std::vector<BillingRule> rules;
  for (const PriceBook& b : books) {
    if (std::find(rules.begin(), rules.end(), b.lambda.rule) == rules.end()) {
      rules.push_back(b.lambda.rule);
    }
  }
  return rules;
}

std::size_t billing_rule_index(const std::vector<BillingRule>& rules, const BillingRule& rule) {
  const auto it = std::find(rules.begin(), rules.end(), rule);
  if (it == rules.end()) {
    throw InternalError(
        fmt::format("billing rule ({} us granularity, {} us minimum) is not "
                    "among the {} rules the run kept tallies for",
                    rule.granularity.us, rule.minimum.us, rules.size()));
  }
  return static_cast<std::size_t>(it - rules.begin());
}

}  // namespace slsim
