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
  add_scenario_options(*run, args.run.scenario);
  add_run_options(*run, args.run);

  CLI::App* validate = app.add_subcommand("validate", "Check a scenario without running it");
  add_scenario_options(*validate, args.validate);

  CLI::App* graph = app.add_subcommand("graph", "Print a scenario's topology as Graphviz DOT");
  add_scenario_options(*graph, args.graph);

  CLI::App* import =
      app.add_subcommand("import", "Write a scenario from a trace (see README \"Trace replay\")");
  add_import_options(*import, args.import);
}

int dispatch(const CLI::App& app, const Arguments& args) {
  if (app.got_subcommand("run")) return run_command(args.run);
  if (app.got_subcommand("validate")) return validate_command(args.validate);
  if (app.got_subcommand("graph")) return graph_command(args.graph);
  if (app.got_subcommand("import")) return import_command(args.import);
  // No subcommand is bad usage: say what there is to do, on stderr.
  fmt::print(stderr, "{}", app.help());
  return kExitBadInput;
}

}  // namespace slsim::cli
