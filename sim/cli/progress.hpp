#pragma once
// A one-line progress report on stderr while a run goes on ("\r [#####-----] simulated
// 12.3 h of 24 h (51%), 4.8 M events/s, ETA 0:42"), fed by RunOptions::progress and cleared at
// the end. Only for a terminal and without --quiet: piped or redirected stderr never
// receives it.

#include <chrono>
#include <cstdint>
#include <string>

#include "slsim/simulation.hpp"
#include "slsim/time.hpp"

namespace slsim::cli {

// The text of the line (tested): `wall` = seconds since the run started.
std::string progress_line(Time now, Time end, std::uint64_t events, double wall);

class Progress {
 public:
  // Reports only if `enabled` (the caller checks that stderr is a terminal).
  explicit Progress(bool enabled) : enabled_(enabled) {}
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress() { finish(); }

  // Points `options` at this object; it must outlive the run.
  void attach(RunOptions& options);
  // Clears the line if one was shown (idempotent).
  void finish();

 private:
  static void on_progress(void* context, Time now, Time end, std::uint64_t events);
  void show(Time now, Time end, std::uint64_t events);

  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace slsim::cli
