#pragma once
// Helpers of the report tests: a temporary directory, the built `slsim` run inside it, and a
// CSV reader (RFC 4180 quoting) to read the reports back.

#include <catch2/catch.hpp>

#include "../support/slsim_process.hpp"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace slsim::test {

namespace fs = std::filesystem;

inline std::string read_text(const fs::path& path) {
  return slsim_test::read_file(path);
}
using slsim_test::Outcome;
using ReportDir = slsim_test::Workdir;

// A CSV file as rows of cells; the header is row 0.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
    } else if (c == '\n') {
      row.push_back(cell);
      rows.push_back(row);
      row.clear();
      cell.clear();
    } else {
      cell += c;
    }
  }
  return rows;
}

// Rows as maps from the header's column names.
inline std::vector<std::map<std::string, std::string>> csv_records(const std::string& text) {
  const auto rows = parse_csv(text);
  std::vector<std::map<std::string, std::string>> records;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    REQUIRE(rows[r].size() == rows[0].size());
    std::map<std::string, std::string> record;
    for (std::size_t c = 0; c < rows[0].size(); ++c)
      record[rows[0][c]] = rows[r][c];
    records.push_back(record);
  }
  return records;
}

}  // namespace slsim::test
