// Names and look-ups of the intermediate template model (template_model.hpp).

#include "slsim/import/template_model.hpp"

namespace slsim::import {

const FunctionModel* TemplateModel::find_function(const std::string& function_name) const {
  for (const FunctionModel& fn : functions)
    if (fn.name == function_name) return &fn;
  return nullptr;
}

const ResourceModel* TemplateModel::find_resource(const std::string& resource_name) const {
  for (const ResourceModel& r : resources)
    if (r.name == resource_name) return &r;
  return nullptr;
}

std::string to_string(EventKind kind) {
  switch (kind) {
    case EventKind::api:
      return "Api (REST API)";
    case EventKind::http_api:
      return "HttpApi";
    case EventKind::s3:
      return "S3";
    case EventKind::sqs:
      return "SQS";
    case EventKind::sns:
      return "SNS";
    case EventKind::kinesis:
      return "Kinesis";
    case EventKind::dynamodb:
      return "DynamoDB stream";
    case EventKind::schedule:
      return "Schedule";
    case EventKind::eventbridge_rule:
      return "EventBridge rule";
  }
  return "event";
}

std::string to_string(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::sqs_queue:
      return "SQS queue";
    case ResourceKind::sns_topic:
      return "SNS topic";
    case ResourceKind::dynamodb_table:
      return "DynamoDB table";
    case ResourceKind::kinesis_stream:
      return "Kinesis stream";
    case ResourceKind::s3_bucket:
      return "S3 bucket";
    case ResourceKind::state_machine:
      return "Step Functions state machine";
    case ResourceKind::schedule:
      return "EventBridge schedule";
    case ResourceKind::firehose:
      return "Firehose stream";
  }
  return "resource";
}

}  // namespace slsim::import
