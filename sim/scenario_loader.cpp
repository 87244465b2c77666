// The scenario file (README "Scenario format"): the document, `account:` and `pricing:`;
// functions and sources are read in function_loader.cpp and source_loader.cpp.

#include "slsim/scenario_loader.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "function_loader.hpp"
#include "loader_fields.hpp"
#include "resource_loader.hpp"
#include "slsim/topology.hpp"
#include "slsim/yaml_reader.hpp"
#include "source_loader.hpp"

namespace slsim {

namespace {

using loader::integer_in;

// AWS raises the default 1,000 to "tens of thousands" (facts 1.1); the cap keeps the derived
// request rate (10 x the limit, in 1e-9 units) far from overflow.
constexpr std::int64_t kMaxConcurrencyLimit = 1'000'000;
// facts 1.1: the invocation request rate is 10 x the concurrency quota per second.
constexpr std::int64_t kRequestsPerConcurrency = 10;

BucketSpec per_second_bucket(std::int64_t capacity) {
  return BucketSpec{capacity, Rate{capacity * kNano, Duration::seconds(1)}};
}

std::string read_region(const YamlField& field) {
  std::string region = field.as_string();
  const bool ok = !region.empty() && std::all_of(region.begin(), region.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
  if (!ok) throw field.invalid("an AWS region such as us-east-1");
  return region;
}

// `api_gateway: {rate, burst}`: the account-wide token bucket (facts 6: 10,000/s, burst 5,000).
BucketSpec read_api_gateway_limit(const YamlField& field, BucketSpec bucket) {
  field.expect_map({"rate", "burst"});
  if (field.has("rate")) bucket.refill = loader::positive_rate(field["rate"]);
  if (field.has("burst")) bucket.capacity = integer_in(field["burst"], 1, loader::kMaxBurst);
  return bucket;
}

AccountSpec read_account(const YamlField& field) {
  AccountSpec account;
  field.expect_map(
      {"region", "concurrency_limit", "request_rate", "scale_rate", "scaling", "api_gateway"});
  if (field.has("region")) account.region = read_region(field["region"]);
  if (field.has("concurrency_limit")) {
    account.concurrency_limit = integer_in(field["concurrency_limit"], 1, kMaxConcurrencyLimit);
  }
  account.request_rate =
      field.has("request_rate")
          ? field["request_rate"].as_bucket()
          : per_second_bucket(kRequestsPerConcurrency * account.concurrency_limit);
  if (field.has("scale_rate")) account.scale_rate = field["scale_rate"].as_bucket();
  if (field.has("scaling")) {
    account.scaling = field["scaling"].as_choice({"current", "legacy"}) == "current"
                          ? ScalingRule::current
                          : ScalingRule::legacy;
  }
  if (field.has("api_gateway")) {
    account.api_gateway = read_api_gateway_limit(field["api_gateway"], account.api_gateway);
  }
  return account;
}

bool is_path(const std::string& text) {
  return text.find('/') != std::string::npos ||
         (text.size() >= 5 && text.compare(text.size() - 5, 5, ".yaml") == 0);
}

// A book's name, or a path (containing '/' or ending in .yaml) resolved relative to the
// scenario's directory, so a scenario and its book travel together. Whether the book exists
// and parses is checked when books are loaded (price_book.hpp), with this location.
PricingRef read_pricing_ref(const YamlField& item, const std::string& file) {
  PricingRef ref;
  ref.name = item.as_string();
  ref.where = item.location();
  if (is_path(ref.name)) {
    std::filesystem::path path(ref.name);
    if (path.is_relative()) path = std::filesystem::path(file).parent_path() / path;
    ref.path = path.lexically_normal().string();
  } else if (ref.name.empty()) {
    throw item.invalid("a price book name such as aws, or a path to a .yaml book");
  }
  return ref;
}

std::vector<PricingRef> read_pricing(const YamlField& field, const std::string& file) {
  std::vector<PricingRef> books;
  for (const YamlField& item : field.items()) {
    PricingRef ref = read_pricing_ref(item, file);
    for (const PricingRef& earlier : books) {
      if (earlier.name == ref.name) {
        throw item.rule(fmt::format("price book '{}' is listed twice", ref.name));
      }
    }
    books.push_back(std::move(ref));
  }
  if (books.empty()) throw field.rule("needs at least one price book (default: [aws])");
  return books;
}

void check_name(const YamlField::Entry& entry, const YamlField& map) {
  const bool ok = !entry.key.empty() && std::all_of(entry.key.begin(), entry.key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  if (!ok) {
    throw ScenarioError::invalid(entry.key_location, map.path(),
                                 "a name of letters, digits, '_' and '-'",
                                 fmt::format("'{}'", entry.key));
  }
}

void read_functions(const YamlField& field, ScenarioSpec& spec) {
  field.expect_map_any_keys();
  std::vector<loader::LoadedFunction> loaded;
  for (const YamlField::Entry& entry : field.entries()) {
    check_name(entry, field);
    loaded.push_back(loader::read_function(entry, spec.account));
  }
  if (loaded.empty()) throw field.rule("needs at least one function");
  loader::check_concurrency_allocation(loaded, spec.account);
  for (loader::LoadedFunction& function : loaded)
    spec.functions.push_back(std::move(function.spec));
}

// (trace file, function) -> the source replaying it.
using TraceSelections = std::map<std::pair<std::string, std::string>, std::string>;

// One source per function of a trace file: each row is replayed once.
void check_trace_selection(const SourceSpec& source, const YamlField::Entry& entry,
                           TraceSelections& replayed) {
  if (source.arrivals.process != ArrivalProcess::trace) return;
  const TraceSpec& t = source.arrivals.trace;
  const auto [it, inserted] = replayed.emplace(std::pair{t.file, t.function}, source.name);
  if (inserted) return;
  throw ScenarioError::rule(
      t.where, entry.value.path() + ".arrivals.file",
      fmt::format("{} of trace '{}' is already replayed by source '{}'",
                  t.function.empty() ? std::string("every row") : "function '" + t.function + "'",
                  t.file, it->second));
}

void read_sources(const YamlField& field, ScenarioSpec& spec) {
  field.expect_map_any_keys();
  TraceSelections replayed;
  loader::FunctionIndex functions;
  for (std::uint32_t i = 0; i < spec.functions.size(); ++i)
    functions.emplace(spec.functions[i].name, i);
  for (const YamlField::Entry& entry : field.entries()) {
    check_name(entry, field);
    // Names are unique across all kinds (README "Units"), so reports and graphs are unambiguous.
    if (const auto index = functions.find(entry.key); index != functions.end()) {
      const SourceLocation& other = spec.functions[index->second].where;
      throw ScenarioError::rule(
          entry.key_location, entry.value.path(),
          fmt::format("name '{}' is already used by function '{}'{}; names are unique "
                      "across functions and sources",
                      entry.key, entry.key,
                      other.line > 0 ? fmt::format(" (line {})", other.line) : std::string()));
    }
    const auto queue = spec.queue_index(entry.key);
    const auto topic = spec.topic_index(entry.key);
    const auto bucket = spec.bucket_index(entry.key);
    const auto table = spec.table_index(entry.key);
    const auto schedule = spec.schedule_index(entry.key);
    const auto machine = spec.state_machine_index(entry.key);
    const auto stream = spec.stream_index(entry.key);
    const auto bus = spec.bus_index(entry.key);
    if (queue || topic || bucket || table || schedule || machine || stream || bus) {
      throw ScenarioError::rule(
          entry.key_location, entry.value.path(),
          fmt::format("name '{}' is already used by resource '{}' (line {}); names are unique "
                      "across functions, sources and resources",
                      entry.key, entry.key,
                      queue      ? spec.queues[*queue].where.line
                      : topic    ? spec.topics[*topic].where.line
                      : bucket   ? spec.buckets[*bucket].where.line
                      : table    ? spec.tables[*table].where.line
                      : schedule ? spec.schedules[*schedule].where.line
                      : stream   ? spec.streams[*stream].where.line
                      : machine  ? spec.state_machines[*machine].where.line
                                 : spec.buses[*bus].where.line));
    }
    spec.sources.push_back(loader::read_source(entry, spec, functions));
    check_trace_selection(spec.sources.back(), entry, replayed);
  }
}

ScenarioSpec read_scenario(const YamlField& root, const std::string& file) {
  if (root.is_null()) {
    throw ScenarioError::invalid(root.location(), "",
                                 "a scenario (a map with run_for, functions, ...)",
                                 "an empty document");
  }
  root.expect_map({"name", "description", "run_for", "warmup", "seed", "account", "pricing",
                   "functions", "resources", "sources"});
  ScenarioSpec spec;
  spec.file = file;
  spec.name =
      root.has("name") ? root["name"].as_string() : std::filesystem::path(file).stem().string();
  if (root.has("description")) spec.description = root["description"].as_string();
  spec.run_for = loader::positive_duration(root.required("run_for"));
  if (root.has("warmup")) {
    const YamlField warmup = root["warmup"];
    spec.warmup = warmup.as_duration();
    if (spec.warmup >= spec.run_for) {
      throw warmup.invalid(
          fmt::format("a duration shorter than run_for ({})", format_duration(spec.run_for)));
    }
  }
  if (root.has("seed")) spec.seed = static_cast<std::uint64_t>(root["seed"].as_integer());
  spec.account = read_account(root["account"]);
  if (root.has("pricing")) {
    spec.pricing = read_pricing(root["pricing"], file);
  } else {
    spec.pricing.push_back(PricingRef{"aws", "", root.location()});
  }
  read_functions(root.required("functions"), spec);
  loader::read_resources(root["resources"], spec);
  loader::resolve_function_destinations(spec);
  read_sources(root["sources"], spec);
  check_acyclic(build_topology(spec));
  return spec;
}

ScenarioSpec load(YAML::Node root, const std::string& file, const std::vector<std::string>& sets) {
  const std::vector<SetOverride> overrides = apply_set_options(root, sets);
  return read_scenario(yaml_root(root, file, overrides), file);
}

}  // namespace

ScenarioSpec load_scenario(const std::string& path, const std::vector<std::string>& sets) {
  return load(load_yaml_file(path), path, sets);
}

ScenarioSpec load_scenario_text(const std::string& text, const std::string& file,
                                const std::vector<std::string>& sets) {
  return load(parse_yaml(text, file), file, sets);
}

}  // namespace slsim
