// `slsim import sam|serverless TEMPLATE [-o FILE]` (registered with the trace formats in
// import_command.cpp): a slsim scenario written from an AWS SAM /
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

int import_template_command(const std::string& format, const std::string& file,
                            const std::string& output) {
  // The services schema (SQS queues and SNS topics as resources) is part of this build.
  import::ImportOptions options;
  options.services_schema = true;
  const import::ImportResult result = import::import_template(format, file, options);
  const std::string summary = import::format_import_summary(result);
  const bool to_stdout = output.empty() || output == "-";
  if (to_stdout) {
    fmt::print("{}", result.scenario_yaml);
    fmt::print(stderr, "{}", summary);
  } else {
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    if (out) out << result.scenario_yaml;
    if (out) out.close();
    if (!out) {
      throw ScenarioError(
          fmt::format("{}: cannot write the scenario: {}", output, std::strerror(errno)));
    }
    fmt::print("{}wrote {}\n", summary, output);
  }
  // The imported scenario must load as it is; when it does not, it is written all the same, so
  // that the error's line can be looked at.
  import::check_imported(result, file, to_stdout ? "<stdout>" : output);
  return 0;
}

}  // namespace slsim::cli
