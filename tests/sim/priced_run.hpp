#pragma once
// A scenario's text loaded, simulated under the invariant check and priced by its first price
// book: the service tests compare the bill with a hand computation.

#include <string>
#include <vector>

#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

namespace slsim::test {

struct Priced {
  RunResult result;
  BookCost aws;  // the first book of the scenario's pricing (aws by default)
};

// `file` names the text in error messages; `drain` runs in-flight work to its end.
inline Priced run_priced(const std::string& yaml, const std::string& file, bool drain) {
  const ScenarioSpec spec = load_scenario_text(yaml, file, {});
  const std::vector<PriceBook> books = load_price_books(spec);
  RunOptions options;
  options.check = true;
  options.drain = drain;
  options.billing_rules = distinct_billing_rules(books);
  Priced p{run_simulation(spec, options), {}};
  p.aws = compute_costs(spec, p.result, books, CostOptions{}).at(0);
  return p;
}

}  // namespace slsim::test
