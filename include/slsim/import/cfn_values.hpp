#pragma once
// Reading values of a CloudFormation template (SAM, or the `resources:` of a serverless.yml)
// through its intrinsic functions. Both forms are understood: the short YAML tags (`!Ref X`,
// `!GetAtt X.Arn`, `!Sub ...`, `!Join`, `!If`, `!Select`, `!FindInMap`, `!Split`, visible as
// YAML::Node::Tag()) and the long forms (`{Ref: X}`, `{"Fn::GetAtt": [X, Arn]}`, ...).
// Parameters resolve to their Default, pseudo parameters to fixed stand-ins (us-east-1,
// account 123456789012), `!If` to its first branch (conditions depend on deployment inputs:
// recorded as a guess), and references to resources to the resource's logical name.
// A reference to a name that is neither a parameter nor a resource is an error, as it is for
// CloudFormation. Errors name file:line:col and the field path (ScenarioError, exit code 2).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "slsim/error.hpp"
#include "slsim/import/template_model.hpp"

namespace slsim::import {

// A resource a value names: a logical name of the template, or the name read from an ARN or a
// plain name of something the template does not declare.
struct ResourceRef {
  std::string name;
  bool in_template = false;
};

class CfnValues {
 public:
  // `root` is the template's root map (Parameters, Mappings, Resources are read from it);
  // `model` receives the guesses. Both must outlive this object.
  CfnValues(std::string file, const YAML::Node& root, TemplateModel& model);

  SourceLocation at(const YAML::Node& node) const;
  const std::string& file() const { return file_; }
  bool is_resource(const std::string& logical_name) const;
  // The type of a resource (AWS::SQS::Queue), or "" when there is no such resource.
  std::string resource_type(const std::string& logical_name) const;
  // Resources written in another file (a Serverless `${file(...)}` fragment): positions in
  // them are reported against that file while the resource is read (enter_resource).
  void set_resource_file(const std::string& logical_name, const std::string& file);
  // The resource being read from now on ("" = none: positions are in the main file).
  void enter_resource(const std::string& logical_name);
  // Records a physical name (QueueName: orders) so that ARNs spelled out in text find it.
  void add_physical_name(const std::string& physical, const std::string& logical);

  // The value as text after resolving intrinsics; nullopt when it cannot be known (AWS::NoValue,
  // an import from another stack, a parameter without a Default): a guess is then recorded.
  std::optional<std::string> text(const YAML::Node& node, const std::string& path);
  // An integer in [lo, hi], or nullopt when absent or unknowable; anything else is an error
  // "<where>: <path>: expected <expected>, got <value>".
  std::optional<std::int64_t> integer(const YAML::Node& node, const std::string& path,
                                      std::int64_t lo, std::int64_t hi, std::string_view expected);
  // true/false (YAML's spellings), or nullopt when absent or unknowable.
  std::optional<bool> boolean(const YAML::Node& node, const std::string& path);
  // The resource a value names: !Ref X, !GetAtt X.Arn, !Sub "${X.Arn}", an ARN or a plain name.
  std::optional<ResourceRef> resource_ref(const YAML::Node& node, const std::string& path);

  // Errors at a node.
  ScenarioError invalid(const YAML::Node& node, const std::string& path,
                        std::string_view expected) const;
  ScenarioError rule(const YAML::Node& node, const std::string& path,
                     std::string_view message) const;
  void guess(const YAML::Node& node, const std::string& subject, const std::string& detail);

 private:
  std::optional<std::string> intrinsic_text(const std::string& function, const YAML::Node& arg,
                                            const YAML::Node& node, const std::string& path);
  std::optional<std::string> ref_text(const std::string& name, const YAML::Node& node,
                                      const std::string& path);
  std::optional<std::string> sub_text(const YAML::Node& arg, const YAML::Node& node,
                                      const std::string& path);
  std::string logical_from_arn_text(const std::string& text) const;

  std::string file_;
  std::string current_file_;                           // where the resource being read is
  std::map<std::string, std::string> resource_files_;  // logical name -> its file, if another
  YAML::Node parameters_;
  YAML::Node mappings_;
  YAML::Node resources_;
  std::map<std::string, std::string> physical_names_;  // physical name -> logical name
  TemplateModel& model_;
  int depth_ = 0;  // intrinsic nesting, bounded (the YAML itself is at most 64 deep)
};

// The intrinsic function a node is, if any: ("Ref", argument), ("GetAtt", argument), ...
// Short tags and long forms give the same name (without "Fn::").
struct Intrinsic {
  std::string function;
  YAML::Node argument;
};
std::optional<Intrinsic> as_intrinsic(const YAML::Node& node);

// The resource name inside an ARN: the queue of arn:aws:sqs:r:a:orders, the table of
// arn:aws:dynamodb:r:a:table/Orders/stream/..., the bucket of arn:aws:s3:::b, the Firehose
// stream of arn:aws:firehose:r:a:deliverystream/logs. "" if not an ARN.
std::string name_from_arn(std::string_view arn);

}  // namespace slsim::import
