// AWS SAM / CloudFormation templates (sam_reader.hpp).

#include "slsim/import/sam_reader.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "slsim/import/cfn_template.hpp"
#include "slsim/import/cfn_values.hpp"
#include "slsim/yaml_reader.hpp"

#include "yaml_lookup.hpp"

namespace slsim::import {

namespace {

// The top-level sections of a CloudFormation template (AWS CloudFormation User Guide,
// "Template anatomy"), plus SAM's Globals.
constexpr std::string_view kSections[] = {"AWSTemplateFormatVersion",
                                          "Description",
                                          "Metadata",
                                          "Parameters",
                                          "Rules",
                                          "Mappings",
                                          "Conditions",
                                          "Transform",
                                          "Resources",
                                          "Outputs",
                                          "Globals"};

TemplateModel read_sam_root(const YAML::Node& root, const std::string& file) {
  TemplateModel model;
  model.file = file;
  model.format = "sam";
  model.name = std::filesystem::path(file).stem().string();
  CfnValues values(file, root, model);
  if (!root.IsMap()) {
    throw ScenarioError::invalid(values.at(root), "(template)", "a template (a map with Resources)",
                                 root.IsNull() ? "an empty document" : "something else");
  }
  for (const auto& entry : root) {
    const std::string key = entry.first.Scalar();
    if (std::find(std::begin(kSections), std::end(kSections), key) == std::end(kSections)) {
      throw unknown_key_error(values.at(entry.first), "(template)", key, kSections);
    }
  }
  if (const auto description = values.text(lookup(root, "Description"), "Description")) {
    model.description = *description;
  }
  const YAML::Node resources = lookup(root, "Resources");
  if (!resources) throw ScenarioError::missing(values.at(root), "(template)", "Resources");
  YAML::Node function_globals;
  if (const YAML::Node globals = lookup(root, "Globals")) {
    if (!globals.IsMap()) throw values.invalid(globals, "Globals", "a map of resource kinds");
    function_globals.reset(lookup(globals, "Function"));
    for (const auto& entry : globals) {
      if (entry.first.Scalar() != "Function") {
        model.skipped.push_back(ImportNote{"Globals." + entry.first.Scalar(),
                                           "not simulated (only Globals.Function is applied)",
                                           values.at(entry.first)});
      }
    }
  }
  read_cfn_resources(resources, "Resources", function_globals, values, model);
  if (model.functions.empty()) {
    throw ScenarioError::rule(values.at(resources), "Resources",
                              "the template defines no function (AWS::Serverless::Function or "
                              "AWS::Lambda::Function): there is nothing to simulate");
  }
  return model;
}

}  // namespace

TemplateModel read_sam_template(const std::string& path) {
  return read_sam_root(load_yaml_file(path), path);
}

TemplateModel read_sam_template_text(const std::string& text, const std::string& file) {
  return read_sam_root(parse_yaml(text, file), file);
}

}  // namespace slsim::import
