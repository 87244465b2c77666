#pragma once
// The `resources:` section of an imported scenario in the schema of the services work
// (issue 3; internal to sim/import): SQS queues with their consumer (the function's SQS event
// source mapping) and dead-letter queue, SNS topics with their Lambda and SQS subscriptions,
// S3 buckets with their notifications (to functions, queues and topics), Kinesis streams with
// their consumer (the function's event source mapping), DynamoDB tables with their stream
// (on demand or provisioned), EventBridge schedules (rules, Scheduler schedules and the
// Schedule events of functions) with their targets, and Firehose streams delivering to S3
// buckets (fed by a producer, or by their Kinesis source stream). Written only with
// ImportOptions::services_schema.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "slsim/import/template_model.hpp"

namespace slsim::import {

// Scenario names of the template's functions and resources (logical name -> name).
struct ScenarioNames {
  std::map<std::string, std::string> functions;
  std::map<std::string, std::string> queues;
  std::map<std::string, std::string> topics;
  std::map<std::string, std::string> buckets;
  std::map<std::string, std::string> tables;
  std::map<std::string, std::string> streams;   // Kinesis streams
  std::map<std::string, std::string> machines;  // state machines with a readable definition
  // Firehose streams the simulator can run (firehose_unsimulated gives no reason).
  std::map<std::string, std::string> firehoses;
  // Schedule resources (rules, Scheduler schedules) the simulator can run: enabled, with an
  // expression it accepts.
  std::map<std::string, std::string> schedules;
  // A function's or state machine's own Schedule event the simulator can run -> the name of
  // its resource.
  std::map<const EventModel*, std::string> event_schedules;
  // A state machine's Api / HttpApi event -> the name of its api_gateway source.
  std::map<const EventModel*, std::string> machine_apis;
};

// One producer source to write: an external client feeding a queue, a topic or a bucket.
struct ProducerSpec {
  std::string target;    // the scenario name of the queue, topic or bucket
  std::string resource;  // its logical name in the template
  SourceLocation where;
  std::string key;       // a bucket: the object key written (matching its notifications' filters)
  bool records = false;  // a Kinesis or Firehose stream: records put
  bool executions = false;  // a state machine: executions started
};

// Whether the simulator accepts a schedule expression (README "EventBridge schedules"); when
// not, `why` says what it expected.
bool simulated_schedule(const std::string& expression, std::string& why);

// Why the simulator cannot run Firehose stream `firehose` of `model` (a destination other than
// an S3 bucket, a source other than Direct PUT or a Kinesis stream of the template), or "".
std::string firehose_unsimulated(const ResourceModel& firehose, const TemplateModel& model);

struct ServicesSection {
  std::string yaml;                      // "resources:\n  ..." or "" when there is nothing
  std::set<const EventModel*> consumed;  // events written as a consumer or a subscription
  std::vector<ProducerSpec> producers;   // queues and topics that need traffic
  std::string sources_yaml;              // api_gateway sources of state machines (indented)
  std::vector<ImportNote> mapped;
  std::vector<ImportNote> guessed;
  std::vector<ImportNote> skipped;
};

ServicesSection write_services_section(const TemplateModel& model, const ScenarioNames& names);

}  // namespace slsim::import
