// libFuzzer target: see trace_fuzz_body.hpp (azure2021_body) for what is fuzzed and what counts
// as a bug; tools/fuzz.sh builds and runs it.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trace_fuzz_body.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  slsim::fuzz::azure2021_body(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
