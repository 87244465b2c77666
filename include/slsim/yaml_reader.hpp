#pragma once
// Reading YAML with errors users can act on. Every value is read through a YamlField, which
// knows its file position and its dotted field path, so every error has the one shape
//   file:line:col: field.path: expected X, got Y
// (lines and columns 1-based; yaml-cpp's marks are 0-based). Maps are checked for unknown keys
// (with a "did you mean" suggestion) and for duplicate keys, which yaml-cpp silently keeps.
// Values that came from a `--set path=value` option are reported as that option instead of a
// file position. Used by the scenario loader and the price-book loader.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "slsim/distribution.hpp"
#include "slsim/error.hpp"
#include "slsim/time.hpp"
#include "slsim/units.hpp"

namespace slsim {

// Parses `text` (the contents of `file`) into a YAML tree; a syntax error becomes a
// ScenarioError "file:line:col: YAML syntax error: ...". Rejects merge keys ("<<"), more than
// one document, input over 16 MB and nesting deeper than 64 levels (yaml-cpp recurses per
// level; see yaml_document.cpp). An empty text gives a null node.
YAML::Node parse_yaml(const std::string& text, const std::string& file);
// Reads `path` and parses it; a missing or unreadable file is a ScenarioError.
YAML::Node load_yaml_file(const std::string& path);

// Applies `--set path=value` (value parsed as YAML) to `root`: dotted path, creating absent
// map keys. A malformed option or a path through a non-map is a ScenarioError naming the
// option. Records the path so that later errors under it name the option.
struct SetOverride {
  std::string path;    // "functions.hello.memory"
  std::string option;  // "--set functions.hello.memory=abc", for messages
};
std::vector<SetOverride> apply_set_options(YAML::Node& root, const std::vector<std::string>& sets);

class YamlField {
 public:
  YamlField(const YAML::Node& node, std::string path, const std::string* file,
            const std::vector<SetOverride>* overrides);

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }
  bool is_null() const { return !node_ || node_.IsNull(); }
  SourceLocation location() const;

  // A map field: checks that it is a map with no duplicate keys and only `allowed` keys.
  void expect_map(std::initializer_list<std::string_view> allowed) const;
  void expect_map(const std::vector<std::string>& allowed) const;
  // Checks it is a map with no duplicate keys; any key allowed (for maps of named things).
  void expect_map_any_keys() const;
  // True when the key is present, even with an empty value (which typed reads then reject;
  // an empty map section reads as an empty map).
  bool has(std::string_view key) const;
  YamlField operator[](std::string_view key) const;  // child (may be absent: is_null())
  YamlField required(std::string_view key) const;    // child, or "missing required key"
  // Entries of a map in file order: (key, key location, value field); defined below.
  struct Entry;
  std::vector<Entry> entries() const;
  std::vector<YamlField> items() const;  // a sequence's items (a scalar counts as one item)

  // Typed reads: each throws ScenarioError::invalid with what was expected and found.
  std::string as_string() const;
  std::string as_name() const;  // [A-Za-z0-9_-]+
  double as_number() const;     // plain decimal (units.hpp grammar)
  std::int64_t as_integer() const;
  bool as_bool() const;
  Duration as_duration() const;
  Rate as_rate() const;
  BucketSpec as_bucket() const;
  std::int64_t as_size() const;
  std::int64_t as_memory_mb() const;
  // One of `choices` (case-sensitive), with a suggestion when close to one.
  std::string as_choice(std::initializer_list<std::string_view> choices) const;
  std::string as_choice(std::span<const std::string_view> choices) const;
  // A duration distribution: a bare duration string (fixed) or a map with `dist:`
  // (fixed value | exponential mean | uniform min max | lognormal median+p99 or mu+sigma |
  // normal mean stddev).
  Distribution as_distribution() const;
  // The same syntax with sizes ("6KB", {dist: uniform, min: 1KB, max: 64KB}): the draws are
  // bytes, carried in the Duration's count (payload sizes).
  Distribution as_size_distribution() const;

  // Builders for errors at this field.
  ScenarioError invalid(std::string_view expected) const;  // "got" is this node's text
  ScenarioError rule(std::string_view message) const;      // "<where>: <path>: <message>"

 private:
  friend YamlField yaml_root(const YAML::Node& root, const std::string& file,
                             const std::vector<SetOverride>& overrides);
  YamlField(const YAML::Node& node, std::string path, const std::string* file,
            const std::vector<SetOverride>* overrides, YAML::Mark where);
  YamlField child(const YAML::Node& node, std::string path, YAML::Mark where) const;
  SourceLocation location_at(const std::string& path, const YAML::Mark& mark) const;
  std::string got() const;  // "'80ms'", "a map", "a list", "an empty value"
  void check_keys(const std::vector<std::string_view>& allowed) const;

  YAML::Node node_;
  std::string path_;
  const std::string* file_;
  const std::vector<SetOverride>* overrides_;
  // The file position reported for this field: a scalar's own position; for a map, a list or
  // an empty value, the position of its key (yaml-cpp marks an empty value at the next token);
  // for an absent key, its parent's position.
  YAML::Mark where_;
};

struct YamlField::Entry {
  std::string key;
  SourceLocation key_location;  // the key's position, or the --set option that added it
  YamlField value;
};

// Reads the root of a document as a YamlField, located at file:1:1. `file` and `overrides`
// must outlive every field read from it.
YamlField yaml_root(const YAML::Node& root, const std::string& file,
                    const std::vector<SetOverride>& overrides);

// "<where>: <path>: unknown key 'x' (did you mean 'y'?)", or when no allowed key is close,
// "... unknown key 'x' (expected one of a, b, c)".
ScenarioError unknown_key_error(const SourceLocation& where, std::string_view path,
                                std::string_view key, std::span<const std::string_view> allowed);

}  // namespace slsim
