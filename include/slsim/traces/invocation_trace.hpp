#pragma once
// A per-invocation trace (Azure Functions 2021, or the generic CSV) read as a stream of
// arrivals in start order, in constant memory: one line at a time, through a bounded reorder
// buffer (README "Trace replay"). One reader serves every source that replays the same file: it
// dispatches each row to the source that selected the row's function, so a file is read once
// whatever the number of sources.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "slsim/scenario.hpp"
#include "slsim/time.hpp"
#include "slsim/traces/csv_reader.hpp"

namespace slsim::traces {

// Rows may be out of start order by at most the reorder window (a row is replayed once a row
// starting more than the window after it has been read), and the buffer holds at most this many
// rows (then its earliest row is replayed at once): about 2.6 MB.
inline constexpr std::size_t kMaxReorderRows = std::size_t{1} << 16;
// Timestamps and durations above this many seconds (~31 years) are not trace values.
inline constexpr double kMaxTraceSeconds = 1e9;

// One invocation of the trace, for the source that selected it.
struct TraceRow {
  Time start;
  Duration duration{-1};      // the invocation's own handler time; negative: the trace has none
  std::int64_t payload = -1;  // bytes; negative: the trace has none
  std::uint32_t source = 0;   // the index given to select() for the row's function
  std::uint64_t line = 0;     // in the file (ties in start time keep file order)
};

class InvocationTraceReader {
 public:
  // Opens `path` and checks its header for `format` (a ScenarioError naming the file
  // otherwise). Rows starting before t = 0 are not replayed.
  InvocationTraceReader(const std::string& path, TraceFormat format, bool lenient,
                        Duration reorder_window);

  // Rows of `function` (azure2021: "app/func" or the func hash; csv: the target) go to
  // `source`; an empty `function` takes every row no other selection takes. Call before next().
  void select(const std::string& function, std::uint32_t source);

  // The next selected row in start order, or nullopt at the end of the file. A bad selected row
  // (or one starting before a row already returned, beyond the reorder window) throws a
  // ScenarioError naming file:line:column; with `lenient` it is skipped and counted.
  std::optional<TraceRow> next();

  // Selected rows skipped as bad (lenient), by source index.
  std::uint64_t skipped(std::uint32_t source) const;
  const std::string& file() const { return csv_.file(); }

 private:
  // Reads the next line into `row`: false at the end of the file or for a row of a function not
  // selected (then `found` is false).
  bool read_row(TraceRow& row, bool& found);
  std::optional<std::uint32_t> lookup();
  Time seconds_field(std::size_t column) const;
  void skip(std::uint32_t source);
  void push(const TraceRow& row);
  TraceRow pop();

  CsvReader csv_;
  TraceFormat format_;
  bool lenient_;
  Duration window_;
  // Columns of the fields read (csv: duration and payload may be absent: npos).
  std::size_t fields_ = 0;
  std::size_t key_ = 0;
  std::size_t app_ = 0;
  std::size_t time_ = 0;
  std::size_t duration_ = std::string::npos;
  std::size_t payload_ = std::string::npos;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> by_key_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> by_app_key_;
  std::optional<std::uint32_t> catch_all_;
  std::string app_key_;         // "app/func" of the current row, reused (no allocation per row)
  std::vector<TraceRow> heap_;  // min-heap on (start, line)
  Time latest_start_{0};        // the latest start read
  Time last_returned_{0};       // the start of the row returned last
  bool at_end_ = false;
  std::vector<std::uint64_t> skipped_;
};

}  // namespace slsim::traces
