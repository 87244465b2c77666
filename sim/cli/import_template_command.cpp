// `slsim import sam|serverless TEMPLATE [-o FILE]` (the command is registered in
// import_command.cpp): a slsim scenario written from an AWS SAM /
// CloudFormation template or a serverless.yml (README "Simulate your own template"). The
// scenario goes to FILE (the summary of what was mapped, guessed and skipped to stdout), or
// with no -o (or -o -) to stdout (the summary to stderr). The scenario is loaded back before
// the command succeeds: an import that `slsim validate` would refuse is an error, exit 2.

#include <cstdio>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/error.hpp"
#include "slsim/import/template_import.hpp"
#include "slsim/scenario_loader.hpp"

namespace slsim::cli {

int import_template_command(const std::string& format, const std::string& file,
                            const std::string& output) {
  const import::ImportResult result = import::import_template(format, file);
  const bool to_stdout = output.empty() || output == "-";
  const std::string scenario_file = to_stdout ? std::string("<imported scenario>") : output;
  // The imported scenario must load as it is: check it before writing anything.
  try {
    load_scenario_text(result.scenario_yaml, scenario_file);
  } catch (const ScenarioError& e) {
    throw ScenarioError(fmt::format(
        "the scenario imported from {} does not validate ({}); the template asks for something "
        "slsim refuses",
        file, e.what()));
  }
  const std::string summary = import::format_import_summary(result);
  if (to_stdout) {
    fmt::print("{}", result.scenario_yaml);
    fmt::print(stderr, "{}", summary);
    return 0;
  }
  std::ofstream out(output, std::ios::binary);
  out << result.scenario_yaml;
  out.close();
  if (!out) throw ScenarioError::unreadable(output, "cannot write the scenario");
  fmt::print("{}wrote {}\n", summary, output);
  return 0;
}

}  // namespace slsim::cli
