// The terminal summary of a run: a few aligned tables, at most 100 columns wide, the most
// important figures first. Every figure printed here is also in the JSON (report_json.cpp),
// at full precision there; here counts are grouped by thousands, times are in ms, rates in %,
// money in dollars and cents (amounts below one cent to two significant digits, and a note
// says so). ANSI colours only when ReportOptions::color.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "slsim/report.hpp"

namespace slsim {

namespace {

constexpr std::size_t kMaxWidth = 100;
constexpr std::size_t kGap = 2;           // spaces between columns
constexpr std::size_t kMinNameWidth = 8;  // the name column never shrinks below this

// ---- numbers ------------------------------------------------------------------------------

// "1234567.891" -> "1,234,567.891": commas between groups of three integer digits.
std::string group_thousands(std::string digits) {
  const std::size_t dot = std::min(digits.find('.'), digits.size());
  for (std::size_t i = dot; i > 3; i -= 3) {
    digits.insert(i - 3, 1, ',');
  }
  return digits;
}

std::string count_text(std::uint64_t n) {
  return group_thousands(fmt::format("{}", n));
}

// A fixed number of decimals; "-" for a value that is not a number (null in the JSON).
std::string fixed_text(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  return group_thousands(fmt::format("{:.{}f}", v, decimals));
}

// Enough decimals for two significant digits of a small positive value (0.00123 -> 4).
int decimals_for_two_digits(double v, int at_least) {
  if (!(v > 0)) return at_least;
  const int needed = 1 - static_cast<int>(std::floor(std::log10(v)));
  return std::clamp(needed, at_least, 9);
}

// Milliseconds: one decimal, or two significant digits below 1 ms.
std::string millis_text(std::optional<double> micros) {
  if (!micros) return "-";
  const double ms = *micros / 1e3;
  return fixed_text(ms, ms < 1 ? decimals_for_two_digits(ms, 1) : 1);
}

// A fraction as a percentage: one decimal, or two significant digits below 1 %.
std::string percent_text(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "-";
  const double pct = 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  return fixed_text(pct, pct < 1 ? decimals_for_two_digits(pct, 1) : 1) + "%";
}

bool is_below_cent(double usd) {
  return usd > 0 && usd < 0.01;
}

// Dollars and cents; a non-zero amount below a cent gets two significant digits.
std::string money_text(double usd) {
  return "$" + fixed_text(usd, is_below_cent(usd) ? decimals_for_two_digits(usd, 2) : 2);
}

// Seconds: an integer when whole, else milliseconds.
std::string seconds_text(double s) {
  return fixed_text(s, s == std::floor(s) ? 0 : 3);
}

// ---- tables -------------------------------------------------------------------------------

enum class Tone : std::uint8_t { plain, heading, name, warn, bad, total };

const char* ansi(Tone tone) {
  switch (tone) {
    case Tone::plain:
      return "";
    case Tone::heading:
      return "\033[1m";
    case Tone::name:
      return "\033[36m";
    case Tone::warn:
      return "\033[33m";
    case Tone::bad:
      return "\033[31m";
    case Tone::total:
      return "\033[1;32m";
  }
  return "";
}

struct Cell {
  std::string text;
  Tone tone = Tone::plain;
};

// A header of two lines over a column of numbers (right-aligned) or of names (left-aligned;
// the first column always is).
struct Column {
  std::string top;
  std::string bottom;
  bool left = false;
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // one cell per column; the first is the row's name
};

class Writer {
 public:
  explicit Writer(bool color) : color_(color) {}

  void put(std::string_view text, Tone tone = Tone::plain) {
    if (color_ && tone != Tone::plain && !text.empty()) {
      out_ += ansi(tone);
      out_ += text;
      out_ += "\033[0m";
    } else {
      out_ += text;
    }
  }
  void newline() {
    while (!out_.empty() && out_.back() == ' ') {
      out_.pop_back();
    }
    out_ += '\n';
  }
  void line(std::string_view text, Tone tone = Tone::plain) {
    put(text, tone);
    newline();
  }
  // `text` padded to `width` (left or right aligned), coloured without disturbing alignment.
  void cell(std::string_view text, std::size_t width, bool left, Tone tone) {
    const std::string pad(width > text.size() ? width - text.size() : 0, ' ');
    if (!left) out_ += pad;
    put(text, tone);
    if (left) out_ += pad;
  }
  std::string take() { return std::move(out_); }

