#pragma once
// Internal to the YAML reader: how a YAML value is shown after "got" in error messages.

#include <string>

#include <yaml-cpp/yaml.h>

namespace slsim::yaml_text {

// A scalar quoted ('80ms', at most 60 characters of its first line), or what the value is:
// "a map", "a list", "an empty value".
inline std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "an empty value";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  constexpr std::size_t kMaxShown = 60;
  const std::string& text = node.Scalar();
  const std::size_t end = std::min(text.find('\n'), kMaxShown);
  return "'" + text.substr(0, end) + (end < text.size() ? "...'" : "'");
}

}  // namespace slsim::yaml_text
