// YamlField: typed, located reads of a YAML tree (yaml_reader.hpp). Parsing and `--set`
// overrides are in yaml_document.cpp.

#include "slsim/yaml_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "slsim/error.hpp"
#include "slsim/units.hpp"
#include "yaml_text.hpp"

namespace slsim {

namespace {

// True when `path` is `prefix` or lies under it ("a.b" and "a.b[0]" are under "a.b", "a.bc" is
// not).
bool is_under(const std::string& path, const std::string& prefix) {
  if (path.size() < prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string joined_choices(std::span<const std::string_view> choices) {
  std::string text;
  for (std::string_view choice : choices) {
    if (!text.empty()) text += '|';
    text += choice;
  }
  return text;
}

// A bare scalar with its own position (an empty value is marked at the next token, so it is
// located at its key instead).
bool has_own_position(const YAML::Node& node) {
  return node.IsDefined() && node.IsScalar() && !node.Mark().is_null();
}

}  // namespace

// "unknown key 'x' (did you mean 'y'?)", or with no close match, the keys that are allowed.
ScenarioError unknown_key_error(const SourceLocation& where, std::string_view path,
                                std::string_view key, std::span<const std::string_view> allowed) {
  const std::string suggestion = nearest_name(key, allowed);
  if (!suggestion.empty() || allowed.empty()) {
    return ScenarioError::unknown_key(where, path, key, suggestion);
  }
  return ScenarioError::rule(
      where, path,
      fmt::format("unknown key '{}' (expected one of {})", key, fmt::join(allowed, ", ")));
}

YamlField::YamlField(const YAML::Node& node, std::string path, const std::string* file,
                     const std::vector<SetOverride>* overrides)
    : YamlField(node, std::move(path), file, overrides, node.Mark()) {}

YamlField::YamlField(const YAML::Node& node, std::string path, const std::string* file,
                     const std::vector<SetOverride>* overrides, YAML::Mark where)
    : node_(node), path_(std::move(path)), file_(file), overrides_(overrides), where_(where) {}

YamlField YamlField::child(const YAML::Node& node, std::string path, YAML::Mark where) const {
  return YamlField(node, std::move(path), file_, overrides_, where);
}

SourceLocation YamlField::location_at(const std::string& path, const YAML::Mark& mark) const {
  SourceLocation where;
  if (overrides_ != nullptr) {
    // The last option for a path wins, as it does when the options are applied.
    for (auto it = overrides_->rbegin(); it != overrides_->rend(); ++it) {
      if (is_under(path, it->path)) {
        where.option = it->option;
        return where;
      }
    }
  }
  if (file_ != nullptr) where.file = *file_;
  if (!mark.is_null()) {
    where.line = mark.line + 1;  // yaml-cpp counts from 0
    where.column = mark.column + 1;
  }
  return where;
}

SourceLocation YamlField::location() const {
  return location_at(path_, where_);
}

std::string YamlField::got() const {
  return yaml_text::describe(node_);
}

ScenarioError YamlField::invalid(std::string_view expected) const {
  return ScenarioError::invalid(location(), path_, expected, got());
}

ScenarioError YamlField::rule(std::string_view message) const {
  return ScenarioError::rule(location(), path_, message);
}

void YamlField::check_keys(const std::vector<std::string_view>& allowed) const {
  if (is_null()) return;  // an empty section is an empty map
  if (!is_map()) {
    std::string keys;
    for (std::string_view key : allowed)
      keys += fmt::format("{}{}", keys.empty() ? "" : ", ", key);
    throw invalid(allowed.empty() ? std::string("a map") : fmt::format("a map (keys: {})", keys));
  }
  std::map<std::string, int, std::less<>> first_line;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    // A copy (a handle, cheap): yaml-cpp's operator-> returns a temporary proxy that holds the
    // pair, so a reference to it->first dangles after this statement (found by the fuzzer).
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      throw ScenarioError::invalid(location_at(path_, key.Mark()), path_, "a plain key",
                                   yaml_text::describe(key));
    }
    const std::string& name = key.Scalar();
    const SourceLocation key_where =
        location_at(path_.empty() ? name : path_ + "." + name, key.Mark());
    const auto [seen, inserted] = first_line.emplace(name, key.Mark().line + 1);
    if (!inserted) throw ScenarioError::duplicate_key(key_where, path_, name, seen->second);
    const bool known =
        allowed.empty() || std::find(allowed.begin(), allowed.end(), name) != allowed.end();
    if (!known) throw unknown_key_error(key_where, path_, name, allowed);
  }
}

void YamlField::expect_map(std::initializer_list<std::string_view> allowed) const {
  if (allowed.size() == 0) throw InternalError("expect_map without keys; use expect_map_any_keys");
  check_keys(std::vector<std::string_view>(allowed));
}

void YamlField::expect_map(const std::vector<std::string>& allowed) const {
  if (allowed.empty()) throw InternalError("expect_map without keys; use expect_map_any_keys");
  check_keys(std::vector<std::string_view>(allowed.begin(), allowed.end()));
}

void YamlField::expect_map_any_keys() const {
  check_keys({});
}

// Present even with an empty value: `memory:` is then an error ("got an empty value") rather
// than a silent default; an empty section (`account:`) reads as an empty map.
bool YamlField::has(std::string_view key) const {
  return (*this)[key].node_.IsDefined();
}

YamlField YamlField::operator[](std::string_view key) const {
  std::string path = path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  if (node_.IsDefined() && node_.IsMap()) {
    for (auto it = node_.begin(); it != node_.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) {
        const YAML::Mark where =
            has_own_position(it->second) ? it->second.Mark() : it->first.Mark();
        return child(it->second, std::move(path), where);
      }
    }
  }
  return child(YAML::Node(YAML::NodeType::Undefined), std::move(path), where_);
}

