#include "slsim/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <charconv>
#include <cmath>
#include <map>

#include "slsim/error.hpp"
#include "slsim/parallel.hpp"
#include "slsim/price_book.hpp"
#include "slsim/report.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

namespace slsim {

namespace {

using Json = nlohmann::ordered_json;

ScenarioError vary_error(const std::string& text, const std::string& expected) {
  return ScenarioError(fmt::format("--vary {}: expected {}", text, expected));
}

// A range bound: a plain decimal and a unit suffix ("50ms" -> 50, "ms").
struct Quantity {
  double value = 0;
  std::string unit;
  int decimals = 0;  // digits after the point, to print the steps exactly
};

std::optional<Quantity> parse_quantity(const std::string& text) {
  std::size_t end = 0;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == '.')) {
    ++end;
  }
  if (end == 0) return std::nullopt;
  Quantity q;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, q.value);
  if (ec != std::errc{} || ptr != text.data() + end) return std::nullopt;
  const std::size_t dot = text.find('.');
  if (dot != std::string::npos && dot < end) q.decimals = static_cast<int>(end - dot - 1);
  q.unit = text.substr(end);
  return q;
}

// Guards a typo such as 1..1000000:1 from building an endless grid.
constexpr std::size_t kMaxRangeValues = 100'000;

std::vector<std::string> range_values(const std::string& text, const std::string& range) {
  const std::size_t dots = range.find("..");
  const std::size_t colon = range.find(':', dots == std::string::npos ? 0 : dots);
  const std::string expected = "a range FROM..TO:STEP such as 128..3008:128";
  if (dots == std::string::npos || colon == std::string::npos) throw vary_error(text, expected);
  const auto from = parse_quantity(range.substr(0, dots));
  const auto to = parse_quantity(range.substr(dots + 2, colon - dots - 2));
  const auto step = parse_quantity(range.substr(colon + 1));
  if (!from || !to || !step) throw vary_error(text, expected);
  if (from->unit != to->unit || from->unit != step->unit) {
    throw vary_error(text, "the same unit on FROM, TO and STEP");
  }
  if (!(step->value > 0) || to->value < from->value) {
    throw vary_error(text, "a STEP above 0 and TO at least FROM");
  }
  const int decimals = std::max({from->decimals, to->decimals, step->decimals});
  const double count = std::floor((to->value - from->value) / step->value + 1e-9) + 1;
  if (count > static_cast<double>(kMaxRangeValues)) {
    throw vary_error(text, fmt::format("at most {} values", kMaxRangeValues));
  }
  std::vector<std::string> values;
  for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
    const double v = from->value + static_cast<double>(i) * step->value;
    values.push_back(fmt::format("{:.{}f}{}", v, decimals, from->unit));
  }
  return values;
}

std::vector<std::string> list_values(const std::string& text, const std::string& list) {
  std::vector<std::string> values;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    std::string value = list.substr(start, comma - start);
    if (value.empty()) throw vary_error(text, "values separated by commas, none empty");
    values.push_back(std::move(value));
    start = comma + 1;
  }
  return values;
}

ScenarioSpec load_point(const std::string& file, const std::vector<std::string>& sets,
                        const PointOptions& options) {
  std::vector<std::string> all = options.sets;
  all.insert(all.end(), sets.begin(), sets.end());
  ScenarioSpec spec = load_scenario(file, all);
  if (options.seed) spec.seed = *options.seed;
  if (options.run_for) spec.run_for = *options.run_for;
  return spec;
}

Json numeric_summary(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values)
    sum += v;
  Json j;
  j["mean"] = sum / static_cast<double>(values.size());
  j["ci95"] = ci95_half_width(values);
  j["n"] = values.size();
  return j;
}

