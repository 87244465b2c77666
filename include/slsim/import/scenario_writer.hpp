#pragma once
// The intermediate template model written as a slsim scenario (YAML text with comments), and
// the import summary: what was mapped onto the scenario, what had to be guessed (traffic,
// handler durations and every other value a template cannot say, written as placeholders
// marked "PLACEHOLDER" with a comment saying what to fill in), and what was skipped (resource
// types and event details this build of slsim does not simulate, each listed with its place
// in the template).
//
// Mapping (README "Simulate your own template"):
//   function                   -> functions.<name> (runtime, memory, arch, timeout, reserved and
//                                 provisioned concurrency, async retries and event age)
//   Api / http                 -> a source of type api_gateway, flavor rest
//   HttpApi / httpApi          -> a source of type api_gateway, flavor http
//   S3, SNS, EventBridge rule  -> a source of type invoke, mode async (these services invoke
//                                 Lambda asynchronously, facts 1.4)
//   Schedule rate(N unit)      -> an invoke async source with constant arrivals 1/N unit; a cron
//                                 expression gives its mean rate per day
//   SQS, Kinesis, DynamoDB     -> an invoke sync source (the event source mapping's pollers call
//                                 the function synchronously, facts 2, 3), one arrival = one batch
//   with `services_schema`: an SQS queue becomes resources.<queue> (type sqs, its consumer and
//   dead-letter queue), an SNS topic resources.<topic> (type sns, its Lambda and SQS
//   subscriptions), an S3 bucket resources.<bucket> (type s3, its notifications to functions,
//   queues and topics), each fed by a producer source; a DynamoDB table resources.<table>
//   (type dynamodb, on_demand or provisioned, with its stream and the stream's consumer); a
//   schedule the simulator accepts (an
//   EventBridge rule's ScheduleExpression, a Scheduler schedule, a function's Schedule event)
//   resources.<schedule> (type eventbridge with its targets); a Kinesis stream
//   resources.<stream> (type kinesis with its consumer, fed by a producer); a state machine
//   resources.<machine> (type step_functions, its states from the ASL definition,
//   state_machine_writer.hpp); a Firehose delivery stream to S3 resources.<stream> (type
//   firehose, its bucket, buffering hints, prefix, extension and Kinesis source; other
//   destinations and sources listed as skipped); a function's on-failure queue its
//   async.on_failure. Schedules
//   outside the simulator's expressions keep the direct invocation above, said in the summary.

#include <string>
#include <vector>

#include "slsim/import/template_model.hpp"

namespace slsim::import {

struct ImportOptions {
  // Write queues, topics, buckets, tables and schedules as `resources:` (the schema of the
  // services work, issue 3), as `slsim import` does. Off: every event source becomes a direct
  // invocation (the foundation schema, without resources).
  bool services_schema = false;
  // The command that produced the scenario, for its header comment.
  std::string command;
};

struct ImportResult {
  std::string scenario_yaml;
  std::vector<ImportNote> mapped;
  std::vector<ImportNote> guessed;
  std::vector<ImportNote> skipped;
};

ImportResult write_scenario(const TemplateModel& model, const ImportOptions& options);

// The summary for the terminal: counts, then one line per note under "mapped", "guessed",
// "skipped", each with its template position.
std::string format_import_summary(const ImportResult& result);

}  // namespace slsim::import
