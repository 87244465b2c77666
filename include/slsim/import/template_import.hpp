#pragma once
// `slsim import sam|serverless`: an infrastructure template turned into a slsim scenario.
// The library part of the command: reading (sam_reader.hpp, serverless_reader.hpp) then
// writing (scenario_writer.hpp). Bad templates throw ScenarioError (exit code 2) naming
// file:line:col, the field and what was expected.

#include <string>
#include <string_view>

#include "slsim/import/scenario_writer.hpp"

namespace slsim::import {

// The template formats, as named on the command line.
inline constexpr std::string_view kTemplateFormats[] = {"sam", "serverless"};
bool is_template_format(std::string_view format);

// Imports `path` read as `format` ("sam" or "serverless").
ImportResult import_template(std::string_view format, const std::string& path,
                             const ImportOptions& options = {});
ImportResult import_sam(const std::string& path, const ImportOptions& options = {});
// Loads `result`'s scenario with the project's loader: an import that `slsim validate` would
// refuse is a ScenarioError naming `scenario_file` (where the scenario was written) and the
// template `path` (exit code 2).
void check_imported(const ImportResult& result, const std::string& path,
                    const std::string& scenario_file);
// import_template, then the scenario loaded back with the project's loader: an import that
// `slsim validate` would refuse is a ScenarioError naming the template (exit code 2). What
// `slsim import sam|serverless` runs; `scenario_file` names the scenario in messages.
ImportResult import_template_checked(std::string_view format, const std::string& path,
                                     const std::string& scenario_file,
                                     const ImportOptions& options = {});
ImportResult import_serverless(const std::string& path, const ImportOptions& options = {});

}  // namespace slsim::import