 private:
  bool color_;
  std::string out_;
};

std::vector<std::size_t> column_widths(const Table& table) {
  std::vector<std::size_t> widths(table.columns.size(), 0);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    widths[c] = std::max(table.columns[c].top.size(), table.columns[c].bottom.size());
    for (const auto& row : table.rows) {
      widths[c] = std::max(widths[c], row[c].text.size());
    }
  }
  // Long names give way first: they get a line of their own (see write_table).
  std::size_t rest = 0;
  for (std::size_t c = 1; c < widths.size(); ++c) {
    rest += kGap + widths[c];
  }
  if (widths[0] + rest > kMaxWidth) {
    const Column& names = table.columns[0];
    const std::size_t header = std::max({names.top.size(), names.bottom.size(), kMinNameWidth});
    widths[0] = std::max(header, rest < kMaxWidth ? kMaxWidth - rest : 0);
  }
  return widths;
}

void write_header(Writer& w, const Table& table, const std::vector<std::size_t>& widths, bool top) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) w.put(std::string(kGap, ' '));
    const Column& column = table.columns[c];
    w.cell(top ? column.top : column.bottom, widths[c], c == 0 || column.left, Tone::heading);
  }
  w.newline();
}

void write_table(Writer& w, const Table& table) {
  const std::vector<std::size_t> widths = column_widths(table);
  const bool has_top = std::any_of(table.columns.begin(), table.columns.end(),
                                   [](const Column& c) { return !c.top.empty(); });
  if (has_top) write_header(w, table, widths, true);
  write_header(w, table, widths, false);
  for (const auto& row : table.rows) {
    const bool own_line = row[0].text.size() > widths[0];
    if (own_line) w.line(row[0].text, row[0].tone);
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) w.put(std::string(kGap, ' '));
      const Cell& cell = c == 0 && own_line ? Cell{} : row[c];
      w.cell(cell.text, widths[c], c == 0 || table.columns[c].left, cell.tone);
    }
    w.newline();
  }
}

// A count that should draw the eye when it is not zero.
Cell alert(std::uint64_t n, Tone tone) {
  return {count_text(n), n == 0 ? Tone::plain : tone};
}

// ---- sections -----------------------------------------------------------------------------

void write_overview(Writer& w, const RunResult& r, const ReportOptions& options) {
  w.put(r.scenario, Tone::heading);
  w.line(fmt::format(": seed {}, simulated {} s, {} events (fingerprint {:016x})", r.seed,
                     seconds_text(r.simulated.to_seconds()), count_text(r.engine.events),
                     r.engine.fingerprint));
  if (r.engine.stopped_at_max_events) {
    w.line("note: stopped at --max-events; the figures cover only the simulated time above",
           Tone::warn);
  }
  if (r.engine.interrupted) {
    w.line("note: interrupted (Ctrl-C); partial figures, covering only the simulated time above",
           Tone::warn);
  }
  if (options.timing) {
    std::uint64_t invocations = 0;
    for (const FunctionResult& f : r.functions) {
      invocations += f.invocations;
    }
    const double wall = r.engine.wall_seconds;
    const auto per_second = [wall](std::uint64_t n) {
      return wall > 0 ? count_text(
                            static_cast<std::uint64_t>(std::llround(static_cast<double>(n) / wall)))
                      : std::string("-");
    };
    w.line(fmt::format("wall time {} s: {} events/s, {} invocations/s", fixed_text(wall, 3),
                       per_second(r.engine.events), per_second(invocations)));
  }
}

// The figures a reader looks for first, one row per function: how often it started cold, how
// often it was throttled, its tail latency and what it cost under the first price book.
void write_key_figures(Writer& w, const RunResult& r, const std::vector<BookCost>& costs) {
  Table t;
  t.columns = {{"Key figures", ""},
               {"cold-start", "rate"},
               {"", "throttles"},
               {"p99", "(ms)"},
               {"", "errors"}};
  if (!costs.empty()) t.columns.push_back({"cost", costs.front().book});
  for (std::size_t i = 0; i < r.functions.size(); ++i) {
    const FunctionResult& f = r.functions[i];
    std::vector<Cell> row{{f.name, Tone::name},
                          {percent_text(f.cold_starts, f.invocations)},
                          alert(f.throttles, Tone::warn),
                          {millis_text(f.latency.quantile(0.99))},
                          alert(f.timeouts, Tone::bad)};
    if (!costs.empty()) {
      const std::vector<FunctionCost>& fc = costs.front().functions;
      row.push_back({i < fc.size() ? money_text(fc[i].usd) : "-", Tone::total});
    }
    t.rows.push_back(std::move(row));
  }
  write_table(w, t);
}

