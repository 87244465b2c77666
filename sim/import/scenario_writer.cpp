// The intermediate model written as a commented slsim scenario (scenario_writer.hpp).

#include "slsim/import/scenario_writer.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "services_section.hpp"
#include "slsim/cold_start_defaults.hpp"
#include "slsim/import/schedule_expression.hpp"
#include "slsim/units.hpp"

namespace slsim::import {

namespace {

// Placeholders: what a template cannot say. Each is written with a PLACEHOLDER comment.
constexpr const char* kRunFor = "1h";
constexpr const char* kDuration = "{dist: lognormal, median: 100ms, p99: 500ms}";
constexpr const char* kColdStart = "{dist: fixed, value: 500ms}";
constexpr const char* kApiTraffic = "{process: poisson, rate: 10/s}";
constexpr const char* kEventTraffic = "{process: poisson, rate: 1/s}";
// facts 1.1: reservations must leave 100 of the account limit unreserved; default limit 1,000.
constexpr std::int64_t kUnreservedMinimum = 100;
constexpr std::int64_t kDefaultAccountLimit = 1000;

std::string quoted(const std::string& s) {
  YAML::Emitter e;
  e << YAML::DoubleQuoted << s;
  return e.c_str();
}

std::string where_text(const SourceLocation& where) {
  return where.line > 0 ? fmt::format("{}:{}:{}", where.file, where.line, where.column)
                        : where.file;
}

// [A-Za-z0-9_-]+: other characters (dots of bucket names, ...) become '-'.
std::string scenario_name(const std::string& name) {
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    out += ok ? c : '-';
  }
  return out.empty() ? std::string("unnamed") : out;
}

// "GET /tasks": the method in capitals, the path with its leading '/' (Serverless omits it).
std::string route(const EventModel& e) {
  std::string method = e.method.empty() ? std::string("ANY") : e.method;
  std::transform(method.begin(), method.end(), method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const std::string path = e.path.empty() || e.path[0] != '/' ? "/" + e.path : e.path;
  return fmt::format("{} {}", method, path);
}

class Writer {
 public:
  Writer(const TemplateModel& model, const ImportOptions& options)
      : model_(model), options_(options) {}

  ImportResult write() {
    name_functions();
    header();
    account();
    functions();
    if (options_.services_schema) resources();
    sources();
    not_simulated();
    result_.scenario_yaml = out_;
    result_.mapped.insert(result_.mapped.end(), model_.mapped.begin(), model_.mapped.end());
    result_.guessed.insert(result_.guessed.end(), model_.guessed.begin(), model_.guessed.end());
    result_.skipped.insert(result_.skipped.end(), model_.skipped.begin(), model_.skipped.end());
    return result_;
  }

 private:
  void line(const std::string& text) { out_ += text + "\n"; }
  void mapped(const std::string& subject, const std::string& detail, const SourceLocation& at) {
    result_.mapped.push_back(ImportNote{subject, detail, at});
  }
  void guessed(const std::string& subject, const std::string& detail, const SourceLocation& at) {
    result_.guessed.push_back(ImportNote{subject, detail, at});
  }
  void skipped(const std::string& subject, const std::string& detail, const SourceLocation& at) {
    result_.skipped.push_back(ImportNote{subject, detail, at});
  }

  // Names are unique across functions, sources and resources in a scenario.
  std::string unique(const std::string& wanted) {
    std::string name = scenario_name(wanted);
    for (int n = 2; used_.count(name) > 0; ++n)
      name = fmt::format("{}-{}", scenario_name(wanted), n);
    used_.insert(name);
    return name;
  }

  void name_functions() {
    for (const FunctionModel& fn : model_.functions)
      function_names_[fn.name] = unique(fn.name);
    for (const FunctionModel& fn : model_.functions)
      names_.functions[fn.name] = function_names_.at(fn.name);
    if (!options_.services_schema) return;
    std::string why;
    for (const ResourceModel& r : model_.resources) {
      if (r.kind == ResourceKind::sqs_queue) names_.queues[r.name] = unique(r.name);
      if (r.kind == ResourceKind::sns_topic) names_.topics[r.name] = unique(r.name);
      if (r.kind == ResourceKind::s3_bucket) names_.buckets[r.name] = unique(r.name);
      if (r.kind == ResourceKind::dynamodb_table) names_.tables[r.name] = unique(r.name);
      if (r.kind == ResourceKind::kinesis_stream) names_.streams[r.name] = unique(r.name);
      if (r.kind == ResourceKind::state_machine && !r.states.empty()) {
        names_.machines[r.name] = unique(r.name);
      }
      if (r.kind == ResourceKind::schedule && r.enabled && simulated_schedule(r.schedule, why)) {
        names_.schedules[r.name] = unique(r.name);
      }
      if (r.kind == ResourceKind::firehose && firehose_unsimulated(r, model_).empty()) {
        names_.firehoses[r.name] = unique(r.name);
      }
    }
    for (const FunctionModel& fn : model_.functions) {
      for (const EventModel& e : fn.events) {
        if (e.kind == EventKind::schedule && e.rule.empty() && e.enabled &&
            simulated_schedule(e.schedule, why)) {
          names_.event_schedules[&e] = unique(fn.name + "-" + e.name);
        }
      }
    }
    for (const ResourceModel& r : model_.resources) {
      if (names_.machines.count(r.name) == 0) continue;
      for (const EventModel& e : r.events) {
        if (e.kind == EventKind::schedule && e.enabled && simulated_schedule(e.schedule, why)) {
          names_.event_schedules[&e] = unique(r.name + "-" + e.name);
        }
        if (e.kind == EventKind::api || e.kind == EventKind::http_api) {
          names_.machine_apis[&e] = unique(r.name + "-" + e.name);
        }
      }
    }
  }

  void header() {
    line(fmt::format("# Imported by `{}` from {}.", options_.command, model_.file));
    line("# A template says what the architecture is, not how it is used. Every value marked");
    line("# PLACEHOLDER below is a guess for you to replace with your own figures:");
    line("#   - sources.*.arrivals: the traffic of each event source (from CloudWatch metrics:");
    line("#     API Gateway Count, SQS NumberOfMessagesSent, S3 PUT requests, ...);");
    line("#   - functions.*.duration: how long each handler runs (CloudWatch Duration p50/p99);");
    line("#   - what each function calls downstream (`calls:` of sqs_send, sns_publish, invoke):");
    line("#     a template does not say it.");
    line("# Check it with `slsim validate` and run it with `slsim run`.");
    line(fmt::format("name: {}", scenario_name(model_.name)));
    if (!model_.description.empty())
      line(fmt::format("description: {}", quoted(model_.description)));
    line(fmt::format("run_for: {}  # PLACEHOLDER: how long to simulate", kRunFor));
    guessed("run_for", fmt::format("{} (how long to simulate)", kRunFor), SourceLocation{});
  }

  // Reservations must leave 100 of the account limit unreserved (facts 1.1): when the
  // template reserves more than the default limit allows, the account limit is raised.
  void account() {
    std::int64_t reserved = 0;
    for (const FunctionModel& fn : model_.functions) {
      if (fn.reserved_concurrency) {
        reserved += *fn.reserved_concurrency;
      } else if (fn.provisioned_concurrency) {
        reserved += *fn.provisioned_concurrency;
      }
    }
    if (reserved + kUnreservedMinimum <= kDefaultAccountLimit) return;
    const std::int64_t limit = reserved + kUnreservedMinimum;
    line("account:");
    line(
        fmt::format("  concurrency_limit: {}  # PLACEHOLDER: your account's limit; the template "
                    "reserves {}, and 100 must stay unreserved",
                    limit, reserved));
    guessed(
        "account.concurrency_limit",
        fmt::format("{} (the template reserves {}; AWS's default limit is 1000)", limit, reserved),
        SourceLocation{});
  }

  void runtime(const FunctionModel& fn, const std::string& subject) {
    const Architecture arch = fn.arch == "arm64" ? Architecture::arm64 : Architecture::x86_64;
    const PackageType package = fn.image ? PackageType::image : PackageType::zip;
    if (fn.image) line("    package: image");
    const bool known = !fn.runtime.empty() && is_known_runtime(fn.runtime);
    if (known) line(fmt::format("    runtime: {}", fn.runtime));
    if (known && default_cold_start(fn.runtime, arch, package)) {
      mapped(
          subject,
          fmt::format("runtime {}: cold start from the measured default (facts 1.7)", fn.runtime),
          fn.where);
      return;
    }
    if (const ColdStartMeasurement* nearest = same_language(fn.runtime, arch, package)) {
      const std::string value = format_duration(nearest->midpoint());
      line(
          fmt::format("    cold_start: {}  # PLACEHOLDER: {} was not measured; the default of {} "
                      "(facts 1.7)",
                      value, fn.runtime, nearest->runtime));
      guessed(subject,
              fmt::format("cold_start {}: {} was not measured, took {}", value, fn.runtime,
                          nearest->runtime),
              fn.where);
      return;
    }
    const std::string why = fn.runtime.empty() ? std::string("the template names no runtime")
                            : known ? fmt::format("slsim has no measured cold start for {} ({})",
                                                  fn.runtime, fn.image ? "image" : "zip")
                                    : fmt::format("runtime {} is not one slsim knows", fn.runtime);
    line(fmt::format("    cold_start: {}  # PLACEHOLDER: {}; measure your INIT Duration",
                     kColdStart, why));
    guessed(subject, fmt::format("cold_start 500ms: {}", why), fn.where);
  }

  // The first measured runtime of the same language (nodejs20.x -> nodejs22.x), or nullptr.
  static const ColdStartMeasurement* same_language(const std::string& runtime, Architecture arch,
                                                   PackageType package) {
    const std::string language = runtime.substr(0, runtime.find_first_of("0123456789."));
    if (language.empty() || language == "provided") return nullptr;
    for (const ColdStartMeasurement& m : cold_start_table()) {
      if (m.arch == arch && m.package == package && m.runtime.rfind(language, 0) == 0) return &m;
    }
    return nullptr;
  }

  void functions() {
    line("functions:");
    for (const FunctionModel& fn : model_.functions) {
      const std::string name = function_names_.at(fn.name);
      const std::string subject = "function " + fn.name;
      line(fmt::format("  {}:  # {}", name, where_text(fn.where)));
      runtime(fn, subject);
      std::vector<std::string> said;
      if (fn.memory_mb) {
        line(fmt::format("    memory: {}", *fn.memory_mb));
        said.push_back(fmt::format("memory {} MB", *fn.memory_mb));
      }
      if (!fn.arch.empty()) {
        line(fmt::format("    arch: {}", fn.arch));
        said.push_back(fn.arch);
      }
      if (fn.timeout_s) {
        line(fmt::format("    timeout: {}s", *fn.timeout_s));
        said.push_back(fmt::format("timeout {}s", *fn.timeout_s));
      }
      line(fmt::format("    duration: {}  # PLACEHOLDER: your handler's time per invocation",
                       kDuration));
      guessed(subject, "duration: lognormal median 100ms, p99 500ms", fn.where);
      if (fn.reserved_concurrency) {
        line(fmt::format("    reserved_concurrency: {}", *fn.reserved_concurrency));
        said.push_back(fmt::format("reserved concurrency {}", *fn.reserved_concurrency));
      }
      if (fn.provisioned_concurrency) {
        line(fmt::format("    provisioned_concurrency: {}", *fn.provisioned_concurrency));
        said.push_back(fmt::format("provisioned concurrency {}", *fn.provisioned_concurrency));
      }
      async_settings(fn, said);
      downstream(fn, subject);
      mapped(subject,
             fmt::format("-> functions.{}{}{}", name, said.empty() ? "" : ": ",
                         fmt::format("{}", fmt::join(said, ", "))),
             fn.where);
    }
  }

  // What the handler calls is not in a template; its permissions hint at it. Suggestions are
  // written commented out: a permission does not say how often, or whether, it is used.
  void downstream(const FunctionModel& fn, const std::string& subject) {
    std::vector<std::string> calls;
    for (const auto& [action, resource] : fn.permitted_calls) {
      const auto& names = action == "sqs_send"                ? names_.queues
                          : action == "sns_publish"           ? names_.topics
                          : action.rfind("dynamodb_", 0) == 0 ? names_.tables
                          : action.rfind("s3_", 0) == 0       ? names_.buckets
                          : action == "kinesis_put"           ? names_.streams
                          : action == "start_execution"       ? names_.machines
                          : action == "firehose_put"          ? names_.firehoses
                                                              : names_.functions;
      const auto target = names.find(resource);
      if (target == names.end()) continue;
      if (action == "firehose_put" && model_.find_resource(resource)->source_type != "DirectPut") {
        guessed(subject,
                fmt::format("its policies allow firehose_put to {}, whose source is a Kinesis "
                            "stream (no PutRecord): no call suggested",
                            resource),
                fn.where);
        continue;
      }
      calls.push_back(fmt::format("{{action: {}, target: {}}}", action, target->second));
      guessed(subject,
              fmt::format("may call: {} {} (its policies allow it; suggested, commented out)",
                          action, resource),
              fn.where);
    }
    line("    # DOWNSTREAM: what this handler calls is not in the template; add it as");
    line("    # calls: [{action: sqs_send, target: <queue>}] (or sns_publish, invoke, s3_put,");
    line("    # s3_get, dynamodb_read, dynamodb_write, dynamodb_query).");
    if (!calls.empty()) {
      line("    # Its policies allow these calls; if it makes them, uncomment (with count and");
      line("    # probability per invocation if not 1):");
      line(fmt::format("    # calls: [{}]", fmt::join(calls, ", ")));
    }
  }

  void async_settings(const FunctionModel& fn, std::vector<std::string>& said) {
    const bool destination = !fn.on_failure.empty() && options_.services_schema &&
                             names_.queues.count(fn.on_failure) > 0;
    if (!fn.on_failure.empty() && !destination) {
      skipped("function " + fn.name,
              fmt::format("on-failure destination / DLQ {}: not simulated by this build",
                          fn.on_failure),
              fn.where);
    }
    if (!fn.async_retries && !fn.async_max_age_s && !destination) return;
    line("    async:");
    if (fn.async_max_age_s) {
      line(fmt::format("      max_event_age: {}s", *fn.async_max_age_s));
      said.push_back(fmt::format("async max event age {}s", *fn.async_max_age_s));
    }
    if (fn.async_retries) {
      line(fmt::format("      retries: {}", *fn.async_retries));
      said.push_back(fmt::format("async retries {}", *fn.async_retries));
    }
    if (destination) {
      line(fmt::format("      on_failure: {}", names_.queues.at(fn.on_failure)));
      said.push_back("on failure to queue " + fn.on_failure);
    }
  }

  void api_source(const FunctionModel& fn, const EventModel& e, const std::string& name) {
    line(
        fmt::format("  {}:  # {} {} ({})", name, to_string(e.kind), route(e), where_text(e.where)));
    line("    type: api_gateway");
    line(fmt::format("    flavor: {}", e.kind == EventKind::api ? "rest" : "http"));
    line(fmt::format("    target: {}", function_names_.at(fn.name)));
    line(fmt::format("    arrivals: {}  # PLACEHOLDER: your requests per second on {}", kApiTraffic,
                     route(e)));
    guessed("source " + name, fmt::format("traffic {} on {}", kApiTraffic, route(e)), e.where);
  }

  // S3, SNS, EventBridge and schedules invoke asynchronously (facts 1.4).
  void async_source(const FunctionModel& fn, const EventModel& e, const std::string& name) {
    std::string what = to_string(e.kind);
    if (!e.resource.empty()) what += " " + e.resource;
    if (!e.schedule.empty()) what += " " + e.schedule;
    line(fmt::format("  {}:  # {} ({})", name, what, where_text(e.where)));
    line("    type: invoke");
    line("    mode: async");
    line(fmt::format("    target: {}", function_names_.at(fn.name)));
    std::string why;
    if (e.kind == EventKind::schedule && options_.services_schema && e.rule.empty() &&
        !simulated_schedule(e.schedule, why)) {
      skipped(
          "event " + e.name + " of function " + fn.name,
          fmt::format("{} is outside the simulator's schedule expressions (its check says: {}): "
                      "kept as a direct invocation at its mean rate",
                      e.schedule, why),
          e.where);
    }
    const auto rate = e.kind == EventKind::schedule ? schedule_rate(e.schedule) : std::nullopt;
    if (rate && !rate->approximate) {
      line(fmt::format("    arrivals: {{process: constant, rate: {}}}  # {}", rate->rate,
                       e.schedule));
      return;
    }
    if (rate) {
      line(
          fmt::format("    arrivals: {{process: constant, rate: {}}}  # PLACEHOLDER: {} counted "
                      "without its day and month restrictions",
                      rate->rate, e.schedule));
      guessed("source " + name, fmt::format("{} approximated as {}", e.schedule, rate->rate),
              e.where);
      return;
    }
    const std::string unit = e.kind == EventKind::s3    ? "objects written per second"
                             : e.kind == EventKind::sns ? "messages published per second"
                                                        : "matching events per second";
    line(fmt::format("    arrivals: {}  # PLACEHOLDER: your {}{}", kEventTraffic, unit,
                     e.has_filter ? " (only those that pass the filter)" : ""));
    guessed("source " + name, fmt::format("traffic {} ({})", kEventTraffic, unit), e.where);
  }

  // SQS, Kinesis and DynamoDB streams: the pollers invoke synchronously, one batch per call.
  void polled_source(const FunctionModel& fn, const EventModel& e, const std::string& name) {
    line(fmt::format("  {}:  # {} {} ({})", name, to_string(e.kind), e.resource,
                     where_text(e.where)));
    line("    type: invoke");
    line("    mode: sync");
    line(fmt::format("    target: {}", function_names_.at(fn.name)));
    line(
        fmt::format("    arrivals: {}  # PLACEHOLDER: batches per second (each arrival is one "
                    "batch of up to {} records)",
                    kEventTraffic, e.batch_size ? *e.batch_size : 10));
    guessed("source " + name, fmt::format("{} batches: {}", to_string(e.kind), kEventTraffic),
            e.where);
    skipped("event " + e.name + " of function " + fn.name,
            fmt::format("{} batching, polling and retries are not simulated by this build: "
                        "modelled as direct synchronous invocations",
                        to_string(e.kind)),
            e.where);
  }

  void producer_source(const ProducerSpec& p, const std::string& name) {
    if (p.records || p.executions) {
      const char* what = p.records ? "records put" : "executions started";
      line(fmt::format("  {}:  # {} to {} ({})", name, what, p.resource, where_text(p.where)));
      line("    type: producer");
      line(fmt::format("    target: {}", p.target));
      line(fmt::format("    arrivals: {}  # PLACEHOLDER: your {} per second", kEventTraffic, what));
      guessed("source " + name, fmt::format("{} to {}: {}", what, p.resource, kEventTraffic),
              p.where);
      return;
    }
    if (p.records) {
      line(fmt::format("  {}:  # records put to {} ({})", name, p.resource, where_text(p.where)));
      line("    type: producer");
      line(fmt::format("    target: {}", p.target));
      line(fmt::format("    arrivals: {}  # PLACEHOLDER: your records put per second",
                       kEventTraffic));
      guessed("source " + name, fmt::format("records to {}: {}", p.resource, kEventTraffic),
              p.where);
      return;
    }
    const bool bucket = !p.key.empty();
    line(fmt::format("  {}:  # {} {} ({})", name,
                     bucket ? "objects written to" : "messages sent to", p.resource,
                     where_text(p.where)));
    line("    type: producer");
    line(fmt::format("    target: {}", p.target));
    if (bucket) {
      line(fmt::format("    key: {}  # PLACEHOLDER: a key its notification filters match",
                       quoted(p.key)));
    }
    line(fmt::format("    arrivals: {}  # PLACEHOLDER: your {} per second", kEventTraffic,
                     bucket ? "objects written" : "messages sent"));
    guessed("source " + name,
            fmt::format("{} {}: {}", bucket ? "objects written to" : "messages to", p.resource,
                        kEventTraffic),
            p.where);
  }

  // The services-schema resources, their notes, and the events they took over.
  void resources() {
    services_ = write_services_section(model_, names_);
    out_ += services_.yaml;
    result_.mapped.insert(result_.mapped.end(), services_.mapped.begin(), services_.mapped.end());
    result_.guessed.insert(result_.guessed.end(), services_.guessed.begin(),
                           services_.guessed.end());
    result_.skipped.insert(result_.skipped.end(), services_.skipped.begin(),
                           services_.skipped.end());
  }

  void event_details(const FunctionModel& fn, const EventModel& e) {
    const std::string subject = "event " + e.name + " of function " + fn.name;
    if (e.has_filter) {
      skipped(subject, "filter not simulated: give the rate of matching events only", e.where);
    }
    // A bucket notification of the scenario matches keys against its filter.
    const bool notification = e.kind == EventKind::s3 && services_.consumed.count(&e) > 0;
    if (!e.s3_filter.empty() && !notification) {
      skipped(subject, "S3 key filter (" + e.s3_filter + ") not simulated", e.where);
    }
    const bool consumer = services_.consumed.count(&e) > 0;
    if (!consumer &&
        (e.parallelization_factor || !e.starting_position.empty() || e.maximum_retry_attempts)) {
      skipped(subject,
              "stream settings (parallelization, starting position, retries) not "
              "simulated",
              e.where);
    }
  }

  void sources() {
    bool any = false;
    for (const FunctionModel& fn : model_.functions) {
      for (const EventModel& e : fn.events) {
        const std::string subject = "event " + e.name + " of function " + fn.name;
        if (!e.enabled) {
          skipped(subject, "disabled in the template", e.where);
          continue;
        }
        if (!any) line("sources:");
        any = true;
        event_details(fn, e);
        if (services_.consumed.count(&e) > 0) continue;  // a consumer or subscription now
        const std::string name = unique(fn.name + "-" + e.name);
        switch (e.kind) {
          case EventKind::api:
          case EventKind::http_api:
            api_source(fn, e, name);
            break;
          case EventKind::s3:
          case EventKind::sns:
          case EventKind::schedule:
          case EventKind::eventbridge_rule:
            async_source(fn, e, name);
            break;
          case EventKind::sqs:
          case EventKind::kinesis:
          case EventKind::dynamodb:
            polled_source(fn, e, name);
            break;
        }
        mapped(subject,
               fmt::format("-> sources.{} ({}{})", name, to_string(e.kind),
                           e.schedule.empty() ? "" : " " + e.schedule),
               e.where);
      }
    }
    if (!services_.sources_yaml.empty()) {
      if (!any) line("sources:");
      any = true;
      out_ += services_.sources_yaml;
    }
    for (const ProducerSpec& p : services_.producers) {
      if (!any) line("sources:");
      any = true;
      const std::string name = unique(p.resource + "-producer");
      producer_source(p, name);
      mapped("resource " + p.resource, "fed by sources." + name, p.where);
    }
    if (!any) {
      line("sources: {}  # PLACEHOLDER: the template has no event source; add an api_gateway or");
      line("             # invoke source with the traffic you want to simulate");
      guessed("sources", "the template has no event source: none written", SourceLocation{});
    }
  }

  static std::string resource_details(const ResourceModel& r) {
    std::vector<std::string> d;
    if (r.fifo) d.emplace_back("FIFO");
    if (r.visibility_timeout_s) d.push_back(fmt::format("visibility {}s", *r.visibility_timeout_s));
    if (!r.dead_letter.empty()) {
      d.push_back(
          fmt::format("DLQ {} after {} receives", r.dead_letter, r.max_receive_count.value_or(0)));
    }
    if (!r.billing_mode.empty()) d.push_back(r.billing_mode);
    if (r.read_capacity) d.push_back(fmt::format("{} RCU", *r.read_capacity));
    if (r.write_capacity) d.push_back(fmt::format("{} WCU", *r.write_capacity));
    if (!r.stream_view_type.empty()) d.push_back("stream " + r.stream_view_type);
    if (r.shards) d.push_back(fmt::format("{} shards", *r.shards));
    if (!r.stream_mode.empty()) d.push_back(r.stream_mode);
    if (!r.machine_type.empty()) d.push_back(r.machine_type);
    for (const StateModel& s : r.states) {
      d.push_back(fmt::format("state {} ({}{})", s.name, s.type,
                              s.resource.empty() ? "" : " -> " + s.resource));
    }
    if (!r.definition_note.empty()) d.push_back(r.definition_note);
    if (r.kind == ResourceKind::firehose) {
      d.push_back(r.source.empty() ? r.source_type : r.source_type + " from " + r.source);
      d.push_back(r.destination_type.empty() ? std::string("no destination")
                  : r.destination.empty()    ? r.destination_type
                                             : r.destination_type + " to " + r.destination);
    }
    for (const EventModel& e : r.events)
      d.push_back(fmt::format("event {} ({})", e.name, to_string(e.kind)));
    return fmt::format("{}", fmt::join(d, ", "));
  }

  void not_simulated() {
    bool any = false;
    for (const ResourceModel& r : model_.resources) {
      const bool simulated =
          r.kind == ResourceKind::sqs_queue || r.kind == ResourceKind::sns_topic ||
          r.kind == ResourceKind::s3_bucket || r.kind == ResourceKind::dynamodb_table ||
          r.kind == ResourceKind::schedule || r.kind == ResourceKind::kinesis_stream ||
          (r.kind == ResourceKind::firehose && names_.firehoses.count(r.name) > 0);
      if (options_.services_schema &&
          (simulated || (r.kind == ResourceKind::state_machine && !r.states.empty()))) {
        continue;
      }
      if (r.kind == ResourceKind::schedule) {
        // Without resources, the schedule's functions are invoked directly (its events).
        mapped(fmt::format("resource {} ({})", r.name, r.type),
               "-> the invoke sources of its function targets (queues and topics not fed)",
               r.where);
        continue;
      }
      if (!any) {
        line("");
        line(
            "# In the template but not simulated by this build of slsim (see the import summary):");
      }
      any = true;
      const std::string details = resource_details(r);
      line(fmt::format("#   {}: {}{}{} ({})", r.name, to_string(r.kind),
                       details.empty() ? "" : ", ", details, where_text(r.where)));
      // A Firehose stream the services schema cannot hold says why.
      const std::string why = options_.services_schema && r.kind == ResourceKind::firehose
                                  ? firehose_unsimulated(r, model_)
                                  : std::string("not simulated by this build");
      skipped(fmt::format("resource {} ({})", r.name, to_string(r.kind)),
              fmt::format("{}{}{}", why, details.empty() ? "" : ": ", details), r.where);
    }
  }

  const TemplateModel& model_;
  const ImportOptions& options_;
  ImportResult result_;
  std::string out_;
  std::set<std::string> used_;
  std::map<std::string, std::string> function_names_;
  ScenarioNames names_;
  ServicesSection services_;
};

void summary_section(std::string& out, const char* title, const std::vector<ImportNote>& notes) {
  out += fmt::format("{} ({}):\n", title, notes.size());
  for (const ImportNote& note : notes) {
    const std::string where = note.where.file.empty() ? "" : "  [" + where_text(note.where) + "]";
    out += fmt::format("  {}: {}{}\n", note.subject, note.detail, where);
  }
}

}  // namespace

ImportResult write_scenario(const TemplateModel& model, const ImportOptions& options) {
  return Writer(model, options).write();
}

std::string format_import_summary(const ImportResult& result) {
  std::string out = fmt::format("imported: {} mapped, {} guessed, {} skipped\n",
                                result.mapped.size(), result.guessed.size(), result.skipped.size());
  summary_section(out, "mapped", result.mapped);
  summary_section(out, "guessed (PLACEHOLDER in the scenario: replace with your figures)",
                  result.guessed);
  summary_section(out, "skipped (not simulated)", result.skipped);
  return out;
}

}  // namespace slsim::import
