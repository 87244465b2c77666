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
#include "slsim/services/dax.hpp"
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

std::int64_t read_positive_memory(const YamlField& f) {
  const std::int64_t mb = f.as_memory_mb();
  if (mb <= 0) throw f.invalid("a memory size greater than 0 MB");
  return mb;
}

// memory_sizes: ascending positive sizes.
std::vector<std::int64_t> read_memory_sizes(const YamlField& f) {
  if (!f.is_sequence() || f.items().empty()) throw f.invalid("a non-empty list of memory sizes");
  std::vector<std::int64_t> sizes;
  for (const YamlField& item : f.items()) {
    const std::int64_t mb = read_positive_memory(item);
    if (!sizes.empty() && mb <= sizes.back()) {
      throw item.invalid(fmt::format("a size above the previous one ({}MB)", sizes.back()));
    }
    sizes.push_back(mb);
  }
  return sizes;
}

// The memory keys of `billing` (schema: memory_rounding, memory_minimum, memory_sizes,
// memory_maximum), each defaulting to "bill the configured memory".
MemoryBilling read_memory_billing(const YamlField& f) {
  MemoryBilling m;
  if (f.has("memory_rounding")) m.rounding_mb = read_positive_memory(f["memory_rounding"]);
  if (f.has("memory_minimum")) m.minimum_mb = read_positive_memory(f["memory_minimum"]);
  if (f.has("memory_sizes")) m.sizes = read_memory_sizes(f["memory_sizes"]);
  if (f.has("memory_maximum")) m.maximum_mb = read_positive_memory(f["memory_maximum"]);
  return m;
}

// `billing` is replaced whole: keys left out take the schema default, not the inherited value.
void read_billing(const YamlField& f, LambdaPrices& p) {
  f.expect_map({"granularity", "minimum", "init_billed", "provisioned_rounding", "memory_rounding",
                "memory_minimum", "memory_sizes", "memory_maximum", "source", "date"});
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
  // true | false | images (INIT billed for container images only; facts 1.6).
  const std::string init = f.required("init_billed").as_choice({"true", "false", "images"});
  p.init_billed = init == "true";
  p.init_billed_images = init == "images";
  p.provisioned_rounding =
      f.has("provisioned_rounding")
          ? read_positive_duration(f["provisioned_rounding"], kMaxProvisionedRounding)
          : Duration::minutes(5);
  p.memory = read_memory_billing(f);
  std::string source, date;
  read_provenance(f, source, date);
}

// `free_tier` is replaced whole.
void read_free_tier(const YamlField& f, LambdaPrices& p) {
  f.expect_map({"requests", "gb_seconds", "cpu_seconds", "source", "date"});
  p.free_requests = f.required("requests").as_integer();
  p.free_gb_s = f.required("gb_seconds").as_number();
  p.free_cpu_s = f.has("cpu_seconds") ? f["cpu_seconds"].as_number() : 0.0;
  std::string source, date;
  read_provenance(f, source, date);
}

bool has_rates(const LambdaArchRates& r) {
  return !r.request.source.empty();
}

// Rates of one architecture; merged key by key into inherited rates, complete otherwise.
// Provisioned concurrency prices come as a pair; a provider without PC gives neither.
void read_provisioned_rates(const YamlField& f, bool whole, LambdaArchRates& r) {
  const bool configured = f.has("provisioned_gb_s");
  const bool executed = f.has("provisioned_duration_gb_s");
  if (configured != executed) {
    throw ScenarioError::missing(f.location(), f.path(),
                                 configured ? "provisioned_duration_gb_s" : "provisioned_gb_s");
  }
  if (configured) {
    r.provisioned_gb_s = read_price(f["provisioned_gb_s"]);
    r.provisioned_duration_gb_s = read_price(f["provisioned_duration_gb_s"]);
    r.has_provisioned = true;
  } else if (whole) {
    r.has_provisioned = false;
  }
}

void read_arch_rates(const YamlField& f, LambdaArchRates& r) {
  f.expect_map({"request", "duration_gb_s", "cpu_s", "provisioned_gb_s",
                "provisioned_duration_gb_s", "ephemeral_storage_gb_s"});
  const bool whole = !has_rates(r);
  read_into(f, "request", whole, r.request, read_price);
  read_into(f, "duration_gb_s", whole, r.duration_gb_s, read_tiered_price);
  read_into(f, "cpu_s", false, r.cpu_s, read_tiered_price);
  read_into(f, "ephemeral_storage_gb_s", false, r.ephemeral_storage_gb_s, read_price);
  read_provisioned_rates(f, whole, r);
}

