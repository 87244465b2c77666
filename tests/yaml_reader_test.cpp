// The YAML reader: parse limits, positions, typed reads, distributions and --set overrides.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "slsim/yaml_reader.hpp"

using namespace slsim;

namespace {

// A parsed document with its file name and overrides kept alive for the fields read from it.
struct Doc {
  std::string file = "t.yaml";
  std::vector<SetOverride> overrides;
  YAML::Node root;

  explicit Doc(const std::string& text, const std::vector<std::string>& sets = {})
      : root(parse_yaml(text, file)) {
    overrides = apply_set_options(root, sets);
  }
  YamlField top() const { return yaml_root(root, file, overrides); }
};

}  // namespace

TEST_CASE("YAML: a syntax error names the 1-based position and yaml-cpp's message", "[yaml]") {
  REQUIRE_THROWS_WITH(parse_yaml("a: 1\nb: c: d\n", "t.yaml"),
                      "t.yaml:2:5: YAML syntax error: illegal map value");
  REQUIRE_THROWS_WITH(parse_yaml("a: [1, 2\n", "t.yaml"),
                      "t.yaml:2:1: YAML syntax error: end of sequence flow not found");
}

TEST_CASE("YAML: an empty text is an empty document; a second document is an error", "[yaml]") {
  CHECK(parse_yaml("", "t.yaml").IsNull());
  CHECK(parse_yaml("# only a comment\n", "t.yaml").IsNull());
  REQUIRE_THROWS_WITH(parse_yaml("a: 1\n---\nb: 2\n", "t.yaml"),
                      "t.yaml:3:1: expected one YAML document, got 2 (separated by '---')");
}

TEST_CASE("YAML: merge keys are refused where they appear", "[yaml]") {
  REQUIRE_THROWS_WITH(parse_yaml("base: &b {x: 1}\nitem:\n  <<: *b\n", "t.yaml"),
                      "t.yaml:3:3: item: YAML merge keys ('<<') are not supported; write the keys "
                      "out");
  // A quoted '<<' is an ordinary key.
  CHECK_NOTHROW(parse_yaml("item: {'<<': 1}\n", "t.yaml"));
}

TEST_CASE("YAML: nesting is limited to 64 levels, recursive aliases included", "[yaml]") {
  std::string ok;
  for (int i = 0; i < 64; ++i)
    ok += "[";
  ok += std::string(64, ']');
  CHECK_NOTHROW(parse_yaml(ok, "t.yaml"));
  REQUIRE_THROWS_WITH(parse_yaml("[" + ok + "]", "t.yaml"),
                      "t.yaml:1:65: [0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
                      "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
                      "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nesting "
                      "deeper than 64 levels (or a recursive alias); slsim refuses it");
  // yaml-cpp's own guard (2000 levels) is reported with the same words.
  REQUIRE_THROWS_WITH(parse_yaml(std::string(100000, '['), "t.yaml"),
                      Catch::Matchers::Contains("nesting deeper than 64 levels"));
  REQUIRE_THROWS_WITH(parse_yaml("a: &x [*x]\n", "t.yaml"),
                      Catch::Matchers::Contains("nesting deeper than 64 levels (or a recursive "
                                                "alias)"));
}

TEST_CASE("YAML: aliases are checked once, so a 'billion laughs' document is cheap", "[yaml]") {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j)
      text += (j == 0 ? "*a" : ", *a") + std::to_string(i - 1);
    text += "]\n";
  }
  CHECK_NOTHROW(parse_yaml(text, "t.yaml"));  // 10^10 leaves if walked naively
  // An alias used deeper than where it was defined is checked again at that depth.
  CHECK_NOTHROW(parse_yaml("d: &d {x: 1}\ne: [[[*d]]]\n", "t.yaml"));
}

TEST_CASE("YAML: input over 16 MB is refused before parsing", "[yaml]") {
  const std::string big(16 * 1024 * 1024 + 1, ' ');
  REQUIRE_THROWS_WITH(parse_yaml(big, "t.yaml"),
                      "t.yaml: input is 16777217 bytes, more than the 16777216 bytes (16 MB) "
                      "slsim reads");
}

TEST_CASE("YAML: a missing file is unreadable", "[yaml]") {
  REQUIRE_THROWS_WITH(load_yaml_file("/nonexistent/s.yaml"),
                      "/nonexistent/s.yaml: cannot read: No such file or directory");
}

