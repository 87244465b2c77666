// `slsim compare FILE --pricing aws,aws-legacy,gcf-gen1 [run options] [--json PATH|-]
// [--csv PATH|-]`: ONE simulation, priced by every listed book (README "Comparing pricing
// models"). The table goes to stdout, or to stderr when --json - or --csv - takes stdout.

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/comparison.hpp"
#include "slsim/error.hpp"

namespace slsim::cli {

namespace {

bool is_path(const std::string& entry) {
  return entry.find('/') != std::string::npos || entry.ends_with(".yaml") ||
         entry.ends_with(".yml");
}

// "aws,aws-legacy,./mine.yaml": built-in names or paths (relative to the working directory).
std::vector<PricingRef> pricing_refs(const std::string& list) {
  SourceLocation where;
  where.option = "--pricing " + list;
  std::vector<PricingRef> refs;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string entry = list.substr(start, comma - start);
    if (entry.empty()) {
      throw ScenarioError(fmt::format(
          "--pricing: expected book names or paths separated by commas, got '{}'", list));
    }
    PricingRef ref;
    ref.where = where;
    (is_path(entry) ? ref.path : ref.name) = entry;
    if (!ref.path.empty()) ref.name = entry;
    refs.push_back(ref);
    start = comma + 1;
  }
  return refs;
}

}  // namespace

void add_compare_options(CLI::App& command, CompareArgs& args) {
  command
      .add_option("--pricing", args.pricing,
                  "Books to compare: built-in names or paths, comma-separated "
                  "(default: the scenario's pricing)")
      ->type_name("BOOK,BOOK,...");
  command
      .add_option_function<std::string>(
          "--csv", [&args](const std::string& path) { args.csv = path; },
          "Write the table as CSV to PATH, or to stdout with '-'")
      ->type_name("PATH|-");
}

int compare_command(const CompareArgs& args) {
  if (args.run.replications > 1) {
    throw ScenarioError("--replications applies to run, sweep and optimize, not to compare");
  }
  ScenarioSpec spec = load_run_scenario(args.run);
  if (!args.pricing.empty()) spec.pricing = pricing_refs(args.pricing);
  const std::vector<PriceBook> books = load_price_books(spec);
  const RunResult result = simulate(spec, args.run, books);
  const Comparison comparison = build_comparison(spec, result, books, cost_options_of(args.run));

  if (args.run.json && args.csv && *args.run.json == "-" && *args.csv == "-") {
    throw ScenarioError("--json - and --csv - both ask for stdout: give one of them a file");
  }
  if (args.run.json) {
    write_output_file(
        "--json", *args.run.json,
        comparison_json(comparison)
                .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
            "\n");
  }
  if (args.csv) write_output_file("--csv", *args.csv, comparison_csv(comparison));
  const bool stdout_taken =
      (args.run.json && *args.run.json == "-") || (args.csv && *args.csv == "-");
  if (!args.run.quiet)
    fmt::print(stdout_taken ? stderr : stdout, "{}", comparison_text(comparison));
  return 0;
}

}  // namespace slsim::cli
