#pragma once
// `slsim optimize` (README "What-if sweeps"): over a sweep's points, the one minimizing an
// objective (a JSON path of the run report, e.g. cost.aws.total_usd) among those meeting every
// constraint ('sources.api.latency_ms.p99 < 500'), and the Pareto frontier of the objective
// against a second metric (by default the first constraint's), both minimized.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace slsim {

struct Constraint {
  std::string path;
  std::string op;  // <, <=, >, >=, ==, !=
  double value = 0;
  std::string text;
  bool holds(const nlohmann::ordered_json& v) const;  // false for a missing (null) metric
};

// "PATH OP NUMBER"; a malformed constraint is a ScenarioError naming --subject-to.
Constraint parse_constraint(const std::string& text);

struct Optimum {
  std::optional<std::size_t> best;    // index into the sweep's points; none when infeasible
  std::vector<bool> feasible;         // per point
  std::vector<std::size_t> frontier;  // feasible non-dominated points, by ascending objective
};

// A metric's value for comparison: a number, or the mean of a replications summary.
std::optional<double> metric_value(const nlohmann::ordered_json& v);

Optimum optimize(const nlohmann::ordered_json& sweep, const std::string& objective,
                 const std::vector<Constraint>& constraints, const std::string& tradeoff);

}  // namespace slsim