// The summary of the same node across replications (see replicate()).
std::optional<Json> summarise(const std::vector<const Json*>& nodes) {
  const Json& first = *nodes.front();
  if (first.is_object()) {
    Json out = Json::object();
    for (const auto& [key, value] : first.items()) {
      std::vector<const Json*> children;
      for (const Json* n : nodes) {
        if (!n->is_object() || !n->contains(key)) return std::nullopt;
        children.push_back(&(*n)[key]);
      }
      if (auto s = summarise(children)) out[key] = std::move(*s);
    }
    return out;
  }
  const bool any_null =
      std::any_of(nodes.begin(), nodes.end(), [](const Json* n) { return n->is_null(); });
  const bool all_numbers = std::all_of(
      nodes.begin(), nodes.end(), [](const Json* n) { return n->is_number() || n->is_null(); });
  if (all_numbers && !first.is_boolean()) {
    if (any_null) return Json(nullptr);
    std::vector<double> values;
    values.reserve(nodes.size());
    for (const Json* n : nodes)
      values.push_back(n->get<double>());
    return numeric_summary(values);
  }
  const bool same =
      std::all_of(nodes.begin(), nodes.end(), [&](const Json* n) { return *n == first; });
  if (same) return first;
  return std::nullopt;
}

std::string cell_text(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_object() && v.contains("mean")) {
    return fmt::format("{:.6g} ± {:.2g}", v["mean"].get<double>(), v["ci95"].get<double>());
  }
  if (v.is_number_float()) return fmt::format("{:.6g}", v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string csv_cell(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_object() && v.contains("mean")) {
    return fmt::format("{};{}", v["mean"].get<double>(), v["ci95"].get<double>());
  }
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

Vary parse_vary(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    throw vary_error(text, "PATH=V1,V2,... or PATH=FROM..TO:STEP");
  }
  Vary v;
  v.path = text.substr(0, eq);
  const std::string rhs = text.substr(eq + 1);
  v.values = rhs.find("..") != std::string::npos ? range_values(text, rhs) : list_values(text, rhs);
  return v;
}

std::vector<std::vector<std::string>> grid_points(const std::vector<Vary>& vary) {
  std::vector<std::vector<std::string>> points{{}};
  for (const Vary& v : vary) {
    std::vector<std::vector<std::string>> next;
    for (const auto& point : points) {
      for (const std::string& value : v.values) {
        auto p = point;
        p.push_back(v.path + "=" + value);
        next.push_back(std::move(p));
      }
    }
    points = std::move(next);
  }
  return points;
}

Shard parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  const auto number = [&](std::size_t from, std::size_t to) -> std::size_t {
    std::size_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data() + from, text.data() + to, v);
    if (ec != std::errc{} || ptr != text.data() + to || from == to) {
      throw ScenarioError(fmt::format("--shard {}: expected K/N with 1 <= K <= N", text));
    }
    return v;
  };
  if (slash == std::string::npos) {
    throw ScenarioError(fmt::format("--shard {}: expected K/N with 1 <= K <= N", text));
  }
  Shard s{number(0, slash), number(slash + 1, text.size())};
  if (s.index < 1 || s.index > s.count) {
    throw ScenarioError(fmt::format("--shard {}: expected K/N with 1 <= K <= N", text));
  }
  return s;
}

Json evaluate_point(const std::string& file, const std::vector<std::string>& sets,
                    const PointOptions& options, std::optional<std::uint64_t> seed_override) {
  ScenarioSpec spec = load_point(file, sets, options);
  if (seed_override) spec.seed = *seed_override;
  const std::vector<PriceBook> books = load_price_books(spec);
  RunOptions run;
  run.drain = options.drain;
  run.max_events = options.max_events;
  run.check = options.check;
  run.billing_rules = distinct_billing_rules(books);
  const RunResult result = run_simulation(spec, run);
  const std::vector<BookCost> costs = compute_costs(spec, result, books, options.cost);
  return report_json(spec, result, costs, ReportOptions{});
}

void validate_points(const std::string& file, const std::vector<std::vector<std::string>>& points,
                     const PointOptions& options) {
  for (const auto& point : points) {
    const ScenarioSpec spec = load_point(file, point, options);
    load_price_books(spec);
  }
}

