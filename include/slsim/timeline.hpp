#pragma once
// Time series of a run, for the CSV and HTML reports: per component (a function, later a
// queue or a stream), named series with one value per interval of `resolution`. A resource
// adds its own series with add_series and sets one value per series before each
// close_interval; nothing here knows what a function is except sample_function, which turns a
// function's cumulative counters into per-interval values.
//
// Sampling never changes a run: the engine reads state between events and pushes nothing on
// the event queue (simulation.cpp). Memory is bounded: once `max_intervals` intervals are
// kept, adjacent pairs merge and the resolution doubles (decimation), each series by its own
// rule (sums add, means average, instants keep the later value, percentiles keep the larger —
// an upper bound once merged).

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "slsim/histogram.hpp"
#include "slsim/time.hpp"

namespace slsim {

// How two adjacent intervals of a series merge when the timeline is decimated.
enum class SeriesMerge : std::uint8_t {
  sum,      // a count per interval (invocations, cold starts, ...)
  mean,     // a time average over the interval
  last,     // an instantaneous value at the end of the interval
  maximum,  // a percentile per interval: the larger of the two bounds the merged one
};

struct Series {
  std::string family;  // the CSV file it goes to: "concurrency", "invocations", "latency", ...
  std::string name;    // "cold_starts", "busy", "latency_p99_ms", ...
  std::string unit;    // "count", "environments", "ms", ...
  SeriesMerge merge = SeriesMerge::sum;
  std::vector<double> values;  // one per interval; NaN = no value (no invocation ended)
};

struct ComponentTimeline {
  std::string name;
  std::string kind;  // "function", later "queue", "stream", ...
  std::vector<Series> series;

  const Series* find(const std::string& series_name) const;
};

struct Timeline {
  Duration resolution{0};  // width of every interval but possibly the last
  std::vector<Time> ends;  // end of each interval; interval i is [ends[i-1], ends[i])
  std::vector<ComponentTimeline> components;

  const ComponentTimeline* find(const std::string& component) const;
  Time start_of(std::size_t interval) const {
    return interval == 0 ? Time::zero() : ends[interval - 1];
  }
};

// A function's state at an instant (LambdaFunction::probe): cumulative counters since the
// start of the run and the environments right now.
struct FunctionProbe {
  std::int64_t busy = 0;         // environments in INIT or in the handler
  std::int64_t idle = 0;         // idle environments still alive, provisioned included
  std::int64_t provisioned = 0;  // configured provisioned environments
  std::int64_t limit = 0;        // the concurrency limit that applies (reserved or unreserved)
  std::uint64_t invocations = 0, cold_starts = 0, throttles = 0, errors = 0, dropped = 0;
  double busy_integral_us = 0;  // sum of busy x microseconds since t = 0
  const Histogram* latency = nullptr;
};

// The standard interval width for a run of `span`: the smallest of 1 ms, 10 ms, 100 ms,
// 1 s, 5 s, 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 6 h, 1 d that gives at most
// kTargetIntervals intervals.
inline constexpr std::size_t kTargetIntervals = 600;
inline constexpr std::size_t kDefaultMaxIntervals = 4096;
Duration choose_resolution(Duration span);

// Merges intervals (0, 1), (2, 3), ... (a last odd one stays) and doubles the resolution.
void merge_pairs(Timeline& timeline);
// Merges pairs until at most `max_intervals` remain (the HTML report's thinning).
Timeline thinned(Timeline timeline, std::size_t max_intervals);

class TimelineRecorder {
 public:
  using SeriesId = std::size_t;

  // `max_intervals` >= 2 (rounded up to even).
  TimelineRecorder(Duration resolution, std::size_t max_intervals = kDefaultMaxIntervals);

  std::size_t add_component(std::string name, std::string kind);
  SeriesId add_series(std::size_t component, std::string family, std::string name, std::string unit,
                      SeriesMerge merge);
  // The standard series of a function component; returns the function's slot for
  // sample_function.
  std::size_t add_function(std::string name);

  // Where the interval being filled ends (a sampling point).
  Time next_boundary() const { return next_boundary_; }
  // Where the last closed interval ends (t = 0 before the first).
  Time closed_until() const {
    return timeline_.ends.empty() ? Time::zero() : timeline_.ends.back();
  }
  // Sets the value of a series for the interval being filled (default NaN).
  void set(SeriesId series, double value);
  // Sets the function series of `slot` for the interval ending at `at` from `probe`.
  void sample_function(std::size_t slot, const FunctionProbe& probe, Time at);
  // Closes the interval being filled at `at` (= next_boundary(), or earlier for the last).
  void close_interval(Time at);

  Timeline finish() &&;

 private:
  struct SeriesRef {
    std::size_t component;
    std::size_t index;
  };
  struct FunctionState {
    std::size_t component;
    SeriesId first;  // the function's series are consecutive from here
    FunctionProbe previous;
    Time previous_at;
    std::vector<std::uint64_t> previous_latency;  // bucket counts at the previous sample
  };

  Series& series(SeriesId id);
  void decimate();

  Timeline timeline_;
  std::vector<SeriesRef> series_;
  std::vector<double> pending_;  // this interval's values, by SeriesId
  std::vector<FunctionState> functions_;
  std::size_t max_intervals_;
  Time next_boundary_;
};

}  // namespace slsim
