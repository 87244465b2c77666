// `slsim validate FILE [--set ...]`: load and check a scenario (and the price books it
// names) without running it.

#include <cstddef>
#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/price_book.hpp"
#include "slsim/scenario_loader.hpp"

namespace slsim::cli {

namespace {

std::string count_of(std::size_t n, const char* noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

}  // namespace

int validate_command(const ScenarioArgs& args) {
  const ScenarioSpec spec = load_scenario(args.file, args.sets);
  load_price_books(spec);  // an unknown or malformed book is an error of the scenario too
  fmt::print("{}: ok ({}, {})\n", args.file, count_of(spec.functions.size(), "function"),
             count_of(spec.sources.size(), "source"));
  return 0;
}

}  // namespace slsim::cli
