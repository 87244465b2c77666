#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace slsim::cli {

namespace {

// At most this often, so that a fast run does not spend its time redrawing the line.
constexpr std::chrono::milliseconds kRedrawEvery{100};

struct TimeUnit {
  double seconds;
  const char* name;
};

// Hours for runs of two hours or more, then minutes, then seconds.
TimeUnit unit_for(Duration span) {
  if (span >= Duration::hours(2)) return {3600, "h"};
  if (span >= Duration::minutes(2)) return {60, "min"};
  return {1, "s"};
}

constexpr int kBarWidth = 20;

// "0:42" or "1:02:03".
std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string rate_text(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.1f} M", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.0f} k", per_second / 1e3);
  return fmt::format("{:.0f}", per_second);
}

}  // namespace

// The line without the bar's carriage return; `wall` = seconds since the run started.
std::string progress_line(Time now, Time end, std::uint64_t events, double wall) {
  const std::string speed =
      wall > 0 ? fmt::format(", {} events/s", rate_text(static_cast<double>(events) / wall)) : "";
  const TimeUnit unit = unit_for(end - Time::zero());
  const double reached = now.to_seconds() / unit.seconds;
  const double total = end.to_seconds() / unit.seconds;
  if (now > end) {  // --drain: past run_for, waiting for in-flight work to finish
    return fmt::format(" draining: simulated {:.1f} {} (run_for {:.1f} {}){}", reached, unit.name,
                       total, unit.name, speed);
  }
  const double fraction = end.us > 0 ? std::min(1.0, reached / total) : 1.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  // Simulated time advances about linearly with wall time in a steady workload.
  const std::string eta =
      fraction > 0 && wall > 0
          ? fmt::format(", ETA {}", clock_text(wall * (1 - fraction) / fraction))
          : "";
  return fmt::format(" [{}{}] simulated {:.1f} {} of {:.1f} {} ({:.0f}%){}{}",
                     std::string(static_cast<std::size_t>(filled), '#'),
                     std::string(static_cast<std::size_t>(kBarWidth - filled), '-'), reached,
                     unit.name, total, unit.name, 100 * fraction, speed, eta);
}

void Progress::attach(RunOptions& options) {
  if (!enabled_) return;
  options.progress = &Progress::on_progress;
  options.progress_context = this;
}

void Progress::on_progress(void* context, Time now, Time end, std::uint64_t events) {
  static_cast<Progress*>(context)->show(now, end, events);
}

void Progress::show(Time now, Time end, std::uint64_t events) {
  const auto wall = std::chrono::steady_clock::now();
  if (shown_ && wall - last_ < kRedrawEvery) return;
  last_ = wall;
  shown_ = true;
  // "\r" back to the start of the line, "\033[K" erases what a longer line left behind.
  const std::chrono::duration<double> wall_seconds = wall - started_;
  fmt::print(stderr, "\r{}\033[K", progress_line(now, end, events, wall_seconds.count()));
  std::fflush(stderr);
}

void Progress::finish() {
  if (!shown_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace slsim::cli
