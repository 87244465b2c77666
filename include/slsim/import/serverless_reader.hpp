#pragma once
// A Serverless Framework service (serverless.yml) read into the intermediate model: variables
// resolved (serverless_variables.hpp), provider-level defaults (runtime, memorySize, timeout,
// architecture) applied to every function, the `events:` of each function, the resources the
// framework creates for events (an `sns: topic` name, an `s3: bucket`), and the CloudFormation
// of `resources.Resources` (cfn_template.hpp). Functions get the framework's defaults where
// neither they nor the provider say: 1024 MB and 6 s (Serverless Framework AWS provider docs).

#include <string>

#include "slsim/import/template_model.hpp"

namespace slsim::import {

TemplateModel read_serverless_template(const std::string& path);
TemplateModel read_serverless_template_text(const std::string& text, const std::string& file);

}  // namespace slsim::import
