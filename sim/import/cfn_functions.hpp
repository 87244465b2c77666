#pragma once
// Functions of a CloudFormation template (internal to sim/import): AWS::Serverless::Function
// with its Events and Globals, AWS::Lambda::Function, and the event sources declared as
// separate resources (AWS::Lambda::EventSourceMapping, AWS::Lambda::EventInvokeConfig).

#include <string>

#include <yaml-cpp/yaml.h>

#include "slsim/import/cfn_values.hpp"
#include "slsim/import/template_model.hpp"

namespace slsim::import {

// `properties` of one function resource; `globals` (SAM Globals.Function) may be null.
FunctionModel read_cfn_function(const std::string& name, const YAML::Node& resource,
                                const YAML::Node& globals, const std::string& path,
                                CfnValues& values, TemplateModel& model);

// One SAM event (a function's, or a state machine's) named `name`; `owner` names its owner in
// the summary ("function Fn"). nullopt for an event type slsim does not simulate (listed).
std::optional<EventModel> read_sam_event(const std::string& owner, const std::string& name,
                                         const YAML::Node& node, const std::string& path,
                                         CfnValues& values, TemplateModel& model);

// An AWS::Lambda::EventSourceMapping: adds the event to its function; false when the function
// is not in the template (the caller lists it as skipped).
bool read_event_source_mapping(const std::string& name, const YAML::Node& resource,
                               const std::string& path, CfnValues& values, TemplateModel& model);

// An AWS::Lambda::EventInvokeConfig: retries, maximum age and on-failure destination.
bool read_event_invoke_config(const YAML::Node& resource, const std::string& path,
                              CfnValues& values, TemplateModel& model);

// An S3 key filter (Filter.S3Key.Rules of a SAM S3 event or a bucket notification):
// "prefix"/"suffix" rules, and the rules as text for the summary.
struct S3KeyFilter {
  std::string prefix;
  std::string suffix;
  std::string text;  // "prefix uploads/, suffix .csv"
};
S3KeyFilter read_s3_key_filter(const YAML::Node& filter, const std::string& path,
                               CfnValues& values);

// The event kind of an event source mapping reading `resource_type` (AWS::SQS::Queue ...) or
// an ARN's service; nullopt when it is not one slsim knows.
std::optional<EventKind> mapping_kind(const std::string& resource_type, const std::string& arn);

}  // namespace slsim::import