YamlField YamlField::required(std::string_view key) const {
  YamlField field = (*this)[key];
  if (!field.node_.IsDefined()) throw ScenarioError::missing(location(), path_, key);
  return field;
}

std::vector<YamlField::Entry> YamlField::entries() const {
  std::vector<Entry> result;
  if (!node_.IsDefined() || !node_.IsMap()) return result;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
    std::string path = path_.empty() ? key : path_ + "." + key;
    const YAML::Mark where = has_own_position(it->second) ? it->second.Mark() : it->first.Mark();
    SourceLocation key_location = location_at(path, it->first.Mark());
    result.push_back(
        Entry{std::move(key), std::move(key_location), child(it->second, std::move(path), where)});
  }
  return result;
}

std::vector<YamlField> YamlField::items() const {
  if (is_null()) return {};
  if (is_scalar()) return {*this};
  if (!is_sequence()) throw invalid("a list");
  std::vector<YamlField> result;
  std::size_t index = 0;
  for (const YAML::Node& item : node_) {
    const YAML::Mark where = item.IsNull() || item.Mark().is_null() ? where_ : item.Mark();
    result.push_back(child(item, fmt::format("{}[{}]", path_, index++), where));
  }
  return result;
}

std::string YamlField::as_string() const {
  if (!node_.IsDefined() || !node_.IsScalar()) throw invalid("a string");
  return node_.Scalar();
}

std::string YamlField::as_name() const {
  constexpr std::string_view kExpected = "a name of letters, digits, '_' and '-'";
  if (!node_.IsDefined() || !node_.IsScalar()) throw invalid(kExpected);
  const std::string& text = node_.Scalar();
  if (text.empty() || !std::all_of(text.begin(), text.end(), is_name_char)) {
    throw invalid(kExpected);
  }
  return text;
}

namespace {

// Runs a units.hpp parser on the field's scalar; its UnitError text completes "expected".
template <typename Parse>
auto parse_field(const YamlField& field, std::string_view expected, Parse parse)
    -> decltype(parse(std::string_view{})) {
  if (!field.is_scalar() || field.is_null()) throw field.invalid(expected);
  try {
    return parse(std::string_view(field.node().Scalar()));
  } catch (const UnitError& e) {
    throw field.invalid(e.what());
  }
}

}  // namespace

double YamlField::as_number() const {
  return parse_field(*this, "a plain decimal number such as 0.5 or 1000", parse_number);
}

std::int64_t YamlField::as_integer() const {
  return parse_field(*this, "a non-negative integer such as 42", parse_integer);
}

bool YamlField::as_bool() const {
  constexpr std::string_view kExpected = "true or false";
  if (!is_scalar() || is_null()) throw invalid(kExpected);
  const std::string& text = node_.Scalar();
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  throw invalid(kExpected);
}

Duration YamlField::as_duration() const {
  return parse_field(*this, "a duration such as 250ms, 1.5s or 10m", parse_duration);
}

Rate YamlField::as_rate() const {
  return parse_field(*this, "a rate such as 50/s or 3000/min", parse_rate);
}

BucketSpec YamlField::as_bucket() const {
  return parse_field(*this, "a token bucket such as 1000/10s", parse_bucket);
}

std::int64_t YamlField::as_size() const {
  return parse_field(*this, "a size such as 512B, 64KB or 6MB", parse_size);
}

std::int64_t YamlField::as_memory_mb() const {
  return parse_field(*this, "a whole number of MB such as 512 or 512MB", parse_memory_mb);
}

std::string YamlField::as_choice(std::initializer_list<std::string_view> choices) const {
  return as_choice(std::span<const std::string_view>(choices.begin(), choices.size()));
}

std::string YamlField::as_choice(std::span<const std::string_view> choices) const {
  const std::string expected = "one of " + joined_choices(choices);
  if (!is_scalar() || is_null()) throw invalid(expected);
  const std::string& text = node_.Scalar();
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  const std::string suggestion = nearest_name(text, choices);
  std::string found = got();
  if (!suggestion.empty()) found += fmt::format(" (did you mean '{}'?)", suggestion);
  throw ScenarioError::invalid(location(), path_, expected, found);
}

YamlField yaml_root(const YAML::Node& root, const std::string& file,
                    const std::vector<SetOverride>& overrides) {
  // The document as a whole is located at its start, 1:1, whatever comments precede it.
  return YamlField(root, "", &file, &overrides, YAML::Mark());
}

}  // namespace slsim
