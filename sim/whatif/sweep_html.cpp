// `sweep --html`: the sweep document as charts, one per metric against the first varied
// parameter, one line per combination of the other varied parameters (README "What-if
// sweeps"). Built on report_html's sweep_chart and html_page, so the page is as offline and
// as tested as the run report.

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "slsim/report_html.hpp"
#include "slsim/sweep.hpp"

namespace slsim {

namespace {

using Json = nlohmann::ordered_json;

// The number a --vary value starts with ("512" -> 512, "50ms" -> 50), or NaN.
double leading_number(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  return end == text.c_str() ? std::nan("") : v;
}

// A metric's unit, from the naming rules of the JSON keys (README "JSON keys").
std::string unit_of(const std::string& metric) {
  if (metric.find("usd") != std::string::npos) return "USD";
  if (metric.find("latency_ms") != std::string::npos) return "ms";
  if (metric.find("rate") != std::string::npos) return "fraction";
  if (metric.find("seconds") != std::string::npos) return "s";
  return "count";
}

double number_or_nan(const Json& value) {
  return value.is_number() ? value.get<double>() : std::nan("");
}

// The chart of one metric: x = the first varied parameter's values, a line per combination of
// the others (in the order of the grid).
HtmlChart metric_chart(const Json& sweep, const std::string& metric) {
  const std::string x_path = sweep["vary"][0]["path"].get<std::string>();
  SweepTable table;
  table.parameter = x_path;
  std::map<std::string, std::size_t> x_index;  // value as written -> position in table.values
  for (const Json& v : sweep["vary"][0]["values"]) {
    const std::string text = v.get<std::string>();
    x_index.emplace(text, table.values.size());
    const double number = leading_number(text);
    table.values.push_back(std::isnan(number) ? static_cast<double>(table.values.size()) : number);
  }
  std::map<std::string, std::size_t> line_index;  // other parameters -> column
  for (const Json& point : sweep["points"]) {
    std::string others;
    for (const auto& [path, value] : point["set"].items()) {
      if (path == x_path) continue;
      others += fmt::format("{}{}={}", others.empty() ? "" : ", ", path, value.get<std::string>());
    }
    const std::string name = others.empty() ? metric : others;
    auto [it, added] = line_index.emplace(name, table.columns.size());
    if (added) {
      table.columns.push_back(
          {name, unit_of(metric), std::vector<double>(table.values.size(), std::nan(""))});
    }
    const std::size_t x = x_index.at(point["set"][x_path].get<std::string>());
    table.columns[it->second].values[x] = number_or_nan(point["metrics"][metric]);
  }
  HtmlChart chart = sweep_chart(table);
  chart.title = metric;
  return chart;
}

}  // namespace

std::string sweep_html(const Json& sweep) {
  HtmlSection section;
  section.title = "Sweep";
  std::string varied;
  for (const Json& v : sweep["vary"]) {
    varied += fmt::format("<li><code>{}</code>: {} values</li>",
                          html_escape(v["path"].get<std::string>()), v["values"].size());
  }
  section.intro_html = fmt::format(
      "<p>{} points with the same seed at every point (common random numbers): differences "
      "between points come from their configuration.</p><ul>{}</ul>",
      sweep["point_count"].get<std::size_t>(), varied);
  for (const Json& metric : sweep["metrics"])
    section.charts.push_back(metric_chart(sweep, metric.get<std::string>()));
  const std::string title = "sweep of " + sweep["scenario"].get<std::string>();
  return html_page(title, "<h1>" + html_escape(title) + "</h1>", {section});
}

}  // namespace slsim
