#pragma once
// A streaming reader of comma-separated trace files: one line in memory at a time, so a
// trace of any length is read in constant memory. Fields are unquoted (the Azure traces and
// the generic format have no quoting). Every error names file:line:column and the column's
// header name; with `lenient`, a bad row is skipped and counted instead (README "Trace replay").

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "slsim/error.hpp"

namespace slsim::traces {

// A bad row, with its position: thrown by the typed reads below.
class BadRow : public ScenarioError {
 public:
  using ScenarioError::ScenarioError;
};

class CsvReader {
 public:
  // Opens `path` and reads its header line (a missing or empty file is a ScenarioError).
  explicit CsvReader(const std::string& path);

  const std::vector<std::string>& header() const { return header_; }
  // The index of the header column `name`; a missing column is a ScenarioError at line 1.
  std::size_t column(std::string_view name) const;
  // Advances to the next non-empty line; false at the end of the file.
  bool next();
  std::size_t field_count() const { return fields_.size(); }
  std::string_view field(std::size_t i) const;
  // Typed reads of field i; a bad value throws BadRow naming line, column and header.
  // A name (hashes, triggers), written into a scenario: 1..128 of [A-Za-z0-9_-].
  std::string_view name(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;  // non-negative
  double number(std::size_t i) const;         // non-negative decimal, exponent allowed
  // Throws BadRow unless the row has exactly `n` fields.
  void expect_fields(std::size_t n) const;
  // A BadRow at field i of the current line: "file:line:col: column 'name': message".
  BadRow bad(std::size_t i, std::string_view message) const;

  const std::string& file() const { return path_; }
  std::uint64_t line_number() const { return line_number_; }

 private:
  void split();

  std::string path_;
  std::ifstream in_;
  std::unique_ptr<char[]> buffer_;  // the current line's bytes (allocated once)
  std::string_view line_;           // the current line, in buffer_
  std::vector<std::string> header_;
  std::vector<std::string_view> fields_;
  std::vector<std::size_t> columns_;  // 1-based column of each field on the line
  std::uint64_t line_number_ = 0;
};

}  // namespace slsim::traces
