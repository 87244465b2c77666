#pragma once
// Rendering a run: the JSON document (stable keys, documented in README "JSON keys") and the
// terminal summary. Every figure in the summary is also in the JSON.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "slsim/cost.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

struct ReportOptions {
  bool timing = false;  // include wall-clock figures (makes the JSON differ run to run)
  bool color = false;   // ANSI colours in the terminal summary
};

nlohmann::ordered_json report_json(const ScenarioSpec& scenario, const RunResult& result,
                                   const std::vector<BookCost>& costs,
                                   const ReportOptions& options);
std::string report_text(const ScenarioSpec& scenario, const RunResult& result,
                        const std::vector<BookCost>& costs, const ReportOptions& options);

}  // namespace slsim
