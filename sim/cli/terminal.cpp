#include "terminal.hpp"

#include <cstdlib>
#include <string_view>

#include <unistd.h>

namespace slsim::cli {

bool is_terminal(std::FILE* stream) {
  return ::isatty(::fileno(stream)) == 1;
}

bool use_color(std::FILE* stream) {
  if (!is_terminal(stream)) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::string_view(term) != "dumb";
}

}  // namespace slsim::cli
