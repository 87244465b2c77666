#pragma once
// Runs independent jobs on several threads. Each job writes only its own result slot, and
// results are read back in job order, so the output never depends on the thread count.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace slsim {

// The number of threads to use for `requested` (0 = every core), at most `jobs`, at least 1.
inline unsigned thread_count(unsigned requested, std::size_t jobs) {
  unsigned n = requested == 0 ? std::thread::hardware_concurrency() : requested;
  n = std::max(1U, n);
  return static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(jobs, 1)));
}

// Calls job(i) for i in [0, n) on `threads` threads. If jobs throw, the exception of the
// lowest i is rethrown (the same one whatever the thread count) after all threads stopped.
template <typename Job>
void parallel_for(std::size_t n, unsigned threads, Job job) {
  std::vector<std::exception_ptr> errors(n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        job(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back(worker);
    for (std::thread& t : pool)
      t.join();
  }
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace slsim
