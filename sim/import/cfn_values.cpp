// CloudFormation intrinsic functions resolved to text and to resource names (cfn_values.hpp).

#include "slsim/import/cfn_values.hpp"

#include <charconv>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "yaml_lookup.hpp"

namespace slsim::import {

namespace {

// Intrinsics nest a few levels in real templates; the bound stops a self-referencing Sub.
constexpr int kMaxIntrinsicDepth = 32;

// The stand-ins for pseudo parameters: the values are irrelevant to the simulation, but they
// make ARNs and names written with !Sub readable.
std::optional<std::string> pseudo_parameter(std::string_view name, const std::string& stack) {
  if (name == "AWS::Region") return "us-east-1";
  if (name == "AWS::AccountId") return "123456789012";
  if (name == "AWS::StackName") return stack;
  if (name == "AWS::StackId") return "arn:aws:cloudformation:us-east-1:123456789012:stack/" + stack;
  if (name == "AWS::Partition") return "aws";
  if (name == "AWS::URLSuffix") return "amazonaws.com";
  return std::nullopt;
}

std::string describe(const YAML::Node& node) {
  if (!node || node.IsNull()) return "an empty value";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  return "'" + node.Scalar() + "'";
}

}  // namespace

std::optional<Intrinsic> as_intrinsic(const YAML::Node& node) {
  if (!node) return std::nullopt;
  const std::string& tag = node.Tag();
  if (tag.size() > 1 && tag[0] == '!' && tag[1] != '!') return Intrinsic{tag.substr(1), node};
  if (node.IsMap() && node.size() == 1) {
    const auto entry = node.begin();
    const std::string key = entry->first.Scalar();
    if (key == "Ref" || key == "Condition") return Intrinsic{key, entry->second};
    if (key.rfind("Fn::", 0) == 0) return Intrinsic{key.substr(4), entry->second};
  }
  return std::nullopt;
}

std::string name_from_arn(std::string_view arn) {
  if (arn.rfind("arn:", 0) != 0) return "";
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) return "";
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  std::string_view rest = arn.substr(start);  // "orders", "table/Orders/stream/..", "function:f"
  const std::string_view service = parts[2];
  // arn:aws:firehose:r:a:deliverystream/name
  if (service == "dynamodb" || service == "kinesis" || service == "firehose") {
    const std::size_t slash = rest.find('/');
    if (slash != std::string_view::npos) rest = rest.substr(slash + 1);
    return std::string(rest.substr(0, rest.find('/')));
  }
  if (service == "lambda" && rest.rfind("function:", 0) == 0) rest = rest.substr(9);
  return std::string(rest.substr(0, rest.find(':')));
}

CfnValues::CfnValues(std::string file, const YAML::Node& root, TemplateModel& model)
    : file_(std::move(file)), model_(model) {
  if (root.IsMap()) {
    parameters_.reset(lookup(root, "Parameters"));
    mappings_.reset(lookup(root, "Mappings"));
    resources_.reset(lookup(root, "Resources"));
  }
}

void CfnValues::set_resource_file(const std::string& logical_name, const std::string& file) {
  resource_files_[logical_name] = file;
}

void CfnValues::enter_resource(const std::string& logical_name) {
  const auto found = resource_files_.find(logical_name);
  current_file_ = found == resource_files_.end() ? std::string() : found->second;
}

SourceLocation CfnValues::at(const YAML::Node& node) const {
  SourceLocation where;
  where.file = current_file_.empty() ? file_ : current_file_;
  if (node && !node.Mark().is_null()) {
    where.line = node.Mark().line + 1;
    where.column = node.Mark().column + 1;
  }
  return where;
}

bool CfnValues::is_resource(const std::string& logical_name) const {
  return resources_ && resources_.IsMap() && lookup(resources_, logical_name).IsMap();
}

std::string CfnValues::resource_type(const std::string& logical_name) const {
  if (!is_resource(logical_name)) return "";
  const YAML::Node type = lookup(lookup(resources_, logical_name), "Type");
  return type && type.IsScalar() ? type.Scalar() : "";
}

void CfnValues::add_physical_name(const std::string& physical, const std::string& logical) {
  physical_names_.emplace(physical, logical);
}

ScenarioError CfnValues::invalid(const YAML::Node& node, const std::string& path,
                                 std::string_view expected) const {
  return ScenarioError::invalid(at(node), path, expected, describe(node));
}

ScenarioError CfnValues::rule(const YAML::Node& node, const std::string& path,
                              std::string_view message) const {
  return ScenarioError::rule(at(node), path, message);
}

void CfnValues::guess(const YAML::Node& node, const std::string& subject,
                      const std::string& detail) {
  model_.guessed.push_back(ImportNote{subject, detail, at(node)});
}

