// `slsim run FILE [--json PATH|-] [--seed N] [--run-for D] [--set path=value ...]
// [--free-tier] [--drain] [--timing] [--quiet] [--max-events N] [--scale X]`: load, simulate, price
// and report. The summary goes to stdout, or to stderr when `--json -` puts the JSON on stdout.

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "diagram.hpp"
#include "progress.hpp"
#include "slsim/cost.hpp"
#include "slsim/error.hpp"
#include "slsim/price_book.hpp"
#include "slsim/report.hpp"
#include "slsim/report_csv.hpp"
#include "slsim/report_html.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/topology.hpp"
#include "slsim/units.hpp"
#include "terminal.hpp"

namespace slsim::cli {

namespace {

// Option values follow the scenario grammar (README "Units"). A bad value is a CLI11
// ValidationError ("--run-for: expected ..., got '...'"), hence exit 2.
CLI::Validator duration_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        try {
          if (parse_duration(text) > Duration{0}) return {};
          return fmt::format("expected a positive duration, got '{}'", text);
        } catch (const UnitError& e) {
          return fmt::format("expected {}, got '{}'", e.what(), text);
        }
      },
      "");
}

// A scale factor is a plain non-negative decimal number ("0.5", "3").
CLI::Validator scale_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        try {
          parse_number(text);
          return {};
        } catch (const UnitError& e) {
          return fmt::format("expected {}, got '{}'", e.what(), text);
        }
      },
      "");
}

// A seed is a non-negative integer, as in the scenario (CLI11 alone would wrap "-3").
CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        try {
          parse_integer(text);
          return {};
        } catch (const UnitError& e) {
          return fmt::format("expected {}, got '{}'", e.what(), text);
        }
      },
      "");
}

// "--json --quiet" would otherwise write a file named "--quiet": a forgotten value.
CLI::Validator json_path_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text.empty() || text.rfind("--", 0) == 0) {
          return fmt::format("expected a file path or '-', got '{}'", text);
        }
        return {};
      },
      "");
}

void write_text_file(const char* option, const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (out) out.close();
  if (!out) {
    throw ScenarioError(fmt::format("{} {}: cannot write: {}", option, path, std::strerror(errno)));
  }
}

void write_html(const std::string& path, const ScenarioSpec& spec, const RunResult& result,
                const std::vector<BookCost>& costs) {
  HtmlOptions options;
  options.topology_dot = to_graphviz(build_topology(spec));
  Diagram diagram = render_dot(options.topology_dot);
  options.topology_svg = std::move(diagram.svg);
  options.diagram_note = diagram.problem;
  write_text_file("--html", path, report_html(spec, result, costs, options));
}

// A resource guard: a scenario whose arrivals alone would take hours to simulate (a typo
// such as 1000000/ms, or run_for: 365d at a high rate) is refused before it starts, unless
// --max-events says how far to go. The bound is ~30 minutes at the measured ~5 M
// invocations per second.
constexpr double kMaxUnaskedRequests = 1e10;

void check_workload_size(const ScenarioSpec& spec) {
  double total = 0;
  const SourceSpec* largest = nullptr;
  double largest_count = 0;
  for (const SourceSpec& s : spec.sources) {
    const double count = expected_arrivals(s.arrivals, Time{0}, Time{0} + spec.run_for);
    total += count;
    if (count > largest_count) {
      largest_count = count;
      largest = &s;
    }
  }
  if (total <= kMaxUnaskedRequests || largest == nullptr) return;
  throw ScenarioError::rule(
      largest->where, fmt::format("sources.{}.arrivals", largest->name),
      fmt::format("the scenario would simulate about {:.3g} requests ({:.3g} from this source in "
                  "{}), more than the {:.0e} slsim runs unasked; lower the rate or run_for, or "
                  "pass --max-events N (0 = no limit)",
                  total, largest_count, format_duration(spec.run_for), kMaxUnaskedRequests));
}

// Ctrl-C during a run: the handler may only touch a lock-free atomic, hence this one piece of
// process-wide state. The first SIGINT asks the run to stop (results are still written,
// marked partial); the handler then restores the default, so a second one kills at once.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_sigint(int /*signal*/) {
  g_interrupted.store(true, std::memory_order_relaxed);
  std::signal(SIGINT, SIG_DFL);
}

