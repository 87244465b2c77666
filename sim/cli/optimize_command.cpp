// `slsim optimize FILE --vary ... --minimize PATH --subject-to 'PATH < VALUE' ...
// [--tradeoff PATH] [--json PATH|-] [sweep options]`: the cheapest point meeting every
// constraint and the frontier of the objective against the trade-off metric (README "What-if
// sweeps"). Constraints and the objective are JSON paths of the run report.

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "distribute.hpp"
#include "slsim/error.hpp"
#include "slsim/optimize.hpp"
#include "slsim/sweep.hpp"

namespace slsim::cli {

namespace {

using Json = nlohmann::ordered_json;

std::string point_text(const Json& point) {
  std::vector<std::string> edits;
  for (const auto& [path, value] : point["set"].items())
    edits.push_back(fmt::format("{}={}", path, value.get<std::string>()));
  return fmt::format("{}", fmt::join(edits, " "));
}

std::string value_text(const Json& v) {
  const std::optional<double> x = metric_value(v);
  return x ? fmt::format("{:.6g}", *x) : std::string("-");
}

}  // namespace

void add_optimize_options(CLI::App& command, SweepArgs& args) {
  command
      .add_option("--minimize", args.minimize, "The JSON path to minimize, e.g. cost.aws.total_usd")
      ->required()
      ->type_name("PATH");
  command
      .add_option("--subject-to", args.constraints,
                  "A constraint 'PATH OP NUMBER', e.g. 'sources.api.latency_ms.p99 < 500'")
      ->type_name("CONSTRAINT")
      ->allow_extra_args(false);
  command
      .add_option("--tradeoff", args.tradeoff,
                  "The frontier's second axis (default: the first constraint's path)")
      ->type_name("PATH");
}

int optimize_command(const SweepArgs& args) {
  std::vector<Constraint> constraints;
  for (const std::string& c : args.constraints)
    constraints.push_back(parse_constraint(c));
  const std::string tradeoff =
      !args.tradeoff.empty() ? args.tradeoff
                             : (constraints.empty() ? args.minimize : constraints.front().path);
  if (args.shard) throw ScenarioError("optimize: --shard applies to sweep (then merge)");
  std::vector<std::string> required{args.minimize, tradeoff};
  for (const Constraint& c : constraints)
    required.push_back(c.path);
  const SweepPlan plan = plan_sweep(args);
  const Json sweep = run_sweep(args, plan, required);
  if (!is_output_process()) return 0;
  // A misspelt path would make every point infeasible: say so instead.
  for (const std::string& path : required) {
    bool any = false;
    for (const Json& p : sweep["points"])
      any = any || metric_value(p["metrics"][path]).has_value();
    if (!any) {
      throw ScenarioError(fmt::format("optimize: '{}' is not a number in the run report", path));
    }
  }
  const Optimum o = optimize(sweep, args.minimize, constraints, tradeoff);

  Json j;
  j["objective"] = args.minimize;
  j["constraints"] = Json::array();
  for (const Constraint& c : constraints)
    j["constraints"].push_back(c.text);
  j["tradeoff"] = tradeoff;
  j["best"] = o.best ? sweep["points"][*o.best] : Json(nullptr);
  j["frontier"] = Json::array();
  for (std::size_t i : o.frontier)
    j["frontier"].push_back(sweep["points"][i]);
  j["feasible_points"] = std::count(o.feasible.begin(), o.feasible.end(), true);
  j["sweep"] = sweep;
  if (args.run.json) {
    write_output_file("--json", *args.run.json,
                      j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  }
  if (args.csv) write_output_file("--csv", *args.csv, sweep_csv(sweep));
  if (args.run.quiet) return 0;
  std::FILE* out = (args.run.json && *args.run.json == "-") ? stderr : stdout;
  fmt::print(out, "{} points, {} meet {}\n", sweep["points"].size(),
             j["feasible_points"].get<long>(),
             constraints.empty() ? std::string("no constraint")
                                 : fmt::format("{}", fmt::join(args.constraints, " and ")));
  if (o.best) {
    const Json& best = sweep["points"][*o.best];
    fmt::print(out, "best: {}  {} = {}\n", point_text(best), args.minimize,
               value_text(best["metrics"][args.minimize]));
  } else {
    fmt::print(out, "best: none (no point meets every constraint)\n");
  }
  fmt::print(out, "frontier ({} vs {}):\n", args.minimize, tradeoff);
  for (std::size_t i : o.frontier) {
    const Json& p = sweep["points"][i];
    fmt::print(out, "  {}  {} = {}  {} = {}\n", point_text(p), args.minimize,
               value_text(p["metrics"][args.minimize]), tradeoff,
               value_text(p["metrics"][tradeoff]));
  }
  return 0;
}

}  // namespace slsim::cli
