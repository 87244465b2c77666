#pragma once
// A one-line progress report on stderr while a run goes on ("\r simulated 12.3 h of 24 h
// (51%)"), fed by RunOptions::progress and cleared at the end. Only for a terminal: piped or
// redirected stderr never receives it.

#include <chrono>

#include "slsim/simulation.hpp"
#include "slsim/time.hpp"

namespace slsim::cli {

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
  static void on_progress(void* context, Time now, Time end);
  void show(Time now, Time end);

  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace slsim::cli