std::vector<Json> evaluate_points(const std::string& file,
                                  const std::vector<std::vector<std::string>>& points,
                                  const std::vector<std::size_t>& selected,
                                  const PointOptions& options, unsigned threads) {
  std::vector<Json> reports(selected.size());
  // Points in parallel; a point's replications then run on its own thread.
  parallel_for(selected.size(), thread_count(threads, selected.size()), [&](std::size_t i) {
    reports[i] = options.replications > 1
                     ? replicate(file, points[selected[i]], options, options.replications, 1)
                     : evaluate_point(file, points[selected[i]], options, std::nullopt);
  });
  return reports;
}

double ci95_half_width(const std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n < 2) return 0;
  double mean = 0;
  for (double v : values)
    mean += v;
  mean /= static_cast<double>(n);
  double ss = 0;
  for (double v : values)
    ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const boost::math::students_t t(static_cast<double>(n - 1));
  return boost::math::quantile(boost::math::complement(t, 0.025)) * sd /
         std::sqrt(static_cast<double>(n));
}

Json summarise_replications(const std::vector<Json>& reports) {
  std::vector<const Json*> nodes;
  nodes.reserve(reports.size());
  for (const Json& r : reports)
    nodes.push_back(&r);
  Json out = summarise(nodes).value_or(Json::object());
  // The seeds themselves are inputs, not metrics: listed, not averaged.
  Json seeds = Json::array();
  for (const Json& r : reports)
    seeds.push_back(r.value("seed", Json(nullptr)));
  Json ordered;
  for (const auto& [key, value] : out.items()) {
    if (key == "seed") {
      ordered["replications"] = reports.size();
      ordered["seeds"] = seeds;
    } else {
      ordered[key] = value;
    }
  }
  return ordered;
}

std::uint64_t point_seed(const std::string& file, const std::vector<std::string>& sets,
                         const PointOptions& options) {
  return load_point(file, sets, options).seed;
}

Json replicate(const std::string& file, const std::vector<std::string>& sets,
               const PointOptions& options, std::size_t replications, unsigned threads) {
  const std::uint64_t base = load_point(file, sets, options).seed;
  std::vector<Json> reports(replications);
  parallel_for(replications, thread_count(threads, replications),
               [&](std::size_t i) { reports[i] = evaluate_point(file, sets, options, base + i); });
  return summarise_replications(reports);
}

Json metric_at(const Json& report, const std::string& path) {
  const Json* node = &report;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string key = path.substr(start, dot - start);
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    start = dot + 1;
  }
  return *node;
}

std::vector<std::string> default_metrics(const Json& report) {
  std::vector<std::string> metrics;
  // Named copies: items() of a temporary would dangle in the range-for.
  const Json sources = report.value("sources", Json::object());
  const Json functions = report.value("functions", Json::object());
  const Json cost = report.value("cost", Json::object());
  for (const auto& [name, value] : sources.items()) {
    for (const char* m : {"latency_ms.p50", "latency_ms.p99", "failed", "throttled"})
      metrics.push_back(fmt::format("sources.{}.{}", name, m));
  }
  for (const auto& [name, value] : functions.items()) {
    for (const char* m : {"cold_start_rate", "throttles"})
      metrics.push_back(fmt::format("functions.{}.{}", name, m));
  }
  for (const auto& [name, value] : cost.items()) {
    metrics.push_back(fmt::format("cost.{}.total_usd", name));
  }
  return metrics;
}

Json sweep_json(const std::string& scenario, const std::vector<Vary>& vary,
                const std::vector<std::string>& metrics,
                const std::vector<std::vector<std::string>>& points,
                const std::vector<std::size_t>& selected, const std::vector<Json>& reports,
                std::optional<Shard> shard) {
  Json j;
  j["scenario"] = scenario;
  j["vary"] = Json::array();
  for (const Vary& v : vary)
    j["vary"].push_back({{"path", v.path}, {"values", v.values}});
  j["metrics"] = metrics;
  j["point_count"] = points.size();
  if (shard) j["shard"] = {{"index", shard->index}, {"count", shard->count}};
  j["points"] = Json::array();
  for (std::size_t i = 0; i < selected.size(); ++i) {
    Json p;
    p["index"] = selected[i];
    p["set"] = Json::object();
    for (std::size_t k = 0; k < vary.size(); ++k) {
      const std::string& edit = points[selected[i]][k];
      p["set"][vary[k].path] = edit.substr(edit.find('=') + 1);
    }
    p["metrics"] = Json::object();
    for (const std::string& m : metrics)
      p["metrics"][m] = metric_at(reports[i], m);
    j["points"].push_back(std::move(p));
  }
  return j;
}

