#pragma once
// The bodies of the libFuzzer targets in tools/fuzz/, shared with tests/fuzz_regression_test.cpp
// so that every reproducer kept in tests/fuzz/<target>/ is replayed by the ordinary test suite
// through exactly the code the fuzzer ran.
//
// A body returns normally on every expected outcome: success, or bad input reported as it
// should be (ScenarioError, or any slsim::Error with exit code 2; UnitError from the unit
// parsers). Anything else is a bug and leaves the body: an InternalError (exit 3), any other
// exception, or a FuzzFailure when a property checked here does not hold. In a fuzz target the
// exception escapes LLVMFuzzerTestOneInput and aborts, which libFuzzer records as a crash;
// crashes, hangs and sanitizer reports need no code here.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "slsim/cost.hpp"
#include "slsim/error.hpp"
#include "slsim/price_book.hpp"
#include "slsim/report.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/units.hpp"

namespace slsim::fuzz {

// A property that should hold for every input did not.
class FuzzFailure : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

inline void require(bool condition, std::string_view what) {
  if (!condition) throw FuzzFailure(std::string(what));
}

// The name the fuzzed text is loaded under. Relative pricing paths resolve against its
// directory (the working directory); see run_briefly for why file books are not read.
inline constexpr const char* kFuzzFile = "fuzz.yaml";

// Bounds that keep one execution fast while still reaching every kind of event: a second of
// simulated time holds arrivals, cold starts, timeouts and throttles for any sane rate, and
// the event cap stops the absurd ones (10^12 requests/s) after a few milliseconds of work.
// One input in four keeps up to ten years instead: sparse traffic over a long horizon costs
// as few events, and only it reaches the sums over simulated time (environment-time,
// provisioned GB-s), which overflow long before a second's worth does.
inline constexpr Duration kMaxFuzzRunFor = Duration::seconds(1);
inline constexpr Duration kMaxFuzzLongRunFor = Duration::hours(24 * 3650);
inline constexpr std::uint64_t kMaxFuzzEvents = 20'000;

// Runs `body`: bad input reported as such (exit code 2) is an expected outcome and ends it
// quietly; any other error is rethrown.
template <typename Body>
void expect_success_or_bad_input(Body body) {
  try {
    body();
  } catch (const Error& e) {
    if (e.exit_code() != kExitBadInput) throw;
  }
}

// Simulates a loaded scenario briefly, prices it under its books and renders both reports:
// the whole path of `slsim run` after loading. `variant` picks --drain, --free-tier and the
// long horizon, so the fuzzer reaches those branches too without a separate input format.
inline void run_briefly(ScenarioSpec spec, unsigned variant) {
  spec.run_for = std::min(spec.run_for, (variant & 4U) != 0 ? kMaxFuzzLongRunFor : kMaxFuzzRunFor);
  // Books named by path would be read from the file system: the result would depend on the
  // machine (and /dev/stdin would block). Book parsing has its own target (price_book_fuzz);
  // here only built-in books are priced, so an input means the same thing everywhere.
  std::erase_if(spec.pricing, [](const PricingRef& ref) { return !ref.path.empty(); });
  std::vector<PriceBook> books;
  expect_success_or_bad_input([&] { books = load_price_books(spec); });
  if (books.empty()) return;  // a book was rejected (e.g. no price for an API flavor)

  RunOptions options;
  options.drain = (variant & 1U) != 0;
  options.billing_rules = distinct_billing_rules(books);
  options.max_events = kMaxFuzzEvents;
  options.check = true;  // the invariants after every event (--check), as a property to fuzz
  const RunResult result = run_simulation(spec, options);
  require(result.engine.events <= kMaxFuzzEvents, "more events than --max-events");

  CostOptions cost_options;
  cost_options.free_tier = (variant & 2U) != 0;
  const std::vector<BookCost> costs = compute_costs(spec, result, books, cost_options);
  require(costs.size() == books.size(), "one cost per price book");
  // As `slsim run --json` writes it: invalid UTF-8 from the scenario's text is replaced.
  const std::string json =
      report_json(spec, result, costs, ReportOptions{})
          .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  require(!json.empty(), "an empty JSON report");
  const std::string text = report_text(spec, result, costs, ReportOptions{});
  require(!text.empty(), "an empty text report");
}

// tools/fuzz/scenario_loader_fuzz.cpp: the bytes as a scenario file.
inline void scenario_loader_body(std::string_view data) {
  expect_success_or_bad_input([&] {
    ScenarioSpec spec = load_scenario_text(std::string(data), kFuzzFile);
    // The size picks the variant: it costs the YAML nothing, and a comment changes it.
    run_briefly(std::move(spec), static_cast<unsigned>(data.size()));
  });
}

// ---- units ----------------------------------------------------------------------------------

// Runs a parser; false when it rejected the text with a UnitError (the expected failure).
template <typename Parse>
bool parses(Parse parse) {
  try {
    parse();
    return true;
  } catch (const UnitError& e) {
    require(std::strlen(e.what()) > 0, "a UnitError without a message");
    return false;
  }
}

// format_duration's text reads back as the same duration (it is exact, README "Units").
inline void check_duration_round_trip(Duration d) {
  const std::string text = format_duration(d);
  Duration back{};
  require(parses([&] { back = parse_duration(text); }),
          fmt::format("format_duration({} us) = '{}' does not parse", d.us, text));
  require(back == d,
          fmt::format("format_duration({} us) = '{}' reads back as {} us", d.us, text, back.us));
}

inline void check_rate_round_trip(const Rate& r) {
  const std::string text = format_rate(r);
  Rate back;
  require(
      parses([&] { back = parse_rate(text); }),
      fmt::format("format_rate({} per {} us) = '{}' does not parse", r.count_nano, r.per.us, text));
  require(back.count_nano == r.count_nano && back.per == r.per,
          fmt::format("format_rate({} per {} us) = '{}' reads back as {} per {} us", r.count_nano,
                      r.per.us, text, back.count_nano, back.per.us));
}

// tools/fuzz/units_fuzz.cpp: every parser of units.hpp on the text, and the round trips.
inline void units_body(std::string_view text) {
  double number = 0;
  if (parses([&] { number = parse_number(text); })) {
    require(number >= 0 && std::isfinite(number),
            "parse_number gave a negative or infinite number");
  }
  Duration d{};
  if (parses([&] { d = parse_duration(text); })) {
    require(d.us >= 0, "parse_duration gave a negative duration");
    check_duration_round_trip(d);
  }
  Rate r;
  if (parses([&] { r = parse_rate(text); })) {
    require(r.count_nano >= 0 && r.per.us > 0, "parse_rate gave a negative count or period");
    check_rate_round_trip(r);
    // Used for Poisson gaps and reports: must not trap whatever the rate.
    (void)r.per_second();
    (void)r.mean_gap_us();
  }
  BucketSpec bucket;
  if (parses([&] { bucket = parse_bucket(text); })) {
    require(bucket.capacity >= 1 && bucket.refill.per.us > 0, "parse_bucket gave an empty bucket");
    require(bucket.refill.count_nano / kNano == bucket.capacity &&
                bucket.refill.count_nano % kNano == 0,
            "parse_bucket: refill differs from the capacity");
    check_rate_round_trip(bucket.refill);
  }
  std::int64_t size = 0;
  if (parses([&] { size = parse_size(text); })) require(size >= 0, "parse_size gave < 0");
  std::int64_t memory = 0;
  if (parses([&] { memory = parse_memory_mb(text); })) {
    require(memory >= 0, "parse_memory_mb gave < 0");
  }
  std::int64_t integer = 0;
  if (parses([&] { integer = parse_integer(text); })) {
    require(integer >= 0, "parse_integer gave < 0");
    std::int64_t back = -1;
    require(parses([&] { back = parse_integer(fmt::format("{}", integer)); }) && back == integer,
            "parse_integer does not read back its own value");
  }
  // The formatters on arbitrary values too, not only parsed ones: the first 8 bytes as a
  // non-negative duration and rate, which must read back exactly.
  if (text.size() >= 8) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, text.data(), sizeof bits);
    const auto value = static_cast<std::int64_t>(bits >> 1);
    check_duration_round_trip(Duration{value});
    const std::int64_t period = 1 + static_cast<std::int64_t>((bits >> 1) % 86'400'000'000LL);
    check_rate_round_trip(Rate{value, Duration{period}});
  }
}

