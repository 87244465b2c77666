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
#include <yaml-cpp/eventhandler.h>
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
constexpr std::uintmax_t kMaxInputBytes = std::uintmax_t{16} * 1024 * 1024;
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
    if (!node.IsMap() && !node.IsSequence()) {
      const bool quoted = node.IsScalar() && node.Tag() == "!";  // or a block scalar
      if (quoted && (last_quoted_.is_null() || node.Mark().pos > last_quoted_.pos)) {
        last_quoted_ = node.Mark();
      }
      return;
    }
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
  YAML::Mark last_quoted_ = YAML::Mark::null_mark();

 public:
  // The last (in the text) quoted or block scalar, for check_quote_closed.
  const YAML::Mark& last_quoted() const { return last_quoted_; }
};

// Scenarios are text: UTF-8 without control characters other than tab, LF and CR (YAML's
// printable set). yaml-cpp reads any bytes and quotes them raw in its messages ("unknown
// escape character: <byte>"), so binary input is refused here, at its first offending byte.
// The length of the printable character at text[i], or 0.
std::size_t printable_length(const std::string& text, std::size_t i) {
  const auto byte = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    const bool control = lead < 0x20 || lead == 0x7f;
    return !control || lead == '\t' || lead == '\n' || lead == '\r' ? 1 : 0;
  }
  // The sequence's length, the lead byte's bits and the least code point of that length
  // (a smaller one is an overlong form, not UTF-8).
  const std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  const std::uint32_t least = length == 4 ? 0x10000 : length == 3 ? 0x800 : 0x80;
  if (lead < 0xc2 || lead > 0xf4) return 0;
  std::uint32_t code = lead & (0x7fU >> length);
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0U) != 0x80U) return 0;
    code = (code << 6U) | (byte(i + k) & 0x3fU);
  }
  const bool surrogate = code >= 0xd800 && code <= 0xdfff;
  const bool c1_control = code <= 0x9f && code != 0x85;
  if (code < least || code > 0x10ffff || surrogate || c1_control) return 0;
  return length;
}

void check_printable(const std::string& text, const TextOrigin& origin) {
  YAML::Mark mark;  // 0-based, columns in bytes as yaml-cpp counts them
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = printable_length(text, i);
    if (length == 0) {
      mark.pos = static_cast<int>(i);
      mark.column = static_cast<int>(i - line_start);
      throw ScenarioError(fmt::format("{}: expected printable UTF-8 text, got byte 0x{:02x}",
                                      origin.at(mark), static_cast<unsigned char>(text[i])));
    }
    if (text[i] == '\n') {
      ++mark.line;
      line_start = i + 1;
    }
    i += length;
  }
}

// yaml-cpp ends a quoted scalar at the end of the input without complaint when a line break
// comes first, so an unclosed quote swallows the rest of the file into one string and the
// error surfaces somewhere else ("missing required key 'functions'"). Only the last quoted
// scalar can be unclosed: it runs to the end.
void check_quote_closed(const std::string& text, const YAML::Mark& mark, const TextOrigin& origin) {
  if (mark.is_null()) return;
  const std::size_t bom = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;  // not counted in marks
  std::size_t i = static_cast<std::size_t>(mark.pos) + bom;
  if (i >= text.size() || (text[i] != '"' && text[i] != '\'')) return;  // block or tagged
  const char quote = text[i];
  for (++i; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;  // an escape: \" does not close
    } else if (text[i] == quote) {
      if (quote == '"' || i + 1 == text.size() || text[i + 1] != '\'') return;
      ++i;  // '' is a quote inside single quotes
    }
  }
  throw ScenarioError(fmt::format(
      "{}: YAML syntax error: this {}-quoted string is never closed (no closing {} before the "
      "end of the input)",
      origin.at(mark), quote == '"' ? "double" : "single", quote));
}

