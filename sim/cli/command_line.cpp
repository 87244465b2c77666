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
  add_report_options(*run, args.run);

  CLI::App* compare = app.add_subcommand(
      "compare", "Simulate once and price the run with several price books, side by side");
  compare->description(
      "Simulate once and price that one run with several price books, side by side: a column "
      "per book, a row per service and a total, the behaviour each book's cloud would change "
      "stated, and the cost of always-on Fargate tasks and EC2 instances sized for the "
      "observed peak, with the break-even request rates.");
  compare->footer(
      "Examples:\n"
      "  slsim compare scenarios/hello-api.yaml --pricing aws,aws-arm64,aws-legacy\n"
      "  slsim compare scenarios/cold-start-storm.yaml --pricing aws,gcf-gen1,azure-consumption "
      "--per month");
  add_scenario_options(*compare, args.compare.run.scenario);
  add_run_options(*compare, args.compare.run);
  add_compare_options(*compare, args.compare);

  CLI::App* sweep = app.add_subcommand(
      "sweep", "Simulate a grid of --set edits (common random numbers), one row per point");
  sweep->description(
      "Simulate every point of a grid of --set edits (lists or FROM..TO:STEP ranges, one --vary "
      "per dimension) in parallel, with common random numbers so that points differ by their "
      "configuration only; one row per point with the key metrics and the cost, as a table, "
      "CSV or JSON, identical whatever -j.");
  sweep->footer(
      "Examples:\n"
      "  slsim sweep scenarios/hello-api.yaml --vary functions.hello.memory=128,256,512,1024\n"
      "  slsim sweep scenarios/reserved-throttling.yaml "
      "--vary functions.report.reserved_concurrency=10..50:10 --csv sweep.csv");
  add_scenario_options(*sweep, args.sweep.run.scenario);
  add_run_options(*sweep, args.sweep.run);
  add_sweep_options(*sweep, args.sweep);

  CLI::App* optimize = app.add_subcommand(
      "optimize", "Find the grid point minimizing a metric under constraints, and the frontier");
  optimize->description(
      "Simulate a grid like sweep and find the point that minimizes a JSON metric (such as "
      "cost.aws.total_usd) among those meeting every --subject-to constraint, with the frontier "
      "of cost against a second metric: power tuning for a whole architecture.");
  optimize->footer(
      "Examples:\n"
      "  slsim optimize scenarios/hello-api.yaml --vary functions.hello.memory=128,256,512,1024 "
      "--minimize cost.aws.total_usd --subject-to 'sources.api.latency_ms.p99 < 500'\n"
      "  slsim optimize scenarios/reserved-throttling.yaml "
      "--vary functions.report.reserved_concurrency=10..60:10 --minimize cost.aws.total_usd "
      "--subject-to 'functions.report.throttles < 1'");
  add_scenario_options(*optimize, args.optimize.run.scenario);
  add_run_options(*optimize, args.optimize.run);
  add_sweep_options(*optimize, args.optimize);
  add_optimize_options(*optimize, args.optimize);

  CLI::App* merge =
      app.add_subcommand("merge", "Join the partial results of sweep --shard K/N into one");
  merge->description(
      "Join the partial results that sweep --shard K/N wrote (one per machine, job or array "
      "task) into exactly the document one unsharded sweep would have written, as JSON or CSV; "
      "the parts must come from the same scenario, grid and options.");
  merge->footer(
      "Examples:\n"
      "  slsim merge part-1.json part-2.json\n"
      "  slsim merge part-1.json part-2.json --csv sweep.csv");
  add_merge_options(*merge, args.merge);

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

  CLI::App* import =
      app.add_subcommand("import",
                         "Write a scenario from a trace or a template (README \"Trace replay\", "
                         "\"Simulate your own template\")");
  add_import_options(*import, args.import);
  import->description(
      "Write a slsim scenario from a production trace (Azure Functions 2019: one function per "
      "trace function, with its per-minute arrivals, durations and memory; Azure Functions 2021 "
      "or a generic CSV: per-invocation replay of the file) or from an "
      "infrastructure template (AWS SAM / CloudFormation, serverless.yml), with placeholders "
      "for what the input cannot say, and a summary of what was mapped, guessed and skipped.");
  import->footer(
      "Examples:\n"
      "  slsim import azure2019 scenarios/traces/azure2019-100 --top 20 -o trace.yaml\n"
      "  slsim import sam template.yaml -o scenario.yaml");
}

int dispatch(const CLI::App& app, const Arguments& args) {
  if (app.got_subcommand("run")) return run_command(args.run);
  if (app.got_subcommand("compare")) return compare_command(args.compare);
  if (app.got_subcommand("sweep")) return sweep_command(args.sweep);
  if (app.got_subcommand("optimize")) return optimize_command(args.optimize);
  if (app.got_subcommand("merge")) return merge_command(args.merge);
  if (app.got_subcommand("validate")) return validate_command(args.validate);
  if (app.got_subcommand("graph")) return graph_command(args.graph);
  if (app.got_subcommand("trace")) return trace_command(args.trace);
  if (app.got_subcommand("explain")) return explain_command(args.explain);
  if (app.got_subcommand("import")) return import_command(args.import);
  // No subcommand is bad usage: say what there is to do, on stderr.
  fmt::print(stderr, "{}", app.help());
  return kExitBadInput;
}

}  // namespace slsim::cli
