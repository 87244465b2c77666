#include "slsim/traces/invocation_trace.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace slsim::traces {

namespace {

// Heap order: the earliest start on top; equal starts in file order, so ties replay as written.
bool later(const TraceRow& a, const TraceRow& b) {
  if (a.start != b.start) return a.start > b.start;
  return a.line > b.line;
}

std::string seconds_text(Time t) {
  return fmt::format("{:.6f} s", static_cast<double>(t.us) / 1e6);
}

}  // namespace

InvocationTraceReader::InvocationTraceReader(const std::string& path, TraceFormat format,
                                             bool lenient, Duration reorder_window)
    : csv_(path), format_(format), lenient_(lenient), window_(reorder_window) {
  if (format == TraceFormat::azure2021) {
    // The 2021 trace's own header: app,func,end_timestamp,duration (seconds).
    app_ = csv_.column("app");
    key_ = csv_.column("func");
    time_ = csv_.column("end_timestamp");
    duration_ = csv_.column("duration");
  } else {
    // The generic format: timestamp,target[,duration][,payload] in any order.
    time_ = csv_.column("timestamp");
    key_ = csv_.column("target");
    std::size_t column = 1;  // of the header line, for the error
    for (std::size_t i = 0; i < csv_.header().size(); column += csv_.header()[i++].size() + 1) {
      const std::string& name = csv_.header()[i];
      if (name == "duration") {
        duration_ = i;
      } else if (name == "payload") {
        payload_ = i;
      } else if (name != "timestamp" && name != "target") {
        throw ScenarioError(fmt::format(
            "{}:1:{}: unknown column '{}' (the header is timestamp,target[,duration][,payload])",
            path, column, name));
      }
    }
  }
  fields_ = csv_.header().size();
}

void InvocationTraceReader::select(const std::string& function, std::uint32_t source) {
  if (skipped_.size() <= source) skipped_.resize(source + 1, 0);
  if (function.empty()) {
    catch_all_ = source;
  } else if (format_ == TraceFormat::azure2021 && function.find('/') != std::string::npos) {
    by_app_key_.emplace(function, source);
  } else {
    by_key_.emplace(function, source);
  }
}

std::uint64_t InvocationTraceReader::skipped(std::uint32_t source) const {
  return source < skipped_.size() ? skipped_[source] : 0;
}

// The source that selected the current row's function (no allocation: app_key_ is reused).
std::optional<std::uint32_t> InvocationTraceReader::lookup() {
  const std::string_view key = csv_.field(key_);
  if (const auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  if (!by_app_key_.empty()) {
    app_key_.assign(csv_.field(app_));
    app_key_ += '/';
    app_key_.append(key);
    if (const auto it = by_app_key_.find(std::string_view(app_key_)); it != by_app_key_.end())
      return it->second;
  }
  return catch_all_;
}

// A field in seconds (a non-negative decimal) as microseconds.
Time InvocationTraceReader::seconds_field(std::size_t column) const {
  const double seconds = csv_.number(column);
  if (seconds > kMaxTraceSeconds) {
    throw csv_.bad(column, fmt::format("expected at most {:.0e} seconds, got '{}'",
                                       kMaxTraceSeconds, csv_.field(column)));
  }
  return Time{static_cast<std::int64_t>(std::llround(seconds * 1e6))};
}

void InvocationTraceReader::skip(std::uint32_t source) {
  ++skipped_[source];
}

void InvocationTraceReader::push(const TraceRow& row) {
  heap_.push_back(row);
  std::push_heap(heap_.begin(), heap_.end(), later);
}

TraceRow InvocationTraceReader::pop() {
  std::pop_heap(heap_.begin(), heap_.end(), later);
  const TraceRow row = heap_.back();
  heap_.pop_back();
  return row;
}

bool InvocationTraceReader::read_row(TraceRow& row, bool& found) {
  found = false;
  if (!csv_.next()) return false;
  const std::optional<std::uint32_t> source = lookup();
  if (!source) return true;  // another function's row: not read further
  try {
    csv_.expect_fields(fields_);
    row.source = *source;
    row.line = csv_.line_number();
    const Time t = seconds_field(time_);
    row.duration =
        duration_ == std::string::npos ? Duration{-1} : seconds_field(duration_) - Time{0};
    row.payload = payload_ == std::string::npos ? -1 : csv_.integer(payload_);
    // Azure 2021 gives the end: the invocation started its duration earlier.
    row.start = format_ == TraceFormat::azure2021 ? t - row.duration : t;
    if (row.start < last_returned_) {
      throw BadRow(fmt::format(
          "{}:{}:1: the row starts at {}, before an invocation already replayed at {}: rows may be "
          "out of start order by at most the reorder window ({} s) and {} rows",
          csv_.file(), row.line, seconds_text(row.start), seconds_text(last_returned_),
          window_.to_seconds(), kMaxReorderRows));
    }
  } catch (const BadRow&) {
    if (!lenient_) throw;
    skip(*source);
    return true;
  }
  found = row.start >= Time{0};  // rows starting before t = 0 are not replayed
  return true;
}

std::optional<TraceRow> InvocationTraceReader::next() {
  for (;;) {
    if (!heap_.empty() && (at_end_ || heap_.size() >= kMaxReorderRows ||
                           heap_.front().start + window_ < latest_start_)) {
      const TraceRow row = pop();
      last_returned_ = row.start;
      return row;
    }
    if (at_end_) return std::nullopt;
    TraceRow row;
    bool found = false;
    if (!read_row(row, found)) {
      at_end_ = true;
      continue;
    }
    if (!found) continue;
    latest_start_ = std::max(latest_start_, row.start);
    push(row);
  }
}

}  // namespace slsim::traces