// ---- price books ----------------------------------------------------------------------------

// A small scenario priced under each fuzzed book: both architectures, provisioned
// concurrency and both API flavors, so every price of the schema is used.
inline constexpr std::string_view kPricedScenario = R"(run_for: 10s
seed: 7
functions:
  x86:
    memory: 1024
    duration: {dist: exponential, mean: 40ms}
    provisioned_concurrency: 2
  arm:
    arch: arm64
    duration: 120ms
sources:
  http:
    type: api_gateway
    target: x86
    arrivals: {process: constant, rate: 20/s}
  rest:
    type: api_gateway
    flavor: rest
    target: arm
    arrivals: {rate: 10/s}
  batch:
    type: invoke
    mode: async
    target: arm
    arrivals: {rate: 5/s}
)";

// tools/fuzz/price_book_fuzz.cpp: the bytes as a price book; a book that parses prices a run.
inline void price_book_body(std::string_view data) {
  expect_success_or_bad_input([&] {
    const PriceBook book = parse_price_book(std::string(data), kFuzzFile);
    static const ScenarioSpec scenario = load_scenario_text(std::string(kPricedScenario), "p.yaml");
    ScenarioSpec spec = scenario;
    // A book without a flavor's API Gateway price is valid; it just cannot price sources of
    // that flavor (load_price_books rejects such a pairing), so they are left out.
    std::erase_if(spec.sources, [&book](const SourceSpec& s) {
      if (s.type != SourceType::api_gateway) return false;
      const TieredPrice& price = s.flavor == ApiFlavor::rest ? book.api_gateway.rest_requests
                                                             : book.api_gateway.http_requests;
      return price.tiers.empty();
    });
    const std::vector<PriceBook> books{book};
    RunOptions options;
    options.billing_rules = distinct_billing_rules(books);
    options.max_events = kMaxFuzzEvents;
    options.check = true;
    const RunResult result = run_simulation(spec, options);
    for (const bool free_tier : {false, true}) {
      CostOptions cost_options;
      cost_options.free_tier = free_tier;
      const std::vector<BookCost> costs = compute_costs(spec, result, books, cost_options);
      require(costs.size() == 1, "one cost per price book");
      (void)report_json(spec, result, costs, ReportOptions{})
          .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      (void)report_text(spec, result, costs, ReportOptions{});
    }
  });
}

