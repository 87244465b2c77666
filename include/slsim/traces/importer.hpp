#pragma once
// `slsim import FORMAT INPUT`: trace (and later infrastructure) formats that write a scenario
// the user can edit. Formats register by name in import_formats(); each reads its input
// streamed and returns the scenario as YAML text.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "slsim/scenario.hpp"

namespace slsim::traces {

struct ImportOptions {
  std::string input;                  // a file or a directory, as the format expects
  std::string output;                 // where the scenario goes ("-" or empty: stdout)
  std::optional<std::size_t> top;     // keep the N functions with the most invocations
  std::vector<std::string> triggers;  // keep only these triggers (empty: all)
  std::vector<std::string> hashes;    // keep only functions whose hash starts with one of these
  double sample = 1;                  // keep this fraction of functions, chosen by hash
  WindowSpread spread = WindowSpread::uniform;
  std::optional<Duration> keep_alive;  // written as each function's fixed keep_alive
  bool lenient = false;                // skip bad rows (and count them) instead of failing
};

struct ImportResult {
  std::string yaml;
  std::uint64_t skipped_rows = 0;  // with lenient
  std::size_t functions = 0;
  std::size_t without_durations = 0;  // selected functions left out: no duration data
  std::uint64_t invocations = 0;
};

struct ImportFormat {
  std::string name;
  std::string help;
  std::function<ImportResult(const ImportOptions&)> run;
};

// Every known format, by name.
const std::vector<ImportFormat>& import_formats();

// Lambda's smallest memory size: smaller trace figures are raised to it (facts 1.5).
inline constexpr std::int64_t kLambdaMinMemoryMb = 128;
inline constexpr std::int64_t kLambdaMaxMemoryMb = 10240;
// Trace memory (MB, maybe fractional) as a Lambda memory size: rounded up, then clamped to
// [128, 10,240] MB.
std::int64_t lambda_memory_mb(double trace_mb);

// Whether a function is kept by the selection options other than top-N.
bool selected(const ImportOptions& options, const std::string& hash, const std::string& trigger);

ImportResult import_azure2019(const ImportOptions& options);
// Per-invocation traces: a scenario whose sources replay the file (`process: trace`).
ImportResult import_azure2021(const ImportOptions& options);
ImportResult import_csv(const ImportOptions& options);

}  // namespace slsim::traces