void write_functions(Writer& w, const RunResult& r) {
  Table t;
  t.columns = {{"Functions", ""}, {"", "invocations"}, {"cold", "starts"}, {"cold", "rate"},
               {"", "throttles"}, {"", "timeouts"},    {"peak", "conc"},   {"mean", "conc"},
               {"mean", "envs"},  {"mean", "idle"}};
  for (const FunctionResult& f : r.functions) {
    t.rows.push_back(
        {{f.name, Tone::name},
         {count_text(f.invocations)},
         {count_text(f.cold_starts)},
         {percent_text(f.cold_starts, f.invocations)},
         alert(f.throttles, Tone::warn),
         alert(f.timeouts, Tone::bad),
         {count_text(static_cast<std::uint64_t>(std::max<std::int64_t>(f.peak_concurrency, 0)))},
         {fixed_text(f.mean_concurrency, 2)},
         {fixed_text(f.mean_environments, 2)},
         {fixed_text(f.mean_idle_environments, 2)}});
  }
  write_table(w, t);
  w.line("conc = environments busy (INIT or handler); envs = live ones, provisioned included");
  for (const FunctionResult& f : r.functions) {
    if (f.errors > 0) {
      w.line(fmt::format("{}: {} function errors ({} of invocations)", f.name, count_text(f.errors),
                         percent_text(f.errors, f.invocations)),
             Tone::bad);
    }
    if (f.events.received > 0) {
      w.line(
          fmt::format("{}: {} async events from services and calls, {} rejected, {} stopped "
                      "by loop detection",
                      f.name, count_text(f.events.received), count_text(f.events.rejected),
                      count_text(f.events.loop_stopped)));
    }
    if (f.to_destination > 0) {
      w.line(fmt::format("{}: {} async events sent to the on-failure destination", f.name,
                         count_text(f.to_destination)),
             Tone::warn);
    }
  }
  for (const FunctionResult& f : r.functions) {
    if (f.provisioned_starts == 0) continue;
    w.line(fmt::format("{}: {} of {} invocations ({}) started on provisioned environments", f.name,
                       count_text(f.provisioned_starts), count_text(f.invocations),
                       percent_text(f.provisioned_starts, f.invocations)));
  }
}

void write_sources(Writer& w, const ScenarioSpec& scenario, const RunResult& r) {
  Table t;
  t.columns = {{"Sources", ""},   {"", "target", true}, {"", "requests"},
               {"", "completed"}, {"", "throttled"},    {"", "failed"},
               {"timed", "out"},  {"", "dropped"},      {"in", "flight"}};
  for (const SourceResult& s : r.sources) {
    std::string target;
    for (const SourceSpec& spec : scenario.sources) {
      if (spec.name == s.name) target = spec.target;
    }
    t.rows.push_back({{s.name, Tone::name},
                      {target},
                      {count_text(s.requests)},
                      {count_text(s.completed)},
                      alert(s.throttled, Tone::warn),
                      alert(s.failed, Tone::bad),
                      alert(s.timed_out, Tone::bad),
                      alert(s.dropped, Tone::bad),
                      {count_text(s.in_flight_at_end)}});
  }
  write_table(w, t);
}

