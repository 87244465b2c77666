// `slsim import sam|serverless` as a library call (template_import.hpp).

#include "slsim/import/template_import.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "slsim/error.hpp"
#include "slsim/import/sam_reader.hpp"
#include "slsim/import/serverless_reader.hpp"

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

ImportResult import_template(std::string_view format, const std::string& path,
                             const ImportOptions& options) {
  if (format == "sam") return import_sam(path, options);
  if (format == "serverless") return import_serverless(path, options);
  throw InternalError(fmt::format("import_template: unknown format '{}'", format));
}

}  // namespace slsim::import