// cpu_by_memory: {unit, source, date, table: [{up_to: MB, units: N}, ...]}, ascending.
CpuByMemory read_cpu_by_memory(const YamlField& f) {
  f.expect_map({"unit", "table", "source", "date"});
  CpuByMemory c;
  c.unit = f.required("unit").as_name();
  const YamlField table = f.required("table");
  if (!table.is_sequence() || table.items().empty()) {
    throw table.invalid("a non-empty list of {up_to, units}");
  }
  for (const YamlField& row : table.items()) {
    row.expect_map({"up_to", "units"});
    CpuByMemory::Row r;
    r.up_to_mb = read_positive_memory(row.required("up_to"));
    if (!c.rows.empty() && r.up_to_mb <= c.rows.back().up_to_mb) {
      throw row["up_to"].invalid(
          fmt::format("a size above the previous row's ({}MB)", c.rows.back().up_to_mb));
    }
    r.units = read_positive(row.required("units"));
    c.rows.push_back(r);
  }
  std::string source, date;
  read_provenance(f, source, date);
  return c;
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

// CPU-second prices need the table that says how many CPU units a memory size gets.
void check_cpu_rates(const YamlField& lambda, const LambdaPrices& p) {
  const bool cpu = !p.x86_64.cpu_s.tiers.empty() || !p.arm64.cpu_s.tiers.empty();
  if (cpu && p.cpu_by_memory.rows.empty()) {
    throw lambda.rule("cpu_s prices need cpu_by_memory (CPU units by memory size)");
  }
}

void read_lambda(const YamlField& f, bool inherited, LambdaPrices& p) {
  f.expect_map({"billing", "arch_billing", "free_tier", "cpu_by_memory", "x86_64", "arm64"});
  if (!inherited || f.has("billing")) read_billing(f.required("billing"), p);
  if (f.has("arch_billing")) p.arch_billing = read_arch_billing(f["arch_billing"]);
  if (f.has("free_tier")) read_free_tier(f["free_tier"], p);
  if (f.has("cpu_by_memory")) p.cpu_by_memory = read_cpu_by_memory(f["cpu_by_memory"]);
  if (f.has("x86_64")) read_arch_rates(f["x86_64"], p.x86_64);
  if (f.has("arm64")) read_arch_rates(f["arm64"], p.arm64);
  check_arch_rates(f, p);
  check_cpu_rates(f, p);
}

// A service's free_tier: [{meters: [a, b], units: N, source, date}, ...]; replaced whole.
std::vector<FreeAllowance> read_service_free_tier(const YamlField& f,
                                                  const std::vector<std::string>& known) {
  if (!f.is_sequence() || f.items().empty()) {
    throw f.invalid("a non-empty list of {meters, units, source, date}");
  }
  std::vector<FreeAllowance> allowances;
  for (const YamlField& item : f.items()) {
    item.expect_map({"meters", "units", "source", "date"});
    FreeAllowance a;
    const YamlField meters = item.required("meters");
    for (const YamlField& m : meters.items()) {
      std::string name = m.as_name();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        throw m.invalid(fmt::format("a meter of this service ({})", fmt::join(known, ", ")));
      }
      a.meters.push_back(std::move(name));
    }
    a.units = read_positive(item.required("units"));
    std::string source, date;
    read_provenance(item, source, date);
    allowances.push_back(std::move(a));
  }
  return allowances;
}

// A service section: one tiered price per meter (merged meter by meter into an inherited
// section) and an optional free_tier.
void read_service(const YamlField& f, const std::vector<std::string>& known, ServicePrices& p) {
  std::vector<std::string> allowed = known;
  allowed.emplace_back("free_tier");
  f.expect_map(allowed);
  for (const YamlField::Entry& e : f.entries()) {
    if (e.key == "free_tier") {
      p.free_tier = read_service_free_tier(e.value, known);
      continue;
    }
    TieredPrice price = read_tiered_price(e.value);
    const auto it = std::find_if(p.meters.begin(), p.meters.end(),
                                 [&](const auto& m) { return m.first == e.key; });
    if (it != p.meters.end()) {
      it->second = std::move(price);
    } else {
      p.meters.emplace_back(e.key, std::move(price));
    }
  }
}

ServicePrices& service_slot(std::vector<ServicePrices>& services, const std::string& type) {
  for (ServicePrices& s : services) {
    if (s.type == type) return s;
  }
  ServicePrices fresh;
  fresh.type = type;
  services.push_back(std::move(fresh));
  return services.back();
}

