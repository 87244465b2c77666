#include "slsim/report_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include "slsim/error.hpp"

namespace slsim {

namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string number(double v) {
  if (!std::isfinite(v)) return "";
  return fmt::format("{}", v);
}

std::string millis(std::optional<double> micros) {
  return micros ? number(*micros / 1e3) : "";
}

class Table {
 public:
  explicit Table(const std::vector<std::string>& header) { row(header); }
  void row(const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) text_ += ',';
      text_ += field(cells[i]);
    }
    text_ += '\n';
  }
  std::string take() && { return std::move(text_); }

 private:
  std::string text_;
};

std::string u(std::uint64_t v) {
  return fmt::format("{}", v);
}

CsvFile functions_csv(const RunResult& r) {
  Table t({"function",         "invocations",       "cold_starts",
           "cold_start_rate",  "warm_starts",       "provisioned_starts",
           "throttles",        "timeouts",          "completed",
           "dropped",          "in_flight_at_end",  "peak_concurrency",
           "mean_concurrency", "mean_environments", "environments_created",
           "latency_mean_ms",  "latency_p50_ms",    "latency_p90_ms",
           "latency_p99_ms",   "latency_max_ms"});
  for (const FunctionResult& f : r.functions) {
    const Histogram& h = f.latency;
    t.row({f.name,
           u(f.invocations),
           u(f.cold_starts),
           f.invocations == 0
               ? ""
               : number(static_cast<double>(f.cold_starts) / static_cast<double>(f.invocations)),
           u(f.warm_starts),
           u(f.provisioned_starts),
           u(f.throttles),
           u(f.timeouts),
           u(f.completed),
           u(f.dropped),
           u(f.in_flight_at_end),
           fmt::format("{}", f.peak_concurrency),
           number(f.mean_concurrency),
           number(f.mean_environments),
           u(f.environments_created),
           millis(h.mean()),
           millis(h.quantile(0.5)),
           millis(h.quantile(0.9)),
           millis(h.quantile(0.99)),
           h.count() == 0 ? "" : number(static_cast<double>(h.max()) / 1e3)});
  }
  return {"summary_functions.csv", std::move(t).take()};
}

CsvFile sources_csv(const RunResult& r) {
  Table t({"source", "requests", "completed", "throttled", "gateway_throttled", "failed",
           "timed_out", "dropped", "in_flight_at_end", "latency_p50_ms", "latency_p99_ms"});
  for (const SourceResult& s : r.sources) {
    t.row({s.name, u(s.requests), u(s.completed), u(s.throttled), u(s.gateway_throttled),
           u(s.failed), u(s.timed_out), u(s.dropped), u(s.in_flight_at_end),
           millis(s.latency.quantile(0.5)), millis(s.latency.quantile(0.99))});
  }
  return {"summary_sources.csv", std::move(t).take()};
}

// One row per (book, service) and a "total" row per book; then the functions' share.
CsvFile cost_csv(const std::vector<BookCost>& costs) {
  Table t({"book", "item", "kind", "usd"});
  for (const BookCost& b : costs) {
    for (const ServiceCost& s : b.by_service)
      t.row({b.book, s.service, "service", number(s.usd)});
    for (const FunctionCost& f : b.functions)
      t.row({b.book, f.name, "function", number(f.usd)});
    t.row({b.book, "total", "total", number(b.total_usd)});
  }
  return {"summary_cost.csv", std::move(t).take()};
}

// The families in order of first appearance, each with its series names in order.
struct Family {
  std::string name;
  std::vector<std::string> columns;
};

std::vector<Family> families_of(const Timeline& timeline) {
  std::vector<Family> families;
  for (const ComponentTimeline& c : timeline.components) {
    for (const Series& s : c.series) {
      auto f = std::find_if(families.begin(), families.end(),
                            [&](const Family& x) { return x.name == s.family; });
      if (f == families.end()) f = families.insert(families.end(), Family{s.family, {}});
      if (std::find(f->columns.begin(), f->columns.end(), s.name) == f->columns.end())
        f->columns.push_back(s.name);
    }
  }
  return families;
}

CsvFile family_csv(const Timeline& timeline, const Family& family) {
  std::vector<std::string> header{"start_s", "end_s", "component", "kind"};
  header.insert(header.end(), family.columns.begin(), family.columns.end());
  Table t(header);
  for (std::size_t i = 0; i < timeline.ends.size(); ++i) {
    for (const ComponentTimeline& c : timeline.components) {
      std::vector<std::string> row{number(timeline.start_of(i).to_seconds()),
                                   number(timeline.ends[i].to_seconds()), c.name, c.kind};
      bool any = false;
      for (const std::string& column : family.columns) {
        const Series* s = c.find(column);
        any = any || (s != nullptr && s->family == family.name);
        row.push_back(s != nullptr && s->family == family.name ? number(s->values[i]) : "");
      }
      if (any) t.row(row);
    }
  }
  return {"timeseries_" + family.name + ".csv", std::move(t).take()};
}

}  // namespace

std::vector<CsvFile> report_csv(const ScenarioSpec& /*scenario*/, const RunResult& result,
                                const std::vector<BookCost>& costs) {
  std::vector<CsvFile> files{functions_csv(result), sources_csv(result), cost_csv(costs)};
  if (result.timeline) {
    for (const Family& f : families_of(*result.timeline))
      files.push_back(family_csv(*result.timeline, f));
  }
  return files;
}

void write_csv_files(const std::string& directory, const std::vector<CsvFile>& files) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) throw ScenarioError(fmt::format("--csv {}: cannot create: {}", directory, ec.message()));
  for (const CsvFile& f : files) {
    const std::filesystem::path path = std::filesystem::path(directory) / f.name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (out) out << f.text;
    if (out) out.close();
    if (!out) {
      throw ScenarioError(
          fmt::format("--csv {}: cannot write: {}", path.string(), std::strerror(errno)));
    }
  }
}

}  // namespace slsim
