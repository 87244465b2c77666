// `slsim explain FILE`: the architecture in words, generated from the topology (each
// resource, what triggers it, sync or async, which limits apply), for readers who think in
// sentences rather than diagrams.

#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/graph/graph_traits.hpp>

#include "commands.hpp"
#include "slsim/account.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/topology.hpp"
#include "slsim/units.hpp"

namespace slsim::cli {

namespace {

const SourceSpec* source_named(const ScenarioSpec& spec, const std::string& name) {
  for (const SourceSpec& s : spec.sources) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const FunctionSpec* function_named(const ScenarioSpec& spec, const std::string& name) {
  for (const FunctionSpec& f : spec.functions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// "poisson arrivals at 50/s"; for processes whose rate varies, the mean over the run.
std::string describe_arrivals(const ScenarioSpec& spec, const SourceSpec& s) {
  const ArrivalSpec& a = s.arrivals;
  switch (a.process) {
    case ArrivalProcess::trace:
      return fmt::format("arrivals replayed from the trace {}", a.trace.file);
    case ArrivalProcess::poisson:
    case ArrivalProcess::constant:
    case ArrivalProcess::uniform:
      return fmt::format("{} arrivals at {}", to_string(a.process), format_rate(a.rate));
    default:
      break;
  }
  const double seconds = spec.run_for.to_seconds();
  const double mean =
      seconds > 0 ? expected_arrivals(a, Time{0}, Time{0} + spec.run_for) / seconds : 0;
  return fmt::format("{} arrivals, {:.4g}/s on average", to_string(a.process), mean);
}

// A producer's writes: what each arrival does to its resource.
std::string describe_producer(const ScenarioSpec& spec, const SourceSpec& s,
                              const std::string& arrivals) {
  if (s.target_is_topic) {
    return fmt::format("- {} publishes to the SNS topic {} ({}).", s.name, s.target, arrivals);
  }
  if (s.target_is_bucket) {
    return fmt::format("- {} {} the object {} in the S3 bucket {} ({}).", s.name,
                       s.s3_get ? "gets" : "puts", s.key.empty() ? "''" : s.key, s.target,
                       arrivals);
  }
  if (s.target_is_stream) {
    return fmt::format(
        "- {} writes records to the Kinesis stream {} ({}): PutRecord, refused over a shard's "
        "1,000 records/s or 1 MiB/s and retried by the SDK (3 attempts), then lost.",
        s.name, s.target, arrivals);
  }
  if (s.target_is_firehose) {
    return fmt::format(
        "- {} writes {} to the Firehose stream {} ({}): subject to the stream's Direct "
        "PUT quotas; Firehose delivers them to S3 in buffered objects.",
        s.name,
        s.records > 1 ? fmt::format("batches of {} records (PutRecordBatch)", s.records)
                      : std::string("records (PutRecord)"),
        s.target, arrivals);
  }
  const bool fifo = spec.queues[s.target_index].fifo;
  return fmt::format("- {} sends messages to the SQS {}queue {} ({}).", s.name, fifo ? "FIFO " : "",
                     s.target, arrivals);
}

std::string describe_source(const ScenarioSpec& spec, const SourceSpec& s) {
  const std::string arrivals = describe_arrivals(spec, s);
  if (s.type == SourceType::producer && !s.target_is_state_machine && !s.target_is_bus) {
    return describe_producer(spec, s, arrivals);
  }
  if (s.target_is_state_machine || s.target_is_bus) {
    const bool express = s.target_is_state_machine &&
                         spec.state_machines[s.target_index].kind == WorkflowKind::express;
    if (s.target_is_bus) {
      return fmt::format("- {} puts events on the EventBridge bus {} ({}); its rules send them on.",
                         s.name, s.target, arrivals);
    }
    if (s.type == SourceType::api_gateway && express) {
      return fmt::format(
          "- {} is an API Gateway {} API ({}) integrated with the express state machine {}: "
          "StartSyncExecution, the client waits for the execution's result (a 504 after {}).",
          s.name, s.flavor == ApiFlavor::http ? "HTTP" : "REST", arrivals, s.target,
          format_duration(s.integration_timeout));
    }
    return fmt::format(
        "- {} starts executions of the state machine {} ({}): StartExecution answers at once.",
        s.name, s.target, arrivals);
  }
  if (s.target_is_queue) {
    return fmt::format(
        "- {} is an API Gateway {} API ({}) integrated with the SQS queue {}: each request is "
        "a SendMessage, answered once the queue has the message.",
        s.name, s.flavor == ApiFlavor::http ? "HTTP" : "REST", arrivals, s.target);
  }
  if (s.type == SourceType::api_gateway) {
    std::string text = fmt::format(
        "- {} is an API Gateway {} API ({}). Each request calls {} synchronously: the client "
        "waits for the function's answer. Limits: the account's API Gateway throttle ({} "
        "steady, burst {}; facts 6)",
        s.name, s.flavor == ApiFlavor::http ? "HTTP" : "REST", arrivals, s.target,
        format_rate(spec.account.api_gateway.refill), spec.account.api_gateway.capacity);
    if (s.throttle) {
      text += fmt::format(", the stage's own throttle ({}, burst {})",
                          format_rate(s.throttle->rate), s.throttle->burst);
    }
    text += fmt::format(
        ", and an integration timeout of {} after which the client gets a 504 while the "
        "function runs on. A Lambda 429 reaches the client as a 500: API Gateway does not retry.",
        format_duration(s.integration_timeout));
    return text;
  }
  if (s.mode == InvokeMode::sync) {
    return fmt::format(
        "- {} invokes {} directly and synchronously ({}): the caller waits. Each call counts "
        "against the account's invocation request-rate quota; a throttled call (429) is {}.",
        s.name, s.target, arrivals,
        s.retries > 0 ? fmt::format("retried up to {} times by the SDK with jittered "
                                    "exponential backoff",
                                    s.retries)
                      : "not retried: the caller sees the 429");
  }
  return fmt::format(
      "- {} invokes {} asynchronously ({}): Lambda accepts the event at once (202) into its "
      "internal queue and the caller does not wait. Throttled events are retried by Lambda "
      "with backoff for up to their maximum age; failed ones up to the function's async "
      "retries.",
      s.name, s.target, arrivals);
}

std::string describe_function(const ScenarioSpec& spec, const FunctionSpec& f,
                              const std::vector<std::string>& triggers) {
  std::string text =
      fmt::format("- {} is a Lambda function ({}, {} MB, {}, timeout {}).", f.name, f.runtime,
                  f.memory_mb, to_string(f.arch), format_duration(f.timeout));
  if (triggers.empty()) {
    text += " Nothing triggers it.";
  } else {
    std::string list;
    for (std::size_t i = 0; i < triggers.size(); ++i)
      list += (i == 0 ? "" : i + 1 == triggers.size() ? " and " : ", ") + triggers[i];
    text += fmt::format(" It is triggered by {}.", list);
  }
  if (f.reserved_concurrency) {
    text += fmt::format(
        " Reserved concurrency {}: a floor and a ceiling — the {}th concurrent execution is "
        "throttled (429).",
        *f.reserved_concurrency, *f.reserved_concurrency + 1);
  } else {
    text += fmt::format(
        " It shares the account's unreserved concurrency pool (the account limit {} minus "
        "every reservation).",
        spec.account.concurrency_limit);
  }
  if (f.provisioned_concurrency > 0) {
    text += fmt::format(
        " {} provisioned environments are initialised in advance and serve first (no cold "
        "start); beyond them it spills over to on-demand environments.",
        f.provisioned_concurrency);
  }
  if (spec.account.scaling == ScalingRule::legacy) {
    text += fmt::format(
        " A request that finds no idle environment starts a new one: a cold start (INIT). "
        "Under the legacy scaling rule new environments come from one account-wide burst of {} "
        "in {}, then 500 more per minute (facts 1.2).",
        legacy_burst_for_region(spec.account.region), spec.account.region);
  } else {
    text += fmt::format(
        " A request that finds no idle environment starts a new one: a cold start (INIT), at "
        "most {} new environments per {} per function (facts 1.2).",
        spec.account.scale_rate.capacity, format_duration(spec.account.scale_rate.refill.per));
  }
  return text;
}

// Wraps a paragraph at 100 columns, continuation lines indented under the text after "- ".
std::string wrapped(const std::string& text) {
  constexpr std::size_t kWidth = 100;
  std::string out;
  std::size_t line_start = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t next = text.find(' ', pos);
    if (next == std::string::npos) next = text.size();
    const std::size_t word = next - pos;
    const std::size_t used = out.size() - line_start;
    if (used > 2 && used + 1 + word > kWidth) {
      out += "\n  ";
      line_start = out.size() - 2;
    } else if (pos > 0) {
      out += ' ';
    }
    out.append(text, pos, word);
    pos = next + 1;
  }
  return out;
}

}  // namespace

int explain_command(const ScenarioArgs& args) {
  const ScenarioSpec spec = load_scenario(args.file, args.sets);
  const Topology topology = build_topology(spec);
  const TopologyGraph& g = topology.graph;
  fmt::print("{}{}\n", spec.name, spec.description.empty() ? "" : ": " + spec.description);
  fmt::print("Region {}, account concurrency limit {}, run for {}.\n\n", spec.account.region,
             spec.account.concurrency_limit, format_duration(spec.run_for));
  fmt::print("Sources (where requests come from):\n");
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    if (g[*v].kind != NodeKind::source) continue;
    if (const SourceSpec* s = source_named(spec, g[*v].name))
      fmt::print("{}\n", wrapped(describe_source(spec, *s)));
  }
  fmt::print("\nFunctions:\n");
  for (auto [v, end] = boost::vertices(g); v != end; ++v) {
    if (g[*v].kind != NodeKind::function) continue;
    std::vector<std::string> triggers;
    for (auto [e, e_end] = boost::edges(g); e != e_end; ++e) {
      if (boost::target(*e, g) != *v) continue;
      triggers.push_back(fmt::format("{} ({})", g[boost::source(*e, g)].name, g[*e].label));
    }
    if (const FunctionSpec* f = function_named(spec, g[*v].name))
      fmt::print("{}\n", wrapped(describe_function(spec, *f, triggers)));
  }
  return 0;
}

}  // namespace slsim::cli
