#pragma once
// Errors that reach the user. Each carries the process exit code:
//   2 = bad input or bad usage (the user can fix it), 3 = internal error (a bug of ours).
// Messages have one shape: "file:line:col: field.path: expected X, got Y".

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace slsim {

inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;

class Error : public std::runtime_error {
 public:
  Error(const std::string& message, int exit_code)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Where in the input a value came from: a file position (1-based line and column) or a
// command-line option such as "--set functions.hello.memory=abc".
struct SourceLocation {
  std::string file;    // empty for a CLI option
  int line = 0;        // 1-based; 0 when unknown
  int column = 0;      // 1-based
  std::string option;  // non-empty when the value came from the command line

  std::string to_string() const;  // "file:3:7" or "--set a.b=c" or "file"
};

// Bad input in a scenario, price book, trace or option.
class ScenarioError : public Error {
 public:
  explicit ScenarioError(const std::string& message) : Error(message, kExitBadInput) {}

  // "<where>: <path>: expected <expected>, got <got>"
  static ScenarioError invalid(const SourceLocation& where, std::string_view path,
                               std::string_view expected, std::string_view got);
  // "<where>: <path>: unknown key 'x' (did you mean 'y'?)"
  static ScenarioError unknown_key(const SourceLocation& where, std::string_view path,
                                   std::string_view key, std::string_view suggestion);
  // "<where>: <path>: duplicate key 'x' (first at line L)"
  static ScenarioError duplicate_key(const SourceLocation& where, std::string_view path,
                                     std::string_view key, int first_line);
  // "<where>: <path>: missing required key 'x'"
  static ScenarioError missing(const SourceLocation& where, std::string_view path,
                               std::string_view key);
  // "<where>: <path>: <message>" for rules that span fields (e.g. reservations leave < 100).
  static ScenarioError rule(const SourceLocation& where, std::string_view path,
                            std::string_view message);
  // "<file>: cannot read: <reason>"
  static ScenarioError unreadable(std::string_view file, std::string_view reason);
};

// An invariant of the simulation was broken: a bug in slsim, exit code 3.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message)
      : Error("internal error: " + message, kExitInternal) {}
};

// The closest of `candidates` to `word` by edit distance, or "" if none is close enough
// (distance <= max(2, |word| / 3)). Used for "did you mean" suggestions.
template <typename Range>
std::string nearest_name(std::string_view word, const Range& candidates);

std::size_t edit_distance(std::string_view a, std::string_view b);

template <typename Range>
std::string nearest_name(std::string_view word, const Range& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  return best;
}

}  // namespace slsim