void write_queues(Writer& w, const RunResult& r) {
  Table t;
  t.columns = {{"Queues", ""},    {"", "sent"},      {"", "deleted"},    {"to", "DLQ"},
               {"", "expired"},   {"in", "queue"},   {"", "batches"},    {"failed", "batches"},
               {"peak", "depth"}, {"mean", "depth"}, {"peak", "pollers"}};
  for (const QueueResult& q : r.queues) {
    t.rows.push_back({{q.name, Tone::name},
                      {count_text(q.sent)},
                      {count_text(q.deleted)},
                      alert(q.dead_lettered, Tone::bad),
                      alert(q.expired, Tone::bad),
                      {count_text(q.in_queue_at_end)},
                      {count_text(q.batches)},
                      alert(q.failed_batches, Tone::warn),
                      {count_text(q.peak_depth)},
                      {fixed_text(q.mean_depth, 2)},
                      {count_text(static_cast<std::uint64_t>(q.peak_pollers))}});
  }
  if (!r.queues.empty()) write_table(w, t);
  for (const BucketResult& b : r.buckets) {
    w.line(fmt::format("bucket {}: {} puts, {} gets, {} deletes, {} notifications ({} pending)",
                       b.name, count_text(b.puts), count_text(b.gets), count_text(b.deletes),
                       count_text(b.notifications), count_text(b.pending_at_end)));
  }
  for (const ScheduleResult& s : r.schedules) {
    w.line(
        fmt::format("schedule {} {}: fired {} times", s.name, s.expression, count_text(s.fires)));
  }
  for (const TableResult& t : r.tables) {
    w.line(fmt::format("table {}: {} reads, {} writes, {} throttled attempts, {} failed", t.name,
                       count_text(t.reads), count_text(t.writes), count_text(t.throttled_attempts),
                       count_text(t.failed)));
    if (t.dax) {
      w.line(
          fmt::format("  dax {} x {}: {} item hits, {} misses; {} query hits, {} misses; {} "
                      "passed through",
                      t.dax->nodes, t.dax->node_type, count_text(t.dax->item_hits),
                      count_text(t.dax->item_misses), count_text(t.dax->query_hits),
                      count_text(t.dax->query_misses), count_text(t.dax->passed_through)));
    }
  }
  for (const StreamResult& s : r.streams) {
    w.line(fmt::format(
        "stream {}: {} written ({} writes failed), {} processed, {} to destination, "
        "{} dropped, {} expired, {} in stream; iterator age max {} ms",
        s.name, count_text(s.written), count_text(s.failed_writes), count_text(s.processed),
        count_text(s.to_destination), count_text(s.dropped), count_text(s.expired),
        count_text(s.in_stream_at_end),
        millis_text(s.iterator_age.count() == 0
                        ? std::optional<double>()
                        : std::optional<double>(static_cast<double>(s.iterator_age.max())))));
  }
  for (const FirehoseResult& f : r.firehoses) {
    w.line(fmt::format(
        "firehose {}: {} records in ({} requests failed), {} objects to {} ({} by size, {} by "
        "interval), {} records buffered; mean record delay {} s",
        f.name, count_text(f.records_in), count_text(f.failed_requests), count_text(f.objects),
        f.destination, count_text(f.objects_by_size), count_text(f.objects_by_interval),
        count_text(f.records_pending_at_end), fixed_text(f.mean_record_delay_us / 1e6, 1)));
    if (f.transform_batches > 0) {
      w.line(
          fmt::format("firehose {}: {} transformation batches, {} failed invocations ({} "
                      "retried), {} records failed processing",
                      f.name, count_text(f.transform_batches), count_text(f.transform_failures),
                      count_text(f.transform_retries), count_text(f.records_failed_processing)));
    }
  }
  for (const TopicResult& t : r.topics) {
    w.line(fmt::format("topic {}: {} published, {} deliveries, {} filtered out", t.name,
                       count_text(t.published), count_text(t.deliveries),
                       count_text(t.filtered_out)));
  }
  for (const QueueResult& q : r.queues) {
    if (q.batches == 0) continue;
    w.line(fmt::format("{}: mean wait to first receive {} s ({} waited); oldest received at {} s",
                       q.name, fixed_text(q.mean_wait_seconds, 3),
                       fixed_text(100 * q.waited_fraction, 1) + "%",
                       fixed_text(q.max_age_at_receive.to_seconds(), 3)));
  }
}

std::vector<Cell> latency_row(const std::string& name, const char* kind, const Histogram& h) {
  return {{name, Tone::name},
          {kind},
          {millis_text(h.mean())},
          {millis_text(h.quantile(0.50))},
          {millis_text(h.quantile(0.90))},
          {millis_text(h.quantile(0.99))},
          {millis_text(h.quantile(0.999))}};
}

