#pragma once
// Where the jobs of a sweep or of replications run: on this process's threads, and with the
// MPI build (-DSLSIM_MPI=ON, started by mpirun) across MPI ranks too. Rank r runs the jobs
// i with i % ranks == r, each on its own threads; rank 0 gathers every result in job order
// and alone writes outputs, so results are identical whatever the ranks and threads.

#include <cstddef>
#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

namespace slsim::cli {

// MPI_Init / MPI_Finalize for the life of main (nothing without the MPI build).
class ParallelSession {
 public:
  ParallelSession(int& argc, char**& argv);
  ~ParallelSession();
  ParallelSession(const ParallelSession&) = delete;
  ParallelSession& operator=(const ParallelSession&) = delete;

 private:
  bool active_ = false;  // MPI was initialised here and must be finalised
};

// This process's rank and the number of ranks (0 and 1 without MPI).
int process_rank();
int process_count();
// Whether this process writes outputs (rank 0).
inline bool is_output_process() {
  return process_rank() == 0;
}

// job(i) for i in [0, n): on rank 0 the results in order, on other ranks an empty vector. A
// job's error is rethrown on rank 0 (the lowest job's) with its exit code; other ranks then
// return nothing and write nothing.
std::vector<nlohmann::ordered_json> distributed_map(
    std::size_t n, unsigned threads, const std::function<nlohmann::ordered_json(std::size_t)>& job);

}  // namespace slsim::cli
