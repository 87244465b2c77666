#include "distribute.hpp"

#include <fmt/format.h>

#include <string>

#include "slsim/error.hpp"
#include "slsim/parallel.hpp"

#ifdef SLSIM_MPI
#include <mpi.h>
#endif

// The only file that knows about MPI: the build defines SLSIM_MPI with -DSLSIM_MPI=ON.

namespace slsim::cli {

namespace {

using Json = nlohmann::ordered_json;

// A job's outcome as text: its JSON, or its error (exit code and message), so that errors
// travel between ranks like results and every rank reaches the gather.
struct Outcome {
  std::string text;
  int error_code = 0;  // 0: text is JSON
};

std::vector<Outcome> run_local(const std::vector<std::size_t>& mine, unsigned threads,
                               const std::function<Json(std::size_t)>& job) {
  std::vector<Outcome> out(mine.size());
  parallel_for(mine.size(), thread_count(threads, mine.size()), [&](std::size_t k) {
    try {
      out[k].text = job(mine[k]).dump();
    } catch (const Error& e) {
      out[k] = {e.what(), e.exit_code()};
    }
  });
  return out;
}

[[noreturn]] void rethrow(const Outcome& o) {
  if (o.error_code == kExitBadInput) throw ScenarioError(o.text);
  throw InternalError(o.text);
}

std::vector<Json> in_order(const std::vector<Outcome>& outcomes) {
  std::vector<Json> results;
  results.reserve(outcomes.size());
  for (const Outcome& o : outcomes) {
    if (o.error_code != 0) rethrow(o);
    results.push_back(Json::parse(o.text));
  }
  return results;
}

#ifdef SLSIM_MPI
// One buffer per rank: for each job, its error code, the text length and the text.
std::string pack(const std::vector<Outcome>& outcomes) {
  std::string buffer;
  for (const Outcome& o : outcomes) {
    buffer += fmt::format("{} {} ", o.error_code, o.text.size());
    buffer += o.text;
  }
  return buffer;
}

std::vector<Outcome> unpack(const std::string& buffer) {
  std::vector<Outcome> outcomes;
  std::size_t at = 0;
  while (at < buffer.size()) {
    const std::size_t space1 = buffer.find(' ', at);
    const std::size_t space2 = buffer.find(' ', space1 + 1);
    Outcome o;
    o.error_code = std::stoi(buffer.substr(at, space1 - at));
    const std::size_t length = std::stoul(buffer.substr(space1 + 1, space2 - space1 - 1));
    o.text = buffer.substr(space2 + 1, length);
    at = space2 + 1 + length;
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

// Every rank's buffer on rank 0 (empty strings elsewhere).
std::vector<std::string> gather(const std::string& mine, int ranks) {
  const int size = static_cast<int>(mine.size());
  std::vector<int> sizes(static_cast<std::size_t>(ranks), 0);
  MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::vector<int> offsets(static_cast<std::size_t>(ranks), 0);
  int total = 0;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    offsets[r] = total;
    total += sizes[r];
  }
  std::string all(static_cast<std::size_t>(process_rank() == 0 ? total : 0), '\0');
  MPI_Gatherv(mine.data(), size, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR, 0,
              MPI_COMM_WORLD);
  std::vector<std::string> buffers;
  if (process_rank() != 0) return buffers;
  for (std::size_t r = 0; r < sizes.size(); ++r) {
    buffers.push_back(
        all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(sizes[r])));
  }
  return buffers;
}
#endif

}  // namespace

#ifdef SLSIM_MPI
ParallelSession::ParallelSession(int& argc, char**& argv) : active_(true) {
  MPI_Init(&argc, &argv);
}
namespace {
void finalize_parallel() {
  MPI_Finalize();
}
}  // namespace
int process_rank() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized == 0) return 0;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}
int process_count() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized == 0) return 1;
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}
#else
ParallelSession::ParallelSession(int& /*argc*/, char**& /*argv*/) {}
namespace {
void finalize_parallel() {}
}  // namespace
int process_rank() {
  return 0;
}
int process_count() {
  return 1;
}
#endif

ParallelSession::~ParallelSession() {
  if (active_) finalize_parallel();
}

std::vector<Json> distributed_map(std::size_t n, unsigned threads,
                                  const std::function<Json(std::size_t)>& job) {
  const auto ranks = static_cast<std::size_t>(process_count());
  const auto rank = static_cast<std::size_t>(process_rank());
  std::vector<std::size_t> mine;
  for (std::size_t i = rank; i < n; i += ranks)
    mine.push_back(i);
  const std::vector<Outcome> local = run_local(mine, threads, job);
  if (ranks == 1) return in_order(local);
#ifdef SLSIM_MPI
  const std::vector<std::string> buffers = gather(pack(local), static_cast<int>(ranks));
  if (rank != 0) return {};
  std::vector<std::vector<Outcome>> by_rank;
  for (const std::string& b : buffers)
    by_rank.push_back(unpack(b));
  std::vector<Outcome> all;
  for (std::size_t i = 0; i < n; ++i)
    all.push_back(by_rank[i % ranks][i / ranks]);
  return in_order(all);
#else
  return in_order(local);
#endif
}

}  // namespace slsim::cli
