// The Resources section of a CloudFormation template read into the model (cfn_template.hpp).

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "asl_reader.hpp"
#include "cfn_firehose.hpp"
#include "cfn_functions.hpp"
#include "slsim/import/cfn_template.hpp"
#include "slsim/yaml_reader.hpp"

#include "yaml_lookup.hpp"

namespace slsim::import {

namespace {

// Resource types that change nothing the simulation measures: listed as skipped with this
// reason, so the user sees them accounted for.
constexpr std::array<std::string_view, 8> kNoEffectPrefixes = {"AWS::IAM::",
                                                               "AWS::Logs::",
                                                               "AWS::Lambda::Permission",
                                                               "AWS::SSM::",
                                                               "AWS::CloudWatch::",
                                                               "AWS::SQS::QueuePolicy",
                                                               "AWS::SNS::TopicPolicy",
                                                               "AWS::Lambda::LayerVersion"};

bool has_no_effect(std::string_view type) {
  for (const std::string_view prefix : kNoEffectPrefixes) {
    if (type.rfind(prefix, 0) == 0) return true;
  }
  return type == "AWS::Serverless::LayerVersion" || type == "AWS::S3::BucketPolicy";
}

// The physical-name property of each resource type, so that ARNs written as text find the
// resource (arn:aws:sqs:...:orders-queue -> the queue whose QueueName is orders-queue).
const char* physical_name_key(std::string_view type) {
  if (type == "AWS::SQS::Queue") return "QueueName";
  if (type == "AWS::SNS::Topic") return "TopicName";
  if (type == "AWS::DynamoDB::Table") return "TableName";
  if (type == "AWS::Serverless::SimpleTable") return "TableName";
  if (type == "AWS::Kinesis::Stream") return "Name";
  if (type == "AWS::S3::Bucket") return "BucketName";
  if (type == "AWS::StepFunctions::StateMachine") return "StateMachineName";
  if (type == "AWS::Serverless::StateMachine") return "Name";
  if (type == "AWS::KinesisFirehose::DeliveryStream") return "DeliveryStreamName";
  if (type == "AWS::Serverless::Function" || type == "AWS::Lambda::Function") {
    return "FunctionName";
  }
  return nullptr;
}

ResourceModel read_queue(ResourceModel r, const YAML::Node& p, const std::string& path,
                         CfnValues& values) {
  r.fifo = values.boolean(lookup(p, "FifoQueue"), path + ".FifoQueue").value_or(false);
  // facts 2: visibility timeout 0 s .. 12 h; retention 60 s .. 14 days.
  r.visibility_timeout_s =
      values.integer(lookup(p, "VisibilityTimeout"), path + ".VisibilityTimeout", 0, 43'200,
                     "an integer number of seconds from 0 to 43200");
  r.retention_s =
      values.integer(lookup(p, "MessageRetentionPeriod"), path + ".MessageRetentionPeriod", 60,
                     1'209'600, "an integer number of seconds from 60 to 1209600");
  YAML::Node redrive = lookup(p, "RedrivePolicy");
  if (redrive && redrive.IsScalar()) {
    // RedrivePolicy may be a JSON string.
    const auto parsed = nlohmann::json::parse(redrive.Scalar(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      throw values.invalid(redrive, path + ".RedrivePolicy",
                           "a map or JSON object with deadLetterTargetArn and maxReceiveCount");
    }
    YAML::Node converted(YAML::NodeType::Map);
    if (parsed.contains("deadLetterTargetArn")) {
      converted["deadLetterTargetArn"] = parsed["deadLetterTargetArn"].get<std::string>();
    }
    if (parsed.contains("maxReceiveCount")) {
      converted["maxReceiveCount"] = parsed["maxReceiveCount"].dump();
    }
    redrive.reset(converted);
  }
  if (redrive) {
    if (const auto dlq = values.resource_ref(lookup(redrive, "deadLetterTargetArn"),
                                             path + ".RedrivePolicy.deadLetterTargetArn")) {
      r.dead_letter = dlq->name;
    }
    r.max_receive_count =
        values.integer(lookup(redrive, "maxReceiveCount"), path + ".RedrivePolicy.maxReceiveCount",
                       1, 1'000, "an integer from 1 to 1000");
  }
  return r;
}

ResourceModel read_table(ResourceModel r, const YAML::Node& p, const std::string& path,
                         CfnValues& values, bool simple_table) {
  const YAML::Node throughput = lookup(p, "ProvisionedThroughput");
  const YAML::Node mode_node = lookup(p, "BillingMode");
  const auto mode = values.text(mode_node, path + ".BillingMode");
  if (mode && *mode != "PROVISIONED" && *mode != "PAY_PER_REQUEST") {
    throw values.invalid(mode_node, path + ".BillingMode", "PROVISIONED or PAY_PER_REQUEST");
  }
  // A SimpleTable without throughput is on demand; a Table defaults to PROVISIONED (facts 7).
  r.billing_mode = mode ? *mode : (simple_table && !throughput ? "PAY_PER_REQUEST" : "PROVISIONED");
  r.read_capacity = values.integer(lookup(throughput, "ReadCapacityUnits"),
                                   path + ".ProvisionedThroughput.ReadCapacityUnits", 1,
                                   40'000'000'000, "an integer number of capacity units >= 1");
  r.write_capacity = values.integer(lookup(throughput, "WriteCapacityUnits"),
                                    path + ".ProvisionedThroughput.WriteCapacityUnits", 1,
                                    40'000'000'000, "an integer number of capacity units >= 1");
  if (const auto view = values.text(lookup(lookup(p, "StreamSpecification"), "StreamViewType"),
                                    path + ".StreamSpecification.StreamViewType")) {
    r.stream_view_type = *view;
  }
  return r;
}

ResourceModel read_stream(ResourceModel r, const YAML::Node& p, const std::string& path,
                          CfnValues& values) {
  const YAML::Node mode_node = lookup(lookup(p, "StreamModeDetails"), "StreamMode");
  if (const auto mode = values.text(mode_node, path + ".StreamModeDetails.StreamMode")) {
    if (*mode != "PROVISIONED" && *mode != "ON_DEMAND") {
      throw values.invalid(mode_node, path + ".StreamModeDetails.StreamMode",
                           "PROVISIONED or ON_DEMAND");
    }
    r.stream_mode = *mode;
  }
  r.shards = values.integer(lookup(p, "ShardCount"), path + ".ShardCount", 1, 100'000,
                            "an integer number of shards >= 1");
  // facts 3: retention 24 h (the default) up to 8,760 h (365 days).
  r.retention_hours =
      values.integer(lookup(p, "RetentionPeriodHours"), path + ".RetentionPeriodHours", 24, 8'760,
                     "an integer number of hours from 24 to 8760");
  return r;
}

// A state machine: its type, its definition (inline Definition, DefinitionString JSON, or a
// local DefinitionUri file, as JSON or YAML) read as Amazon States Language, and its SAM
// Events.
ResourceModel read_state_machine(ResourceModel r, const YAML::Node& p, const std::string& path,
                                 CfnValues& values, bool serverless, TemplateModel& model) {
  const char* type_key = serverless ? "Type" : "StateMachineType";
  r.machine_type = values.text(lookup(p, type_key), path + "." + type_key).value_or("STANDARD");
  if (r.machine_type != "STANDARD" && r.machine_type != "EXPRESS") {
    throw values.invalid(lookup(p, type_key), path + "." + type_key, "STANDARD or EXPRESS");
  }
  nlohmann::json definition;
  const YAML::Node uri = lookup(p, "DefinitionUri");
  if (const YAML::Node inline_definition = lookup(p, "Definition")) {
    definition = yaml_to_json(inline_definition, path + ".Definition", &values);
  } else if (const YAML::Node text = lookup(p, "DefinitionString")) {
    const auto json_text = values.text(text, path + ".DefinitionString");
    definition = nlohmann::json::parse(json_text.value_or(""), nullptr, false);
    if (definition.is_discarded()) {
      throw values.invalid(text, path + ".DefinitionString", "a JSON state machine definition");
    }
  } else if (uri && uri.IsScalar()) {
    // A local file, relative to the template (SAM: "a local file path", AWS SAM Developer
    // Guide, AWS::Serverless::StateMachine DefinitionUri); JSON is YAML.
    const std::filesystem::path file =
        std::filesystem::path(values.file()).parent_path() / uri.Scalar();
    if (!std::filesystem::is_regular_file(file)) {
      throw values.rule(uri, path + ".DefinitionUri",
                        fmt::format("cannot read the definition file {}", file.string()));
    }
    definition = yaml_to_json(load_yaml_file(file.string()));
  } else {
    r.definition_note = "the definition is in S3 (DefinitionUri / DefinitionS3Location)";
    return r;
  }
  if (!definition.is_object() || !definition.contains("States") ||
      !definition["States"].is_object()) {
    r.definition_note = "the definition has no States map";
    return r;
  }
  BranchModel top = read_asl_branch(definition, lookup(p, "DefinitionSubstitutions"),
                                    path + ".Definition", values);
  r.start_at = top.start_at;
  r.states = std::move(top.states);
  const YAML::Node events = lookup(p, "Events");
  if (serverless && events && events.IsMap()) {
    for (const auto& entry : events) {
      const std::string key = entry.first.Scalar();
      if (auto event = read_sam_event("state machine " + r.name, key, entry.second,
                                      fmt::format("{}.Events.{}", path, key), values, model)) {
        r.events.push_back(std::move(*event));
      }
    }
  }
  return r;
}

// {Protocol, Endpoint} of a topic's subscription (the same keys in AWS::SNS::Subscription).
SubscriptionModel read_subscription(const YAML::Node& node, const std::string& path,
                                    CfnValues& values) {
  SubscriptionModel sub;
  sub.where = values.at(node);
  sub.protocol = values.text(lookup(node, "Protocol"), path + ".Protocol").value_or("");
  if (const auto endpoint = values.resource_ref(lookup(node, "Endpoint"), path + ".Endpoint")) {
    sub.endpoint = endpoint->name;
  }
  sub.has_filter = static_cast<bool>(lookup(node, "FilterPolicy"));
  return sub;
}

// An AWS::SNS::Subscription adds itself to its topic; false when the topic is not in the
// template.
bool read_topic_subscription(const YAML::Node& resource, const std::string& path, CfnValues& values,
                             TemplateModel& model) {
  const YAML::Node p = lookup(resource, "Properties");
  const auto topic = values.resource_ref(lookup(p, "TopicArn"), path + ".Properties.TopicArn");
  for (ResourceModel& r : model.resources) {
    if (!topic || r.name != topic->name || r.kind != ResourceKind::sns_topic) continue;
    r.subscriptions.push_back(read_subscription(p, path + ".Properties", values));
    return true;
  }
  return false;
}

// An AWS::DAX::Cluster does not name the table it fronts (its IAM role grants the access):
// attached to the template's only DynamoDB table; false when there is not exactly one.
bool read_dax_cluster(const std::string& name, const YAML::Node& resource, const std::string& path,
                      CfnValues& values, TemplateModel& model) {
  ResourceModel* table = nullptr;
  for (ResourceModel& r : model.resources) {
    if (r.kind != ResourceKind::dynamodb_table) continue;
    if (table != nullptr) return false;
    table = &r;
  }
  if (table == nullptr) return false;
  const YAML::Node p = lookup(resource, "Properties");
  table->dax_cluster = name;
  table->dax_node_type =
      values.text(lookup(p, "NodeType"), path + ".Properties.NodeType").value_or("");
  // DAX: one primary and up to 10 read replicas (README "DynamoDB Accelerator (DAX)").
  table->dax_nodes =
      values.integer(lookup(p, "ReplicationFactor"), path + ".Properties.ReplicationFactor", 1, 11,
                     "an integer number of nodes from 1 to 11");
  return true;
}

std::optional<ResourceKind> resource_kind(std::string_view type) {
  if (type == "AWS::SQS::Queue") return ResourceKind::sqs_queue;
  if (type == "AWS::SNS::Topic") return ResourceKind::sns_topic;
  if (type == "AWS::DynamoDB::Table" || type == "AWS::Serverless::SimpleTable") {
    return ResourceKind::dynamodb_table;
  }
  if (type == "AWS::Kinesis::Stream") return ResourceKind::kinesis_stream;
  if (type == "AWS::S3::Bucket") return ResourceKind::s3_bucket;
  if (type == "AWS::KinesisFirehose::DeliveryStream") return ResourceKind::firehose;
  if (type == "AWS::StepFunctions::StateMachine" || type == "AWS::Serverless::StateMachine") {
    return ResourceKind::state_machine;
  }
  return std::nullopt;
}

ResourceModel read_resource(const std::string& name, ResourceKind kind, std::string_view type,
                            const YAML::Node& resource, const std::string& path, CfnValues& values,
                            TemplateModel& model) {
  ResourceModel r;
  r.name = name;
  r.kind = kind;
  r.where = values.at(resource);
  r.type = std::string(type);
  const YAML::Node p = lookup(resource, "Properties");
  const std::string props = path + ".Properties";
  switch (kind) {
    case ResourceKind::sqs_queue:
      return read_queue(std::move(r), p, props, values);
    case ResourceKind::sns_topic: {
      r.fifo = values.boolean(lookup(p, "FifoTopic"), props + ".FifoTopic").value_or(false);
      const YAML::Node subscriptions = lookup(p, "Subscription");
      for (std::size_t i = 0; subscriptions.IsSequence() && i < subscriptions.size(); ++i) {
        r.subscriptions.push_back(read_subscription(
            subscriptions[i], fmt::format("{}.Subscription[{}]", props, i), values));
      }
      return r;
    }
    case ResourceKind::dynamodb_table:
      return read_table(std::move(r), p, props, values, type == "AWS::Serverless::SimpleTable");
    case ResourceKind::kinesis_stream:
      return read_stream(std::move(r), p, props, values);
    case ResourceKind::s3_bucket:
    case ResourceKind::schedule:  // rules and schedules are read with their targets (pass 3)
      return r;
    case ResourceKind::state_machine:
      return read_state_machine(std::move(r), p, props, values,
                                type == "AWS::Serverless::StateMachine", model);
    case ResourceKind::firehose:
      return read_firehose(std::move(r), p, props, values);
  }
  return r;
}

// S3 notifications declared on the bucket (plain CloudFormation): to functions as events of
// the function, to queues and topics as the bucket's notifications.
void read_bucket_notifications(const std::string& bucket, const YAML::Node& resource,
                               const std::string& path, CfnValues& values, TemplateModel& model) {
  const YAML::Node configuration =
      lookup(lookup(resource, "Properties"), "NotificationConfiguration");
  const std::string at = path + ".Properties.NotificationConfiguration";
  const YAML::Node lambdas = lookup(configuration, "LambdaConfigurations");
  for (std::size_t i = 0; lambdas.IsSequence() && i < lambdas.size(); ++i) {
    const YAML::Node config = lambdas[i];
    const std::string item = fmt::format("{}.LambdaConfigurations[{}]", at, i);
    const auto function = values.resource_ref(lookup(config, "Function"), item + ".Function");
    FunctionModel* target = nullptr;
    for (FunctionModel& fn : model.functions)
      if (function && fn.name == function->name) target = &fn;
    if (!target) {
      model.skipped.push_back(ImportNote{fmt::format("notification of bucket {}", bucket),
                                         "its function is not in the template", values.at(config)});
      continue;
    }
    EventModel event;
    event.name = fmt::format("{}Notification{}", bucket, i + 1);
    event.kind = EventKind::s3;
    event.where = values.at(config);
    event.resource = bucket;
    event.resource_in_template = true;
    if (const auto e = values.text(lookup(config, "Event"), item + ".Event")) {
      event.s3_events.push_back(*e);
    }
    const S3KeyFilter filter =
        read_s3_key_filter(lookup(config, "Filter"), item + ".Filter", values);
    event.s3_prefix = filter.prefix;
    event.s3_suffix = filter.suffix;
    event.s3_filter = filter.text;
    target->events.push_back(std::move(event));
  }
  ResourceModel* own = nullptr;
  for (ResourceModel& r : model.resources)
    if (r.name == bucket && r.kind == ResourceKind::s3_bucket) own = &r;
  if (own == nullptr) return;
  for (const bool to_topic : {false, true}) {
    const char* list = to_topic ? "TopicConfigurations" : "QueueConfigurations";
    const char* key = to_topic ? "Topic" : "Queue";
    const YAML::Node configs = lookup(configuration, list);
    for (std::size_t i = 0; configs.IsSequence() && i < configs.size(); ++i) {
      const YAML::Node config = configs[i];
      const std::string item = fmt::format("{}.{}[{}]", at, list, i);
      NotificationModel n;
      n.to_topic = to_topic;
      n.where = values.at(config);
      const YAML::Node target = lookup(config, key);
      if (!target) throw ScenarioError::missing(values.at(config), item, key);
      if (const auto ref = values.resource_ref(target, item + "." + key)) n.target = ref->name;
      n.event = values.text(lookup(config, "Event"), item + ".Event").value_or("");
      const S3KeyFilter filter =
          read_s3_key_filter(lookup(config, "Filter"), item + ".Filter", values);
      n.prefix = filter.prefix;
      n.suffix = filter.suffix;
      own->notifications.push_back(std::move(n));
    }
  }
}

// Whether `name` is a function, queue or topic of the template: what a schedule can target.
bool schedule_target_in_template(const std::string& name, const TemplateModel& model) {
  if (model.find_function(name) != nullptr) return true;
  const ResourceModel* r = model.find_resource(name);
  return r != nullptr &&
         (r->kind == ResourceKind::sqs_queue || r->kind == ResourceKind::sns_topic ||
          r->kind == ResourceKind::state_machine);
}

// One target of a schedule: recorded on the schedule, and as an event of its function (the
// scenario without resources invokes the function directly).
void add_schedule_target(const std::string& target, const SourceLocation& where,
                         ResourceModel& schedule, TemplateModel& model) {
  const bool in_template = schedule_target_in_template(target, model);
  schedule.targets.push_back(ScheduleTargetModel{target, in_template, where});
  for (FunctionModel& fn : model.functions) {
    if (fn.name != target) continue;
    EventModel event;
    event.name = schedule.name;
    event.kind = EventKind::schedule;
    event.where = schedule.where;
    event.schedule = schedule.schedule;
    event.schedule_timezone = schedule.schedule_timezone;
    event.flexible_window = schedule.flexible_window;
    event.enabled = schedule.enabled;
    event.rule = schedule.name;
    fn.events.push_back(std::move(event));
  }
}

// An EventBridge rule. With a ScheduleExpression: a schedule resource whose targets are the
// functions, queues and topics it names (each function also gets the rule as an event). With
// an event pattern: one event per targeted function. False when no target is in the template.
bool read_events_rule(const std::string& rule, const YAML::Node& resource, const std::string& path,
                      CfnValues& values, TemplateModel& model) {
  const YAML::Node p = lookup(resource, "Properties");
  const YAML::Node targets = lookup(p, "Targets");
  if (!targets.IsSequence()) return false;
  const auto state = values.text(lookup(p, "State"), path + ".Properties.State");
  const std::string expression =
      values.text(lookup(p, "ScheduleExpression"), path + ".Properties.ScheduleExpression")
          .value_or("");
  if (!expression.empty()) {
    ResourceModel schedule;
    schedule.name = rule;
    schedule.kind = ResourceKind::schedule;
    schedule.type = "AWS::Events::Rule";
    schedule.where = values.at(resource);
    schedule.schedule = expression;
    schedule.enabled = !state || *state == "ENABLED";
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const std::string at = fmt::format("{}.Properties.Targets[{}].Arn", path, i);
      if (const auto target = values.resource_ref(lookup(targets[i], "Arn"), at)) {
        add_schedule_target(target->name, values.at(targets[i]), schedule, model);
      }
    }
    const bool any = std::any_of(schedule.targets.begin(), schedule.targets.end(),
                                 [](const ScheduleTargetModel& t) { return t.in_template; });
    if (any) model.resources.push_back(std::move(schedule));
    return any;
  }
  bool any = false;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const std::string at = fmt::format("{}.Properties.Targets[{}].Arn", path, i);
    const auto target = values.resource_ref(lookup(targets[i], "Arn"), at);
    for (FunctionModel& fn : model.functions) {
      if (!target || fn.name != target->name) continue;
      EventModel event;
      event.name = rule;
      event.where = values.at(resource);
      event.kind = EventKind::eventbridge_rule;
      event.has_filter = static_cast<bool>(lookup(p, "EventPattern"));
      event.enabled = !state || *state == "ENABLED";
      event.rule = rule;
      fn.events.push_back(std::move(event));
      any = true;
    }
  }
  return any;
}

// An EventBridge Scheduler schedule (AWS::Scheduler::Schedule): one target. False when the
// target is not a function, queue or topic of the template.
bool read_scheduler_schedule(const std::string& name, const YAML::Node& resource,
                             const std::string& path, CfnValues& values, TemplateModel& model) {
  const YAML::Node p = lookup(resource, "Properties");
  const std::string props = path + ".Properties";
  const YAML::Node expression = lookup(p, "ScheduleExpression");
  if (!expression) throw ScenarioError::missing(values.at(resource), props, "ScheduleExpression");
  ResourceModel schedule;
  schedule.name = name;
  schedule.kind = ResourceKind::schedule;
  schedule.type = "AWS::Scheduler::Schedule";
  schedule.where = values.at(resource);
  schedule.schedule = values.text(expression, props + ".ScheduleExpression").value_or("");
  schedule.schedule_timezone =
      values.text(lookup(p, "ScheduleExpressionTimezone"), props + ".ScheduleExpressionTimezone")
          .value_or("");
  schedule.flexible_window =
      values.text(lookup(lookup(p, "FlexibleTimeWindow"), "Mode"),
                  props + ".FlexibleTimeWindow.Mode") == std::optional<std::string>("FLEXIBLE");
  const auto state = values.text(lookup(p, "State"), props + ".State");
  schedule.enabled = !state || *state == "ENABLED";
  const YAML::Node target = lookup(p, "Target");
  if (!target) throw ScenarioError::missing(values.at(resource), props, "Target");
  if (const auto ref = values.resource_ref(lookup(target, "Arn"), props + ".Target.Arn")) {
    add_schedule_target(ref->name, values.at(target), schedule, model);
  }
  if (schedule.targets.empty() || !schedule.targets[0].in_template) return false;
  model.resources.push_back(std::move(schedule));
  return true;
}

}  // namespace

void read_cfn_resources(const YAML::Node& resources, const std::string& path,
                        const YAML::Node& function_globals, CfnValues& values,
                        TemplateModel& model) {
  if (!resources.IsMap()) throw values.invalid(resources, path, "a map of resources");
  // Positions are in the main file again once the resources are read.
  struct LeaveResource {
    CfnValues& values;
    ~LeaveResource() { values.enter_resource(""); }
  } leave{values};
  // Pass 1: types and physical names, so that every later reference can be resolved.
  for (const auto& entry : resources) {
    const std::string name = entry.first.Scalar();
    const std::string at = fmt::format("{}.{}", path, name);
    values.enter_resource(name);
    if (!entry.second.IsMap())
      throw values.invalid(entry.second, at, "a resource (Type, Properties)");
    const YAML::Node type = lookup(entry.second, "Type");
    if (!type) throw ScenarioError::missing(values.at(entry.first), at, "Type");
    if (!type.IsScalar()) throw values.invalid(type, at + ".Type", "a resource type");
    if (const char* key = physical_name_key(type.Scalar())) {
      const YAML::Node physical = lookup(lookup(entry.second, "Properties"), key);
      if (physical) {
        if (const auto text = values.text(physical, at + ".Properties." + key)) {
          values.add_physical_name(*text, name);
        }
      }
    }
  }
  // Pass 2: resources and functions; pass 3: what refers to functions.
  for (const auto& entry : resources) {
    const std::string name = entry.first.Scalar();
    const std::string at = fmt::format("{}.{}", path, name);
    values.enter_resource(name);
    const std::string type = lookup(entry.second, "Type").Scalar();
    if (type == "AWS::Serverless::Function") {
      model.functions.push_back(
          read_cfn_function(name, entry.second, function_globals, at, values, model));
    } else if (type == "AWS::Lambda::Function") {
      model.functions.push_back(
          read_cfn_function(name, entry.second, YAML::Node(), at, values, model));
    } else if (const auto kind = resource_kind(type)) {
      model.resources.push_back(read_resource(name, *kind, type, entry.second, at, values, model));
    }
  }
  for (const auto& entry : resources) {
    const std::string name = entry.first.Scalar();
    const std::string at = fmt::format("{}.{}", path, name);
    values.enter_resource(name);
    const std::string type = lookup(entry.second, "Type").Scalar();
    const SourceLocation where = values.at(entry.first);
    const std::string subject = fmt::format("resource {} ({})", name, type);
    if (type == "AWS::Serverless::Function" || type == "AWS::Lambda::Function" ||
        resource_kind(type)) {
      if (type == "AWS::S3::Bucket")
        read_bucket_notifications(name, entry.second, at, values, model);
      if (const ResourceModel* firehose = model.find_resource(name);
          firehose != nullptr && firehose->kind == ResourceKind::firehose) {
        add_firehose_bucket(ResourceModel(*firehose), values, model);
      }
      continue;
    }
    if (type == "AWS::Lambda::EventSourceMapping") {
      if (!read_event_source_mapping(name, entry.second, at, values, model)) {
        model.skipped.push_back(ImportNote{
            subject, "its function or its source (SQS, Kinesis, DynamoDB) is not in the template",
            where});
      }
    } else if (type == "AWS::Lambda::EventInvokeConfig") {
      if (!read_event_invoke_config(entry.second, at, values, model)) {
        model.skipped.push_back(ImportNote{subject, "its function is not in the template", where});
      } else {
        model.mapped.push_back(
            ImportNote{subject, "-> the async settings of its function (async:)", where});
      }
    } else if (type == "AWS::SNS::Subscription") {
      if (!read_topic_subscription(entry.second, at, values, model)) {
        model.skipped.push_back(ImportNote{subject, "its topic is not in the template", where});
      }
    } else if (type == "AWS::Events::Rule") {
      if (!read_events_rule(name, entry.second, at, values, model)) {
        model.skipped.push_back(ImportNote{
            subject, "none of its targets is a function, queue or topic of the template", where});
      }
    } else if (type == "AWS::Scheduler::Schedule") {
      if (!read_scheduler_schedule(name, entry.second, at, values, model)) {
        model.skipped.push_back(ImportNote{
            subject, "its target is not a function, queue or topic of the template", where});
      }
    } else if (type == "AWS::DAX::Cluster") {
      if (!read_dax_cluster(name, entry.second, at, values, model)) {
        model.skipped.push_back(ImportNote{
            subject,
            "a DAX cluster does not name its table, and the template has not exactly one "
            "DynamoDB table: add dax: to the table it fronts (README \"DynamoDB Accelerator "
            "(DAX)\")",
            where});
      }
    } else if (has_no_effect(type)) {
      model.skipped.push_back(ImportNote{subject, "no effect on what slsim simulates", where});
    } else {
      model.skipped.push_back(ImportNote{subject, "resource type not simulated by slsim", where});
    }
  }
}

}  // namespace slsim::import
