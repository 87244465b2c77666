#pragma once
// What the process's output streams are connected to.

#include <cstdio>

namespace slsim::cli {

// True when `stream` is a terminal (isatty).
bool is_terminal(std::FILE* stream);
// Whether to colour text written to `stream`: a terminal, NO_COLOR unset or empty
// (https://no-color.org) and TERM not "dumb".
bool use_color(std::FILE* stream);

}  // namespace slsim::cli
