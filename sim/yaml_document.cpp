// Parsing YAML text into a checked tree, and applying `--set path=value` options to it
// (the free functions of yaml_reader.hpp; YamlField is in yaml_reader.cpp).

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "slsim/error.hpp"
#include "slsim/yaml_reader.hpp"
#include "yaml_text.hpp"

namespace slsim {

namespace {

// Input limits. yaml-cpp's parser recurses once or more per nesting level (HandleNode ->
// HandleBlockMap -> HandleNode ...) and only stops itself at a depth of 2000 with an unhelpful
// "bad file"; its Clone, emitter and node comparison recurse with no limit at all, and a
// recursive alias (`&a [*a]`) makes a cyclic tree on which they never end. A scenario nests a
// handful of levels, so we refuse more than kMaxDepth with a clear message and never hand
// yaml-cpp anything deeper. The size cap keeps the whole text and its node tree (a few
// hundred bytes per node) far below the memory a simulation needs; scenarios are a few KB.
constexpr std::uintmax_t kMaxInputBytes = 16 * 1024 * 1024;
constexpr int kMaxDepth = 64;
// Aliases share nodes, so a "billion laughs" document is small but expands exponentially
// when walked naively. The check below walks a shared node again only at a deeper level (at
// most kMaxDepth times) and gives up after this many visits, more than a 16 MB document
// holds.
constexpr std::int64_t kMaxNodeVisits = std::int64_t{1} << 24;

// Where a position in a parsed text is: the file, or the --set option the text came from.
struct TextOrigin {
  std::string file;
  std::string option;  // non-empty for the value of a --set option

