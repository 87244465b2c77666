#pragma once
// Serverless Framework variables (`${self:custom.table}`, `${opt:stage, 'dev'}`,
// `${sls:stage}`, `${aws:region}`, `${env:NAME, 'x'}`, `${ssm:...}`, `${file(...)}`, ...)
// resolved in place in a parsed serverless.yml, the way `serverless package` would resolve them
// with no command-line options and no cloud access: `self:` reads the file itself, `sls:stage`
// and `opt:stage` fall back to provider.stage then "dev" (the framework's default stage),
// `aws:region` to provider.region then us-east-1, and a variable whose source needs the
// environment, the cloud or another file takes its fallback when it has one. Variables that
// remain unresolved are left as text and recorded as guesses, so the import can say which
// values it could not know. A `${` without its `}` is an error naming file:line:col.

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "slsim/import/template_model.hpp"

namespace slsim::import {

// A file read through ${file(...)}: its path and its whole parsed content.
struct IncludedFile {
  std::string path;
  YAML::Node root;
};

// Resolves every variable of `root` (modified in place). `file` is used in messages; guesses
// go to model.guessed. Returns the files read through ${file(...)}, so that positions in
// their nodes can be reported against the right file.
std::vector<IncludedFile> resolve_serverless_variables(YAML::Node& root, const std::string& file,
                                                       TemplateModel& model);

}  // namespace slsim::import
