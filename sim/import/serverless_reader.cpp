// Serverless Framework services (serverless_reader.hpp).

#include "slsim/import/serverless_reader.hpp"

#include <map>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cfn_functions.hpp"
#include "slsim/import/cfn_template.hpp"
#include "slsim/import/cfn_values.hpp"
#include "slsim/import/serverless_variables.hpp"
#include "slsim/yaml_reader.hpp"

#include "yaml_lookup.hpp"

namespace slsim::import {

namespace {

// Serverless Framework AWS provider defaults (serverless.com docs, "AWS - Functions":
// memorySize 1024, timeout 6).
constexpr std::int64_t kDefaultMemoryMb = 1024;
constexpr std::int64_t kDefaultTimeoutS = 6;
constexpr std::int64_t kMaxBatchSize = 10'000;  // facts 2

class ServerlessReader {
 public:
  ServerlessReader(const YAML::Node& root, const std::string& file, TemplateModel& model)
      : root_(root), values_(file, lookup(root, "resources"), model), model_(model) {}

  void set_resource_file(const std::string& name, const std::string& from) {
    values_.set_resource_file(name, from);
  }

  void read() {
    const YAML::Node service = lookup(root_, "service");
    if (!service) throw ScenarioError::missing(values_.at(root_), "(serverless.yml)", "service");
    const YAML::Node name = service.IsMap() ? lookup(service, "name") : service;
    model_.name = values_.text(name, "service").value_or("service");
    const YAML::Node provider = lookup(root_, "provider");
    if (!provider || !provider.IsMap()) {
      throw ScenarioError::missing(values_.at(root_), "(serverless.yml)", "provider");
    }
    const auto provider_name = values_.text(lookup(provider, "name"), "provider.name");
    if (provider_name != "aws") {
      throw values_.invalid(lookup(provider, "name"), "provider.name",
                            "aws (the only provider slsim simulates)");
    }
    read_resources();
    const YAML::Node functions = lookup(root_, "functions");
    if (!functions || !functions.IsMap() || functions.size() == 0) {
      throw ScenarioError::rule(values_.at(functions ? functions : root_), "functions",
                                "expected a map of functions; the service defines none, so there "
                                "is nothing to simulate");
    }
    for (const auto& entry : functions) {
      model_.functions.push_back(read_function(entry.first.Scalar(), entry.second, provider));
    }
  }

 private:
  void read_resources() {
    const YAML::Node resources = lookup(root_, "resources");
    if (!resources) return;
    if (!resources.IsMap()) {
      throw values_.invalid(resources, "resources", "a map with Resources (CloudFormation)");
    }
    if (const YAML::Node cfn = lookup(resources, "Resources")) {
      read_cfn_resources(cfn, "resources.Resources", YAML::Node(), values_, model_);
    }
  }

  // The function's own value, else the provider's.
  static YAML::Node setting(const YAML::Node& fn, const YAML::Node& provider, const char* key) {
    const YAML::Node own = lookup(fn, key);
    return own ? own : lookup(provider, key);
  }