// Installs on_sigint for its lifetime.
class InterruptGuard {
 public:
  InterruptGuard() : previous_(std::signal(SIGINT, on_sigint)) {}
  ~InterruptGuard() { std::signal(SIGINT, previous_ == SIG_ERR ? SIG_DFL : previous_); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  void (*previous_)(int);
};

// Runs the simulation with a progress line on a terminal; wall time goes into the result.
RunResult simulate(const ScenarioSpec& spec, const RunArgs& args,
                   const std::vector<PriceBook>& books) {
  RunOptions options;
  options.drain = args.drain;
  options.billing_rules = distinct_billing_rules(books);
  options.max_events = args.max_events.value_or(0);
  options.check = args.check;
  options.timeline = args.csv.has_value() || args.html.has_value();
  options.timeline_resolution = args.resolution.value_or(Duration{0});
  Progress progress(!args.quiet && is_terminal(stderr));
  progress.attach(options);
  options.stop = &g_interrupted;
  const InterruptGuard guard;
  const auto start = std::chrono::steady_clock::now();
  RunResult result = run_simulation(spec, options);
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
  progress.finish();
  result.engine.wall_seconds = wall.count();
  return result;
}

}  // namespace

void add_run_options(CLI::App& command, RunArgs& args) {
  command
      .add_option_function<std::string>(
          "--json", [&args](const std::string& path) { args.json = path; },
          "Write the JSON to PATH, or to stdout with '-' (summary to stderr)")
      ->type_name("PATH|-")
      ->check(json_path_validator());
  command
      .add_option_function<std::string>(
          "--seed",
          [&args](const std::string& text) {
            args.seed = static_cast<std::uint64_t>(parse_integer(text));
          },
          "Random seed (wins over the scenario and --set)")
      ->type_name("N")
      ->check(seed_validator());
  command
      .add_option_function<std::string>(
          "--run-for", [&args](const std::string& text) { args.run_for = parse_duration(text); },
          "Arrivals for this long, e.g. 10m (wins over the scenario and --set)")
      ->type_name("DURATION")
      ->check(duration_validator());
  command.add_flag("--free-tier", args.free_tier,
                   "Apply the always-free tiers, pro-rated to the simulated time");
  command.add_flag("--drain", args.drain,
                   "After run_for, go on without arrivals until nothing is in flight");
  command.add_flag("--timing", args.timing,
                   "Add wall-clock figures (the JSON then differs from run to run)");
  command.add_flag("--quiet", args.quiet, "Print no summary");
  command
      .add_option_function<std::uint64_t>(
          "--max-events", [&args](std::uint64_t n) { args.max_events = n; },
          "Stop after N events (0 = no limit, also past the size guard)")
      ->type_name("N");
  command.add_flag("--check", args.check,
                   "Verify the simulator's invariants after every event (slower)");
  command
      .add_option_function<std::string>(
          "--scale", [&args](const std::string& text) { args.scale = parse_number(text); },
          "Multiply every arrival rate (and spike count) by X, e.g. 2 or 0.5")
      ->type_name("X")
      ->check(scale_validator());
  command
      .add_option_function<std::string>(
          "--csv", [&args](const std::string& dir) { args.csv = dir; },
          "Write the summary and the time series as CSV files into DIR")
      ->type_name("DIR")
      ->check(json_path_validator());
  command
      .add_option_function<std::string>(
          "--html", [&args](const std::string& path) { args.html = path; },
          "Write a self-contained HTML report with charts to PATH")
      ->type_name("PATH")
      ->check(json_path_validator());
  command
      .add_option_function<std::string>(
          "--resolution",
          [&args](const std::string& text) { args.resolution = parse_duration(text); },
          "Time-series interval, e.g. 1s or 1m (default: from the run length)")
      ->type_name("DURATION")
      ->check(duration_validator());
}

int run_command(const RunArgs& args) {
  ScenarioSpec spec = load_scenario(args.scenario.file, args.scenario.sets);
  if (args.seed) spec.seed = *args.seed;
  if (args.run_for) spec.run_for = *args.run_for;
  if (args.scale) {
    for (SourceSpec& source : spec.sources)
      source.arrivals.scale(*args.scale);
  }
  if (!args.max_events) check_workload_size(spec);
  const std::vector<PriceBook> books = load_price_books(spec);

  const RunResult result = simulate(spec, args, books);
  CostOptions cost_options;
  cost_options.free_tier = args.free_tier;
  const std::vector<BookCost> costs = compute_costs(spec, result, books, cost_options);

  const bool json_on_stdout = args.json && *args.json == "-";
  std::FILE* summary = json_on_stdout ? stderr : stdout;
  ReportOptions report;
  report.timing = args.timing;
  report.color = use_color(summary);
  if (args.json) {
    const std::string text =
        report_json(spec, result, costs, report)
            .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
        "\n";
    if (json_on_stdout) {
      fmt::print(stdout, "{}", text);
      std::fflush(stdout);
    } else {
      write_text_file("--json", *args.json, text);
    }
  }
  if (args.html) write_html(*args.html, spec, result, costs);
  if (args.csv) write_csv_files(*args.csv, report_csv(spec, result, costs));
  if (!args.quiet) fmt::print(summary, "{}", report_text(spec, result, costs, report));
  // 128 + SIGINT, as shells report a command stopped by Ctrl-C; the results are written.
  return result.engine.interrupted ? 130 : 0;
}

}  // namespace slsim::cli
