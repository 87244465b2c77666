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

#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/sweep.hpp"
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
  bool per_month = false;  // --per month
  bool drain = false;
  bool timing = false;
  bool quiet = false;
  std::optional<std::uint64_t> max_events;  // absent: the size guard applies; 0 = no limit
  bool check = false;                       // verify invariants after every event
  std::optional<double> scale;              // multiplies every arrival rate (--scale)
  std::optional<std::string> csv;           // directory for the CSV files
  std::optional<std::string> html;          // path of the HTML report
  std::optional<Duration> resolution;       // time-series interval (default: from run_for)
  std::size_t replications = 1;             // --replications N: seeds seed .. seed+N-1
  unsigned jobs = 0;                        // -j: threads for replications (0 = all cores)
};

// `slsim trace`.
struct TraceArgs {
  ScenarioArgs scenario;
  Duration until = Duration::seconds(30);
  std::string only;  // a function or source name; "" = everything
  std::uint64_t limit = 200;
};

// `slsim compare`: the run options plus the books to compare and a CSV output.
struct CompareArgs {
  RunArgs run;
  std::string pricing;             // "aws,aws-legacy,my-book.yaml"
  std::optional<std::string> csv;  // "-" = stdout
};

// `slsim sweep` and `slsim optimize`: the run options, the grid and what to report.
struct SweepArgs {
  RunArgs run;
  std::vector<std::string> vary;         // PATH=V1,V2 or PATH=FROM..TO:STEP
  std::vector<std::string> metrics;      // --metric PATH (default: the key metrics)
  std::optional<std::string> csv;        // "-" = stdout
  std::optional<std::string> shard;      // K/N
  std::optional<std::string> html;       // sweep --html: the charts page
  std::string minimize;                  // optimize: the objective's JSON path
  std::vector<std::string> constraints;  // optimize: 'PATH < VALUE'
  std::string tradeoff;                  // optimize: the frontier's second axis
};

// A sweep's grid and the points this process runs (sweep_command.cpp).
struct SweepPlan {
  std::vector<Vary> vary;
  std::vector<std::vector<std::string>> points;
  std::vector<std::size_t> selected;
  std::optional<Shard> shard;
  PointOptions options;
};
PointOptions point_options(const RunArgs& args);
SweepPlan plan_sweep(const SweepArgs& args);
// Runs the plan's points and builds the sweep document; `required_metrics` are added to the
// tabulated ones (optimize's objective and constraints).
nlohmann::ordered_json run_sweep(const SweepArgs& args, const SweepPlan& plan,
                                 const std::vector<std::string>& required_metrics);

// `slsim merge PART.json ...`.
struct MergeArgs {
  std::vector<std::string> parts;
  std::optional<std::string> json;  // default stdout
  std::optional<std::string> csv;
};

// `slsim import FORMAT INPUT`: a trace (azure2019, ...) or a template (sam, serverless).
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
  CompareArgs compare;
  SweepArgs sweep;
  SweepArgs optimize;
  MergeArgs merge;
  ScenarioArgs validate;
  ScenarioArgs graph;
  TraceArgs trace;
  ScenarioArgs explain;
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
void add_report_options(CLI::App& command, RunArgs& args);  // --csv, --html, --resolution
int run_command(const RunArgs& args);
void add_compare_options(CLI::App& command, CompareArgs& args);
int compare_command(const CompareArgs& args);
void add_sweep_options(CLI::App& command, SweepArgs& args);
int sweep_command(const SweepArgs& args);
void add_optimize_options(CLI::App& command, SweepArgs& args);
int optimize_command(const SweepArgs& args);
void add_merge_options(CLI::App& command, MergeArgs& args);
int merge_command(const MergeArgs& args);
int replications_command(const RunArgs& args);  // run --replications N (N > 1)

// Shared by the commands that simulate (run_command.cpp): the scenario with --seed and
// --run-for applied and the size guard checked; one simulation with a progress line; the
// cost options; writing an output to PATH or stdout ("-"), errors naming `option`.
ScenarioSpec load_run_scenario(const RunArgs& args);
RunResult simulate(const ScenarioSpec& spec, const RunArgs& args,
                   const std::vector<PriceBook>& books);
CostOptions cost_options_of(const RunArgs& args);
void write_output_file(const std::string& option, const std::string& path, const std::string& text);
int validate_command(const ScenarioArgs& args);
int graph_command(const ScenarioArgs& args);
void add_trace_options(CLI::App& command, TraceArgs& args);
int trace_command(const TraceArgs& args);
int explain_command(const ScenarioArgs& args);

// `slsim import`: traces (import_command.cpp) and templates (import_template_command.cpp).
void add_import_options(CLI::App& command, ImportArgs& args);
int import_command(const ImportArgs& args);
int import_template_command(const std::string& format, const std::string& file,
                            const std::string& output);

}  // namespace slsim::cli