void write_latency(Writer& w, const RunResult& r) {
  Table t;
  t.columns = {{"", "Latency (ms)"}, {"", "of", true}, {"", "mean"}, {"", "p50"},
               {"", "p90"},          {"", "p99"},      {"", "p99.9"}};
  for (const FunctionResult& f : r.functions) {
    t.rows.push_back(latency_row(f.name, "function", f.latency));
  }
  for (const SourceResult& s : r.sources) {
    t.rows.push_back(latency_row(s.name, "source", s.latency));
  }
  write_table(w, t);
  w.line(
      "function: INIT (if cold) + handler; source: what the caller sees (completed and "
      "failed requests)");
}

// The services of all books, in first-seen order (each book lists them in a fixed order).
std::vector<std::string> service_names(const std::vector<BookCost>& costs) {
  std::vector<std::string> names;
  for (const BookCost& book : costs) {
    for (const ServiceCost& s : book.by_service) {
      if (std::find(names.begin(), names.end(), s.service) == names.end()) {
        names.push_back(s.service);
      }
    }
  }
  return names;
}

// Returns whether an amount below one cent was printed.
bool write_costs(Writer& w, const std::vector<BookCost>& costs) {
  const std::vector<std::string> services = service_names(costs);
  Table t;
  t.columns = {{"", "Cost (USD)"}, {"", "total"}};
  for (const std::string& s : services) {
    t.columns.push_back({"", s});
  }
  bool small = false;
  for (const BookCost& book : costs) {
    std::vector<Cell> row{{book.book, Tone::name}, {money_text(book.total_usd), Tone::total}};
    small = small || is_below_cent(book.total_usd);
    for (const std::string& name : services) {
      const auto it = std::find_if(book.by_service.begin(), book.by_service.end(),
                                   [&](const ServiceCost& s) { return s.service == name; });
      row.push_back({it == book.by_service.end() ? "-" : money_text(it->usd)});
      small = small || (it != book.by_service.end() && is_below_cent(it->usd));
    }
    t.rows.push_back(std::move(row));
  }
  write_table(w, t);
  return small;
}

// Unpriced meters and behaviour differences, book by book.
void write_cost_notes(Writer& w, const std::vector<BookCost>& costs) {
  for (const BookCost& book : costs) {
    if (!book.unpriced.empty()) {
      w.line(fmt::format("{}: not priced (cost 0 here): {}", book.book,
                         fmt::join(book.unpriced, ", ")));
    }
    for (const std::string& note : book.notes) {
      w.line(fmt::format("{}: {}", book.book, note));
    }
  }
}

}  // namespace

std::string report_text(const ScenarioSpec& scenario, const RunResult& result,
                        const std::vector<BookCost>& costs, const ReportOptions& options) {
  Writer w(options.color);
  write_overview(w, result, options);
  if (!result.functions.empty()) {
    w.newline();
    write_key_figures(w, result, costs);
    w.newline();
    write_functions(w, result);
  }
  if (!result.sources.empty()) {
    w.newline();
    write_sources(w, scenario, result);
  }
  if (!result.queues.empty() || !result.topics.empty() || !result.buckets.empty() ||
      !result.tables.empty() || !result.schedules.empty() || !result.streams.empty() ||
      !result.firehoses.empty()) {
    w.newline();
    write_queues(w, result);
  }
  if (!result.functions.empty() || !result.sources.empty()) {
    w.newline();
    write_latency(w, result);
  }
  if (!costs.empty()) {
    w.newline();
    const BookCost& first = costs.front();
    if (first.per_month) {
      w.line(fmt::format(
          "Per month: {} s simulated, every quantity extrapolated x{:.6g} to a {} h month; "
          "always-free tiers {}",
          seconds_text(result.simulated.to_seconds()), first.extrapolation, first.month_hours,
          first.free_tier ? "applied (--free-tier)" : "not applied"));
    } else {
      w.line(fmt::format("Monthly tiers pro-rated to {} s of a {} h month; always-free tiers {}",
                         seconds_text(result.simulated.to_seconds()), first.month_hours,
                         first.free_tier ? "applied (--free-tier)" : "not applied"));
    }
    if (write_costs(w, costs)) {
      w.line("amounts below one cent are shown to two significant digits");
    }
    write_cost_notes(w, costs);
  }
  return w.take();
}

}  // namespace slsim