  FunctionModel read_function(const std::string& name, const YAML::Node& fn,
                              const YAML::Node& provider) {
    const std::string path = "functions." + name;
    if (!fn.IsMap()) throw values_.invalid(fn, path, "a function (a map with handler, events...)");
    FunctionModel f;
    f.name = name;
    f.where = values_.at(fn);
    f.image = static_cast<bool>(lookup(fn, "image"));
    if (const auto runtime = values_.text(setting(fn, provider, "runtime"), path + ".runtime")) {
      f.runtime = *runtime;
    }
    f.memory_mb = values_.integer(setting(fn, provider, "memorySize"), path + ".memorySize", 128,
                                  10'240, "an integer number of MB from 128 to 10240");
    if (!f.memory_mb) f.memory_mb = kDefaultMemoryMb;
    f.timeout_s = values_.integer(setting(fn, provider, "timeout"), path + ".timeout", 1, 900,
                                  "an integer number of seconds from 1 to 900");
    if (!f.timeout_s) f.timeout_s = kDefaultTimeoutS;
    if (const auto arch =
            values_.text(setting(fn, provider, "architecture"), path + ".architecture")) {
      if (*arch != "x86_64" && *arch != "arm64") {
        throw values_.invalid(setting(fn, provider, "architecture"), path + ".architecture",
                              "x86_64 or arm64");
      }
      f.arch = *arch;
    }
    f.reserved_concurrency =
        values_.integer(lookup(fn, "reservedConcurrency"), path + ".reservedConcurrency", 0,
                        1'000'000, "an integer >= 0");
    f.provisioned_concurrency =
        values_.integer(lookup(fn, "provisionedConcurrency"), path + ".provisionedConcurrency", 0,
                        1'000'000, "an integer >= 0");
    f.async_retries =
        values_.integer(lookup(fn, "maximumRetryAttempts"), path + ".maximumRetryAttempts", 0, 2,
                        "an integer from 0 to 2");
    f.async_max_age_s =
        values_.integer(lookup(fn, "maximumEventAge"), path + ".maximumEventAge", 60, 21'600,
                        "an integer number of seconds from 60 to 21600");
    if (const auto on_failure = values_.resource_ref(
            lookup(lookup(fn, "destinations"), "onFailure"), path + ".destinations.onFailure")) {
      f.on_failure = on_failure->name;
    }
    const YAML::Node events = lookup(fn, "events");
    if (events) {
      if (!events.IsSequence()) throw values_.invalid(events, path + ".events", "a list of events");
      for (std::size_t i = 0; i < events.size(); ++i) {
        read_event(f, events[i], fmt::format("{}.events[{}]", path, i));
      }
    }
    return f;
  }

  // "GET /tasks" -> (GET, /tasks); "*" -> (ANY, /*).
  static void split_route(const std::string& route, EventModel& event) {
    if (route == "*") {
      event.method = "ANY";
      event.path = "/*";
      return;
    }
    const auto space = route.find(' ');
    event.method = space == std::string::npos ? "ANY" : route.substr(0, space);
    event.path = space == std::string::npos ? route : route.substr(space + 1);
  }

  void read_api(const YAML::Node& spec, const std::string& path, EventModel& event) {
    if (spec.IsMap()) {
      event.method = values_.text(lookup(spec, "method"), path + ".method").value_or("ANY");
      event.path = values_.text(lookup(spec, "path"), path + ".path").value_or("/");
    } else if (const auto route = values_.text(spec, path)) {
      split_route(*route, event);
    }
  }

  void set_resource(const YAML::Node& node, const std::string& path, EventModel& event) {
    if (const auto ref = values_.resource_ref(node, path)) {
      event.resource = ref->name;
      event.resource_in_template = ref->in_template;
    }
  }

  // A topic or bucket the framework creates for the event when the template does not; an
  // `existing: true` bucket is not created by the stack but exists all the same.
  void add_implicit_resource(ResourceKind kind, EventModel& event, bool existing = false) {
    if (event.resource.empty() || event.resource_in_template) return;
    for (const ResourceModel& r : model_.resources) {
      if (r.name == event.resource && r.kind == kind) {
        event.resource_in_template = true;
        return;
      }
    }
    ResourceModel r;
    r.name = event.resource;
    r.kind = kind;
    r.where = event.where;
    r.existing = existing;
    model_.resources.push_back(r);
    event.resource_in_template = true;
  }

  void read_batching(const YAML::Node& spec, const std::string& path, EventModel& event,
                     const char* window_key) {
    event.batch_size = values_.integer(lookup(spec, "batchSize"), path + ".batchSize", 1,
                                       kMaxBatchSize, "an integer batch size from 1 to 10000");
    event.batching_window_s = values_.integer(lookup(spec, window_key), path + "." + window_key, 0,
                                              300, "an integer number of seconds from 0 to 300");
    event.maximum_concurrency =
        values_.integer(lookup(spec, "maximumConcurrency"), path + ".maximumConcurrency", 2, 1'000,
                        "an integer from 2 to 1000");
    event.parallelization_factor =
        values_.integer(lookup(spec, "parallelizationFactor"), path + ".parallelizationFactor", 1,
                        10, "an integer from 1 to 10");
    event.maximum_retry_attempts =
        values_.integer(lookup(spec, "maximumRetryAttempts"), path + ".maximumRetryAttempts", -1,
                        10'000, "an integer from -1 to 10000");
    event.maximum_record_age_s = values_.integer(
        lookup(spec, "maximumRecordAgeInSeconds"), path + ".maximumRecordAgeInSeconds", -1, 604'800,
        "-1 or an integer number of seconds from 60 to 604800");
    event.tumbling_window_s =
        values_.integer(lookup(spec, "tumblingWindowInSeconds"), path + ".tumblingWindowInSeconds",
                        0, 900, "an integer number of seconds from 0 to 900");
    event.bisect_on_error = values_
                                .boolean(lookup(spec, "bisectBatchOnFunctionError"),
                                         path + ".bisectBatchOnFunctionError")
                                .value_or(false);
    // destinations.onFailure: an ARN, or {arn, type} (Serverless Framework docs, "AWS - Kinesis
    // & DynamoDB Streams").
    const YAML::Node on_failure = lookup(lookup(spec, "destinations"), "onFailure");
    const YAML::Node destination = on_failure.IsMap() ? lookup(on_failure, "arn") : on_failure;
    if (const auto ref = values_.resource_ref(destination, path + ".destinations.onFailure")) {
      event.on_failure = ref->name;
    }
    if (const auto start = values_.text(lookup(spec, "startingPosition"), path)) {
      event.starting_position = *start;
    }
    event.report_batch_item_failures = values_.text(lookup(spec, "functionResponseType"), path) ==
                                       std::optional<std::string>("ReportBatchItemFailures");
    event.has_filter = static_cast<bool>(lookup(spec, "filterPatterns"));
    if (const auto enabled = values_.boolean(lookup(spec, "enabled"), path + ".enabled")) {
      event.enabled = *enabled;
    }
  }

  void read_stream(const YAML::Node& spec, const std::string& path, EventModel& event) {
    const YAML::Node arn = spec.IsMap() ? lookup(spec, "arn") : spec;
    if (!arn) throw ScenarioError::missing(values_.at(spec), path, "arn");
    set_resource(arn, path + ".arn", event);
    const auto arn_text = values_.text(arn, path + ".arn").value_or("");
    const auto type = values_.text(lookup(spec, "type"), path + ".type");
    std::optional<EventKind> kind;
    if (type == std::optional<std::string>("dynamodb")) kind = EventKind::dynamodb;
    if (type == std::optional<std::string>("kinesis")) kind = EventKind::kinesis;
    if (!kind) kind = mapping_kind(values_.resource_type(event.resource), arn_text);
    if (!kind || *kind == EventKind::sqs) {
      throw values_.invalid(arn, path + ".arn",
                            "a DynamoDB or Kinesis stream (set type: dynamodb or type: kinesis)");
    }
    event.kind = *kind;
    read_batching(spec, path, event, "batchWindow");
  }

  void read_s3(const YAML::Node& spec, const std::string& path, EventModel& event) {
    const YAML::Node bucket = spec.IsMap() ? lookup(spec, "bucket") : spec;
    if (!bucket) throw ScenarioError::missing(values_.at(spec), path, "bucket");
    set_resource(bucket, path + ".bucket", event);
    event.s3_events.push_back(
        values_.text(lookup(spec, "event"), path + ".event").value_or("s3:ObjectCreated:*"));
    // rules: [{prefix: uploads/}, {suffix: .csv}] (Serverless Framework docs, "AWS - S3").
    const YAML::Node rules = lookup(spec, "rules");
    for (std::size_t i = 0; rules.IsSequence() && i < rules.size(); ++i) {
      if (!rules[i].IsMap()) continue;
      for (const auto& kv : rules[i]) {
        const std::string key = kv.first.Scalar();
        const std::string at = fmt::format("{}.rules[{}].{}", path, i, key);
        if (key != "prefix" && key != "suffix") {
          throw values_.invalid(kv.first, fmt::format("{}.rules[{}]", path, i),
                                "a rule prefix or suffix");
        }
        const std::string value = values_.text(kv.second, at).value_or("?");
        if (!event.s3_filter.empty()) event.s3_filter += ", ";
        event.s3_filter += fmt::format("{} {}", key, value);
        (key == "prefix" ? event.s3_prefix : event.s3_suffix) = value;
      }
    }
    const bool existing =
        values_.boolean(lookup(spec, "existing"), path + ".existing").value_or(false);
    add_implicit_resource(ResourceKind::s3_bucket, event, existing);
  }

  void read_sns(const YAML::Node& spec, const std::string& path, EventModel& event) {
    YAML::Node topic = spec;
    if (spec.IsMap())
      topic.reset(lookup(spec, "arn") ? lookup(spec, "arn") : lookup(spec, "topicName"));
    if (!topic) throw ScenarioError::missing(values_.at(spec), path, "arn");
    set_resource(topic, path, event);
    event.has_filter = static_cast<bool>(lookup(spec, "filterPolicy"));
    const auto text = values_.text(topic, path).value_or("");
    if (name_from_arn(text).empty()) add_implicit_resource(ResourceKind::sns_topic, event);
  }

  void read_schedule(const YAML::Node& spec, const std::string& path, EventModel& event) {
    YAML::Node rate = spec.IsMap() ? lookup(spec, "rate") : spec;
    if (rate && rate.IsSequence()) {
      if (rate.size() > 1) {
        model_.guessed.push_back(
            ImportNote{path, "several schedules: only the first is used", values_.at(rate)});
      }
      rate.reset(YAML::Node(rate[0]));
    }
    if (!rate) throw ScenarioError::missing(values_.at(spec), path, "rate");
    event.schedule = values_.text(rate, path + ".rate").value_or("");
    if (const auto enabled = values_.boolean(lookup(spec, "enabled"), path + ".enabled")) {
      event.enabled = *enabled;
    }
  }

  void read_event(FunctionModel& f, const YAML::Node& node, const std::string& path) {
    if (!node.IsMap()) {
      throw values_.invalid(node, path, "an event: a map with one key such as http, sqs, s3");
    }
    if (node.size() != 1) {
      std::vector<std::string> keys;
      for (const auto& entry : node)
        keys.push_back(entry.first.Scalar());
      throw values_.rule(node, path,
                         fmt::format("an event is a map with one key (http, sqs, s3, ...); this "
                                     "one has {}: {}",
                                     keys.size(), fmt::join(keys, ", ")));
    }
    const std::string type = node.begin()->first.Scalar();
    const YAML::Node spec = node.begin()->second;
    const std::string at = path + "." + type;
    EventModel event;
    event.where = values_.at(node);
    // "s3", then "s3-2" for a second event of the same type.
    int same_type = 1;
    for (const EventModel& other : f.events)
      if (other.name == type || other.name.rfind(type + "-", 0) == 0) ++same_type;
    event.name = same_type == 1 ? type : fmt::format("{}-{}", type, same_type);
    if (type == "http" || type == "httpApi") {
      event.kind = type == "http" ? EventKind::api : EventKind::http_api;
      read_api(spec, at, event);
    } else if (type == "sqs") {
      event.kind = EventKind::sqs;
      const YAML::Node arn = spec.IsMap() ? lookup(spec, "arn") : spec;
      if (!arn) throw ScenarioError::missing(values_.at(spec), at, "arn");
      set_resource(arn, at + ".arn", event);
      read_batching(spec, at, event, "maximumBatchingWindow");
    } else if (type == "stream") {
      read_stream(spec, at, event);
    } else if (type == "s3") {
      event.kind = EventKind::s3;
      read_s3(spec, at, event);
    } else if (type == "sns") {
      event.kind = EventKind::sns;
      read_sns(spec, at, event);
    } else if (type == "schedule") {
      event.kind = EventKind::schedule;
      read_schedule(spec, at, event);
    } else if (type == "eventBridge") {
      event.kind = lookup(spec, "schedule") ? EventKind::schedule : EventKind::eventbridge_rule;
      if (event.kind == EventKind::schedule) {
        event.schedule = values_.text(lookup(spec, "schedule"), at + ".schedule").value_or("");
      }
      event.has_filter = static_cast<bool>(lookup(spec, "pattern"));
    } else {
      model_.skipped.push_back(ImportNote{fmt::format("event {} of function {}", type, f.name),
                                          "event type not simulated", event.where});
      return;
    }
    f.events.push_back(std::move(event));
  }

  const YAML::Node root_;  // const: look-ups must not insert keys
  CfnValues values_;
  TemplateModel& model_;
};

// `resources:` may be a list of fragments (often `- ${file(resources/table.yml)}`): their
// Resources are merged into one map, as the framework does.
std::map<std::string, std::string> merge_resource_list(YAML::Node& root,
                                                       const std::vector<IncludedFile>& files) {
  std::map<std::string, std::string> resource_files;  // logical name -> the fragment's file
  const YAML::Node& const_root = root;
  const YAML::Node list = lookup(const_root, "resources");
  if (!list.IsSequence()) return resource_files;
  YAML::Node merged(YAML::NodeType::Map);
  YAML::Node resources(YAML::NodeType::Map);
  for (const auto& fragment : list) {
    const YAML::Node part = lookup(fragment, "Resources");
    if (!part.IsMap()) continue;
    std::string from;
    for (const IncludedFile& file : files)
      if (file.root.is(fragment)) from = file.path;
    for (const auto& entry : part) {
      resources[entry.first.Scalar()] = entry.second;
      if (!from.empty()) resource_files[entry.first.Scalar()] = from;
    }
  }
  merged["Resources"] = resources;
  root["resources"] = merged;
  return resource_files;
}

TemplateModel read_serverless_root(YAML::Node root, const std::string& file) {
  TemplateModel model;
  model.file = file;
  model.format = "serverless";
  if (!root.IsMap()) {
    SourceLocation where{file, 1, 1, ""};
    throw ScenarioError::invalid(where, "(serverless.yml)",
                                 "a Serverless service (a map with service, provider, functions)",
                                 root.IsNull() ? "an empty document" : "something else");
  }
  const auto included = resolve_serverless_variables(root, file, model);
  const auto resource_files = merge_resource_list(root, included);
  ServerlessReader reader(root, file, model);
  for (const auto& [name, from] : resource_files)
    reader.set_resource_file(name, from);
  reader.read();
  return model;
}

}  // namespace

TemplateModel read_serverless_template(const std::string& path) {
  return read_serverless_root(load_yaml_file(path), path);
}

TemplateModel read_serverless_template_text(const std::string& text, const std::string& file) {
  return read_serverless_root(parse_yaml(text, file), file);
}

}  // namespace slsim::import
