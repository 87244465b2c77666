#pragma once
// Default INIT (cold-start) durations per (runtime, architecture, package), and the AWS Lambda
// runtime identifiers a scenario may name. The defaults are measurements, not AWS promises:
// maxday/lambda-perf, a daily benchmark of hello-world functions (10 forced cold starts per
// configuration; `Init Duration` of the REPORT line), snapshot data/last.json of 2026-08-22
// (facts 1.7). Each configuration's mean varied over memory sizes 128..1024 MB within a range;
// the default is a fixed INIT at the midpoint of that range. A real function's INIT grows with
// its package and its init code (facts 1.7: ~240 ms at 1 KB to ~3.2 s at 64 MB for Node.js),
// so scenarios of real systems should set `cold_start`.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "slsim/scenario.hpp"
#include "slsim/time.hpp"

namespace slsim {

// One measured configuration: its mean INIT ranged over [mean_lo_ms, mean_hi_ms].
struct ColdStartMeasurement {
  std::string_view runtime;  // an AWS Lambda runtime identifier ("python3.12")
  Architecture arch;
  PackageType package;
  int mean_lo_ms;
  int mean_hi_ms;

  // The default INIT: the midpoint of the measured means (236.5 ms for java21 on x86_64).
  constexpr Duration midpoint() const {
    return Duration{(std::int64_t{mean_lo_ms} + mean_hi_ms) * 500};
  }
};

// Every measured configuration, grouped by runtime and package.
std::span<const ColdStartMeasurement> cold_start_table();

// The default INIT for a configuration, or nullopt when nothing was measured for it (older
// runtime versions, `provided.*` custom runtimes whose INIT depends on the language, images of
// runtimes other than Python, Node.js and Java 21): such functions must set `cold_start`.
std::optional<Duration> default_cold_start(std::string_view runtime, Architecture arch,
                                           PackageType package);

// The runtime identifiers a scenario accepts, as AWS spells them (python3.9 .. provided.al2023).
std::span<const std::string_view> known_runtimes();
bool is_known_runtime(std::string_view runtime);

// The table as Markdown for README: one row per (runtime, package), the x86_64 and arm64
// defaults with the measured range, and a line naming the source.
std::string cold_start_table_markdown();

}  // namespace slsim
