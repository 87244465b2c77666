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
};

// `slsim import`.
struct ImportArgs {
  std::string format;
  std::string input;
  std::string output = "-";
  std::optional<std::size_t> top;
  std::vector<std::string> triggers;
  std::vector<std::string> hashes;
  double sample = 1;
  std::string spread = "uniform";
  std::optional<Duration> keep_alive;
  bool lenient = false;
};

// Everything the command line can say; the options write into it while CLI11 parses.
struct Arguments {
  RunArgs run;
  ScenarioArgs validate;
  ScenarioArgs graph;
  ImportArgs import;
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
void add_import_options(CLI::App& command, ImportArgs& args);
int import_command(const ImportArgs& args);

}  // namespace slsim::cli
