#pragma once
// The bodies of the trace fuzz targets, shared with tests/fuzz_regression_test.cpp.
// azure2019_fuzz: the bytes as the invocations.csv of an Azure 2019 trace (durations.csv fixed
// and valid), imported strictly and with --lenient. Expected outcomes: a scenario, or bad input
// (exit code 2). A property: whatever the importer writes loads as a valid scenario.
// azure2021_fuzz and trace_csv_fuzz: the bytes as a per-invocation trace file, replayed by the
// streaming reader (strict and lenient, every row selected) and imported; properties: rows come
// out in non-decreasing start order from t = 0, and the imported scenario loads and runs (with
// --check) replaying the same file.

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "fuzz_bodies.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/traces/importer.hpp"
#include "slsim/traces/invocation_trace.hpp"

namespace slsim::fuzz {

inline void azure2019_body(std::string_view data) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("slsim-fuzz-azure2019-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "invocations.csv", std::ios::binary | std::ios::trunc) << data;
  std::ofstream(dir / "durations.csv", std::ios::binary | std::ios::trunc)
      << "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,"
         "percentile_Average_1,percentile_Average_25,percentile_Average_50,"
         "percentile_Average_75,percentile_Average_99,percentile_Average_100\n"
         "o,a,f1,1,1,1,1,1,2,3,4,5,6,7\n"
         "o,a,f2,1,1,1,1,0,0,0,0,0,0,0\n";
  for (const bool lenient : {false, true}) {
    expect_success_or_bad_input([&] {
      traces::ImportOptions options;
      options.input = dir.string();
      options.lenient = lenient;
      options.top = 50;
      const traces::ImportResult result = traces::import_azure2019(options);
      try {
        load_scenario_text(result.yaml, "imported.yaml");
      } catch (const Error& e) {
        require(false, std::string("the imported scenario does not load: ") + e.what());
      }
    });
  }
}

// The replay reader over `path`, every row selected: rows in start order, from t = 0.
inline void replay_all_rows(const std::string& path, TraceFormat format, bool lenient,
                            Duration window) {
  traces::InvocationTraceReader reader(path, format, lenient, window);
  reader.select("", 0);
  Time last{0};
  while (const auto row = reader.next()) {
    require(row->start >= last, "a trace row replayed before the previous one");
    last = row->start;
  }
}

inline void invocation_trace_body(std::string_view data, TraceFormat format) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      (std::string("slsim-fuzz-") + to_string(format) + "-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "trace.csv").string();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
  // The size picks the reorder window (0, 1 s or the default 10 min) and the run's variant.
  const auto size = static_cast<unsigned>(data.size());
  const Duration window = size % 3 == 0   ? Duration{0}
                          : size % 3 == 1 ? Duration::seconds(1)
                                          : Duration::minutes(10);
  for (const bool lenient : {false, true}) {
    expect_success_or_bad_input([&] { replay_all_rows(path, format, lenient, window); });
    expect_success_or_bad_input([&] {
      traces::ImportOptions options;
      options.input = path;
      options.output = (dir / "imported.yaml").string();
      options.lenient = lenient;
      options.top = 20;
      const traces::ImportResult result = format == TraceFormat::azure2021
                                              ? traces::import_azure2021(options)
                                              : traces::import_csv(options);
      ScenarioSpec spec;
      try {
        spec = load_scenario_text(result.yaml, options.output);
      } catch (const Error& e) {
        require(false, std::string("the imported scenario does not load: ") + e.what());
      }
      run_briefly(std::move(spec), size / 3);
    });
  }
}

inline void azure2021_body(std::string_view data) {
  invocation_trace_body(data, TraceFormat::azure2021);
}
inline void trace_csv_body(std::string_view data) {
  invocation_trace_body(data, TraceFormat::csv);
}

}  // namespace slsim::fuzz
