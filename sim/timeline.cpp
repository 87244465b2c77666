#include "slsim/timeline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace slsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The series of a function component, in this order from FunctionState::first.
enum FunctionSeries : std::size_t {
  busy,
  busy_mean,
  idle,
  provisioned,
  limit,
  invocations,
  cold_starts,
  throttles,
  errors,
  dropped,
  latency_p50,
  latency_p90,
  latency_p99,
  function_series_count
};

struct SeriesShape {
  const char* family;
  const char* name;
  const char* unit;
  SeriesMerge merge;
};

constexpr std::array<SeriesShape, function_series_count> kFunctionSeries = {{
    {"concurrency", "busy", "environments", SeriesMerge::last},
    {"concurrency", "busy_mean", "environments", SeriesMerge::mean},
    {"concurrency", "idle", "environments", SeriesMerge::last},
    {"concurrency", "provisioned", "environments", SeriesMerge::last},
    {"concurrency", "limit", "environments", SeriesMerge::last},
    {"invocations", "invocations", "count", SeriesMerge::sum},
    {"invocations", "cold_starts", "count", SeriesMerge::sum},
    {"invocations", "throttles", "count", SeriesMerge::sum},
    {"invocations", "errors", "count", SeriesMerge::sum},
    {"invocations", "dropped", "count", SeriesMerge::sum},
    {"latency", "latency_p50_ms", "ms", SeriesMerge::maximum},
    {"latency", "latency_p90_ms", "ms", SeriesMerge::maximum},
    {"latency", "latency_p99_ms", "ms", SeriesMerge::maximum},
}};

// Two adjacent intervals of widths wa and wb as one.
double merged(SeriesMerge merge, double a, double b, double wa, double wb) {
  switch (merge) {
    case SeriesMerge::sum:
      return a + b;
    case SeriesMerge::mean:
      return (a * wa + b * wb) / (wa + wb);
    case SeriesMerge::last:
      return b;
    case SeriesMerge::maximum:
      if (std::isnan(a)) return b;
      if (std::isnan(b)) return a;
      return std::max(a, b);
  }
  return b;
}

// Quantiles q of the values recorded between two snapshots of a histogram (bucket counts
// `now` minus `before`), by nearest rank, as bucket midpoints clamped to the run's [min, max]
// (histogram.hpp: within 0.8 %). NaN when no value was recorded in between.
template <std::size_t N>
std::array<double, N> interval_quantiles(const Histogram& now,
                                         const std::vector<std::uint64_t>& before,
                                         const std::array<double, N>& qs) {
  std::array<double, N> out;
  out.fill(kNaN);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < Histogram::kBuckets; ++i)
    total += now.bucket_count(i) - before[i];
  if (total == 0) return out;
  std::array<std::uint64_t, N> ranks{};
  for (std::size_t k = 0; k < N; ++k) {
    const double rank = std::ceil(qs[k] * static_cast<double>(total) - 1e-9);
    ranks[k] = static_cast<std::uint64_t>(std::clamp(rank, 1.0, static_cast<double>(total)));
  }
  std::uint64_t seen = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < Histogram::kBuckets && k < N; ++i) {
    seen += now.bucket_count(i) - before[i];
    while (k < N && seen >= ranks[k]) {
      const double midpoint = static_cast<double>(Histogram::bucket_low(i)) +
                              static_cast<double>(Histogram::bucket_width(i) - 1) / 2.0;
      out[k] = std::clamp(midpoint, static_cast<double>(now.min()), static_cast<double>(now.max()));
      ++k;
    }
  }
  return out;
}

}  // namespace

const Series* ComponentTimeline::find(const std::string& series_name) const {
  for (const Series& s : series) {
    if (s.name == series_name) return &s;
  }
  return nullptr;
}

const ComponentTimeline* Timeline::find(const std::string& component) const {
  for (const ComponentTimeline& c : components) {
    if (c.name == component) return &c;
  }
  return nullptr;
}

Duration choose_resolution(Duration span) {
  static constexpr std::array<Duration, 14> kSteps = {
      Duration::millis(1),  Duration::millis(10),  Duration::millis(100), Duration::seconds(1),
      Duration::seconds(5), Duration::seconds(10), Duration::seconds(30), Duration::minutes(1),
      Duration::minutes(5), Duration::minutes(10), Duration::minutes(30), Duration::hours(1),
      Duration::hours(6),   Duration::hours(24)};
  for (const Duration step : kSteps) {
    if (span.us <= step.us * static_cast<std::int64_t>(kTargetIntervals)) return step;
  }
  return kSteps.back();
}

TimelineRecorder::TimelineRecorder(Duration resolution, std::size_t max_intervals)
    : max_intervals_(std::max<std::size_t>(2, max_intervals + max_intervals % 2)),
      next_boundary_(Time::zero() + resolution) {
  timeline_.resolution = resolution;
}

std::size_t TimelineRecorder::add_component(std::string name, std::string kind) {
  timeline_.components.push_back({std::move(name), std::move(kind), {}});
  return timeline_.components.size() - 1;
}