std::optional<std::string> CfnValues::text(const YAML::Node& node, const std::string& path) {
  if (!node || node.IsNull()) return std::nullopt;
  if (const auto intrinsic = as_intrinsic(node)) {
    if (++depth_ > kMaxIntrinsicDepth) {
      throw rule(node, path, "intrinsic functions nest too deeply (a Sub or Ref loop?)");
    }
    auto value = intrinsic_text(intrinsic->function, intrinsic->argument, node, path);
    --depth_;
    return value;
  }
  if (node.IsScalar()) return node.Scalar();
  throw invalid(node, path, "a text value");
}

std::optional<std::string> CfnValues::ref_text(const std::string& name, const YAML::Node& node,
                                               const std::string& path) {
  if (name == "AWS::NoValue") return std::nullopt;
  if (auto pseudo = pseudo_parameter(name, model_.name)) return pseudo;
  const YAML::Node& parameters = parameters_;  // const: look-ups must not insert keys
  if (parameters && parameters.IsMap() && lookup(parameters, name).IsMap()) {
    const YAML::Node fallback = lookup(lookup(parameters, name), "Default");
    if (fallback && fallback.IsScalar()) return fallback.Scalar();
    guess(node, path, fmt::format("parameter {} has no Default: value unknown, left out", name));
    return std::nullopt;
  }
  if (is_resource(name)) return name;
  std::vector<std::string> names;
  if (parameters_ && parameters_.IsMap()) {
    for (const auto& entry : parameters_)
      names.push_back(entry.first.Scalar());
  }
  if (resources_ && resources_.IsMap()) {
    for (const auto& entry : resources_)
      names.push_back(entry.first.Scalar());
  }
  const std::string suggestion = nearest_name(name, names);
  throw rule(node, path,
             fmt::format(
                 "Ref to '{}', which is neither a parameter nor a resource of the "
                 "template{}",
                 name, suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion)));
}

std::optional<std::string> CfnValues::sub_text(const YAML::Node& arg, const YAML::Node& node,
                                               const std::string& path) {
  YAML::Node format = arg;
  YAML::Node variables;
  if (arg.IsSequence()) {
    if (arg.size() != 2 || !arg[0].IsScalar() || !arg[1].IsMap()) {
      throw invalid(node, path, "Sub with a string, or a list [string, {variables}]");
    }
    format.reset(arg[0]);
    variables.reset(arg[1]);
  }
  if (!format.IsScalar()) throw invalid(node, path, "Sub with a string");
  const std::string& in = format.Scalar();
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    const std::size_t open = in.find("${", i);
    if (open == std::string::npos) {
      out += in.substr(i);
      break;
    }
    out += in.substr(i, open - i);
    const std::size_t close = in.find('}', open);
    if (close == std::string::npos) {
      throw rule(node, path, fmt::format("Sub: '${{' without a closing '}}' in '{}'", in));
    }
    const std::string name = in.substr(open + 2, close - open - 2);
    i = close + 1;
    if (!name.empty() && name[0] == '!') {  // ${!Literal} is the text ${Literal}
      out += "${" + name.substr(1) + "}";
      continue;
    }
    std::optional<std::string> value;
    if (variables && lookup(variables, name)) {
      value = text(lookup(variables, name), path);
    } else {
      const std::size_t dot = name.find('.');
      if (dot != std::string::npos && is_resource(name.substr(0, dot))) {
        value = name.substr(0, dot);  // ${Queue.Arn}: the resource
      } else {
        value = ref_text(name, node, path);
      }
    }
    if (!value) return std::nullopt;
    out += *value;
  }
  return out;
}

