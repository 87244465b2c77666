#include "slsim/scenario.hpp"

#include <algorithm>

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

std::optional<std::uint32_t> ScenarioSpec::stream_index(const std::string& name) const {
  for (std::size_t i = 0; i < streams.size(); ++i) {
    if (streams[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ScenarioSpec::state_machine_index(const std::string& name) const {
  for (std::size_t i = 0; i < state_machines.size(); ++i) {
    if (state_machines[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ScenarioSpec::bus_index(const std::string& name) const {
  for (std::size_t i = 0; i < buses.size(); ++i) {
    if (buses[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ScenarioSpec::firehose_index(const std::string& name) const {
  for (std::size_t i = 0; i < firehoses.size(); ++i) {
    if (firehoses[i].name == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

const char* to_string(StateType t) {
  switch (t) {
    case StateType::task:
      return "task";
    case StateType::wait:
      return "wait";
    case StateType::choice:
      return "choice";
    case StateType::parallel:
      return "parallel";
    case StateType::pass:
      return "pass";
    case StateType::succeed:
      return "succeed";
    case StateType::fail:
      return "fail";
  }
  return "?";
}

const char* to_string(WorkflowKind k) {
  return k == WorkflowKind::express ? "express" : "standard";
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
    case ArrivalProcess::uniform:
      return "uniform";
    case ArrivalProcess::ramp:
      return "ramp";
    case ArrivalProcess::diurnal:
      return "diurnal";
    case ArrivalProcess::bursts:
      return "bursts";
    case ArrivalProcess::spike:
      return "spike";
    case ArrivalProcess::sum:
      return "sum";
    case ArrivalProcess::counts:
      return "counts";
    case ArrivalProcess::trace:
      return "trace";
  }
  return "?";
}

const char* to_string(TraceFormat f) {
  switch (f) {
    case TraceFormat::azure2021:
      return "azure2021";
    case TraceFormat::csv:
      return "csv";
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

double usable_vcpus(std::int64_t memory_mb, std::int64_t threads) {
  constexpr double kMbPerVcpu = 1769;  // facts 1.5
  constexpr double kMaxVcpus = 6;      // facts 1.5: 10,240 MB gets 6 cores
  const double share = static_cast<double>(memory_mb) / kMbPerVcpu;
  return std::min({share, static_cast<double>(threads), kMaxVcpus});
}

double duration_factor(const FunctionSpec& f) {
  if (f.cpu_bound_fraction <= 0) return 1;
  const double speedup =
      usable_vcpus(f.duration_memory_mb, f.threads) / usable_vcpus(f.memory_mb, f.threads);
  return (1 - f.cpu_bound_fraction) + f.cpu_bound_fraction * speedup;
}

}  // namespace slsim
