// slsim's entry point: parse the command line, run the command, turn errors into exit codes
// (0 ok, 2 bad input or usage, 3 internal error; README "Exit codes").

#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/distribute.hpp"
#include "slsim/error.hpp"

namespace {

int run(int argc, char** argv) {
  CLI::App app{"", "slsim"};
  slsim::cli::Arguments args;
  slsim::cli::add_commands(app, args);
  try {
    app.parse(argc, argv);
    return slsim::cli::dispatch(app, args);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints help, the version or its message; --help and --version exit 0, any
    // other parse error is bad usage.
    return app.exit(e) == 0 ? 0 : slsim::kExitBadInput;
  } catch (const slsim::InternalError& e) {
    fmt::print(stderr, "{}\n", e.what());  // already "internal error: ..."
    return e.exit_code();
  } catch (const slsim::Error& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return slsim::kExitInternal;
  } catch (...) {
    fmt::print(stderr, "internal error: unknown exception\n");
    return slsim::kExitInternal;
  }
}

}  // namespace

// Nothing may escape main (std::terminate would abort without our exit code): building the
// command line, or printing an error above, can throw too.
int main(int argc, char** argv) {
  try {
    // MPI_Init/Finalize in the MPI build (sim/cli/distribute.hpp); nothing otherwise.
    const slsim::cli::ParallelSession session(argc, argv);
    return run(argc, argv);
  } catch (...) {
    std::fputs("internal error: unknown exception\n", stderr);
    return slsim::kExitInternal;
  }
}
