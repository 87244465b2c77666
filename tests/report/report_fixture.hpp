#pragma once
// Helpers of the report tests: a temporary directory, the built `slsim` run inside it, and a
// CSV reader (RFC 4180 quoting) to read the reports back.

#include <catch2/catch.hpp>

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
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class ReportDir {
 public:
  ReportDir() {
    std::string pattern = (fs::temp_directory_path() / "slsim-report-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~ReportDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ReportDir(const ReportDir&) = delete;
  ReportDir& operator=(const ReportDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return file(name);
  }
  // `command` runs inside the directory with stdout and stderr captured.
  Outcome run(const std::string& command) const {
    const std::string out = file("stdout.txt");
    const std::string err = file("stderr.txt");
    const std::string line =
        "cd '" + path_.string() + "' && " + command + " >'" + out + "' 2>'" + err + "' </dev/null";
    const int status = std::system(line.c_str());
    Outcome o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = read_text(out);
    o.err = read_text(err);
    return o;
  }
  Outcome slsim(const std::string& args) const { return run("'" SLSIM_BINARY "' " + args); }

 private:
  fs::path path_;
};

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
