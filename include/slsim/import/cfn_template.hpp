#pragma once
// The `Resources:` section of a CloudFormation template (a SAM template, or the `resources:`
// of a serverless.yml) read into the intermediate model: functions with their events, queues,
// topics, tables, streams, buckets, state machines. Types that do not change what the
// simulation measures (IAM roles, log groups, permissions, ...) and types slsim does not model
// are listed in model.skipped, never dropped silently.

#include <string>

#include <yaml-cpp/yaml.h>

#include "slsim/import/cfn_values.hpp"
#include "slsim/import/template_model.hpp"

namespace slsim::import {

// Reads every resource of `resources` (a map of logical name -> {Type, Properties}); `path`
// is its field path for messages ("Resources", "resources.Resources"). `function_globals` is
// SAM's Globals.Function (may be null): defaults for AWS::Serverless::Function properties.
void read_cfn_resources(const YAML::Node& resources, const std::string& path,
                        const YAML::Node& function_globals, CfnValues& values,
                        TemplateModel& model);

}  // namespace slsim::import
