// Functions of a CloudFormation / SAM template and their event sources (cfn_functions.hpp).

#include "cfn_functions.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "yaml_lookup.hpp"

namespace slsim::import {

namespace {

// Lambda quotas (facts 1.5): memory 128..10,240 MB, timeout 1..900 s.
constexpr std::int64_t kMinMemoryMb = 128;
constexpr std::int64_t kMaxMemoryMb = 10'240;
constexpr std::int64_t kMaxTimeoutS = 900;
// Event source mappings (facts 2, 3): batch size up to 10,000, window up to 300 s.
constexpr std::int64_t kMaxBatchSize = 10'000;
constexpr std::int64_t kMaxBatchingWindowS = 300;
constexpr std::int64_t kMaxConcurrency = 1'000'000;

// A property of the function, else of Globals.Function (SAM: the function's value wins).
YAML::Node property(const YAML::Node& props, const YAML::Node& globals, const char* key) {
  const YAML::Node own = lookup(props, key);
  if (own) return own;
  return lookup(globals, key);
}

std::string join_path(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

// Architectures: [arm64] (a list of one in SAM and CloudFormation).
std::string read_architecture(const YAML::Node& node, const std::string& path, CfnValues& values) {
  if (!node) return "";
  const YAML::Node item = node.IsSequence() && node.size() == 1 ? node[0] : node;
  const auto arch = values.text(item, path);
  if (!arch) return "";
  if (*arch != "x86_64" && *arch != "arm64") throw values.invalid(item, path, "x86_64 or arm64");
  return *arch;
}

bool has_response_type(const YAML::Node& types) {
  if (!types || !types.IsSequence()) return false;
  for (const auto& type : types) {
    if (type.IsScalar() && type.Scalar() == "ReportBatchItemFailures") return true;
  }
  return false;
}

// The batching and polling properties shared by SQS, Kinesis and DynamoDB mappings.
void read_mapping_properties(const YAML::Node& p, const std::string& path, CfnValues& values,
                             EventModel& event) {
  event.batch_size = values.integer(lookup(p, "BatchSize"), join_path(path, "BatchSize"), 1,
                                    kMaxBatchSize, "an integer batch size from 1 to 10000");
  event.batching_window_s =
      values.integer(lookup(p, "MaximumBatchingWindowInSeconds"),
                     join_path(path, "MaximumBatchingWindowInSeconds"), 0, kMaxBatchingWindowS,
                     "an integer number of seconds from 0 to 300");
  event.parallelization_factor =
      values.integer(lookup(p, "ParallelizationFactor"), join_path(path, "ParallelizationFactor"),
                     1, 10, "an integer from 1 to 10");
  event.maximum_retry_attempts =
      values.integer(lookup(p, "MaximumRetryAttempts"), join_path(path, "MaximumRetryAttempts"), -1,
                     10'000, "an integer from -1 to 10000");
  event.maximum_concurrency =
      values.integer(lookup(lookup(p, "ScalingConfig"), "MaximumConcurrency"),
                     join_path(path, "ScalingConfig.MaximumConcurrency"), 2, kMaxConcurrency,
                     "an integer from 2 to 1000");
  if (const auto position = values.text(lookup(p, "StartingPosition"), path)) {
    event.starting_position = *position;
  }
  // facts 3: MaximumRecordAgeInSeconds -1 (infinite) or 60..604,800.
  event.maximum_record_age_s = values.integer(
      lookup(p, "MaximumRecordAgeInSeconds"), join_path(path, "MaximumRecordAgeInSeconds"), -1,
      604'800, "-1 or an integer number of seconds from 60 to 604800");
  if (event.maximum_record_age_s && *event.maximum_record_age_s >= 0 &&
      *event.maximum_record_age_s < 60) {
    throw values.invalid(lookup(p, "MaximumRecordAgeInSeconds"),
                         join_path(path, "MaximumRecordAgeInSeconds"),
                         "-1 or an integer number of seconds from 60 to 604800");
  }
  event.tumbling_window_s = values.integer(lookup(p, "TumblingWindowInSeconds"),
                                           join_path(path, "TumblingWindowInSeconds"), 0, 900,
                                           "an integer number of seconds from 0 to 900");
  event.bisect_on_error = values
                              .boolean(lookup(p, "BisectBatchOnFunctionError"),
                                       join_path(path, "BisectBatchOnFunctionError"))
                              .value_or(false);
  const YAML::Node on_failure =
      lookup(lookup(lookup(p, "DestinationConfig"), "OnFailure"), "Destination");
  if (const auto ref = values.resource_ref(
          on_failure, join_path(path, "DestinationConfig.OnFailure.Destination"))) {
    event.on_failure = ref->name;
  }
  event.report_batch_item_failures = has_response_type(lookup(p, "FunctionResponseTypes"));
  event.has_filter = static_cast<bool>(lookup(p, "FilterCriteria"));
  if (const auto enabled = values.boolean(lookup(p, "Enabled"), join_path(path, "Enabled"))) {
    event.enabled = *enabled;
  }
}

void read_s3_event(const YAML::Node& p, const std::string& path, CfnValues& values,
                   EventModel& event) {
  const YAML::Node events = lookup(p, "Events");
  if (events && events.IsSequence()) {
    for (const auto& e : events)
      if (const auto name = values.text(e, path)) event.s3_events.push_back(*name);
  } else if (const auto name = values.text(events, path)) {
    event.s3_events.push_back(*name);
  }
  const S3KeyFilter filter =
      read_s3_key_filter(lookup(p, "Filter"), join_path(path, "Filter"), values);
  event.s3_prefix = filter.prefix;
  event.s3_suffix = filter.suffix;
  event.s3_filter = filter.text;
}

// The resource an event names through `key`; required for every kind that reads a resource.
void read_event_resource(const YAML::Node& p, const char* key, const std::string& path,
                         const YAML::Node& event_node, CfnValues& values, EventModel& event) {
  const YAML::Node node = lookup(p, key);
  if (!node) {
    throw ScenarioError::missing(values.at(event_node), join_path(path, "Properties"), key);
  }
  if (const auto ref = values.resource_ref(node, join_path(path, "Properties") + "." + key)) {
    event.resource = ref->name;
    event.resource_in_template = ref->in_template;
  }
}

std::optional<EventKind> sam_event_kind(const std::string& type) {
  if (type == "Api") return EventKind::api;
  if (type == "HttpApi") return EventKind::http_api;
  if (type == "S3") return EventKind::s3;
  if (type == "SQS") return EventKind::sqs;
  if (type == "SNS") return EventKind::sns;
  if (type == "Kinesis") return EventKind::kinesis;
  if (type == "DynamoDB") return EventKind::dynamodb;
  if (type == "Schedule" || type == "ScheduleV2") return EventKind::schedule;
  if (type == "EventBridgeRule" || type == "CloudWatchEvent") return EventKind::eventbridge_rule;
  return std::nullopt;
}

}  // namespace

std::optional<EventModel> read_sam_event(const std::string& owner, const std::string& name,
                                         const YAML::Node& node, const std::string& path,
                                         CfnValues& values, TemplateModel& model) {
  if (!node.IsMap()) throw values.invalid(node, path, "an event (a map with Type, Properties)");
  const YAML::Node type_node = lookup(node, "Type");
  if (!type_node) throw ScenarioError::missing(values.at(node), path, "Type");
  const auto type = values.text(type_node, join_path(path, "Type"));
  const auto kind = type ? sam_event_kind(*type) : std::nullopt;
  if (!kind) {
    model.skipped.push_back(ImportNote{
        fmt::format("event {} of {}", name, owner),
        fmt::format("event type {} is not simulated", type.value_or("?")), values.at(node)});
    return std::nullopt;
  }
  EventModel event;
  event.name = name;
  event.kind = *kind;
  event.where = values.at(node);
  const YAML::Node p = lookup(node, "Properties");
  const std::string props = join_path(path, "Properties");
  switch (*kind) {
    case EventKind::api:
    case EventKind::http_api:
      event.path = values.text(lookup(p, "Path"), props).value_or("");
      event.method = values.text(lookup(p, "Method"), props).value_or("");
      break;
    case EventKind::s3:
      read_event_resource(p, "Bucket", path, node, values, event);
      read_s3_event(p, props, values, event);
      break;
    case EventKind::sqs:
      read_event_resource(p, "Queue", path, node, values, event);
      read_mapping_properties(p, props, values, event);
      break;
    case EventKind::sns:
      read_event_resource(p, "Topic", path, node, values, event);
      event.has_filter = static_cast<bool>(lookup(p, "FilterPolicy"));
      break;
    case EventKind::kinesis:
    case EventKind::dynamodb:
      read_event_resource(p, "Stream", path, node, values, event);
      read_mapping_properties(p, props, values, event);
      break;
    case EventKind::schedule: {
      YAML::Node expression = lookup(p, "Schedule");
      if (!expression) expression.reset(lookup(p, "ScheduleExpression"));
      if (!expression) throw ScenarioError::missing(values.at(node), props, "Schedule");
      event.schedule = values.text(expression, props).value_or("");
      if (const auto enabled = values.boolean(lookup(p, "Enabled"), props))
        event.enabled = *enabled;
      if (const auto state = values.text(lookup(p, "State"), join_path(props, "State"))) {
        event.enabled = *state != "DISABLED";
      }
      // ScheduleV2 (EventBridge Scheduler): a time zone and a flexible time window.
      event.schedule_timezone =
          values.text(lookup(p, "ScheduleExpressionTimezone"), props).value_or("");
      event.flexible_window = values.text(lookup(lookup(p, "FlexibleTimeWindow"), "Mode"), props) ==
                              std::optional<std::string>("FLEXIBLE");
      break;
    }
    case EventKind::eventbridge_rule:
      event.has_filter = static_cast<bool>(lookup(p, "Pattern"));
      break;
  }
  return event;
}

namespace {

void read_async_config(const YAML::Node& config, const std::string& path, CfnValues& values,
                       FunctionModel& fn) {
  if (!config) return;
  fn.async_retries =
      values.integer(lookup(config, "MaximumRetryAttempts"),
                     join_path(path, "MaximumRetryAttempts"), 0, 2, "an integer from 0 to 2");
  fn.async_max_age_s = values.integer(lookup(config, "MaximumEventAgeInSeconds"),
                                      join_path(path, "MaximumEventAgeInSeconds"), 60, 21'600,
                                      "an integer number of seconds from 60 to 21600");
  const YAML::Node on_failure = lookup(lookup(config, "DestinationConfig"), "OnFailure");
  if (on_failure) {
    if (const auto ref = values.resource_ref(lookup(on_failure, "Destination"), path)) {
      fn.on_failure = ref->name;
    }
  }
}

// SAM policy templates that allow a downstream call, with the property naming its target.
struct CallPolicy {
  const char* policy;
  const char* property;
  const char* action;  // the scenario's call action
};
// A policy allowing reads and writes suggests both calls (AWS SAM Developer Guide, "AWS SAM
// policy templates": DynamoDBCrudPolicy allows GetItem, PutItem, Query ...; S3CrudPolicy
// GetObject, PutObject ...).
constexpr CallPolicy kCallPolicies[] = {
    {"SQSSendMessagePolicy", "QueueName", "sqs_send"},
    {"SNSPublishMessagePolicy", "TopicName", "sns_publish"},
    {"LambdaInvokePolicy", "FunctionName", "invoke"},
    {"DynamoDBCrudPolicy", "TableName", "dynamodb_read"},
    {"DynamoDBCrudPolicy", "TableName", "dynamodb_write"},
    {"DynamoDBReadPolicy", "TableName", "dynamodb_read"},
    {"DynamoDBWritePolicy", "TableName", "dynamodb_write"},
    {"S3CrudPolicy", "BucketName", "s3_get"},
    {"S3CrudPolicy", "BucketName", "s3_put"},
    {"S3FullAccessPolicy", "BucketName", "s3_get"},
    {"S3FullAccessPolicy", "BucketName", "s3_put"},
    {"S3ReadPolicy", "BucketName", "s3_get"},
    {"S3WritePolicy", "BucketName", "s3_put"},
    {"KinesisCrudPolicy", "StreamName", "kinesis_put"},
    {"StepFunctionsExecutionPolicy", "StateMachineName", "start_execution"},
    // FirehoseWritePolicy allows firehose:PutRecord and PutRecordBatch; FirehoseCrudPolicy
    // those and the stream's management (AWS SAM policy templates).
    {"FirehoseWritePolicy", "DeliveryStreamName", "firehose_put"},
    {"FirehoseCrudPolicy", "DeliveryStreamName", "firehose_put"},
};

void read_permitted_calls(const YAML::Node& policies, const std::string& path, CfnValues& values,
                          FunctionModel& fn) {
  if (!policies.IsSequence()) return;
  for (std::size_t i = 0; i < policies.size(); ++i) {
    for (const CallPolicy& call : kCallPolicies) {
      const YAML::Node target = lookup(lookup(policies[i], call.policy), call.property);
      if (!target) continue;
      const auto ref = values.resource_ref(
          target, fmt::format("{}[{}].{}.{}", path, i, call.policy, call.property));
      if (ref && ref->in_template) fn.permitted_calls.emplace_back(call.action, ref->name);
    }
  }
}

}  // namespace

S3KeyFilter read_s3_key_filter(const YAML::Node& filter, const std::string& path,
                               CfnValues& values) {
  S3KeyFilter out;
  const YAML::Node rules = lookup(lookup(filter, "S3Key"), "Rules");
  if (!rules || !rules.IsSequence()) return out;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string at = fmt::format("{}.S3Key.Rules[{}]", path, i);
    const YAML::Node name_node = lookup(rules[i], "Name");
    const auto name = values.text(name_node, at + ".Name");
    const auto value = values.text(lookup(rules[i], "Value"), at + ".Value");
    std::string lower = name.value_or("");
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // S3 filter rules are named prefix or suffix (AWS CloudFormation, AWS::S3::Bucket
    // FilterRule: "Allowed values: prefix | suffix").
    if (name && lower != "prefix" && lower != "suffix") {
      throw values.invalid(name_node, at + ".Name", "prefix or suffix");
    }
    if (!out.text.empty()) out.text += ", ";
    out.text += name.value_or("?") + " " + value.value_or("?");
    if (lower == "prefix") out.prefix = value.value_or("");
    if (lower == "suffix") out.suffix = value.value_or("");
  }
  return out;
}

std::optional<EventKind> mapping_kind(const std::string& resource_type, const std::string& arn) {
  if (resource_type == "AWS::SQS::Queue" || arn.rfind("arn:aws:sqs:", 0) == 0) {
    return EventKind::sqs;
  }
  if (resource_type == "AWS::Kinesis::Stream" || arn.rfind("arn:aws:kinesis:", 0) == 0) {
    return EventKind::kinesis;
  }
  if (resource_type == "AWS::DynamoDB::Table" || resource_type == "AWS::Serverless::SimpleTable" ||
      arn.rfind("arn:aws:dynamodb:", 0) == 0) {
    return EventKind::dynamodb;
  }
  return std::nullopt;
}

FunctionModel read_cfn_function(const std::string& name, const YAML::Node& resource,
                                const YAML::Node& globals, const std::string& path,
                                CfnValues& values, TemplateModel& model) {
  const YAML::Node p = lookup(resource, "Properties");
  const std::string props = join_path(path, "Properties");
  FunctionModel fn;
  fn.name = name;
  fn.where = values.at(resource);
  if (const auto runtime = values.text(property(p, globals, "Runtime"), props + ".Runtime")) {
    fn.runtime = *runtime;
  }
  if (const auto package = values.text(property(p, globals, "PackageType"), props)) {
    fn.image = *package == "Image";
  }
  fn.memory_mb =
      values.integer(property(p, globals, "MemorySize"), props + ".MemorySize", kMinMemoryMb,
                     kMaxMemoryMb, "an integer number of MB from 128 to 10240");
  fn.timeout_s = values.integer(property(p, globals, "Timeout"), props + ".Timeout", 1,
                                kMaxTimeoutS, "an integer number of seconds from 1 to 900");
  fn.arch =
      read_architecture(property(p, globals, "Architectures"), props + ".Architectures", values);
  fn.reserved_concurrency = values.integer(property(p, globals, "ReservedConcurrentExecutions"),
                                           props + ".ReservedConcurrentExecutions", 0,
                                           kMaxConcurrency, "an integer >= 0");
  const YAML::Node provisioned = property(p, globals, "ProvisionedConcurrencyConfig");
  fn.provisioned_concurrency =
      values.integer(lookup(provisioned, "ProvisionedConcurrentExecutions"),
                     props + ".ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", 0,
                     kMaxConcurrency, "an integer >= 0");
  read_async_config(property(p, globals, "EventInvokeConfig"), props + ".EventInvokeConfig", values,
                    fn);
  const YAML::Node dlq = property(p, globals, "DeadLetterQueue");
  if (dlq && fn.on_failure.empty()) {
    if (const auto ref =
            values.resource_ref(lookup(dlq, "TargetArn"), props + ".DeadLetterQueue")) {
      fn.on_failure = ref->name;
    }
  }
  read_permitted_calls(property(p, globals, "Policies"), props + ".Policies", values, fn);
  const YAML::Node events = lookup(p, "Events");
  if (events) {
    if (!events.IsMap()) throw values.invalid(events, props + ".Events", "a map of events");
    for (const auto& entry : events) {
      const std::string key = entry.first.Scalar();
      if (auto event = read_sam_event("function " + name, key, entry.second,
                                      fmt::format("{}.Events.{}", props, key), values, model)) {
        fn.events.push_back(std::move(*event));
      }
    }
  }
  return fn;
}

bool read_event_source_mapping(const std::string& name, const YAML::Node& resource,
                               const std::string& path, CfnValues& values, TemplateModel& model) {
  const YAML::Node p = lookup(resource, "Properties");
  const std::string props = join_path(path, "Properties");
  const YAML::Node function_node = lookup(p, "FunctionName");
  if (!function_node) throw ScenarioError::missing(values.at(resource), props, "FunctionName");
  const auto function = values.resource_ref(function_node, props + ".FunctionName");
  const YAML::Node source = lookup(p, "EventSourceArn");
  if (!source) throw ScenarioError::missing(values.at(resource), props, "EventSourceArn");
  const auto ref = values.resource_ref(source, props + ".EventSourceArn");
  const auto arn = values.text(source, props + ".EventSourceArn");
  const auto kind = mapping_kind(ref ? values.resource_type(ref->name) : "", arn.value_or(""));
  if (!function || !kind) return false;
  for (FunctionModel& fn : model.functions) {
    if (fn.name != function->name) continue;
    EventModel event;
    event.name = name;
    event.kind = *kind;
    event.where = values.at(resource);
    event.resource = ref ? ref->name : "";
    event.resource_in_template = ref && ref->in_template;
    read_mapping_properties(p, props, values, event);
    fn.events.push_back(std::move(event));
    return true;
  }
  return false;
}

bool read_event_invoke_config(const YAML::Node& resource, const std::string& path,
                              CfnValues& values, TemplateModel& model) {
  const YAML::Node p = lookup(resource, "Properties");
  const auto function =
      values.resource_ref(lookup(p, "FunctionName"), join_path(path, "Properties.FunctionName"));
  if (!function) return false;
  for (FunctionModel& fn : model.functions) {
    if (fn.name != function->name) continue;
    read_async_config(p, join_path(path, "Properties"), values, fn);
    return true;
  }
  return false;
}

}  // namespace slsim::import