Json merge_sweeps(const std::vector<Json>& parts, const std::vector<std::string>& names) {
  if (parts.empty()) throw ScenarioError("merge: no partial results given");
  const auto fail = [&](std::size_t i, const std::string& why) {
    return ScenarioError(fmt::format("merge: {}: {}", names.at(i), why));
  };
  const Json& first = parts.front();
  std::map<std::size_t, std::size_t> shard_seen;  // shard index -> part
  std::map<std::size_t, Json> points;
  std::size_t count = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Json& p = parts[i];
    if (!p.is_object() || !p.contains("shard") || !p.contains("points")) {
      throw fail(i, "not a partial sweep result (written by sweep --shard K/N --json)");
    }
    for (const char* key : {"scenario", "vary", "metrics", "point_count"}) {
      if (p[key] != first[key]) {
        throw fail(i, fmt::format("its {} differs from {}'s: not the same sweep", key, names[0]));
      }
    }
    const std::size_t index = p["shard"]["index"].get<std::size_t>();
    const std::size_t n = p["shard"]["count"].get<std::size_t>();
    if (i == 0) count = n;
    if (n != count) throw fail(i, fmt::format("a shard of {}, the others of {}", n, count));
    if (!shard_seen.emplace(index, i).second) {
      throw fail(i, fmt::format("shard {}/{} is also in {}", index, n, names[shard_seen[index]]));
    }
    for (const Json& point : p["points"])
      points[point["index"].get<std::size_t>()] = point;
  }
  for (std::size_t k = 1; k <= count; ++k) {
    if (shard_seen.count(k) == 0) {
      throw ScenarioError(fmt::format("merge: shard {}/{} is missing", k, count));
    }
  }
  Json merged;
  for (const auto& [key, value] : first.items()) {
    if (key == "shard") continue;
    if (key == "points") {
      merged["points"] = Json::array();
      for (auto& [index, point] : points)
        merged["points"].push_back(point);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

std::string sweep_csv(const Json& sweep) {
  std::vector<std::string> header;
  for (const Json& v : sweep["vary"])
    header.push_back(v["path"].get<std::string>());
  for (const Json& m : sweep["metrics"])
    header.push_back(m.get<std::string>());
  std::string out = fmt::format("{}\n", fmt::join(header, ","));
  for (const Json& p : sweep["points"]) {
    std::vector<std::string> row;
    for (const Json& v : sweep["vary"])
      row.push_back(p["set"][v["path"].get<std::string>()].get<std::string>());
    for (const Json& m : sweep["metrics"])
      row.push_back(csv_cell(p["metrics"][m.get<std::string>()]));
    out += fmt::format("{}\n", fmt::join(row, ","));
  }
  return out;
}

std::string sweep_text(const Json& sweep) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header;
  for (const Json& v : sweep["vary"])
    header.push_back(v["path"].get<std::string>());
  for (const Json& m : sweep["metrics"])
    header.push_back(m.get<std::string>());
  rows.push_back(header);
  for (const Json& p : sweep["points"]) {
    std::vector<std::string> row;
    for (const Json& v : sweep["vary"])
      row.push_back(p["set"][v["path"].get<std::string>()].get<std::string>());
    for (const Json& m : sweep["metrics"])
      row.push_back(cell_text(p["metrics"][m.get<std::string>()]));
    rows.push_back(row);
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out =
      fmt::format("{}: {} points, the same seed at every point\n",
                  sweep["scenario"].get<std::string>(), sweep["point_count"].get<std::size_t>());
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += "  ";
      line += fmt::format("{:>{}}", row[i], widths[i]);
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace slsim