std::optional<std::string> CfnValues::intrinsic_text(const std::string& function,
                                                     const YAML::Node& arg, const YAML::Node& node,
                                                     const std::string& path) {
  if (function == "Ref") {
    if (!arg.IsScalar()) throw invalid(node, path, "Ref with a name");
    return ref_text(arg.Scalar(), node, path);
  }
  if (function == "GetAtt") {
    std::string resource;
    if (arg.IsScalar()) {
      resource = arg.Scalar().substr(0, arg.Scalar().find('.'));
    } else if (arg.IsSequence() && arg.size() == 2 && arg[0].IsScalar()) {
      resource = arg[0].Scalar();
    } else {
      throw invalid(node, path, "GetAtt with Resource.Attribute or [Resource, Attribute]");
    }
    if (!is_resource(resource)) {
      throw rule(node, path,
                 fmt::format("GetAtt of '{}', which is not a resource of the template", resource));
    }
    return resource;
  }
  if (function == "Sub") return sub_text(arg, node, path);
  if (function == "Join") {
    if (!arg.IsSequence() || arg.size() != 2 || !arg[1].IsSequence()) {
      throw invalid(node, path, "Join with [delimiter, [values]]");
    }
    const auto delimiter = text(arg[0], path);
    std::string out;
    for (std::size_t k = 0; k < arg[1].size(); ++k) {
      const auto part = text(arg[1][k], path);
      if (!part) return std::nullopt;
      if (k > 0) out += delimiter.value_or("");
      out += *part;
    }
    return out;
  }
  if (function == "If") {
    if (!arg.IsSequence() || arg.size() != 3) {
      throw invalid(node, path, "If with [condition, value if true, value if false]");
    }
    guess(node, path,
          fmt::format("If on condition {}: took the value if true",
                      arg[0].IsScalar() ? arg[0].Scalar() : std::string("?")));
    return text(arg[1], path);
  }
  if (function == "Select") {
    if (!arg.IsSequence() || arg.size() != 2)
      throw invalid(node, path, "Select with [index, list]");
    const auto index_text = text(arg[0], path);
    std::size_t index = 0;
    if (!index_text ||
        std::from_chars(index_text->data(), index_text->data() + index_text->size(), index).ec !=
            std::errc{}) {
      throw invalid(arg[0], path, "Select with a numeric index");
    }
    if (!arg[1].IsSequence()) return std::nullopt;  // Select of a Split or GetAZs: unknowable
    if (index >= arg[1].size()) throw rule(node, path, "Select index past the end of the list");
    return text(arg[1][index], path);
  }
  if (function == "FindInMap") {
    if (!arg.IsSequence() || arg.size() < 3) {
      throw invalid(node, path, "FindInMap with [MapName, TopLevelKey, SecondLevelKey]");
    }
    const auto map = text(arg[0], path);
    const auto top = text(arg[1], path);
    const auto second = text(arg[2], path);
    if (!map || !top || !second) return std::nullopt;
    const YAML::Node& mappings = mappings_;  // const: look-ups must not insert keys
    const YAML::Node value = lookup(lookup(lookup(mappings, *map), *top), *second);
    if (!value || !value.IsScalar()) {
      throw rule(node, path,
                 fmt::format("FindInMap: no value at Mappings.{}.{}.{}", *map, *top, *second));
    }
    return value.Scalar();
  }
  // ImportValue, GetAZs, Base64, Cidr, Split, conditions...: nothing a simulation can know.
  guess(node, path,
        fmt::format("{} cannot be resolved from the template alone: left out", function));
  return std::nullopt;
}

std::optional<std::int64_t> CfnValues::integer(const YAML::Node& node, const std::string& path,
                                               std::int64_t lo, std::int64_t hi,
                                               std::string_view expected) {
  const auto value = text(node, path);
  if (!value) return std::nullopt;
  if (value->find("${") != std::string::npos) {
    guess(node, path, fmt::format("unresolved variable in '{}': left out", *value));
    return std::nullopt;
  }
  std::int64_t number = 0;
  const char* end = value->data() + value->size();
  const auto [ptr, ec] = std::from_chars(value->data(), end, number);
  if (ec != std::errc{} || ptr != end || number < lo || number > hi) {
    throw ScenarioError::invalid(at(node), path, expected, "'" + *value + "'");
  }
  return number;
}

std::optional<bool> CfnValues::boolean(const YAML::Node& node, const std::string& path) {
  const auto value = text(node, path);
  if (!value) return std::nullopt;
  if (*value == "true" || *value == "True" || *value == "TRUE") return true;
  if (*value == "false" || *value == "False" || *value == "FALSE") return false;
  throw ScenarioError::invalid(at(node), path, "true or false", "'" + *value + "'");
}

std::string CfnValues::logical_from_arn_text(const std::string& text) const {
  const std::string name = name_from_arn(text);
  const std::string& candidate = name.empty() ? text : name;
  if (const auto found = physical_names_.find(candidate); found != physical_names_.end()) {
    return found->second;
  }
  return candidate;
}

std::optional<ResourceRef> CfnValues::resource_ref(const YAML::Node& node,
                                                   const std::string& path) {
  if (!node || node.IsNull()) return std::nullopt;
  if (const auto intrinsic = as_intrinsic(node)) {
    const YAML::Node& arg = intrinsic->argument;
    if (intrinsic->function == "Sub" && arg.IsScalar()) {
      // "${Queue.Arn}" or "${Queue}" names the resource; a longer text is an ARN to read.
      const std::string& s = arg.Scalar();
      if (s.size() > 3 && s.rfind("${", 0) == 0 && s.back() == '}' &&
          s.find("${", 2) == std::string::npos) {
        const std::string inner = s.substr(2, s.size() - 3);
        const std::string resource = inner.substr(0, inner.find('.'));
        if (is_resource(resource)) return ResourceRef{resource, true};
      }
    }
  }
  const auto value = text(node, path);
  if (!value) return std::nullopt;
  if (is_resource(*value)) return ResourceRef{*value, true};
  const std::string logical = logical_from_arn_text(*value);
  return ResourceRef{logical, is_resource(logical)};
}

}  // namespace slsim::import
