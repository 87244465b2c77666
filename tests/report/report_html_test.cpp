// `slsim run --html FILE`: one offline file (no external URL), the scenario and its numbers,
// the Graphviz diagram or its DOT fallback, one chart per function figure; rendered in
// headless Chromium (Debian's chromium; CI installs it, so a missing browser fails the test)
// with no script error and every chart drawn; a day-long run stays under 2 MB; the sweep chart.

#include <catch2/catch.hpp>

#include <cmath>
#include <regex>
#include <string>

#include "report_fixture.hpp"
#include "slsim/report_html.hpp"
#include "slsim/timeline.hpp"

using namespace slsim;
using namespace slsim::test;

namespace {

const std::string kLessonDir = SLSIM_SOURCE_DIR "/scenarios/";

// Three functions behind poisson sources for a whole day: the size test's worst case.
constexpr const char* kDayScenario = R"(name: day
description: Three functions over a day.
run_for: 24h
seed: 11
functions:
  api:
    memory: 512
    duration: {dist: exponential, mean: 80ms}
    keep_alive: 5m
  worker:
    memory: 1024
    reserved_concurrency: 5
    duration: {dist: exponential, mean: 400ms}
  report:
    memory: 256
    provisioned_concurrency: 2
    duration: 1s
sources:
  web:
    type: api_gateway
    target: api
    arrivals: {process: poisson, rate: 3/s}
  jobs:
    type: invoke
    mode: async
    target: worker
    arrivals: {process: poisson, rate: 5/s}
  cron:
    type: invoke
    target: report
    arrivals: {process: constant, rate: 1/m}
)";

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

std::string chromium_binary() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(candidate)) return candidate;
  }
  return "";
}

}  // namespace

TEST_CASE("HTML: one offline file with the scenario, the diagram and the charts", "[html]") {
  ReportDir dir;
  const Outcome o =
      dir.slsim("run '" + kLessonDir + "reserved-throttling.yaml' --quiet --html r.html");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const std::string html = read_text(dir.file("r.html"));
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  // Offline: no external script, style sheet or image (the SVG's xmlns is not a fetch).
  CHECK_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?(https?:)?//)")));
  CHECK(html.find("Chart.js v3.9") != std::string::npos);  // inlined library
  CHECK(html.find("<h1>reserved-throttling</h1>") != std::string::npos);
  CHECK(html.find("A function capped by reserved concurrency") != std::string::npos);
  // Graphviz is installed by tools/setup.sh: the diagram is an inline SVG naming the nodes.
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find(">dashboard</text>") != std::string::npos);
  // One function: concurrency, starts, percentiles, CDF; plus the cost chart.
  CHECK(count_of(html, "<canvas") == 5);
  CHECK(html.find("concurrency limit") != std::string::npos);
  CHECK(html.find("simulated time (min)") != std::string::npos);
  CHECK(html.find("latency (ms)") != std::string::npos);
}

TEST_CASE("HTML: without Graphviz the diagram falls back to DOT with a note", "[html]") {
  ReportDir dir;
  // A PATH without dot (the binary is called by its absolute path).
  const Outcome o = dir.run("PATH=/nonexistent '" SLSIM_BINARY "' run '" + kLessonDir +
                            "hello-api.yaml' --quiet --run-for 1m --html r.html");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const std::string html = read_text(dir.file("r.html"));
  CHECK(html.find("<svg") == std::string::npos);
  CHECK(html.find("dot was not found") != std::string::npos);
  CHECK(html.find("digraph") != std::string::npos);
}

TEST_CASE("HTML: renders in headless Chromium with every chart drawn and no error",
          "[html][browser]") {
  const std::string chromium = chromium_binary();
  INFO("chromium is required (tools/setup.sh installs it)");
  REQUIRE_FALSE(chromium.empty());
  ReportDir dir;
  const std::string scenario = dir.write("day.yaml", kDayScenario);
  const Outcome run = dir.slsim("run '" + scenario + "' --quiet --run-for 2h --html r.html");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const Outcome o = dir.run("timeout 120 '" + chromium +
                            "' --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 "
                            "--dump-dom 'file://" +
                            dir.file("r.html") + "'");
  REQUIRE(o.exit_code == 0);
  const std::string& dom = o.out;
  // Three functions x 4 charts + the cost chart, each with data-drawn set after drawing.
  const std::regex canvas(R"(<canvas[^>]*>)");
  std::size_t canvases = 0, drawn = 0;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), canvas); it != std::sregex_iterator();
       ++it) {
    ++canvases;
    if (it->str().find("data-drawn=\"1\"") != std::string::npos) ++drawn;
  }
  CHECK(canvases == 13);
  CHECK(drawn == canvases);
  CHECK(dom.find("data-charts=\"13\"") != std::string::npos);
  CHECK(dom.find("data-script-error=\"1\"") == std::string::npos);
  const std::smatch errors = [&] {
    std::smatch m;
    std::regex_search(dom, m, std::regex(R"(<pre id="slsim-errors"[^>]*>([^<]*)</pre>)"));
    return m;
  }();
  REQUIRE_FALSE(errors.empty());
  CHECK(errors[1].str().empty());
}

