#include "slsim/optimize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "slsim/error.hpp"

namespace slsim {

namespace {

using Json = nlohmann::ordered_json;

std::string trimmed(const std::string& s) {
  const std::size_t a = s.find_first_not_of(" \t");
  const std::size_t b = s.find_last_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

std::optional<double> point_metric(const Json& point, const std::string& path) {
  if (!point["metrics"].contains(path)) return std::nullopt;
  return metric_value(point["metrics"][path]);
}

}  // namespace

std::optional<double> metric_value(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_object() && v.contains("mean") && v["mean"].is_number()) return v["mean"].get<double>();
  return std::nullopt;
}

bool Constraint::holds(const Json& v) const {
  const std::optional<double> x = metric_value(v);
  if (!x) return false;
  if (op == "<") return *x < value;
  if (op == "<=") return *x <= value;
  if (op == ">") return *x > value;
  if (op == ">=") return *x >= value;
  if (op == "==") return *x == value;
  return *x != value;
}

Constraint parse_constraint(const std::string& text) {
  const auto bad = [&] {
    return ScenarioError(fmt::format(
        "--subject-to '{}': expected 'PATH OP NUMBER' with OP one of <, <=, >, >=, ==, !=", text));
  };
  for (const char* op : {"<=", ">=", "==", "!=", "<", ">"}) {
    const std::size_t at = text.find(op);
    if (at == std::string::npos) continue;
    Constraint c;
    c.text = text;
    c.op = op;
    c.path = trimmed(text.substr(0, at));
    const std::string number = trimmed(text.substr(at + c.op.size()));
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), c.value);
    if (c.path.empty() || number.empty() || ec != std::errc{} ||
        ptr != number.data() + number.size()) {
      throw bad();
    }
    return c;
  }
  throw bad();
}

Optimum optimize(const Json& sweep, const std::string& objective,
                 const std::vector<Constraint>& constraints, const std::string& tradeoff) {
  const Json& points = sweep["points"];
  Optimum o;
  o.feasible.assign(points.size(), false);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::optional<double> cost = point_metric(points[i], objective);
    bool ok = cost.has_value();
    for (const Constraint& c : constraints)
      ok = ok && c.holds(points[i]["metrics"][c.path]);
    o.feasible[i] = ok;
    if (ok && (!o.best || *cost < *point_metric(points[*o.best], objective))) o.best = i;
  }
  // Frontier: feasible points no other feasible point beats on both axes (ties: the first).
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (o.feasible[i] && point_metric(points[i], tradeoff)) candidates.push_back(i);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    const double ca = *point_metric(points[a], objective);
    const double cb = *point_metric(points[b], objective);
    if (ca != cb) return ca < cb;
    return *point_metric(points[a], tradeoff) < *point_metric(points[b], tradeoff);
  });
  std::optional<double> best_tradeoff;
  for (std::size_t i : candidates) {
    const double t = *point_metric(points[i], tradeoff);
    if (!best_tradeoff || t < *best_tradeoff) {
      o.frontier.push_back(i);
      best_tradeoff = t;
    }
  }
  return o;
}

}  // namespace slsim
