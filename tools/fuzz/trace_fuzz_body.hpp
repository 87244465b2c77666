#pragma once
// The body of tools/fuzz/azure2019_fuzz.cpp, shared with tests/fuzz_regression_test.cpp: the
// bytes as the invocations.csv of an Azure 2019 trace (durations.csv fixed and valid), imported
// strictly and with --lenient. Expected outcomes: a scenario, or bad input (exit code 2). A
// property: whatever the importer writes loads as a valid scenario.

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "fuzz_bodies.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/traces/importer.hpp"

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

}  // namespace slsim::fuzz
