// `slsim import sam|serverless TEMPLATE [-o FILE]`: a slsim scenario written from an AWS SAM /
// CloudFormation template or a serverless.yml (README "Simulate your own template"). The
// scenario goes to FILE (the summary of what was mapped, guessed and skipped to stdout), or
// with no -o (or -o -) to stdout (the summary to stderr). The scenario is loaded back before
// the command succeeds: an import that `slsim validate` would refuse is an error (exit 2)
// naming the line of the written scenario.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/error.hpp"
#include "slsim/import/template_import.hpp"

namespace slsim::cli {

CLI::App* add_import_template_command(CLI::App& app, ImportTemplateArgs& args) {
  CLI::App* command =
      app.add_subcommand("import", "Write a scenario from an AWS SAM template or a serverless.yml");
  command->add_option("FORMAT", args.format, "Template format: sam | serverless")
      ->required()
      ->check(CLI::IsMember({"sam", "serverless"}));
  command->add_option("TEMPLATE", args.file, "The template (template.yaml, serverless.yml)")
      ->required()
      ->type_name("");
  command->add_option("-o,--output", args.output, "Scenario file to write (default: stdout)")
      ->type_name("FILE");
  return command;
}

int import_template_command(const ImportTemplateArgs& args) {
  // The services schema (SQS queues and SNS topics as resources) is part of this build.
  import::ImportOptions options;
  options.services_schema = true;
  const import::ImportResult result = import::import_template(args.format, args.file, options);
  const std::string summary = import::format_import_summary(result);
  const bool to_stdout = args.output.empty() || args.output == "-";
  if (to_stdout) {
    fmt::print("{}", result.scenario_yaml);
    fmt::print(stderr, "{}", summary);
  } else {
    std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
    if (out) out << result.scenario_yaml;
    if (out) out.close();
    if (!out) {
      throw ScenarioError(
          fmt::format("{}: cannot write the scenario: {}", args.output, std::strerror(errno)));
    }
    fmt::print("{}wrote {}\n", summary, args.output);
  }
  // The imported scenario must load as it is; when it does not, it is written all the same, so
  // that the error's line can be looked at.
  import::check_imported(result, args.file, to_stdout ? "<stdout>" : args.output);
  return 0;
}

}  // namespace slsim::cli
