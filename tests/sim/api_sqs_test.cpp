// API Gateway's direct SQS integration (README "API Gateway direct integrations"): each
// admitted request is one SendMessage, answered when the queue has the message; the bill is the
// API request plus SQS requests in 64 KB chunks (facts 2, 6).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "priced_run.hpp"
#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;

namespace {

using test::Priced;

Priced run_priced(const std::string& yaml) {
  return test::run_priced(yaml, "api_sqs_test.yaml", true);
}

double service_cost(const BookCost& cost, const std::string& service) {
  for (const ServiceCost& s : cost.by_service) {
    if (s.service == service) return s.usd;
  }
  return -1;
}

}  // namespace

TEST_CASE("API Gateway to SQS: every accepted request is one message, answered at once",
          "[services][sqs][api_gateway]") {
  // 10,000 requests (1,000 s at 10/s, constant); the stage throttle (5/s, burst 1) admits
  // every other one. No consumer: the messages stay in the queue.
  const Priced p = run_priced(R"(
run_for: 1000s
functions:
  idle: {duration: 1ms}
resources:
  inbox: {type: sqs}
sources:
  api:
    type: api_gateway
    target: inbox
    overhead: 15ms
    throttle: {rate: 5/s, burst: 1}
    payload: 100KB
    arrivals: {process: constant, rate: 10/s}
)");
  REQUIRE(p.result.sources.size() == 1);
  const SourceResult& s = p.result.sources[0];
  CHECK(s.requests == 10'000);
  // Conservation: every request ends once, accepted or throttled (429).
  CHECK(s.completed + s.throttled == s.requests);
  CHECK(s.throttled == s.gateway_throttled);
  CHECK(s.completed > 4'990);
  CHECK(s.completed < 5'010);
  CHECK(s.failed + s.timed_out + s.dropped + s.in_flight_at_end == 0);
  // The queue receives exactly the accepted requests.
  REQUIRE(p.result.queues.size() == 1);
  CHECK(p.result.queues[0].sent == s.completed);
  CHECK(p.result.queues[0].in_queue_at_end == s.completed);
  // Latency: the overhead plus SendMessage's 10 ms, for every request.
  CHECK(s.latency.max() == 25'000);
  CHECK(*s.latency.quantile(0.01) == Approx(25'000).epsilon(0.05));
  // Bill: API requests admitted x $1.00 / M (HTTP API, first tier); 100 KB = two 64 KB chunks
  // per SendMessage x $0.40 / M.
  const auto n = static_cast<double>(s.completed);
  CHECK(service_cost(p.aws, "api_gateway") == Approx(n * 1.00 / 1e6).epsilon(1e-9));
  CHECK(service_cost(p.aws, "sqs") == Approx(2 * n * 0.40 / 1e6).epsilon(1e-9));
  CHECK(service_cost(p.aws, "lambda") <= 0);
}

TEST_CASE("API Gateway to SQS: a consumer processes what the API accepted",
          "[services][sqs][api_gateway]") {
  const Priced p = run_priced(R"(
run_for: 600s
functions:
  worker: {duration: 20ms}
resources:
  jobs:
    type: sqs
    consumer: {function: worker, batch_size: 1}
sources:
  api: {type: api_gateway, target: jobs, arrivals: {process: poisson, rate: 20/s}}
)");
  const SourceResult& s = p.result.sources[0];
  CHECK(s.completed == s.requests);
  CHECK(p.result.queues[0].sent == s.requests);
  CHECK(p.result.queues[0].deleted == s.requests);  // drained
  CHECK(p.result.functions[0].invocations == s.requests);
}
