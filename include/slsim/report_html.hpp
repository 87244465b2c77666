#pragma once
// The HTML report of a run (`slsim run --html FILE`): one self-contained page (Chart.js,
// script, style sheet and data inlined; no network) with the scenario, its architecture
// diagram, per-function charts over time, latency CDFs, the cost by service and price book,
// and a chart per time-series family of any other component (queues, streams, ...).
//
// Charts are built as data (HtmlChart: a Chart.js configuration) so that other commands can
// add sections: sweep_chart turns a sweep's table into one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "slsim/cost.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

struct HtmlChart {
  std::string title;
  std::string caption;
  // A Chart.js 3 configuration ({type, data, options}). With `x` set, each dataset's data is
  // a y array that the page zips with x (smaller files for time series).
  nlohmann::json config;
  std::optional<std::vector<double>> x;
};

struct HtmlSection {
  std::string title;
  std::string intro_html;  // trusted HTML placed before the charts
  std::vector<HtmlChart> charts;
};

// A sweep's results: one row per value of the swept parameter, one column per metric.
struct SweepTable {
  std::string parameter;  // e.g. "functions.api.memory"
  std::string parameter_unit;
  std::vector<double> values;
  struct Column {
    std::string name;            // e.g. "p99 latency"
    std::string unit;            // e.g. "ms"
    std::vector<double> values;  // one per parameter value; NaN = no value
  };
  std::vector<Column> columns;
};

// A line chart of every column against the parameter, one y axis per distinct unit (at most
// two are shown; further units share the right axis).
HtmlChart sweep_chart(const SweepTable& table);

struct HtmlOptions {
  std::string topology_dot;                 // `slsim graph` output, shown if no SVG
  std::optional<std::string> topology_svg;  // Graphviz's rendering of it, inlined
  std::string diagram_note;                 // why there is no SVG (shown with the DOT)
  std::vector<HtmlSection> extra_sections;  // appended after the built-in ones
  std::size_t max_points = 1000;            // per series; longer timelines are thinned
};

std::string report_html(const ScenarioSpec& scenario, const RunResult& result,
                        const std::vector<BookCost>& costs, const HtmlOptions& options);

// A page from sections alone (the sweep report), with the same scripts and style.
std::string html_page(std::string_view title, std::string_view header_html,
                      const std::vector<HtmlSection>& sections);

std::string html_escape(std::string_view text);

}  // namespace slsim
