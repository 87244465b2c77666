// The registry of `slsim import` formats. A new format adds one entry here.

#include "slsim/traces/importer.hpp"

namespace slsim::traces {

const std::vector<ImportFormat>& import_formats() {
  static const std::vector<ImportFormat> formats = {
      {"azure2019",
       "Azure Functions 2019 trace directory (invocations.csv, durations.csv, memory.csv)",
       import_azure2019},
      {"azure2021",
       "Azure Functions 2021 per-invocation trace (app,func,end_timestamp,duration), replayed",
       import_azure2021},
      {"csv", "generic per-invocation CSV (timestamp,target[,duration][,payload]), replayed",
       import_csv},
  };
  return formats;
}

}  // namespace slsim::traces
