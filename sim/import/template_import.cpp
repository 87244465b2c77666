// `slsim import sam|serverless` as a library call (template_import.hpp).

#include "slsim/import/template_import.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "slsim/error.hpp"
#include "slsim/import/sam_reader.hpp"
#include "slsim/import/serverless_reader.hpp"
#include "slsim/scenario_loader.hpp"

namespace slsim::import {

namespace {

ImportOptions with_command(ImportOptions options, std::string_view format,
                           const std::string& path) {
  if (options.command.empty()) options.command = fmt::format("slsim import {} {}", format, path);
  return options;
}

}  // namespace

bool is_template_format(std::string_view format) {
  return std::find(std::begin(kTemplateFormats), std::end(kTemplateFormats), format) !=
         std::end(kTemplateFormats);
}

ImportResult import_sam(const std::string& path, const ImportOptions& options) {
  return write_scenario(read_sam_template(path), with_command(options, "sam", path));
}

ImportResult import_serverless(const std::string& path, const ImportOptions& options) {
  return write_scenario(read_serverless_template(path), with_command(options, "serverless", path));
}

void check_imported(const ImportResult& result, const std::string& path,
                    const std::string& scenario_file) {
  try {
    load_scenario_text(result.scenario_yaml, scenario_file);
  } catch (const ScenarioError& e) {
    throw ScenarioError(fmt::format(
        "{}; the scenario imported from {} does not validate: the template asks for something "
        "slsim refuses",
        e.what(), path));
  }
}

ImportResult import_template_checked(std::string_view format, const std::string& path,
                                     const std::string& scenario_file,
                                     const ImportOptions& options) {
  ImportResult result = import_template(format, path, options);
  check_imported(result, path, scenario_file);
  return result;
}

ImportResult import_template(std::string_view format, const std::string& path,
                             const ImportOptions& options) {
  if (format == "sam") return import_sam(path, options);
  if (format == "serverless") return import_serverless(path, options);
  throw InternalError(fmt::format("import_template: unknown format '{}'", format));
}

}  // namespace slsim::import
