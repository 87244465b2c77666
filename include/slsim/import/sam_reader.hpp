#pragma once
// An AWS SAM / CloudFormation template (template.yaml) read into the intermediate model:
// Globals.Function applied to every AWS::Serverless::Function, then the Resources section
// (cfn_template.hpp). Errors name file:line:col (ScenarioError, exit code 2).

#include <string>

#include "slsim/import/template_model.hpp"

namespace slsim::import {

TemplateModel read_sam_template(const std::string& path);
// The same from text; `file` names it in messages.
TemplateModel read_sam_template_text(const std::string& text, const std::string& file);

}  // namespace slsim::import
