// Serverless Framework variables resolved in place (serverless_variables.hpp).

#include "slsim/import/serverless_variables.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "slsim/error.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::import {

namespace {

// Variables refer to each other (stage -> provider.stage -> opt:stage); the bound stops loops.
constexpr int kMaxVariableDepth = 16;

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

// The position of the '}' that closes the '${' at `open`, honouring nested ${...}.
std::size_t closing_brace(const std::string& s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (s[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string::npos;
}

// "a, 'b, c', ${x, y}" -> ["a", "'b, c'", "${x, y}"]
std::vector<std::string> split_fallbacks(const std::string& expression) {
  std::vector<std::string> parts;
  int depth = 0;
  char quote = 0;
  std::string current;
  for (char c : expression) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  parts.push_back(trim(current));
  return parts;
}

bool is_number(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789.") == std::string::npos;
}

class Resolver {
 public:
  Resolver(const YAML::Node& root, const std::string& file, TemplateModel& model)
      : root_(root), file_(file), model_(model) {}

  std::vector<IncludedFile> included() const {
    std::vector<IncludedFile> files;
    for (const auto& [path, node] : files_)
      files.push_back(IncludedFile{path, node});
    return files;
  }

  void resolve_tree(YAML::Node node, const std::string& path) {
    // Children are collected first: resolving one may rewrite nodes of the map being walked.
    std::vector<std::pair<YAML::Node, std::string>> children;
    if (node.IsMap()) {
      for (const auto& entry : node) {
        children.emplace_back(
            entry.second, path.empty() ? entry.first.Scalar() : path + "." + entry.first.Scalar());
      }
    } else if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i)
        children.emplace_back(node[i], fmt::format("{}[{}]", path, i));
    } else if (node.IsScalar() && node.Scalar().find("${") != std::string::npos) {
      resolve_scalar(node, path, 0);
    }
    for (auto& [child, child_path] : children)
      resolve_tree(child, child_path);
  }

 private:
  // Replaces the scalar by its value: a whole-string variable may become a map or a list.
  void resolve_scalar(YAML::Node node, const std::string& path, int depth) {
    const std::string text = node.Scalar();
    const std::size_t open = text.find("${");
    const std::size_t close = closing_brace(text, open);
    if (close == std::string::npos) {
      throw ScenarioError::rule(
          location(node), path,
          fmt::format("variable '{}' has no closing '}}'", text.substr(open)));
    }
    if (open == 0 && close + 1 == text.size()) {
      if (const auto value = variable(text.substr(2, close - 2), node, path, depth)) {
        if (value->IsScalar() || value->IsNull()) {
          node = value->IsNull() ? std::string() : value->Scalar();
        } else {
          node = *value;
        }
      } else {
        unresolved(node, path, text);
      }
      return;
    }
    // Inside a longer text: every variable becomes text.
    std::string out;
    std::size_t i = 0;
    bool complete = true;
    while (i < text.size()) {
      const std::size_t start = text.find("${", i);
      if (start == std::string::npos) {
        out += text.substr(i);
        break;
      }
      const std::size_t end = closing_brace(text, start);
      if (end == std::string::npos) {
        throw ScenarioError::rule(
            location(node), path,
            fmt::format("variable '{}' has no closing '}}'", text.substr(start)));
      }
      out += text.substr(i, start - i);
      const auto value = variable(text.substr(start + 2, end - start - 2), node, path, depth);
      if (value && value->IsScalar()) {
        out += value->Scalar();
      } else {
        out += text.substr(start, end - start + 1);
        complete = false;
      }
      i = end + 1;
    }
    if (!complete) unresolved(node, path, text);
    node = out;
  }

  void unresolved(const YAML::Node& node, const std::string& path, const std::string& text) {
    // A value read through `self:` first is met again by the walk: say it once.
    for (const ImportNote& note : model_.guessed)
      if (note.subject == path) return;
    model_.guessed.push_back(
        ImportNote{path,
                   fmt::format("variable {} cannot be resolved without the deployment's options, "
                               "environment or cloud: left as is",
                               text),
                   location(node)});
  }

  SourceLocation location(const YAML::Node& node) const {
    SourceLocation where;
    where.file = file_;
    if (!node.Mark().is_null()) {
      where.line = node.Mark().line + 1;
      where.column = node.Mark().column + 1;
    }
    return where;
  }

  // The value of "source:address, fallback, ..." or nullopt.
  std::optional<YAML::Node> variable(const std::string& expression, const YAML::Node& at,
                                     const std::string& path, int depth) {
    if (depth > kMaxVariableDepth) {
      throw ScenarioError::rule(
          location(at), path,
          fmt::format("variables refer to each other in a loop ('{}')", expression));
    }
    for (const std::string& candidate : split_fallbacks(expression)) {
      if (auto value = one_source(candidate, at, path, depth)) return value;
    }
    return std::nullopt;
  }

  std::optional<YAML::Node> one_source(const std::string& s, const YAML::Node& at,
                                       const std::string& path, int depth) {
    if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
      return YAML::Node(s.substr(1, s.size() - 2));
    }
    if (is_number(s)) return YAML::Node(s);
    if (s.rfind("${", 0) == 0 && s.back() == '}') {
      return variable(s.substr(2, s.size() - 3), at, path, depth + 1);
    }
    // A variable inside an address (self:custom.${sls:stage}.memory) is resolved first.
    if (const std::size_t inner = s.find("${"); inner != std::string::npos) {
      const std::size_t end = closing_brace(s, inner);
      if (end == std::string::npos) return std::nullopt;
      const auto value = variable(s.substr(inner + 2, end - inner - 2), at, path, depth + 1);
      if (!value || !value->IsScalar()) return std::nullopt;
      return one_source(s.substr(0, inner) + value->Scalar() + s.substr(end + 1), at, path,
                        depth + 1);
    }
    if (s.rfind("self:", 0) == 0) return self_value(trim(s.substr(5)), at, path, depth);
    // No command-line options exist here: opt:stage and opt:region take their fallbacks.
    if (s == "sls:stage") return stage(at, path, depth);
    if (s == "aws:region") {
      if (auto region = self_value("provider.region", at, path, depth)) return region;
      return YAML::Node("us-east-1");
    }
    if (s == "aws:accountId") return YAML::Node("123456789012");
    if (s == "sls:instanceId") return YAML::Node("slsim");
    if (s.rfind("file(", 0) == 0) return file_value(s, at, path, depth);
    return std::nullopt;  // env:, ssm:, cf:, s3:, param:, opt:<other>
  }

