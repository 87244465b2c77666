#pragma once
// What an infrastructure template (AWS SAM / CloudFormation, Serverless Framework) says about a
// serverless system, as plain structs: the intermediate model between the template readers
// (sam_reader.hpp, serverless_reader.hpp) and the scenario writer (scenario_writer.hpp). Every
// field is optional where the template may leave it out; the writer applies slsim's defaults.
// Names are the templates' logical names (CloudFormation logical IDs, Serverless function keys).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "slsim/error.hpp"

namespace slsim::import {

// The kinds of event source a function may have, named after SAM's event types.
enum class EventKind : std::uint8_t {
  api,              // SAM Api, Serverless http: API Gateway REST API (sync)
  http_api,         // SAM HttpApi, Serverless httpApi: API Gateway HTTP API (sync)
  s3,               // S3 event notification (async)
  sqs,              // SQS event source mapping (poller, sync batches)
  sns,              // SNS subscription (async)
  kinesis,          // Kinesis event source mapping (poller, sync batches)
  dynamodb,         // DynamoDB stream event source mapping (poller, sync batches)
  schedule,         // EventBridge schedule: rate(...) or cron(...) (async)
  eventbridge_rule  // EventBridge rule with an event pattern (async)
};

// One event source of a function.
struct EventModel {
  std::string name;  // SAM's event key; for Serverless "<function>-<kind>[-N]"
  EventKind kind = EventKind::api;
  SourceLocation where;
  // The resource the event reads from or listens to: a logical name of the template when an
  // intrinsic named one (!Ref, !GetAtt, ${Name.Arn}), otherwise the name taken from an ARN or the
  // text itself (an external resource). Empty for APIs and schedules.
  std::string resource;
  bool resource_in_template = false;
  std::string method;  // api, http_api: GET, POST, ... or ANY
  std::string path;    // api, http_api: /tasks
  std::optional<std::int64_t> batch_size;
  std::optional<std::int64_t> batching_window_s;    // MaximumBatchingWindowInSeconds
  std::optional<std::int64_t> maximum_concurrency;  // SQS ScalingConfig.MaximumConcurrency
  std::optional<std::int64_t> parallelization_factor;
  std::optional<std::int64_t> maximum_retry_attempts;
  std::optional<std::int64_t> maximum_record_age_s;  // -1 (infinite) or 60..604,800
  std::optional<std::int64_t> tumbling_window_s;     // TumblingWindowInSeconds
  bool bisect_on_error = false;                      // BisectBatchOnFunctionError
  std::string on_failure;         // streams: DestinationConfig.OnFailure (a queue or topic)
  std::string starting_position;  // TRIM_HORIZON | LATEST | AT_TIMESTAMP
  bool report_batch_item_failures = false;  // FunctionResponseTypes: [ReportBatchItemFailures]
  bool has_filter = false;                  // FilterCriteria / filterPatterns / filterPolicy
  std::string schedule;                     // "rate(5 minutes)" or "cron(0 12 * * ? *)"
  std::vector<std::string> s3_events;       // s3:ObjectCreated:* ...
  std::string s3_filter;                    // "prefix uploads/, suffix .csv"
  std::string s3_prefix;                    // the key filter's prefix rule, if any
  std::string s3_suffix;                    // the key filter's suffix rule, if any
  std::string schedule_timezone;            // ScheduleV2 ScheduleExpressionTimezone
  bool flexible_window = false;             // ScheduleV2 FlexibleTimeWindow Mode FLEXIBLE
  // The AWS::Events::Rule or AWS::Scheduler::Schedule this event was read from (one event per
  // targeted function); empty for events written on the function.
  std::string rule;
  bool enabled = true;
};

// One Lambda function (AWS::Serverless::Function, AWS::Lambda::Function, functions: entry).
struct FunctionModel {
  std::string name;
  SourceLocation where;
  std::string runtime;  // as the template spells it; empty when not said (image, unset)
  bool image = false;   // PackageType: Image / Serverless `image:`
  std::optional<std::int64_t> memory_mb;
  std::optional<std::int64_t> timeout_s;
  std::string arch;  // x86_64 | arm64; empty when not said
  std::optional<std::int64_t> reserved_concurrency;
  std::optional<std::int64_t> provisioned_concurrency;
  std::optional<std::int64_t> async_retries;    // EventInvokeConfig MaximumRetryAttempts
  std::optional<std::int64_t> async_max_age_s;  // EventInvokeConfig MaximumEventAgeInSeconds
  std::string on_failure;                       // DLQ / on-failure destination (a queue)
  std::vector<EventModel> events;
  // Calls the template allows (SAM policy templates SQSSendMessagePolicy,
  // SNSPublishMessagePolicy, LambdaInvokePolicy, DynamoDB{Crud,Read,Write}Policy,
  // S3{Crud,Read,Write,FullAccess}Policy, KinesisCrudPolicy, StepFunctionsExecutionPolicy,
  // Firehose{Write,Crud}Policy): (action, resource), e.g. ("sqs_send",
  // "OrdersQueue"). A permission, not a proof that the handler calls it.
  std::vector<std::pair<std::string, std::string>> permitted_calls;
};

enum class ResourceKind : std::uint8_t {
  sqs_queue,
  sns_topic,
  dynamodb_table,
  kinesis_stream,
  s3_bucket,
  state_machine,
  schedule,  // AWS::Events::Rule with a ScheduleExpression, AWS::Scheduler::Schedule
  firehose   // AWS::KinesisFirehose::DeliveryStream
};

// A bucket's notification to a queue or a topic (NotificationConfiguration
// QueueConfigurations / TopicConfigurations); notifications to functions are events of the
// function (EventKind::s3).
struct NotificationModel {
  std::string target;  // the queue or topic (logical name when in the template)
  bool to_topic = false;
  std::string event;  // s3:ObjectCreated:* ...
  std::string prefix;
  std::string suffix;
  SourceLocation where;
};

// A target of a schedule rule: a function, queue or topic of the template, or something else.
struct ScheduleTargetModel {
  std::string name;
  bool in_template = false;
  SourceLocation where;
};

// A state's first Retry entry (Amazon States Language defaults: 3 attempts, 1 s, rate 2.0).
struct StateRetryModel {
  std::int64_t max_attempts = 3;
  double interval_s = 1;
  double backoff_rate = 2.0;
};

struct BranchModel;

// One state of a Step Functions definition (Amazon States Language).
struct StateModel {
  std::string name;
  std::string type;                   // Task, Choice, Wait, Parallel, Map, Pass, Succeed, Fail
  std::string resource;               // a Task's function (logical name) or service integration ARN
  bool invokes_function = false;      // a Task whose resource is a function of the template
  std::string next;                   // "" when it ends its branch
  std::optional<double> wait_s;       // Wait: Seconds
  std::string wait_field;             // Wait: SecondsPath, Timestamp or TimestampPath instead
  std::vector<std::string> choices;   // Choice: the Next of each rule, then the Default
  std::vector<BranchModel> branches;  // Parallel; Map: its iteration (ItemProcessor/Iterator)
  std::optional<StateRetryModel> retry;  // the first Retry entry
  std::size_t retriers = 0;              // Retry entries
  std::string catch_next;                // the first Catch entry's Next
  std::size_t catchers = 0;              // Catch entries
};

// The states of a definition or of a Parallel branch: StartAt and States.
struct BranchModel {
  std::string start_at;
  std::vector<StateModel> states;
};

// A subscription of an SNS topic (Topic.Subscription or AWS::SNS::Subscription).
struct SubscriptionModel {
  std::string protocol;  // lambda | sqs | http | https | email | ...
  std::string endpoint;  // the function or queue (logical name when in the template)
  bool has_filter = false;
  SourceLocation where;
};

// A resource other than a function. Fields apply to the kinds named in their comments.
struct ResourceModel {
  std::string name;
  ResourceKind kind = ResourceKind::sqs_queue;
  SourceLocation where;
  bool fifo = false;                                 // sqs, sns
  std::optional<std::int64_t> visibility_timeout_s;  // sqs
  std::optional<std::int64_t> retention_s;           // sqs MessageRetentionPeriod
  std::string dead_letter;                           // sqs RedrivePolicy deadLetterTargetArn
  std::optional<std::int64_t> max_receive_count;     // sqs RedrivePolicy maxReceiveCount
  std::string billing_mode;                          // dynamodb PROVISIONED | PAY_PER_REQUEST
  std::optional<std::int64_t> read_capacity;         // dynamodb
  std::optional<std::int64_t> write_capacity;        // dynamodb
  std::string stream_view_type;                      // dynamodb; empty = no stream
  std::string dax_cluster;                // dynamodb: the AWS::DAX::Cluster in front; empty = none
  std::string dax_node_type;              // dynamodb: the cluster's NodeType
  std::optional<std::int64_t> dax_nodes;  // dynamodb: the cluster's ReplicationFactor
  std::optional<std::int64_t> shards;     // kinesis ShardCount
  std::string stream_mode;                // kinesis PROVISIONED | ON_DEMAND
  std::optional<std::int64_t> retention_hours;   // kinesis RetentionPeriodHours
  std::string machine_type;                      // state_machine STANDARD | EXPRESS
  std::vector<StateModel> states;                // state_machine, when the definition is read
  std::string start_at;                          // state_machine: StartAt
  std::vector<EventModel> events;                // state_machine: SAM Events (Api, Schedule)
  std::string definition_note;                   // state_machine: why states are missing
  std::vector<SubscriptionModel> subscriptions;  // sns_topic
  std::vector<NotificationModel> notifications;  // s3_bucket (to queues and topics)
  bool existing = false;          // s3_bucket named by a Serverless `existing: true` event
  std::string schedule;           // schedule: rate(...) / cron(...) / at(...)
  std::string schedule_timezone;  // schedule: ScheduleExpressionTimezone
  bool flexible_window = false;   // schedule: FlexibleTimeWindow Mode FLEXIBLE
  bool enabled = true;            // schedule: State
  std::vector<ScheduleTargetModel> targets;  // schedule
  // firehose: DeliveryStreamType (DirectPut, KinesisStreamAsSource, MSKAsSource,
  // DatabaseAsSource; DirectPut when unsaid) and, for KinesisStreamAsSource, its stream
  // (KinesisStreamSourceConfiguration.KinesisStreamARN).
  std::string source_type;
  std::string source;
  // firehose: the destination's property (ExtendedS3DestinationConfiguration,
  // S3DestinationConfiguration, HttpEndpointDestinationConfiguration, ...; "" when none) and,
  // for S3, its bucket (BucketARN; "" when it cannot be resolved).
  std::string destination_type;
  std::string destination;
  std::optional<std::int64_t> buffer_size_mb;     // firehose BufferingHints.SizeInMBs
  std::optional<std::int64_t> buffer_interval_s;  // firehose BufferingHints.IntervalInSeconds
  std::string prefix;                             // firehose Prefix
  std::string file_extension;                     // firehose FileExtension, as written
  // firehose: the Lambda processor of ProcessingConfiguration (LambdaArn: the function, as
  // named) and its parameters, when it has one.
  std::string transform_function;
  std::optional<double> transform_buffer_mb;         // BufferSizeInMBs 0.2..3
  std::optional<std::int64_t> transform_interval_s;  // BufferIntervalInSeconds 0..900
  std::optional<std::int64_t> transform_retries;     // NumberOfRetries 0..300
  std::vector<std::string> unmodelled;  // firehose: settings the simulator does not model
  std::string type;  // the template's type (AWS::Events::Rule ...), for the summary
};

// One line of the import summary: what was mapped, guessed or skipped, and where.
struct ImportNote {
  std::string subject;  // "function HelloWorldFunction", "resource Bucket (AWS::S3::Bucket)"
  std::string detail;
  SourceLocation where;
};

struct TemplateModel {
  std::string file;
  std::string format;  // "sam" | "serverless"
  std::string name;    // the service name (Serverless `service:`), or the file's stem
  std::string description;
  std::vector<FunctionModel> functions;
  std::vector<ResourceModel> resources;
  std::vector<ImportNote> mapped;   // resources read into another one (EventInvokeConfig ...)
  std::vector<ImportNote> guessed;  // values the reader had to assume (unresolved variables...)
  std::vector<ImportNote> skipped;  // what the template says that the model cannot hold

  const FunctionModel* find_function(const std::string& name) const;
  const ResourceModel* find_resource(const std::string& name) const;
};

std::string to_string(EventKind kind);
std::string to_string(ResourceKind kind);

}  // namespace slsim::import
