// `slsim trace FILE [--until D] [--only NAME] [--limit N]`: the first moments of a run told
// as a timestamped story, one line per thing that happens (teaching mode). The run is the
// same as `slsim run` with run_for cut to --until: events before it are identical.

#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/error.hpp"
#include "slsim/narrator.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/units.hpp"

namespace slsim::cli {

namespace {

std::string clock(Time t) {
  return fmt::format("t={:.3f}s", t.to_seconds());
}

// "412 ms", or "12.3 s" from ten seconds on.
std::string span(Duration d) {
  if (d >= Duration::seconds(10)) return fmt::format("{:.1f} s", d.to_seconds());
  if (d < Duration::millis(10)) return fmt::format("{:.1f} ms", d.to_millis());
  return fmt::format("{:.0f} ms", d.to_millis());
}

class TraceNarrator final : public Narrator {
 public:
  TraceNarrator(std::FILE* out, std::string only, std::uint64_t limit)
      : out_(out), only_(std::move(only)), limit_(limit) {}

  void started(Time now, std::string_view fn, std::uint32_t env, Duration init, bool provisioned,
               std::int64_t busy, std::int64_t idle) override {
    const std::string what =
        init.us > 0   ? fmt::format("cold start on environment #{} (init {})", env, span(init))
        : provisioned ? fmt::format("start on provisioned environment #{}", env)
                      : fmt::format("warm start on environment #{}", env);
    say(now, fn, fmt::format("{} — {} busy, {} idle", what, busy, idle));
  }
  void ended(Time now, std::string_view fn, std::uint32_t env, Duration latency, bool timed_out,
             std::int64_t busy) override {
    say(now, fn,
        fmt::format("environment #{} {} after {} — {} busy", env,
                    timed_out ? "timed out" : "finished", span(latency), busy));
  }
  void throttled(Time now, std::string_view fn, ThrottleCause cause, std::int64_t limit) override {
    std::string why;
    switch (cause) {
      case ThrottleCause::request_rate:
        why = fmt::format("the account's invocation request-rate quota (burst {}) is spent", limit);
        break;
      case ThrottleCause::reserved:
        why = fmt::format("reserved concurrency {} reached", limit);
        break;
      case ThrottleCause::unreserved:
        why = fmt::format("the account's unreserved concurrency pool ({}) is in use", limit);
        break;
      case ThrottleCause::scale_rate:
        why = fmt::format("scaling rate: no new environment allowed now (bucket of {})", limit);
        break;
    }
    say(now, fn, "429 throttled — " + why);
  }
  void expired(Time now, std::string_view fn, std::uint32_t env) override {
    say(now, fn, fmt::format("environment #{} reclaimed (keep-alive ended)", env));
  }
  void request(Time now, std::string_view source, RequestFate fate, Duration delay) override {
    std::string what;
    switch (fate) {
      case RequestFate::retry_scheduled:
        what = fmt::format("the SDK retries the throttled call in {}", span(delay));
        break;
      case RequestFate::throttled:
        what = "the caller gets 429 (no retries left)";
        break;
      case RequestFate::gateway_throttled:
        what = "429 from API Gateway's own throttle (Lambda never sees it)";
        break;
      case RequestFate::gateway_500:
        what = "500 — API Gateway cannot pass Lambda's 429 on";
        break;
      case RequestFate::gateway_timeout:
        what = "504 — API Gateway's integration timeout; the function runs on, billed";
        break;
      case RequestFate::async_requeued:
        what = fmt::format("event back on Lambda's internal queue, next try in {}", span(delay));
        break;
      case RequestFate::async_dropped:
        what = "event dropped (maximum age or retries exhausted)";
        break;
    }
    say(now, source, what);
  }

  std::uint64_t hidden() const { return hidden_; }
  std::uint64_t shown() const { return shown_; }

 private:
  void say(Time now, std::string_view who, const std::string& what) {
    if (!only_.empty() && who != only_) return;
    if (shown_ >= limit_) {
      ++hidden_;
      return;
    }
    ++shown_;
    fmt::print(out_, "{} {}: {}\n", clock(now), who, what);
  }

  std::FILE* out_;
  std::string only_;
  std::uint64_t limit_;
  std::uint64_t shown_ = 0;
  std::uint64_t hidden_ = 0;
};

void check_only(const ScenarioSpec& spec, const std::string& only) {
  if (only.empty()) return;
  std::string names;
  for (const FunctionSpec& f : spec.functions) {
    if (f.name == only) return;
    names += (names.empty() ? "" : ", ") + f.name;
  }
  for (const SourceSpec& s : spec.sources) {
    if (s.name == only) return;
    names += (names.empty() ? "" : ", ") + s.name;
  }
  throw ScenarioError(fmt::format(
      "--only: expected a function or source of the scenario ({}), got '{}'", names, only));
}

}  // namespace

void add_trace_options(CLI::App& command, TraceArgs& args) {
  command
      .add_option_function<std::string>(
          "--until", [&args](const std::string& text) { args.until = parse_duration(text); },
          "Tell the story of the first DURATION of simulated time (default 30s)")
      ->type_name("DURATION")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            try {
              if (parse_duration(text) > Duration{0}) return {};
              return fmt::format("expected a positive duration, got '{}'", text);
            } catch (const std::exception& e) {
              return fmt::format("expected {}, got '{}'", e.what(), text);
            }
          },
          ""));
  command.add_option("--only", args.only, "Only the lines of this function or source")
      ->type_name("NAME");
  command.add_option("--limit", args.limit, "At most N lines (default 200)")
      ->type_name("N")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            const bool digits = !text.empty() && text.size() <= 18 &&
                                text.find_first_not_of("0123456789") == std::string::npos;
            if (digits && std::stoull(text) > 0) return {};
            return fmt::format("expected a positive whole number of lines, got '{}'", text);
          },
          ""));
}

int trace_command(const TraceArgs& args) {
  ScenarioSpec spec = load_scenario(args.scenario.file, args.scenario.sets);
  check_only(spec, args.only);
  spec.run_for = min(spec.run_for, args.until);
  fmt::print("{}: the first {} of simulated time, seed {}{}\n", spec.name,
             format_duration(spec.run_for), spec.seed,
             args.only.empty() ? "" : fmt::format(", only {}", args.only));
  TraceNarrator narrator(stdout, args.only, args.limit);
  RunOptions options;
  options.narrator = &narrator;
  run_simulation(spec, options);
  if (narrator.hidden() > 0) {
    fmt::print("... {} more lines until t={}s not shown (--limit {})\n", narrator.hidden(),
               spec.run_for.to_seconds(), args.limit);
  } else if (narrator.shown() == 0) {
    fmt::print("(nothing happened{})\n", args.only.empty() ? "" : " to " + args.only);
  }
  return 0;
}

}  // namespace slsim::cli
