#pragma once
// The run as CSV files for pandas or a spreadsheet (`slsim run --csv DIR`): the summary
// (summary_functions.csv, summary_sources.csv, summary_cost.csv) and, when the run recorded a
// timeline, one file per metric family of time series (timeseries_<family>.csv) in long
// format: one row per (interval, component), one column per series of that family. Times
// in seconds; an empty cell is a value that does not exist (no invocation ended in the
// interval). Numbers at full precision (shortest text that reads back to the same double).

#include <string>
#include <vector>

#include "slsim/cost.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

struct CsvFile {
  std::string name;  // file name, e.g. "timeseries_concurrency.csv"
  std::string text;
};

std::vector<CsvFile> report_csv(const ScenarioSpec& scenario, const RunResult& result,
                                const std::vector<BookCost>& costs);

// Writes the files into `directory` (created if missing). Throws ScenarioError naming the
// path when it cannot.
void write_csv_files(const std::string& directory, const std::vector<CsvFile>& files);

}  // namespace slsim