TEST_CASE("HTML: a day-long run stays under 2 MB, even at a 1 s resolution", "[html]") {
  ReportDir dir;
  const std::string scenario = dir.write("day.yaml", kDayScenario);
  for (const char* resolution : {"", " --resolution 1s"}) {
    INFO(resolution);
    const Outcome o =
        dir.slsim("run '" + scenario + "' --quiet --html r.html" + std::string(resolution));
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    const auto size = fs::file_size(dir.file("r.html"));
    CHECK(size < 2'000'000);
    CHECK(size > 200'000);  // Chart.js alone is ~200 kB: it is inlined
  }
}

TEST_CASE("HTML: a sweep table becomes a chart with a y axis per unit", "[html]") {
  SweepTable t;
  t.parameter = "functions.api.memory";
  t.parameter_unit = "MB";
  t.values = {128, 256, 512};
  t.columns = {{"p99 latency", "ms", {900, 450, std::nan("")}}, {"cost", "USD", {1.5, 1.2, 1.4}}};
  const HtmlChart c = sweep_chart(t);
  REQUIRE(c.x);
  CHECK(*c.x == t.values);
  const auto& datasets = c.config["data"]["datasets"];
  REQUIRE(datasets.size() == 2);
  CHECK(datasets[0]["label"] == "p99 latency (ms)");
  CHECK(datasets[0]["data"][2].is_null());
  CHECK(datasets[0]["yAxisID"] == "y");
  CHECK(datasets[1]["yAxisID"] == "y2");
  CHECK(c.config["options"]["scales"]["x"]["title"]["text"] == "functions.api.memory (MB)");
  CHECK(c.config["options"]["scales"]["y2"]["title"]["text"] == "USD");
  // It renders through the same page as the run report.
  const std::string page = html_page("sweep", "<h1>sweep</h1>", {{"Sweep", "", {c}}});
  CHECK(count_of(page, "<canvas") == 1);
  CHECK(page.find("\"x\":[128,256,512]") != std::string::npos);
}

TEST_CASE("HTML: a component's own series get their own charts", "[html]") {
  // A queue added by a service resource: its family becomes one chart, in its own section.
  ScenarioSpec spec;
  spec.name = "q";
  RunResult r;
  r.scenario = "q";
  r.simulated = Duration::seconds(10);
  TimelineRecorder recorder(Duration::seconds(5));
  const std::size_t queue = recorder.add_component("orders-queue", "queue");
  const auto depth = recorder.add_series(queue, "depth", "visible", "messages", SeriesMerge::last);
  const auto age = recorder.add_series(queue, "age", "oldest_age_s", "s", SeriesMerge::maximum);
  for (int i = 0; i < 2; ++i) {
    recorder.set(depth, 3.0 * i);
    recorder.set(age, 1.5);
    recorder.close_interval(recorder.next_boundary());
  }
  r.timeline = std::move(recorder).finish();
  const std::string html = report_html(spec, r, {}, {});
  CHECK(html.find("<h2>queue orders-queue</h2>") != std::string::npos);
  CHECK(html.find("queue orders-queue: depth") != std::string::npos);
  CHECK(html.find("queue orders-queue: age") != std::string::npos);
  CHECK(count_of(html, "<canvas") == 2);
}

TEST_CASE("HTML: an unwritable --html path is a usage error naming it", "[html]") {
  ReportDir dir;
  const Outcome o = dir.slsim("run '" + kLessonDir +
                              "hello-api.yaml' --quiet --run-for 1m --html no/such/dir/r.html");
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("--html no/such/dir/r.html: cannot write") != std::string::npos);
}

TEST_CASE("HTML: sweep --html draws a chart per metric, a line per other parameter",
          "[html][browser][sweep]") {
  const std::string chromium = chromium_binary();
  INFO("chromium is required (tools/setup.sh installs it)");
  REQUIRE_FALSE(chromium.empty());
  ReportDir dir;
  const Outcome sweep = dir.slsim(
      "sweep '" SLSIM_SOURCE_DIR
      "/scenarios/hello-api.yaml' --run-for 2m --quiet "
      "--vary functions.hello.memory=128,512 --vary functions.hello.reserved_concurrency=5,50 "
      "--metric cost.aws.total_usd --metric functions.hello.throttles --html s.html --json s.json");
  INFO(sweep.err);
  REQUIRE(sweep.exit_code == 0);
  const std::string html = read_text(dir.file("s.html"));
  // One line per reserved concurrency, named after it, in each of the two metric charts.
  CHECK(html.find("functions.hello.reserved_concurrency=5") != std::string::npos);
  CHECK(html.find("functions.hello.reserved_concurrency=50") != std::string::npos);
  const Outcome o = dir.run("timeout 120 '" + chromium +
                            "' --headless --no-sandbox --disable-gpu --virtual-time-budget=5000 "
                            "--dump-dom 'file://" +
                            dir.file("s.html") + "'");
  REQUIRE(o.exit_code == 0);
  CHECK(o.out.find("data-charts=\"2\"") != std::string::npos);
  CHECK(o.out.find("data-script-error=\"1\"") == std::string::npos);
  const std::regex canvas(R"(<canvas[^>]*>)");
  std::size_t canvases = 0, drawn = 0;
  for (auto it = std::sregex_iterator(o.out.begin(), o.out.end(), canvas);
       it != std::sregex_iterator(); ++it) {
    ++canvases;
    if (it->str().find("data-drawn=\"1\"") != std::string::npos) ++drawn;
  }
  CHECK(canvases == 2);
  CHECK(drawn == 2);
}