TEST_CASE("YamlField: unknown keys get a suggestion, duplicates name the first line", "[yaml]") {
  Doc unknown("a: 1\nmemroy: 2\n");
  REQUIRE_THROWS_WITH(unknown.top().expect_map({"a", "memory"}),
                      "t.yaml:2:1: unknown key 'memroy' (did you mean 'memory'?)");
  Doc nested("f:\n  x: 1\n  zzz: 2\n");
  REQUIRE_THROWS_WITH(nested.top()["f"].expect_map({"x", "memory"}),
                      "t.yaml:3:3: f: unknown key 'zzz' (expected one of x, memory)");
  Doc duplicate("f:\n  x: 1\n  y: 2\n  x: 3\n");
  REQUIRE_THROWS_WITH(duplicate.top()["f"].expect_map_any_keys(),
                      "t.yaml:4:3: f: duplicate key 'x' (first at line 2)");
  Doc not_map("f: 5\n");
  REQUIRE_THROWS_WITH(not_map.top()["f"].expect_map({"x", "y"}),
                      "t.yaml:1:4: f: expected a map (keys: x, y), got '5'");
}

TEST_CASE("YamlField: an empty value is located at its key, an absent one at its parent",
          "[yaml]") {
  Doc doc("top:\n  a:\n  b: 1\n");
  const YamlField a = doc.top()["top"]["a"];
  CHECK(a.is_null());
  CHECK(a.location().to_string() == "t.yaml:2:3");
  REQUIRE_THROWS_WITH(a.as_duration(),
                      "t.yaml:2:3: top.a: expected a duration such as 250ms, 1.5s or 10m, got an "
                      "empty value");
  REQUIRE_THROWS_WITH(doc.top()["top"].required("c"), "t.yaml:1:1: top: missing required key 'c'");
  CHECK(doc.top()["top"]["c"].location().to_string() == "t.yaml:1:1");
}

TEST_CASE("YamlField: typed reads say what they expected", "[yaml]") {
  Doc doc(
      "d: 80\nu: 80MS\nr: 5\nn: 1e3\ni: -1\nc: curent\nm: 512MB\ns: 64KB\nb: 1000/10s\n"
      "name: bad name\nflag: yes\nlist: [a, b]\n");
  const YamlField t = doc.top();
  REQUIRE_THROWS_WITH(t["d"].as_duration(),
                      "t.yaml:1:4: d: expected a duration such as 250ms, 1.5s or 10m (units "
                      "us|ms|s|m|min|h|d), got '80'");
  REQUIRE_THROWS_WITH(t["u"].as_duration(), Catch::Matchers::EndsWith("got '80MS'"));
  REQUIRE_THROWS_WITH(t["r"].as_rate(), Catch::Matchers::StartsWith("t.yaml:3:4: r: expected a "
                                                                    "rate such as 50/s"));
  REQUIRE_THROWS_WITH(t["n"].as_number(),
                      "t.yaml:4:4: n: expected a plain decimal number such as 0.5 or 1000 (no "
                      "sign, no exponent), got '1e3'");
  REQUIRE_THROWS_WITH(t["i"].as_integer(),
                      "t.yaml:5:4: i: expected a non-negative integer such as 42, got '-1'");
  REQUIRE_THROWS_WITH(t["c"].as_choice({"current", "legacy"}),
                      "t.yaml:6:4: c: expected one of current|legacy, got 'curent' (did you mean "
                      "'current'?)");
  CHECK(t["m"].as_memory_mb() == 512);
  CHECK(t["s"].as_size() == 64 * 1024);
  CHECK(t["b"].as_bucket().capacity == 1000);
  CHECK(t["b"].as_bucket().refill.per == Duration::seconds(10));
  REQUIRE_THROWS_WITH(t["name"].as_name(),
                      "t.yaml:10:7: name: expected a name of letters, digits, '_' and '-', got "
                      "'bad name'");
  REQUIRE_THROWS_WITH(t["flag"].as_bool(), "t.yaml:11:7: flag: expected true or false, got 'yes'");
  REQUIRE_THROWS_WITH(t["list"].as_string(), "t.yaml:12:1: list: expected a string, got a list");
}