  std::string at(const YAML::Mark& mark) const {
    if (!option.empty()) return option;
    if (mark.is_null()) return file;
    return fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
  }
};

std::string with_path(const std::string& where, const std::string& path) {
  return path.empty() ? where : fmt::format("{}: {}", where, path);
}

// A plain `<<` key is a YAML 1.1 merge key, which yaml-cpp does not merge; a quoted '<<'
// is an ordinary key (and then an unknown one).
bool is_merge_key(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" &&
         (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge");
}

// Walks the tree (depth-bounded recursion) checking the limits above and merge keys.
class TreeCheck {
 public:
  explicit TreeCheck(const TextOrigin& origin) : origin_(origin) {}

  void check(const YAML::Node& node, int depth, std::string& path) {
    if (++visits_ > kMaxNodeVisits) {
      throw ScenarioError(fmt::format(
          "{}: the document expands (through aliases) to more than {} nodes; slsim refuses it",
          origin_.at(node.Mark()), kMaxNodeVisits));
    }
    if (!node.IsMap() && !node.IsSequence()) return;
    // A container already checked at this depth or deeper passes here too: aliases are walked
    // once per depth, not once per reference.
    const std::int64_t id = std::int64_t{node.Mark().pos} * 2 + (node.IsMap() ? 1 : 0);
    const auto seen = checked_depth_.find(id);
    if (seen != checked_depth_.end() && seen->second >= depth) return;
    if (depth >= kMaxDepth) {
      throw ScenarioError(
          fmt::format("{}: nesting deeper than {} levels (or a recursive alias); slsim refuses it",
                      with_path(origin_.at(node.Mark()), path), kMaxDepth));
    }
    const std::size_t length = path.size();
    if (node.IsSequence()) {
      std::size_t index = 0;
      for (const YAML::Node& item : node) {
        path += fmt::format("[{}]", index++);
        check(item, depth + 1, path);
        path.resize(length);
      }
      checked_depth_[id] = depth;
      return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (is_merge_key(it->first)) {
        throw ScenarioError(
            fmt::format("{}: YAML merge keys ('<<') are not supported; write the keys out",
                        with_path(origin_.at(it->first.Mark()), path)));
      }
      if (!path.empty()) path += '.';
      path += it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      check(it->first, depth + 1, path);
      check(it->second, depth + 1, path);
      path.resize(length);
    }
    checked_depth_[id] = depth;
  }

 private:
  const TextOrigin& origin_;
  std::int64_t visits_ = 0;
  // Containers by identity (a parsed node's position and kind; an alias is the same node) ->
  // the deepest level at which their subtree passed.
  std::unordered_map<std::int64_t, int> checked_depth_;
};

std::string too_large(const std::string& where, std::uintmax_t bytes) {
  return fmt::format("{}: input is {} bytes, more than the {} bytes (16 MB) slsim reads", where,
                     bytes, kMaxInputBytes);
}

// Parses one document; syntax errors and limits reported at `origin`.
YAML::Node parse_checked(const std::string& text, const TextOrigin& origin) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(fmt::format("{}: nesting deeper than {} levels; slsim refuses it",
                                    origin.at(e.mark), kMaxDepth));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(fmt::format("{}: YAML syntax error: {}", origin.at(e.mark), e.msg));
  }
  if (documents.empty()) return YAML::Node();
  if (documents.size() > 1) {
    throw ScenarioError(fmt::format("{}: expected one YAML document, got {} (separated by '---')",
                                    origin.at(documents[1].Mark()), documents.size()));
  }
  std::string path;
  TreeCheck(origin).check(documents.front(), 0, path);
  return documents.front();
}

struct SetOption {
  std::string option;  // "--set a.b=c"
  std::vector<std::string> keys;
  YAML::Node value;
};

std::string joined(const std::vector<std::string>& keys, std::size_t count) {
  std::string path;
  for (std::size_t i = 0; i < count; ++i)
    path += (i == 0 ? "" : ".") + keys[i];
  return path;
}

SetOption parse_set_option(const std::string& text) {
  SetOption set;
  set.option = "--set " + text;
  const std::size_t equals = text.find('=');
  const std::string path = text.substr(0, equals);
  bool well_formed = equals != std::string::npos && !path.empty();
  std::size_t start = 0;
  while (well_formed && start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    set.keys.push_back(path.substr(start, dot - start));
    well_formed = !set.keys.back().empty();
    start = dot + 1;
  }
  if (!well_formed) {
    throw ScenarioError(fmt::format(
        "{}: expected path=value with a dotted path such as functions.hello.memory=1024",
        set.option));
  }
  set.value = parse_checked(text.substr(equals + 1), TextOrigin{"", set.option});
  return set;
}

// A copy of `map` (a map, or empty/absent meaning an empty map) with the value at
// keys[level..] replaced. Every map on the path is rebuilt rather than modified in place:
// yaml-cpp assignment writes through to every alias of a node, and an override must change
// one place only. Key order is kept, so functions and sources keep their file order.
YAML::Node set_in(const YAML::Node& map, const SetOption& set, std::size_t level,
                  std::vector<SetOverride>& created) {
  const std::string path = joined(set.keys, level);
  if (map.IsDefined() && !map.IsNull() && !map.IsMap()) {
    throw ScenarioError::invalid(SourceLocation{"", 0, 0, set.option}, path,
                                 fmt::format("a map to hold '{}'", set.keys[level]),
                                 yaml_text::describe(map));
  }
  const std::string& key = set.keys[level];
  const bool last = level + 1 == set.keys.size();
  auto replacement = [&](const YAML::Node& old) {
    if (last) return set.value;
    if (!old.IsDefined() || old.IsNull()) {
      created.push_back({joined(set.keys, level + 1), set.option});
    }
    return set_in(old, set, level + 1, created);
  };
  YAML::Node copy(YAML::NodeType::Map);
  bool replaced = false;
  if (map.IsMap()) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const bool match = !replaced && it->first.IsScalar() && it->first.Scalar() == key;
      copy.force_insert(it->first, match ? replacement(it->second) : it->second);
      replaced = replaced || match;
    }
  }
  if (!replaced) copy.force_insert(key, replacement(YAML::Node(YAML::NodeType::Undefined)));
  return copy;
}

}  // namespace

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  if (text.size() > kMaxInputBytes) throw ScenarioError(too_large(file, text.size()));
  return parse_checked(text, TextOrigin{file, ""});
}

YAML::Node load_yaml_file(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error) throw ScenarioError::unreadable(path, error.message());
  if (std::filesystem::is_directory(status))
    throw ScenarioError::unreadable(path, "is a directory");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > kMaxInputBytes) throw ScenarioError(too_large(path, size));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError::unreadable(path, "cannot open for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ScenarioError::unreadable(path, "read error");
  return parse_yaml(text.str(), path);
}

std::vector<SetOverride> apply_set_options(YAML::Node& root, const std::vector<std::string>& sets) {
  std::vector<SetOverride> overrides;
  for (const std::string& text : sets) {
    const SetOption set = parse_set_option(text);
    std::vector<SetOverride> created;
    root.reset(set_in(root, set, 0, created));
    overrides.insert(overrides.end(), created.begin(), created.end());
    overrides.push_back({joined(set.keys, set.keys.size()), set.option});
  }
  return overrides;
}

}  // namespace slsim
