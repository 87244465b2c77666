#include "slsim/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace slsim {

std::optional<std::uint32_t> ScenarioSpec::function_index(const std::string& name) const {
  for (std::size_t i = 0; i < functions.size(); ++i) {
    if (functions[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ScenarioSpec::queue_index(const std::string& name) const {
  for (std::size_t i = 0; i < queues.size(); ++i) {
    if (queues[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ScenarioSpec::topic_index(const std::string& name) const {
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (topics[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ScenarioSpec::bucket_index(const std::string& name) const {
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (buckets[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ScenarioSpec::table_index(const std::string& name) const {
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (tables[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ScenarioSpec::schedule_index(const std::string& name) const {
  for (std::size_t i = 0; i < schedules.size(); ++i) {
    if (schedules[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

// The spellings below are the scenario keywords (README "Scenario format"); the loader
// accepts exactly these.

const char* to_string(Architecture a) {
  switch (a) {
    case Architecture::x86_64:
      return "x86_64";
    case Architecture::arm64:
      return "arm64";
  }
  return "?";
}

const char* to_string(PackageType p) {
  switch (p) {
    case PackageType::zip:
      return "zip";
    case PackageType::image:
      return "image";
  }
  return "?";
}

const char* to_string(SourceType t) {
  switch (t) {
    case SourceType::api_gateway:
      return "api_gateway";
    case SourceType::invoke:
      return "invoke";
    case SourceType::producer:
      return "producer";
  }
  return "?";
}

const char* to_string(ApiFlavor f) {
  switch (f) {
    case ApiFlavor::http:
      return "http";
    case ApiFlavor::rest:
      return "rest";
  }
  return "?";
}

const char* to_string(InvokeMode m) {
  switch (m) {
    case InvokeMode::sync:
      return "sync";
    case InvokeMode::async:
      return "async";
  }
  return "?";
}

const char* to_string(ArrivalProcess p) {
  switch (p) {
    case ArrivalProcess::poisson:
      return "poisson";
    case ArrivalProcess::constant:
      return "constant";
  }
  return "?";
}

const char* to_string(ScalingRule s) {
  switch (s) {
    case ScalingRule::current:
      return "current";
    case ScalingRule::legacy:
      return "legacy";
  }
  return "?";
}

}  // namespace slsim