// yaml-cpp does not say that a tab in the indentation is what it tripped on.
std::string tab_hint(const std::string& text, const YAML::Mark& mark) {
  if (mark.is_null()) return "";
  std::size_t start = 0;
  for (int line = 0; line < mark.line; ++line) {
    start = text.find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  const std::size_t indent_end = text.find_first_not_of(" \t", start);
  const std::size_t tab = text.find('\t', start);
  if (tab == std::string::npos || tab >= indent_end) return "";
  return " (this line is indented with a tab; YAML indents with spaces only)";
}

std::string too_large(const std::string& where, std::uintmax_t bytes) {
  return fmt::format("{}: input is {} bytes, more than the {} bytes (16 MB) slsim reads", where,
                     bytes, kMaxInputBytes);
}

// The documents of a stream, counted from the parser's events without building nodes. It
// also guards against a yaml-cpp 0.7 bug (jbeder/yaml-cpp#1040, fixed upstream in 0.8 by #1319):
// a stray token where a node should start (a ',' at block level, as in "," or "{a: 1} ,") is
// never consumed, so every further HandleNextDocument "finds" another empty document at the same
// place and YAML::LoadAll loops forever, allocating as it goes (found by the fuzzer). Two
// documents cannot legitimately start at the same position, since each one consumes a token.
class DocumentCounter : public YAML::EventHandler {
 public:
  int documents() const { return documents_; }
  // Where the second document's root node is (for "expected one YAML document").
  const YAML::Mark& second_root() const { return second_root_; }
  bool stuck() const { return stuck_; }
  const YAML::Mark& stuck_at() const { return last_start_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    stuck_ = documents_ > 0 && mark.pos == last_start_.pos;
    last_start_ = mark;
    ++documents_;
    root_seen_ = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (root_seen_) return;
    root_seen_ = true;
    if (documents_ == 2) second_root_ = mark;
  }

  int documents_ = 0;
  bool root_seen_ = false;
  bool stuck_ = false;
  YAML::Mark last_start_ = YAML::Mark::null_mark();
  YAML::Mark second_root_ = YAML::Mark::null_mark();
};

// Parses one document; syntax errors and limits reported at `origin`. The stream is parsed
// twice, first counting documents (which also finds every syntax error), then building the
// one document: YAML::LoadAll cannot be used (see DocumentCounter), and scenarios are small.
YAML::Node parse_checked(const std::string& text, const TextOrigin& origin) {
  check_printable(text, origin);
  YAML::Node document;
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentCounter counter;
    while (parser.HandleNextDocument(counter)) {
      if (counter.stuck()) {
        const YAML::Mark& at = counter.stuck_at();
        const std::string token = at.pos >= 0 && static_cast<std::size_t>(at.pos) < text.size()
                                      ? fmt::format(" '{}'", text[static_cast<std::size_t>(at.pos)])
                                      : std::string();
        throw ScenarioError(
            fmt::format("{}: YAML syntax error: unexpected token{}", origin.at(at), token));
      }
    }
    if (counter.documents() == 0) return YAML::Node();
    if (counter.documents() > 1) {
      throw ScenarioError(fmt::format("{}: expected one YAML document, got {} (separated by '---')",
                                      origin.at(counter.second_root()), counter.documents()));
    }
    document = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(fmt::format("{}: nesting deeper than {} levels; slsim refuses it",
                                    origin.at(e.mark), kMaxDepth));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(fmt::format("{}: YAML syntax error: {}{}", origin.at(e.mark), e.msg,
                                    tab_hint(text, e.mark)));
  }
  std::string path;
  TreeCheck tree(origin);
  tree.check(document, 0, path);
  check_quote_closed(text, tree.last_quoted(), origin);
  return document;
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
  // set_in recurses once per key (and rebuilds the path at each level): a path of thousands of
  // keys overflowed the stack (found by reading, confirmed by set_option_fuzz). A scenario is
  // never deeper than the documents' limit.
  if (set.keys.size() > static_cast<std::size_t>(kMaxDepth)) {
    throw ScenarioError(
        fmt::format("{}: a path of more than {} keys; slsim refuses it", set.option, kMaxDepth));
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
  // A pipe or a device (/dev/stdin, /dev/zero) has no size: read at most one byte too many.
  std::string text;
  std::vector<char> buffer(std::size_t{64} * 1024);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxInputBytes) {
      throw ScenarioError(fmt::format("{}: input is more than the {} bytes (16 MB) slsim reads",
                                      path, kMaxInputBytes));
    }
  }
  if (in.bad()) throw ScenarioError::unreadable(path, "read error");
  return parse_yaml(text, path);
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
