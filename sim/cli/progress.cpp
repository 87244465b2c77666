#include "progress.hpp"

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

std::string progress_line(Time now, Time end) {
  const TimeUnit unit = unit_for(end - Time::zero());
  const double reached = now.to_seconds() / unit.seconds;
  const double total = end.to_seconds() / unit.seconds;
  if (now > end) {  // --drain: past run_for, waiting for in-flight work to finish
    return fmt::format(" draining: simulated {:.1f} {} (run_for {:.1f} {})", reached, unit.name,
                       total, unit.name);
  }
  const double percent = end.us > 0 ? 100.0 * reached / total : 100.0;
  return fmt::format(" simulated {:.1f} {} of {:.1f} {} ({:.0f}%)", reached, unit.name, total,
                     unit.name, percent);
}

}  // namespace

void Progress::attach(RunOptions& options) {
  if (!enabled_) return;
  options.progress = &Progress::on_progress;
  options.progress_context = this;
}

void Progress::on_progress(void* context, Time now, Time end) {
  static_cast<Progress*>(context)->show(now, end);
}

void Progress::show(Time now, Time end) {
  const auto wall = std::chrono::steady_clock::now();
  if (shown_ && wall - last_ < kRedrawEvery) return;
  last_ = wall;
  shown_ = true;
  // "\r" back to the start of the line, "\033[K" erases what a longer line left behind.
  fmt::print(stderr, "\r{}\033[K", progress_line(now, end));
  std::fflush(stderr);
}

void Progress::finish() {
  if (!shown_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace slsim::cli
