#pragma once
// Amazon States Language definitions read into the template model (internal to sim/import):
// the states of a Step Functions state machine with their transitions (Next, End, the Next of
// each Choice rule and its Default, the first Catch), Wait Seconds, the first Retry entry,
// Parallel branches and a Map's iteration, and the function each Task invokes (a function ARN,
// `arn:aws:states:::lambda:invoke` with Parameters.FunctionName, or a DefinitionSubstitutions
// variable bound to !GetAtt Fn.Arn). Syntax: AWS Step Functions Developer Guide, "Amazon States
// Language".

#include <string>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "slsim/import/cfn_values.hpp"
#include "slsim/import/template_model.hpp"

namespace slsim::import {

// A definition or a branch ({StartAt, States}); `substitutions` is the machine's
// DefinitionSubstitutions (may be undefined), `path` its field path for messages. A branch
// without a States map has no states.
BranchModel read_asl_branch(const nlohmann::json& branch, const YAML::Node& substitutions,
                            const std::string& path, CfnValues& values);

// A YAML definition (SAM's inline Definition, a DefinitionUri file) as JSON: scalars as text;
// with `values`, intrinsic functions are resolved (`path` names the node in messages).
nlohmann::json yaml_to_json(const YAML::Node& node, const std::string& path = "",
                            CfnValues* values = nullptr);

}  // namespace slsim::import