  // file(path) or file(path):a.b, the path relative to the serverless.yml; YAML and JSON
  // files only (a .js file's exports need Node.js). The file's own variables are resolved
  // against the serverless.yml, as the framework does.
  std::optional<YAML::Node> file_value(const std::string& s, const YAML::Node& at,
                                       const std::string& path, int depth) {
    const std::size_t close = s.find(')');
    if (close == std::string::npos) {
      throw ScenarioError::rule(location(at), path,
                                fmt::format("variable source '{}' has no closing ')'", s));
    }
    std::string relative = trim(s.substr(5, close - 5));
    if (relative.size() >= 2 && (relative.front() == '\'' || relative.front() == '"')) {
      relative = relative.substr(1, relative.size() - 2);
    }
    const std::filesystem::path file =
        (std::filesystem::path(file_).parent_path() / relative).lexically_normal();
    const std::string extension = file.extension().string();
    if (extension != ".yml" && extension != ".yaml" && extension != ".json") return std::nullopt;
    auto cached = files_.find(file.string());
    if (cached == files_.end()) {
      if (!std::filesystem::is_regular_file(file)) {
        throw ScenarioError::rule(location(at), path,
                                  fmt::format("{}: there is no file {}", s, file.string()));
      }
      YAML::Node loaded = load_yaml_file(file.string());
      cached = files_.emplace(file.string(), loaded).first;
      resolve_tree(loaded, "");
    }
    std::string address = close + 1 < s.size() && s[close + 1] == ':' ? s.substr(close + 2) : "";
    return walk(cached->second, trim(address), depth);
  }

  std::optional<YAML::Node> stage(const YAML::Node& at, const std::string& path, int depth) {
    if (auto configured = self_value("provider.stage", at, path, depth)) return configured;
    return YAML::Node("dev");  // the Serverless Framework's default stage
  }

  // A dotted path in the file itself ("" = the whole file), its own variables resolved first.
  std::optional<YAML::Node> self_value(const std::string& address, const YAML::Node& /*at*/,
                                       const std::string& /*path*/, int depth) {
    return walk(root_, address, depth);
  }

  // The node at a dotted path under `base`, its variables resolved on the way.
  std::optional<YAML::Node> walk(const YAML::Node& base, const std::string& address, int depth) {
    YAML::Node node = base;
    std::string walked;
    std::size_t start = 0;
    while (start < address.size()) {
      const std::size_t dot = address.find('.', start);
      const std::string key =
          address.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      const YAML::Node& map = node;  // const: a look-up must not insert the key
      if (!map.IsMap() || !map[key]) return std::nullopt;
      node.reset(map[key]);
      walked += walked.empty() ? key : "." + key;
      if (node.IsScalar() && node.Scalar().find("${") != std::string::npos) {
        resolve_scalar(node, walked, depth + 1);
      }
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (node.IsScalar() && node.Scalar().find("${") != std::string::npos) return std::nullopt;
    return node;
  }

  YAML::Node root_;
  const std::string& file_;
  TemplateModel& model_;
  std::map<std::string, YAML::Node> files_;  // file(...) sources read so far
};

}  // namespace

std::vector<IncludedFile> resolve_serverless_variables(YAML::Node& root, const std::string& file,
                                                       TemplateModel& model) {
  Resolver resolver(root, file, model);
  resolver.resolve_tree(root, "");
  return resolver.included();
}

}  // namespace slsim::import
