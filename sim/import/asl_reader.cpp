// Amazon States Language definitions (asl_reader.hpp).

#include "asl_reader.hpp"

#include <fmt/format.h>
#include <cstdlib>

#include "yaml_lookup.hpp"

namespace slsim::import {

namespace {

// A number written as a JSON number or (from YAML) as text; nullopt when it is neither.
std::optional<double> number(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  char* end = nullptr;
  const double parsed = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) return std::nullopt;
  return parsed;
}

std::string text(const nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return "";
  return object[key].get<std::string>();
}

bool is_true(const nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return false;
  const nlohmann::json& value = object[key];
  return value.is_boolean() ? value.get<bool>() : value.is_string() && value == "true";
}

// The function a Task state invokes: Resource is the function's ARN (a substitution such as
// ${OrderFunctionArn} bound to !GetAtt OrderFunction.Arn), or lambda:invoke with
// Parameters.FunctionName (or Arguments.FunctionName, JSONata); else the integration's ARN.
std::string task_target(const nlohmann::json& state, const YAML::Node& substitutions,
                        const std::string& path, CfnValues& values) {
  std::string resource = text(state, "Resource");
  if (resource.find(":states:::lambda:invoke") != std::string::npos) {
    for (const char* block : {"Parameters", "Arguments"}) {
      if (!state.contains(block) || !state[block].is_object()) continue;
      for (const char* key : {"FunctionName", "FunctionName.$"}) {
        const std::string name = text(state[block], key);
        if (!name.empty()) resource = name;
      }
    }
  }
  if (resource.size() > 3 && resource.rfind("${", 0) == 0 && resource.back() == '}') {
    const std::string key = resource.substr(2, resource.size() - 3);
    if (substitutions && lookup(substitutions, key)) {
      if (const auto ref = values.resource_ref(lookup(substitutions, key), path)) return ref->name;
    }
  }
  // Service integrations (arn:aws:states:::dynamodb:putItem) stay as they are.
  if (resource.rfind("arn:aws:states:::", 0) == 0) return resource;
  const std::string from_arn = name_from_arn(resource);
  return from_arn.empty() ? resource : from_arn;
}

StateRetryModel read_retry(const nlohmann::json& retrier) {
  StateRetryModel retry;
  if (const auto attempts = number(retrier.value("MaxAttempts", nlohmann::json()))) {
    retry.max_attempts = static_cast<std::int64_t>(*attempts);
  }
  if (const auto interval = number(retrier.value("IntervalSeconds", nlohmann::json()))) {
    retry.interval_s = *interval;
  }
  if (const auto rate = number(retrier.value("BackoffRate", nlohmann::json()))) {
    retry.backoff_rate = *rate;
  }
  return retry;
}

StateModel read_state(const std::string& name, const nlohmann::json& state,
                      const YAML::Node& substitutions, const std::string& path, CfnValues& values) {
  StateModel s;
  s.name = name;
  if (!state.is_object()) return s;
  s.type = text(state, "Type");
  s.next = is_true(state, "End") ? "" : text(state, "Next");
  if (s.type == "Task") s.resource = task_target(state, substitutions, path, values);
  if (s.type == "Wait") {
    if (state.contains("Seconds")) s.wait_s = number(state["Seconds"]);
    for (const char* key : {"SecondsPath", "Timestamp", "TimestampPath"}) {
      if (state.contains(key)) s.wait_field = key;
    }
  }
  if (s.type == "Choice") {
    const nlohmann::json rules = state.value("Choices", nlohmann::json::array());
    for (const nlohmann::json& rule : rules) {
      const std::string next = text(rule, "Next");
      if (!next.empty()) s.choices.push_back(next);
    }
    const std::string fallback = text(state, "Default");
    if (!fallback.empty()) s.choices.push_back(fallback);
  }
  if (s.type == "Parallel" && state.contains("Branches") && state["Branches"].is_array()) {
    for (const nlohmann::json& branch : state["Branches"])
      s.branches.push_back(read_asl_branch(branch, substitutions, path, values));
  }
  if (s.type == "Map") {
    for (const char* key : {"ItemProcessor", "Iterator"}) {
      if (state.contains(key) && s.branches.empty()) {
        s.branches.push_back(read_asl_branch(state[key], substitutions, path, values));
      }
    }
  }
  if (state.contains("Retry") && state["Retry"].is_array() && !state["Retry"].empty()) {
    s.retriers = state["Retry"].size();
    s.retry = read_retry(state["Retry"][0]);
  }
  if (state.contains("Catch") && state["Catch"].is_array() && !state["Catch"].empty()) {
    s.catchers = state["Catch"].size();
    s.catch_next = text(state["Catch"][0], "Next");
  }
  return s;
}

}  // namespace

BranchModel read_asl_branch(const nlohmann::json& branch, const YAML::Node& substitutions,
                            const std::string& path, CfnValues& values) {
  BranchModel out;
  out.start_at = text(branch, "StartAt");
  if (!branch.is_object() || !branch.contains("States") || !branch["States"].is_object()) {
    return out;
  }
  for (const auto& [name, state] : branch["States"].items())
    out.states.push_back(read_state(name, state, substitutions, path, values));
  return out;
}

nlohmann::json yaml_to_json(const YAML::Node& node, const std::string& path, CfnValues* values) {
  // An intrinsic function in an inline definition (Resource: !GetAtt Fn.Arn) is resolved.
  if (values != nullptr && as_intrinsic(node)) {
    const auto text = values->text(node, path);
    return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
  }
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      out[key] = yaml_to_json(entry.second, fmt::format("{}.{}", path, key), values);
    }
    return out;
  }
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < node.size(); ++i)
      out.push_back(yaml_to_json(node[i], path + "[" + std::to_string(i) + "]", values));
    return out;
  }
  if (node.IsScalar()) return node.Scalar();
  return nullptr;
}

}  // namespace slsim::import
