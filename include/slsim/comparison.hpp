#pragma once
// `slsim compare`: one simulation priced by several books, side by side (README "Comparing
// pricing models"): a row per service and a total, a column per book; the behaviour
// differences each book's platform would have; serverless vs always-on; provisioned
// concurrency break-even. Text, JSON and CSV.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "slsim/always_on.hpp"
#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

struct BookComparison {
  BookCost cost;                 // with the user's options (--free-tier, --per month)
  AlwaysOnComparison always_on;  // empty options when the book has no always_on prices
  std::vector<ProvisionedBreakEven> provisioned;
  std::vector<FunctionUtilisation> utilisation;
};

struct Comparison {
  std::string scenario;
  std::uint64_t seed = 0;
  double simulated_seconds = 0;
  std::vector<std::string> services;  // rows, in first-seen order over the books
  std::vector<BookComparison> books;  // columns, in --pricing order
  double usd(std::size_t book, const std::string& service) const;  // 0 when absent
};

Comparison build_comparison(const ScenarioSpec& scenario, const RunResult& result,
                            const std::vector<PriceBook>& books, const CostOptions& options);

nlohmann::ordered_json comparison_json(const Comparison& c);
std::string comparison_text(const Comparison& c);
// service,<book>,<book>... then one row per service and `total`; plain decimals.
std::string comparison_csv(const Comparison& c);

}  // namespace slsim