// ---- --set ----------------------------------------------------------------------------------

// The scenario the fuzzed `--set` options edit: every section present, so paths reach maps,
// lists and scalars of every kind.
inline constexpr std::string_view kSetScenario = R"(name: set-fuzz
description: the scenario that set_option_fuzz edits
run_for: 1s
seed: 3
account:
  concurrency_limit: 1000
  scale_rate: 1000/10s
  api_gateway: {rate: 10000/s, burst: 5000}
pricing: [aws, aws-arm64]
functions:
  hello:
    runtime: python3.12
    memory: 512
    timeout: 10s
    duration: {dist: lognormal, median: 80ms, p99: 400ms}
    keep_alive: {dist: uniform, min: 5m, max: 7m}
    reserved_concurrency: 100
    provisioned_concurrency: 1
    async: {max_event_age: 1h, retries: 1}
  worker:
    arch: arm64
    duration: {dist: normal, mean: 50ms, stddev: 10ms}
sources:
  api:
    type: api_gateway
    flavor: rest
    target: hello
    throttle: {rate: 500/s, burst: 200}
    arrivals: {process: poisson, rate: 50/s}
  batch:
    type: invoke
    mode: async
    target: worker
    arrivals: {process: constant, rate: 10/s}
)";

// At most this many options per input: enough for interactions (one option creating a key a
// later one overrides) without making inputs mostly separators.
inline constexpr std::size_t kMaxSetOptions = 4;

// tools/fuzz/set_option_fuzz.cpp: the bytes as `--set` options, separated by NUL bytes (which
// a command-line argument cannot contain), applied to kSetScenario.
inline void set_option_body(std::string_view data) {
  std::vector<std::string> sets;
  for (std::size_t start = 0; start <= data.size() && sets.size() < kMaxSetOptions;) {
    const std::size_t end = std::min(data.find('\0', start), data.size());
    sets.emplace_back(data.substr(start, end - start));
    start = end + 1;
  }
  expect_success_or_bad_input([&] {
    ScenarioSpec spec = load_scenario_text(std::string(kSetScenario), kFuzzFile, sets);
    run_briefly(std::move(spec), static_cast<unsigned>(data.size()));
  });
}

}  // namespace slsim::fuzz
