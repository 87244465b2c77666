// The shape of the command line: subcommands, shared options, --version and the dispatch.

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/error.hpp"

namespace slsim::cli {

namespace {

// The release, as project(VERSION) in CMakeLists.txt says when the build passes it on.
#ifdef SLSIM_VERSION
constexpr const char* kVersion = SLSIM_VERSION;
#else
constexpr const char* kVersion = "0.1.0";
#endif

}  // namespace

void add_scenario_options(CLI::App& command, ScenarioArgs& args) {
  command.add_option("FILE", args.file, "Scenario file (YAML)")->required()->type_name("");
  // One PATH=VALUE per --set, so that `--set a=1 FILE` does not read FILE as a second edit.
  command
      .add_option("--set", args.sets,
                  "Edit the scenario first, e.g. functions.f.memory=1024 (repeatable)")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
}

void add_commands(CLI::App& app, Arguments& args) {
  app.description("slsim: a discrete-event simulator of AWS serverless systems.");
  app.footer("Exit codes: 0 ok, 2 bad input or usage, 3 internal error.");
  app.set_version_flag("--version", fmt::format("slsim {}", kVersion));
  app.require_subcommand(0, 1);

  CLI::App* run = app.add_subcommand("run", "Simulate a scenario and report what it measured");
  run->description(
      "Simulate a scenario and report what it measured. Loads the YAML scenario (with any "
      "--set edits), replays its workload through the Lambda model, prices the run under its "
      "price books and prints a summary; --json, --csv and --html write the full results, "
      "time series and an offline HTML report with charts.");
  run->footer(
      "Examples:\n"
      "  slsim run scenarios/hello-api.yaml\n"
      "  slsim run scenarios/cold-start-storm.yaml --html storm.html --csv storm-csv "
      "--set functions.orders.memory=2048");
  add_scenario_options(*run, args.run.scenario);
  add_run_options(*run, args.run);

  CLI::App* validate = app.add_subcommand("validate", "Check a scenario without running it");
  validate->description(
      "Check a scenario without running it: the YAML, every field's type and range, the "
      "references between sources and functions and the price books. Errors name the file, "
      "line, column and field, and exit with code 2.");
  validate->footer(
      "Examples:\n"
      "  slsim validate scenarios/hello-api.yaml\n"
      "  slsim validate scenarios/reserved-throttling.yaml "
      "--set functions.report.reserved_concurrency=40");
  add_scenario_options(*validate, args.validate);

  CLI::App* graph = app.add_subcommand("graph", "Print a scenario's topology as Graphviz DOT");
  graph->description(
      "Print a scenario's topology as Graphviz DOT: sources as boxes, functions as ellipses, "
      "an edge for each trigger labelled with how it calls. Pipe it into Graphviz's dot to "
      "draw it.");
  graph->footer(
      "Examples:\n"
      "  slsim graph scenarios/hello-api.yaml\n"
      "  slsim graph scenarios/cold-start-storm.yaml | dot -Tsvg > storm.svg");
  add_scenario_options(*graph, args.graph);

  CLI::App* trace = app.add_subcommand("trace", "Tell the first seconds of a run as a story");
  trace->description(
      "Tell the first seconds of a run as a narrated, timestamped event log (teaching mode): "
      "each cold, warm or provisioned start with the environments busy and idle, each end, "
      "each throttle with the limit that caused it, each reclaimed environment and what "
      "callers see. The run is the one `slsim run` simulates, cut at --until; --limit bounds "
      "the length.");
  trace->footer(
      "Examples:\n"
      "  slsim trace scenarios/cold-start-storm.yaml --until 2s --limit 40\n"
      "  slsim trace scenarios/reserved-throttling.yaml --until 5s --only report");
  add_scenario_options(*trace, args.trace.scenario);
  add_trace_options(*trace, args.trace);

  CLI::App* explain = app.add_subcommand("explain", "Describe a scenario's architecture in words");
  explain->description(
      "Describe a scenario's architecture in words, from its topology: each source and what it "
      "calls, synchronously or asynchronously, each function and what triggers it, and the "
      "limits that apply (API Gateway throttles and timeouts, reserved or unreserved "
      "concurrency, provisioned environments, the scaling rate).");
  explain->footer(
      "Examples:\n"
      "  slsim explain scenarios/hello-api.yaml\n"
      "  slsim explain scenarios/provisioned-concurrency.yaml "
      "--set functions.checkout.provisioned_concurrency=0");
  add_scenario_options(*explain, args.explain);

  add_import_template_command(app, args.import_template);
}

int dispatch(const CLI::App& app, const Arguments& args) {
  if (app.got_subcommand("run")) return run_command(args.run);
  if (app.got_subcommand("validate")) return validate_command(args.validate);
  if (app.got_subcommand("graph")) return graph_command(args.graph);
  if (app.got_subcommand("trace")) return trace_command(args.trace);
  if (app.got_subcommand("explain")) return explain_command(args.explain);
  if (app.got_subcommand("import")) return import_template_command(args.import_template);
  // No subcommand is bad usage: say what there is to do, on stderr.
  fmt::print(stderr, "{}", app.help());
  return kExitBadInput;
}

}  // namespace slsim::cli
