#include "slsim/error.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include <fmt/format.h>

namespace slsim {

namespace {

// "<where>: <path>: <detail>", leaving out an empty location or path rather than printing
// a dangling ": ".
std::string at(const SourceLocation& where, std::string_view path, std::string_view detail) {
  std::string message = where.to_string();
  for (std::string_view part : {path, detail}) {
    if (part.empty()) continue;
    if (!message.empty()) message += ": ";
    message += part;
  }
  return message;
}

}  // namespace

std::string SourceLocation::to_string() const {
  if (!option.empty()) return option;
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

ScenarioError ScenarioError::invalid(const SourceLocation& where, std::string_view path,
                                     std::string_view expected, std::string_view got) {
  return ScenarioError(at(where, path, fmt::format("expected {}, got {}", expected, got)));
}

ScenarioError ScenarioError::unknown_key(const SourceLocation& where, std::string_view path,
                                         std::string_view key, std::string_view suggestion) {
  std::string detail = fmt::format("unknown key '{}'", key);
  if (!suggestion.empty()) detail += fmt::format(" (did you mean '{}'?)", suggestion);
  return ScenarioError(at(where, path, detail));
}

ScenarioError ScenarioError::duplicate_key(const SourceLocation& where, std::string_view path,
                                           std::string_view key, int first_line) {
  return ScenarioError(
      at(where, path, fmt::format("duplicate key '{}' (first at line {})", key, first_line)));
}

ScenarioError ScenarioError::missing(const SourceLocation& where, std::string_view path,
                                     std::string_view key) {
  return ScenarioError(at(where, path, fmt::format("missing required key '{}'", key)));
}

// A rule may span fields: `where` and `path` point at the field that triggered it, and the
// message names the others involved.
ScenarioError ScenarioError::rule(const SourceLocation& where, std::string_view path,
                                  std::string_view message) {
  return ScenarioError(at(where, path, message));
}

ScenarioError ScenarioError::unreadable(std::string_view file, std::string_view reason) {
  return ScenarioError(fmt::format("{}: cannot read: {}", file, reason));
}

// Levenshtein distance (insert, delete, substitute, each cost 1) with one row of the
// dynamic-programming table: O(|a| |b|) time, O(|b|) memory.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];  // table[i-1][j-1]
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];  // table[i-1][j]
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace slsim
