#include "slsim/cold_start_defaults.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "slsim/units.hpp"

namespace slsim {

namespace {

constexpr Architecture kX86 = Architecture::x86_64;
constexpr Architecture kArm = Architecture::arm64;
constexpr PackageType kZip = PackageType::zip;
constexpr PackageType kImage = PackageType::image;

// facts 1.7: maxday/lambda-perf, data/last.json generated 2026-08-22 (repo commit
// 6070b7947b5ddf788cb69f2ffe6bbde3e22033fb); ranges of the mean INIT in ms over memory sizes.
// The benchmark groups python3.12/3.13 and nodejs22.x/24.x; java25 and ruby3.4 have one range
// for both architectures. Container images: "about 140-190 ms for Python, 230-350 ms for Node,
// 320-450 ms for Java 21", not split by architecture.
constexpr ColdStartMeasurement kTable[] = {
    {"python3.12", kX86, kZip, 81, 91},     {"python3.12", kArm, kZip, 73, 85},
    {"python3.12", kX86, kImage, 140, 190}, {"python3.12", kArm, kImage, 140, 190},
    {"python3.13", kX86, kZip, 81, 91},     {"python3.13", kArm, kZip, 73, 85},
    {"python3.13", kX86, kImage, 140, 190}, {"python3.13", kArm, kImage, 140, 190},
    {"nodejs22.x", kX86, kZip, 131, 147},   {"nodejs22.x", kArm, kZip, 114, 130},
    {"nodejs22.x", kX86, kImage, 230, 350}, {"nodejs22.x", kArm, kImage, 230, 350},
    {"nodejs24.x", kX86, kZip, 131, 147},   {"nodejs24.x", kArm, kZip, 114, 130},
    {"nodejs24.x", kX86, kImage, 230, 350}, {"nodejs24.x", kArm, kImage, 230, 350},
    {"java21", kX86, kZip, 231, 242},       {"java21", kArm, kZip, 245, 277},
    {"java21", kX86, kImage, 320, 450},     {"java21", kArm, kImage, 320, 450},
    {"java25", kX86, kZip, 179, 197},       {"java25", kArm, kZip, 179, 197},
    {"dotnet8", kX86, kZip, 238, 268},      {"dotnet8", kArm, kZip, 282, 323},
    {"ruby3.4", kX86, kZip, 212, 286},      {"ruby3.4", kArm, kZip, 212, 286},
};

// AWS Lambda runtime identifiers (managed runtimes and the OS-only runtimes for custom
// runtimes such as Go and Rust).
constexpr std::string_view kRuntimes[] = {
    "python3.9",  "python3.10", "python3.11", "python3.12",   "python3.13",
    "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x",   "java8.al2",
    "java11",     "java17",     "java21",     "java25",       "dotnet8",
    "ruby3.2",    "ruby3.3",    "ruby3.4",    "provided.al2", "provided.al2023",
};

const ColdStartMeasurement* find(std::string_view runtime, Architecture arch, PackageType package) {
  for (const ColdStartMeasurement& m : kTable) {
    if (m.runtime == runtime && m.arch == arch && m.package == package) return &m;
  }
  return nullptr;
}

std::string cell(const ColdStartMeasurement* m) {
  if (m == nullptr) return "-";
  return fmt::format("{} ({}-{} ms)", format_duration(m->midpoint()), m->mean_lo_ms, m->mean_hi_ms);
}

}  // namespace

std::span<const ColdStartMeasurement> cold_start_table() {
  return kTable;
}

std::optional<Duration> default_cold_start(std::string_view runtime, Architecture arch,
                                           PackageType package) {
  const ColdStartMeasurement* m = find(runtime, arch, package);
  if (m == nullptr) return std::nullopt;
  return m->midpoint();
}

std::span<const std::string_view> known_runtimes() {
  return kRuntimes;
}

bool is_known_runtime(std::string_view runtime) {
  return std::find(std::begin(kRuntimes), std::end(kRuntimes), runtime) != std::end(kRuntimes);
}

std::string cold_start_table_markdown() {
  std::string text =
      "| Runtime | Package | x86_64 INIT (measured means) | arm64 INIT (measured means) |\n"
      "|---|---|---|---|\n";
  for (std::string_view runtime : kRuntimes) {
    for (PackageType package : {kZip, kImage}) {
      const ColdStartMeasurement* x86 = find(runtime, kX86, package);
      const ColdStartMeasurement* arm = find(runtime, kArm, package);
      if (x86 == nullptr && arm == nullptr) continue;
      text +=
          fmt::format("| {} | {} | {} | {} |\n", runtime, to_string(package), cell(x86), cell(arm));
    }
  }
  text +=
      "\nDefault INIT = the midpoint of the measured mean `Init Duration` over memory sizes "
      "(maxday/lambda-perf, snapshot of 2026-08-22; facts 1.7). Other runtimes and packages "
      "(e.g. provided.al2023, whose INIT depends on the language: Go 41-50 ms, Rust 14-18 ms) "
      "have no default and need `cold_start`.\n";
  return text;
}

}  // namespace slsim