TimelineRecorder::SeriesId TimelineRecorder::add_series(std::size_t component, std::string family,
                                                        std::string name, std::string unit,
                                                        SeriesMerge merge) {
  std::vector<Series>& list = timeline_.components[component].series;
  list.push_back({std::move(family), std::move(name), std::move(unit), merge, {}});
  series_.push_back({component, list.size() - 1});
  pending_.push_back(kNaN);
  return series_.size() - 1;
}

std::size_t TimelineRecorder::add_function(std::string name) {
  const std::size_t component = add_component(std::move(name), "function");
  FunctionState state{component,
                      series_.size(),
                      {},
                      Time::zero(),
                      std::vector<std::uint64_t>(Histogram::kBuckets, 0)};
  for (const SeriesShape& shape : kFunctionSeries)
    add_series(component, shape.family, shape.name, shape.unit, shape.merge);
  functions_.push_back(std::move(state));
  return functions_.size() - 1;
}

Series& TimelineRecorder::series(SeriesId id) {
  return timeline_.components[series_[id].component].series[series_[id].index];
}

void TimelineRecorder::set(SeriesId id, double value) {
  pending_[id] = value;
}

void TimelineRecorder::sample_function(std::size_t slot, const FunctionProbe& probe, Time at) {
  FunctionState& f = functions_[slot];
  const FunctionProbe& was = f.previous;
  const auto put = [&](FunctionSeries s, double v) { set(f.first + s, v); };
  const auto delta = [](std::uint64_t now, std::uint64_t before) {
    return static_cast<double>(now - before);
  };
  put(busy, static_cast<double>(probe.busy));
  const double width = static_cast<double>((at - f.previous_at).us);
  put(busy_mean, width > 0 ? (probe.busy_integral_us - was.busy_integral_us) / width : kNaN);
  put(idle, static_cast<double>(probe.idle));
  put(provisioned, static_cast<double>(probe.provisioned));
  put(limit, static_cast<double>(probe.limit));
  put(invocations, delta(probe.invocations, was.invocations));
  put(cold_starts, delta(probe.cold_starts, was.cold_starts));
  put(throttles, delta(probe.throttles, was.throttles));
  put(errors, delta(probe.errors, was.errors));
  put(dropped, delta(probe.dropped, was.dropped));
  if (probe.latency != nullptr) {
    const std::array<double, 3> q = interval_quantiles(*probe.latency, f.previous_latency,
                                                       std::array<double, 3>{0.5, 0.9, 0.99});
    put(latency_p50, q[0] / 1e3);
    put(latency_p90, q[1] / 1e3);
    put(latency_p99, q[2] / 1e3);
    for (std::size_t i = 0; i < Histogram::kBuckets; ++i)
      f.previous_latency[i] = probe.latency->bucket_count(i);
  }
  f.previous = probe;
  f.previous.latency = nullptr;
  f.previous_at = at;
}

void TimelineRecorder::close_interval(Time at) {
  for (SeriesId id = 0; id < series_.size(); ++id) {
    series(id).values.push_back(pending_[id]);
    pending_[id] = kNaN;
  }
  timeline_.ends.push_back(at);
  next_boundary_ = at + timeline_.resolution;
  if (timeline_.ends.size() >= max_intervals_) decimate();
}

// Merges intervals (0, 1), (2, 3), ...: all of them are full, so the resolution doubles.
void TimelineRecorder::decimate() {
  merge_pairs(timeline_);
  next_boundary_ = timeline_.ends.back() + timeline_.resolution;
}

Timeline TimelineRecorder::finish() && {
  return std::move(timeline_);
}

void merge_pairs(Timeline& timeline) {
  const std::size_t n = timeline.ends.size();
  if (n < 2) return;
  std::vector<double> widths(n);
  for (std::size_t i = 0; i < n; ++i)
    widths[i] = static_cast<double>((timeline.ends[i] - timeline.start_of(i)).us);
  for (ComponentTimeline& c : timeline.components) {
    for (Series& s : c.series) {
      for (std::size_t i = 0; i + 1 < n; i += 2)
        s.values[i / 2] = merged(s.merge, s.values[i], s.values[i + 1], widths[i], widths[i + 1]);
      if (n % 2 == 1) s.values[n / 2] = s.values[n - 1];
      s.values.resize((n + 1) / 2);
    }
  }
  for (std::size_t i = 0; i + 1 < n; i += 2)
    timeline.ends[i / 2] = timeline.ends[i + 1];
  if (n % 2 == 1) timeline.ends[n / 2] = timeline.ends[n - 1];
  timeline.ends.resize((n + 1) / 2);
  timeline.resolution = timeline.resolution * 2;
}

Timeline thinned(Timeline timeline, std::size_t max_intervals) {
  while (timeline.ends.size() > std::max<std::size_t>(max_intervals, 1))
    merge_pairs(timeline);
  return timeline;
}

}  // namespace slsim
