#pragma once
// The `slsim` command line (internal to the executable): one subcommand per file in sim/cli/,
// registered on a CLI11 app by add_commands and run by dispatch once parsing succeeded.
// Commands report bad input by throwing slsim::Error (main turns it into "error: ..." and the
// exit code) and return the process exit code otherwise.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "slsim/time.hpp"

namespace slsim::cli {

// What every command that reads a scenario takes: the file and its `--set path=value` edits.
struct ScenarioArgs {
  std::string file;
  std::vector<std::string> sets;
};

// `slsim run`.
struct RunArgs {
  ScenarioArgs scenario;
  std::optional<std::string> json;    // "-" = stdout (the summary then goes to stderr)
  std::optional<std::uint64_t> seed;  // wins over the scenario and --set
  std::optional<Duration> run_for;    // wins over the scenario and --set
  bool free_tier = false;
  bool drain = false;
  bool timing = false;
  bool quiet = false;
  std::optional<std::uint64_t> max_events;  // absent: the size guard applies; 0 = no limit
  bool check = false;                       // verify invariants after every event
  std::optional<double> scale;              // multiplies every arrival rate (--scale)
  std::optional<std::string> csv;           // directory for the CSV files
  std::optional<std::string> html;          // path of the HTML report
  std::optional<Duration> resolution;       // time-series interval (default: from run_for)
};

// `slsim trace`.
struct TraceArgs {
  ScenarioArgs scenario;
  Duration until = Duration::seconds(30);
  std::string only;  // a function or source name; "" = everything
  std::uint64_t limit = 200;
};

// `slsim import sam|serverless TEMPLATE [-o FILE]`.
struct ImportTemplateArgs {
  std::string format;  // sam | serverless
  std::string file;    // the template
  std::string output;  // "" or "-" = stdout (the summary then goes to stderr)
};

// Everything the command line can say; the options write into it while CLI11 parses.
struct Arguments {
  RunArgs run;
  ScenarioArgs validate;
  ScenarioArgs graph;
  TraceArgs trace;
  ScenarioArgs explain;
  ImportTemplateArgs import_template;
};

// Registers the subcommands (run, validate, graph) and --version on `app`; `args` must
// outlive the parse.
void add_commands(CLI::App& app, Arguments& args);
// Runs the subcommand that was parsed; with none, prints the help on stderr and returns 2.
int dispatch(const CLI::App& app, const Arguments& args);

// The FILE positional and --set, shared by every command that loads a scenario.
void add_scenario_options(CLI::App& command, ScenarioArgs& args);

void add_run_options(CLI::App& command, RunArgs& args);
int run_command(const RunArgs& args);
int validate_command(const ScenarioArgs& args);
int graph_command(const ScenarioArgs& args);
void add_trace_options(CLI::App& command, TraceArgs& args);
int trace_command(const TraceArgs& args);
int explain_command(const ScenarioArgs& args);

// `slsim import`: registered on `app`, returns the subcommand (import_template_command.cpp).
CLI::App* add_import_template_command(CLI::App& app, ImportTemplateArgs& args);
int import_template_command(const ImportTemplateArgs& args);

}  // namespace slsim::cli
