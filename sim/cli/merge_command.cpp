// `slsim merge PART.json ... [--json PATH|-] [--csv PATH|-]`: joins the partial results of
// `sweep --shard K/N --json` into exactly the document one unsharded sweep writes (README
// "What-if sweeps"). The JSON goes to stdout unless --json names a file.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/error.hpp"
#include "slsim/sweep.hpp"

namespace slsim::cli {

namespace {

using Json = nlohmann::ordered_json;

Json read_part(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(fmt::format("merge: cannot read '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return Json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw ScenarioError(fmt::format("merge: {}: not JSON ({})", path, e.what()));
  }
}

}  // namespace

void add_merge_options(CLI::App& command, MergeArgs& args) {
  command.add_option("PARTS", args.parts, "Partial results of sweep --shard K/N --json")
      ->required()
      ->type_name("");
  command
      .add_option_function<std::string>(
          "--json", [&args](const std::string& path) { args.json = path; },
          "Write the merged JSON to PATH (default: stdout)")
      ->type_name("PATH|-");
  command
      .add_option_function<std::string>(
          "--csv", [&args](const std::string& path) { args.csv = path; },
          "Also write the rows as CSV to PATH, or to stdout with '-'")
      ->type_name("PATH|-");
}

int merge_command(const MergeArgs& args) {
  std::vector<Json> parts;
  for (const std::string& path : args.parts)
    parts.push_back(read_part(path));
  const Json merged = merge_sweeps(parts, args.parts);
  const std::string json = args.json.value_or("-");
  if (json == "-" && args.csv && *args.csv == "-") {
    throw ScenarioError("--json - and --csv - both ask for stdout: give one of them a file");
  }
  write_output_file("--json", json,
                    merged.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  if (args.csv) write_output_file("--csv", *args.csv, sweep_csv(merged));
  return 0;
}

}  // namespace slsim::cli