TEST_CASE("YamlField: a list's items carry an index in their path", "[yaml]") {
  Doc doc("one: aws\nmany: [aws, 5]\n");
  const std::vector<YamlField> one = doc.top()["one"].items();
  REQUIRE(one.size() == 1);
  CHECK(one[0].as_string() == "aws");
  const std::vector<YamlField> many = doc.top()["many"].items();
  REQUIRE(many.size() == 2);
  CHECK(many[1].path() == "many[1]");
  CHECK(many[1].location().to_string() == "t.yaml:2:13");
  CHECK(doc.top()["absent"].items().empty());
}

TEST_CASE("YamlField: entries come in file order with their key positions", "[yaml]") {
  Doc doc("f:\n  b: 1\n  a: 2\n");
  const std::vector<YamlField::Entry> entries = doc.top()["f"].entries();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].key == "b");
  CHECK(entries[0].key_location.to_string() == "t.yaml:2:3");
  CHECK(entries[1].value.path() == "f.a");
  CHECK(entries[1].value.as_integer() == 2);
}

TEST_CASE("Distribution syntax: every kind, in microseconds", "[yaml][distribution]") {
  Doc doc(
      "bare: 80ms\n"
      "fixed: {dist: fixed, value: 1.5s}\n"
      "exp: {dist: exponential, mean: 100ms}\n"
      "uni: {dist: uniform, min: 5m, max: 7m}\n"
      "logq: {dist: lognormal, median: 80ms, p99: 400ms}\n"
      "logp: {dist: lognormal, mu: 4.382, sigma: 0.5}\n"
      "logneg: {dist: lognormal, mu: -0.5, sigma: 1}\n"
      "norm: {dist: normal, mean: 100ms, stddev: 20ms}\n");
  const YamlField t = doc.top();
  const Distribution bare = t["bare"].as_distribution();
  CHECK(bare.kind == DistributionKind::fixed);
  CHECK(bare.a == 80'000);
  CHECK(t["fixed"].as_distribution().a == 1'500'000);
  const Distribution exp = t["exp"].as_distribution();
  CHECK(exp.kind == DistributionKind::exponential);
  CHECK(exp.a == 100'000);
  const Distribution uni = t["uni"].as_distribution();
  CHECK(uni.kind == DistributionKind::uniform);
  CHECK(uni.a == 300e6);
  CHECK(uni.b == 420e6);
  const Distribution logq = t["logq"].as_distribution();
  CHECK(logq.kind == DistributionKind::lognormal);
  CHECK(logq.a == Approx(std::log(80'000.0)));
  CHECK(logq.b == Approx(std::log(5.0) / kZ99));
  // mu of ln(milliseconds) becomes mu of ln(microseconds): + ln(1000).
  const Distribution logp = t["logp"].as_distribution();
  CHECK(logp.a == Approx(4.382 + std::log(1000.0)));
  CHECK(logp.b == 0.5);
  CHECK(t["logneg"].as_distribution().a == Approx(-0.5 + std::log(1000.0)));
  const Distribution norm = t["norm"].as_distribution();
  CHECK(norm.kind == DistributionKind::normal);
  CHECK(norm.a == 100'000);
  CHECK(norm.b == 20'000);
}

TEST_CASE("Distribution syntax: each rule has its message", "[yaml][distribution]") {
  Doc doc(
      "both: {dist: lognormal, median: 80ms, p99: 400ms, mu: 4, sigma: 1}\n"
      "none: {dist: lognormal}\n"
      "half: {dist: lognormal, median: 80ms}\n"
      "low: {dist: lognormal, median: 80ms, p99: 80ms}\n"
      "sigma: {dist: lognormal, mu: 4, sigma: 0}\n"
      "order: {dist: uniform, min: 7m, max: 5m}\n"
      "zero: {dist: exponential, mean: 0ms}\n"
      "kind: {dist: cauchy, mean: 1s}\n"
      "key: {dist: fixed, valeu: 1s}\n"
      "bad: 80\n"
      "list: [1, 2]\n");
  const YamlField t = doc.top();
  REQUIRE_THROWS_WITH(t["both"].as_distribution(),
                      "t.yaml:1:1: both: lognormal takes either median and p99, or mu and sigma, "
                      "not both");
  REQUIRE_THROWS_WITH(t["none"].as_distribution(),
                      "t.yaml:2:1: none: lognormal needs median and p99, or mu and sigma");
  REQUIRE_THROWS_WITH(t["half"].as_distribution(), "t.yaml:3:1: half: missing required key 'p99'");
  REQUIRE_THROWS_WITH(t["low"].as_distribution(),
                      "t.yaml:4:43: low.p99: expected a duration greater than median (80ms), got "
                      "'80ms'");
  REQUIRE_THROWS_WITH(t["sigma"].as_distribution(),
                      "t.yaml:5:40: sigma.sigma: expected a number greater than 0, got '0'");
  REQUIRE_THROWS_WITH(t["order"].as_distribution(),
                      "t.yaml:6:38: order.max: expected a duration of at least min (7m), got '5m'");
  REQUIRE_THROWS_WITH(t["zero"].as_distribution(),
                      "t.yaml:7:33: zero.mean: expected a duration greater than 0, got '0ms'");
  REQUIRE_THROWS_WITH(t["kind"].as_distribution(),
                      "t.yaml:8:14: kind.dist: expected one of "
                      "fixed|exponential|uniform|lognormal|normal|gamma|weibull|pareto|mixture|"
                      "empirical, got 'cauchy'");
  REQUIRE_THROWS_WITH(t["key"].as_distribution(),
                      "t.yaml:9:20: key: unknown key 'valeu' (did you mean 'value'?)");
  REQUIRE_THROWS_WITH(t["bad"].as_distribution(),
                      "t.yaml:10:6: bad: expected a duration such as 80ms, or a map with dist: "
                      "fixed|exponential|uniform|lognormal|normal|gamma|weibull|pareto|mixture|"
                      "empirical, got '80'");
  REQUIRE_THROWS_WITH(t["list"].as_distribution(), Catch::Matchers::EndsWith("got a list"));
}

TEST_CASE("Set options: replaces a value, adds absent keys, and locates errors at the option",
          "[yaml][set]") {
  Doc doc("f:\n  hello:\n    memory: 512\n    timeout: 3s\n",
          {"f.hello.memory=abc", "f.world.memory=1024"});
  const YamlField hello = doc.top()["f"]["hello"];
  REQUIRE_THROWS_WITH(hello["memory"].as_memory_mb(),
                      "--set f.hello.memory=abc: f.hello.memory: expected a whole number of MB "
                      "such as 512 or 512MB, got 'abc'");
  CHECK(hello["timeout"].location().to_string() == "t.yaml:4:14");
  // Key order is kept: hello first, the added world after it.
  const std::vector<YamlField::Entry> functions = doc.top()["f"].entries();
  REQUIRE(functions.size() == 2);
  CHECK(functions[0].key == "hello");
  CHECK(functions[0].key_location.to_string() == "t.yaml:2:3");
  CHECK(functions[1].key == "world");
  CHECK(functions[1].value["memory"].as_memory_mb() == 1024);
  // The map created for `world` is located at the option too.
  REQUIRE_THROWS_WITH(functions[1].value.required("duration"),
                      "--set f.world.memory=1024: f.world: missing required key 'duration'");
}

TEST_CASE("Set options: the last option for a path wins, and an empty document gets a root",
          "[yaml][set]") {
  Doc doc("", {"a.b=1", "a.b=2"});
  CHECK(doc.top()["a"]["b"].as_integer() == 2);
  CHECK(doc.top()["a"]["b"].location().to_string() == "--set a.b=2");
}

TEST_CASE("Set options: an anchored value is replaced in one place only", "[yaml][set]") {
  Doc doc("a: &shared {x: 1}\nb: *shared\n", {"b.x=2"});
  CHECK(doc.top()["a"]["x"].as_integer() == 1);
  CHECK(doc.top()["b"]["x"].as_integer() == 2);
}

TEST_CASE("Set options: malformed options and paths through values are errors", "[yaml][set]") {
  YAML::Node root = parse_yaml("a: 5\n", "t.yaml");
  REQUIRE_THROWS_WITH(apply_set_options(root, {"a"}),
                      "--set a: expected path=value with a dotted path such as "
                      "functions.hello.memory=1024");
  REQUIRE_THROWS_WITH(apply_set_options(root, {"a..b=1"}), Catch::Matchers::StartsWith("--set "
                                                                                       "a..b=1: "
                                                                                       "expected"));
  REQUIRE_THROWS_WITH(apply_set_options(root, {"a.b=1"}),
                      "--set a.b=1: a: expected a map to hold 'b', got '5'");
  REQUIRE_THROWS_WITH(apply_set_options(root, {"a=[1,"}),
                      "--set a=[1,: YAML syntax error: end of sequence flow not found");
}