// Keeps services in the order of service_meter_names().
void sort_services(std::vector<ServicePrices>& services) {
  const auto& order = service_meter_names();
  auto rank = [&](const ServicePrices& s) {
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (order[i].first == s.type) return i;
    }
    return order.size();
  };
  std::stable_sort(
      services.begin(), services.end(),
      [&](const ServicePrices& a, const ServicePrices& b) { return rank(a) < rank(b); });
}

// always_on: {fargate: {vcpu_hour, gb_hour, minimum}, ec2: {instance, vcpus, memory, hour}};
// replaced whole (facts 9).
AlwaysOnPrices read_always_on(const YamlField& f) {
  f.expect_map({"fargate", "ec2"});
  AlwaysOnPrices a;
  const YamlField fargate = f.required("fargate");
  fargate.expect_map({"vcpu_hour", "gb_hour", "minimum"});
  a.fargate_vcpu_hour = read_price(fargate.required("vcpu_hour"));
  a.fargate_gb_hour = read_price(fargate.required("gb_hour"));
  if (fargate.has("minimum")) a.fargate_minimum = fargate["minimum"].as_duration();
  const YamlField ec2 = f.required("ec2");
  ec2.expect_map({"instance", "vcpus", "memory", "hour"});
  a.ec2_instance = ec2.required("instance").as_string();
  a.ec2_vcpus = read_positive(ec2.required("vcpus"));
  a.ec2_memory_gb = static_cast<double>(read_positive_memory(ec2.required("memory"))) / 1024.0;
  a.ec2_hour = read_price(ec2.required("hour"));
  return a;
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
  std::vector<std::string> keys = {"schema",      "name",   "description", "inherits",
                                   "month_hours", "lambda", "api_gateway", "always_on"};
  for (const auto& [type, meters] : service_meter_names())
    keys.push_back(type);
  root.expect_map(keys);
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
  for (const auto& [type, meters] : service_meter_names()) {
    if (root.has(type)) read_service(root[type], meters, service_slot(book.services, type));
  }
  sort_services(book.services);
  if (root.has("always_on")) book.always_on = read_always_on(root["always_on"]);
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

std::int64_t MemoryBilling::billed_mb(std::int64_t memory_mb) const {
  std::int64_t mb = std::max(memory_mb, minimum_mb);
  if (rounding_mb > 1) mb = (mb + rounding_mb - 1) / rounding_mb * rounding_mb;
  for (std::int64_t size : sizes) {
    if (size >= mb) return size;
  }
  // Above the largest size: the function would not fit; billed at its own (rounded) memory,
  // and compare states the difference.
  return mb;
}

double CpuByMemory::units_for(std::int64_t memory_mb) const {
  for (const Row& r : rows) {
    if (memory_mb <= r.up_to_mb) return r.units;
  }
  return rows.empty() ? 0.0 : rows.back().units;
}

const TieredPrice* ServicePrices::price_of(const std::string& meter) const {
  for (const auto& [name, price] : meters) {
    if (name == meter) return &price;
  }
  return nullptr;
}

const ServicePrices* PriceBook::service(const std::string& type) const {
  for (const ServicePrices& s : services) {
    if (s.type == type) return &s;
  }
  return nullptr;
}

namespace {

// The table's meters, then one node-hour meter per DAX node type (services/dax.hpp).
std::vector<std::string> dynamodb_meter_names() {
  std::vector<std::string> names = {"write_request_units", "read_request_units", "wcu_hours",
                                    "rcu_hours", "stream_read_requests"};
  names.insert(names.end(), kDaxNodeMeters.begin(), kDaxNodeMeters.end());
  return names;
}

}  // namespace

// Meter names from usage.hpp, by service type, in report order.
const std::vector<std::pair<std::string, std::vector<std::string>>>& service_meter_names() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kMeters = {
      {"s3", {"put_requests", "get_requests"}},
      {"sqs", {"requests_64kb", "fifo_requests_64kb"}},
      {"sns", {"publishes_64kb", "http_deliveries"}},
      {"kinesis",
       {"shard_hours", "put_payload_units", "on_demand_stream_hours", "on_demand_gb_written",
        "on_demand_gb_read"}},
      {"firehose", {"ingested_gb"}},
      {"dynamodb", dynamodb_meter_names()},
      {"eventbridge", {"custom_events_64kb", "scheduler_invocations"}},
      {"step_functions", {"state_transitions", "express_requests", "express_gb_s"}},
  };
  return kMeters;
}

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
