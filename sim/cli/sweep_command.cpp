// `slsim sweep FILE --vary PATH=V1,V2 --vary PATH=FROM..TO:STEP [-j N] [--metric PATH]
// [--shard K/N] [--json PATH|-] [--csv PATH|-] [run options]`: one simulation per grid point,
// on all cores, the same seed at every point (README "What-if sweeps"). Also
// `run --replications N`, which shares the parallel machinery.

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "distribute.hpp"
#include "slsim/error.hpp"
#include "slsim/sweep.hpp"

namespace slsim::cli {

namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

bool takes_stdout(const std::optional<std::string>& path) {
  return path && *path == "-";
}

}  // namespace

PointOptions point_options(const RunArgs& args) {
  if (args.timing) throw ScenarioError("--timing applies to a single run only");
  PointOptions o;
  o.sets = args.scenario.sets;
  o.seed = args.seed;
  o.run_for = args.run_for;
  o.drain = args.drain;
  o.check = args.check;
  o.max_events = args.max_events.value_or(0);
  o.replications = args.replications;
  o.cost = cost_options_of(args);
  return o;
}

// The grid of --vary, checked, and the points this process runs (all, or its shard's).
SweepPlan plan_sweep(const SweepArgs& args) {
  SweepPlan plan;
  if (args.vary.empty()) throw ScenarioError("sweep: give at least one --vary PATH=VALUES");
  for (const std::string& v : args.vary)
    plan.vary.push_back(parse_vary(v));
  plan.points = grid_points(plan.vary);
  plan.options = point_options(args.run);
  if (args.shard) plan.shard = parse_shard(*args.shard);
  for (std::size_t i = 0; i < plan.points.size(); ++i) {
    if (!plan.shard || plan.shard->owns(i)) plan.selected.push_back(i);
  }
  validate_points(args.run.scenario.file, plan.points, plan.options);
  return plan;
}

Json run_sweep(const SweepArgs& args, const SweepPlan& plan,
               const std::vector<std::string>& required_metrics) {
  const std::string& file = args.run.scenario.file;
  const std::vector<Json> reports =
      distributed_map(plan.selected.size(), args.run.jobs, [&](std::size_t k) {
        const std::vector<std::string>& point = plan.points[plan.selected[k]];
        return plan.options.replications > 1
                   ? replicate(file, point, plan.options, plan.options.replications, 1)
                   : evaluate_point(file, point, plan.options, std::nullopt);
      });
  if (!is_output_process()) return nullptr;
  // The metric list depends only on the grid's structure, never on which shard ran.
  std::vector<std::string> metrics = args.metrics;
  if (metrics.empty()) {
    const Json first = evaluate_point(
        args.run.scenario.file, plan.points.front(),
        [&] {
          PointOptions quick = plan.options;
          quick.run_for = Duration::millis(1);
          quick.replications = 1;
          return quick;
        }(),
        std::nullopt);
    metrics = default_metrics(first);
  }
  for (const std::string& m : required_metrics) {
    if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
  }
  const ScenarioSpec spec = load_run_scenario(args.run);
  return sweep_json(spec.name, plan.vary, metrics, plan.points, plan.selected, reports, plan.shard);
}

void add_sweep_options(CLI::App& command, SweepArgs& args) {
  command.add_option("--vary", args.vary, "PATH=V1,V2,... or PATH=FROM..TO:STEP (repeatable)")
      ->type_name("PATH=VALUES")
      ->allow_extra_args(false);
  command.add_option("--metric", args.metrics, "A JSON path of the run report to tabulate")
      ->type_name("PATH")
      ->allow_extra_args(false);
  command
      .add_option_function<std::string>(
          "--csv", [&args](const std::string& path) { args.csv = path; },
          "Write the rows as CSV to PATH, or to stdout with '-'")
      ->type_name("PATH|-");
  command
      .add_option_function<std::string>(
          "--html", [&args](const std::string& path) { args.html = path; },
          "Write the sweep as an offline HTML page with a chart per metric to PATH")
      ->type_name("PATH");
  command
      .add_option_function<std::string>(
          "--shard", [&args](const std::string& text) { args.shard = text; },
          "Run the K-th of N parts of the grid and write a partial result (see merge)")
      ->type_name("K/N");
}

int sweep_command(const SweepArgs& args) {
  const SweepPlan plan = plan_sweep(args);
  const Json sweep = run_sweep(args, plan, {});
  if (!is_output_process()) return 0;
  if (takes_stdout(args.run.json) && takes_stdout(args.csv)) {
    throw ScenarioError("--json - and --csv - both ask for stdout: give one of them a file");
  }
  if (args.run.json) write_output_file("--json", *args.run.json, dump(sweep));
  if (args.csv) write_output_file("--csv", *args.csv, sweep_csv(sweep));
  if (args.html) write_output_file("--html", *args.html, sweep_html(sweep));
  const bool stdout_taken = takes_stdout(args.run.json) || takes_stdout(args.csv);
  if (!args.run.quiet) fmt::print(stdout_taken ? stderr : stdout, "{}", sweep_text(sweep));
  return 0;
}

int replications_command(const RunArgs& args) {
  const PointOptions options = point_options(args);
  const std::uint64_t seed = point_seed(args.scenario.file, {}, options);
  const std::vector<Json> reports = distributed_map(
      args.replications, args.jobs,
      [&](std::size_t i) { return evaluate_point(args.scenario.file, {}, options, seed + i); });
  if (!is_output_process()) return 0;
  const Json summary = summarise_replications(reports);
  if (args.json) write_output_file("--json", *args.json, dump(summary));
  if (args.quiet) return 0;
  std::FILE* out = takes_stdout(args.json) ? stderr : stdout;
  fmt::print(out,
             "{}: {} replications (seeds {}..{}), mean ± 95 % confidence half-width (Student t)\n",
             summary.value("scenario", ""), args.replications, summary["seeds"].front().dump(),
             summary["seeds"].back().dump());
  std::vector<std::string> metrics = default_metrics(summary);
  std::size_t width = 0;
  for (const std::string& m : metrics)
    width = std::max(width, m.size());
  for (const std::string& m : metrics) {
    const Json v = metric_at(summary, m);
    const std::string text =
        v.is_object() && v.contains("mean")
            ? fmt::format("{:.6g} ± {:.2g}", v["mean"].get<double>(), v["ci95"].get<double>())
            : std::string("-");
    fmt::print(out, "  {:<{}}  {}\n", m, width, text);
  }
  return 0;
}

}  // namespace slsim::cli
