// `slsim import FORMAT INPUT [-o FILE] [selection options] [--lenient]`: writes a scenario
// from a trace (README "Trace replay"). Formats come from traces::import_formats(), so a new
// one (infrastructure templates, other traces) needs no change here.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/error.hpp"
#include "slsim/traces/importer.hpp"
#include "slsim/units.hpp"

namespace slsim::cli {

namespace {

const traces::ImportFormat& find_format(const std::string& name) {
  std::string known;
  for (const traces::ImportFormat& f : traces::import_formats()) {
    if (f.name == name) return f;
    known += (known.empty() ? "" : ", ") + f.name;
  }
  known += ", sam, serverless";
  throw ScenarioError(fmt::format("import: unknown format '{}' (formats: {})", name, known));
}

// Infrastructure templates (README "Simulate your own template").
bool is_template_format(const std::string& name) {
  return name == "sam" || name == "serverless";
}

// The selection options describe traces; a template given one is a mistake worth saying.
void check_no_trace_options(const ImportArgs& args) {
  const char* option = args.top                 ? "--top"
                       : !args.triggers.empty() ? "--trigger"
                       : !args.hashes.empty()   ? "--hash"
                       : args.sample != 1       ? "--sample"
                       : args.keep_alive        ? "--keep-alive"
                       : args.lenient           ? "--lenient"
                                                : nullptr;
  if (option) {
    throw ScenarioError(
        fmt::format("import {}: {} applies to traces only, not to templates", args.format, option));
  }
}

void write_output(const std::string& path, const std::string& text) {
  if (path == "-") {
    fmt::print(stdout, "{}", text);
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (out) out.close();
  if (!out) throw ScenarioError(fmt::format("-o {}: cannot write: {}", path, std::strerror(errno)));
}

}  // namespace

void add_import_options(CLI::App& command, ImportArgs& args) {
  std::string formats;
  for (const traces::ImportFormat& f : traces::import_formats())
    formats += fmt::format("\n  {}: {}", f.name, f.help);
  formats += "\n  sam: an AWS SAM or CloudFormation template (template.yaml)";
  formats += "\n  serverless: a Serverless Framework serverless.yml";
  command.add_option("FORMAT", args.format, "Input format:" + formats)->required()->type_name("");
  command.add_option("INPUT", args.input, "Trace file or directory, or the template")
      ->required()
      ->type_name("");
  command.add_option("-o,--output", args.output, "Write the scenario to FILE ('-' = stdout)")
      ->type_name("FILE");
  command.add_option("--top", args.top, "Keep the N most invoked functions")->type_name("N");
  command.add_option("--trigger", args.triggers, "Keep only this trigger (repeatable)")
      ->type_name("NAME")
      ->allow_extra_args(false);
  command.add_option("--hash", args.hashes, "Keep functions whose hash starts so (repeatable)")
      ->type_name("PREFIX")
      ->allow_extra_args(false);
  command.add_option("--sample", args.sample, "Keep this fraction of functions, chosen by hash")
      ->type_name("F")
      ->check(CLI::Range(0.0, 1.0));
  command.add_option("--spread", args.spread, "Arrivals inside each minute")
      ->type_name("uniform|poisson|start")
      ->check(CLI::IsMember({"uniform", "poisson", "start"}));
  command
      .add_option_function<std::string>(
          "--keep-alive",
          [&args](const std::string& text) { args.keep_alive = parse_duration(text); },
          "A fixed keep-alive for every function, e.g. 10m")
      ->type_name("DURATION");
  command.add_flag("--lenient", args.lenient, "Skip bad rows (and count them) instead of failing");
}

int import_command(const ImportArgs& args) {
  if (is_template_format(args.format)) {
    check_no_trace_options(args);
    return import_template_command(args.format, args.input, args.output);
  }
  const traces::ImportFormat& format = find_format(args.format);
  traces::ImportOptions options;
  options.input = args.input;
  options.output = args.output;
  if (args.top) options.top = *args.top;
  options.triggers = args.triggers;
  options.hashes = args.hashes;
  options.sample = args.sample;
  options.spread = args.spread == "poisson" ? WindowSpread::poisson
                   : args.spread == "start" ? WindowSpread::start
                                            : WindowSpread::uniform;
  options.keep_alive = args.keep_alive;
  options.lenient = args.lenient;
  const traces::ImportResult result = format.run(options);
  write_output(args.output, result.yaml);
  // The summary goes where the scenario does not: stderr when the scenario is on stdout.
  std::FILE* summary = args.output == "-" ? stderr : stdout;
  fmt::print(summary, "imported {} functions, {} invocations", result.functions,
             result.invocations);
  if (result.without_durations > 0) {
    fmt::print(summary, "; left out {} without duration data", result.without_durations);
  }
  if (result.skipped_rows > 0) {
    fmt::print(summary, "; skipped {} bad rows (--lenient)", result.skipped_rows);
  }
  fmt::print(summary, "\n");
  return 0;
}

}  // namespace slsim::cli
