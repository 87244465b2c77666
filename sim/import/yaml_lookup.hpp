#pragma once
// A map look-up for reading templates (internal to sim/import). yaml-cpp's const operator[]
// returns an "invalid" node for a missing key, on which every call but operator! throws; and a
// default-constructed YAML::Node is a *defined* null (operator! is false). This returns an
// undefined node instead: false in a test, and safe to ask IsMap(), Mark() and the like.

#include <string>

#include <yaml-cpp/yaml.h>

namespace slsim::import {

inline YAML::Node absent() {
  return YAML::Node(YAML::NodeType::Undefined);
}

inline YAML::Node lookup(const YAML::Node& map, const std::string& key) {
  if (!map || !map.IsMap()) return absent();
  const YAML::Node found = map[key];
  if (!found) return absent();
  return found;
}

}  // namespace slsim::import
