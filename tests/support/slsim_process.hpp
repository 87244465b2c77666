#pragma once
// The end-to-end tests' one helper: a fresh temporary directory (removed afterwards) in which
// the built `slsim` binary, or any shell command, runs with stdout, stderr and the exit code
// captured. Used by the CLI, report, what-if and import tests.

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace slsim_test {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class Workdir {
 public:
  Workdir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "slsim-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~Workdir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  Workdir(const Workdir&) = delete;
  Workdir& operator=(const Workdir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return file(name);
  }
  std::string read(const std::string& name) const { return read_file(path_ / name); }
  // `command` (a shell command line) runs inside the directory, stdin empty.
  Outcome run(const std::string& command) const {
    const std::string out = file("stdout.txt");
    const std::string err = file("stderr.txt");
    const std::string line =
        "cd '" + path_.string() + "' && " + command + " >'" + out + "' 2>'" + err + "' </dev/null";
    const int status = std::system(line.c_str());
    Outcome o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = read_file(out);
    o.err = read_file(err);
    return o;
  }
  // `slsim <args>` (args already shell-quoted), run inside the directory.
  Outcome slsim(const std::string& args) const { return run("'" SLSIM_BINARY "' " + args); }

 private:
  std::filesystem::path path_;
};

}  // namespace slsim_test
