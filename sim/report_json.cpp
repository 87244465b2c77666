// The JSON document of a run (README "JSON keys"). Keys come out in a fixed order (an
// ordered_json built in scenario order), numbers at full precision (nlohmann prints the
// shortest text that reads back to the same double), so the same inputs give the same bytes.
// Wall-clock figures appear only with ReportOptions::timing: without it, the document of a
// seed is byte-identical from run to run.

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include <algorithm>
#include <utility>
#include <vector>
#include "slsim/report.hpp"

namespace slsim {

namespace {

using Json = nlohmann::ordered_json;

// A statistic that may be empty: null, never NaN or infinity.
Json number_or_null(std::optional<double> value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  return *value;
}

// numerator / denominator, or null when the denominator is zero (an empty rate).
Json ratio(double numerator, double denominator) {
  if (denominator == 0) return nullptr;
  return number_or_null(numerator / denominator);
}

std::optional<double> to_millis(std::optional<double> micros) {
  if (!micros) return std::nullopt;
  return *micros / 1e3;
}

// Latency in milliseconds from a histogram of microseconds; every key null when empty.
Json latency_json(const Histogram& h) {
  Json j;
  j["mean"] = number_or_null(to_millis(h.mean()));
  j["p50"] = number_or_null(to_millis(h.quantile(0.50)));
  j["p90"] = number_or_null(to_millis(h.quantile(0.90)));
  j["p99"] = number_or_null(to_millis(h.quantile(0.99)));
  j["p999"] = number_or_null(to_millis(h.quantile(0.999)));
  j["max"] = h.count() == 0 ? Json(nullptr) : Json(static_cast<double>(h.max()) / 1e3);
  j["count"] = h.count();
  return j;
}

Json function_json(const FunctionResult& f) {
  Json j;
  j["invocations"] = f.invocations;
  j["cold_starts"] = f.cold_starts;
  j["warm_starts"] = f.warm_starts;
  j["provisioned_starts"] = f.provisioned_starts;
  j["throttles"] = f.throttles;
  j["timeouts"] = f.timeouts;
  j["errors"] = f.errors;
  j["completed"] = f.completed;
  j["dropped"] = f.dropped;
  j["to_destination"] = f.to_destination;
  j["in_flight_at_end"] = f.in_flight_at_end;
  j["cold_start_rate"] =
      ratio(static_cast<double>(f.cold_starts), static_cast<double>(f.invocations));
  j["concurrency"]["peak"] = f.peak_concurrency;
  j["concurrency"]["mean"] = number_or_null(f.mean_concurrency);
  j["environments"]["mean"] = number_or_null(f.mean_environments);
  j["environments"]["mean_idle"] = number_or_null(f.mean_idle_environments);
  j["environments"]["created"] = f.environments_created;
  j["latency_ms"] = latency_json(f.latency);
  j["async"]["queue_peak"] = f.peak_async_queue;
  j["async"]["queue_mean"] = number_or_null(f.mean_async_queue);
  j["async"]["event_age_ms"] = latency_json(f.async_event_age);
  j["events"]["received"] = f.events.received;
  j["events"]["completed"] = f.events.completed;
  j["events"]["dropped"] = f.events.dropped;
  j["events"]["to_destination"] = f.events.to_destination;
  j["events"]["rejected"] = f.events.rejected;
  j["events"]["loop_stopped"] = f.events.loop_stopped;
  j["events"]["in_flight_at_end"] = f.events.in_flight_at_end;
  j["sync_calls"]["received"] = f.sync_calls.received;
  j["sync_calls"]["completed"] = f.sync_calls.completed;
  j["sync_calls"]["failed"] = f.sync_calls.failed;
  j["sync_calls"]["throttled"] = f.sync_calls.throttled;
  j["sync_calls"]["retries"] = f.sync_calls.retries;
  j["sync_calls"]["abandoned"] = f.sync_calls.abandoned;
  j["sync_calls"]["in_flight_at_end"] = f.sync_calls.in_flight_at_end;
  return j;
}

Json bucket_json(const BucketResult& b) {
  Json j;
  j["puts"] = b.puts;
  j["gets"] = b.gets;
  j["deletes"] = b.deletes;
  j["notifications"] = b.notifications;
  j["delivered"] = b.delivered;
  j["pending_at_end"] = b.pending_at_end;
  return j;
}

Json table_json(const TableResult& t) {
  Json j;
  j["reads"] = t.reads;
  j["writes"] = t.writes;
  j["read_units"] = t.read_units;
  j["write_units"] = t.write_units;
  j["throttled_attempts"] = t.throttled_attempts;
  j["failed"] = t.failed;
  if (t.dax) {
    Json d;
    d["node_type"] = t.dax->node_type;
    d["nodes"] = t.dax->nodes;
    d["item_hits"] = t.dax->item_hits;
    d["item_misses"] = t.dax->item_misses;
    d["query_hits"] = t.dax->query_hits;
    d["query_misses"] = t.dax->query_misses;
    d["passed_through"] = t.dax->passed_through;
    j["dax"] = d;
  }
  return j;
}

Json firehose_json(const FirehoseResult& f) {
  Json j;
  j["destination"] = f.destination;
  j["requests"] = f.requests;
  j["put_attempts"] = f.put_attempts;
  j["throttled_attempts"] = f.throttled_attempts;
  j["failed_requests"] = f.failed_requests;
  j["failed_records"] = f.failed_records;
  j["records_in"] = f.records_in;
  j["bytes_in"] = f.bytes_in;
  j["objects"] = f.objects;
  j["objects_by_size"] = f.objects_by_size;
  j["objects_by_interval"] = f.objects_by_interval;
  j["records_delivered"] = f.records_delivered;
  j["bytes_delivered"] = f.bytes_delivered;
  j["records_pending_at_end"] = f.records_pending_at_end;
  j["transform_batches"] = f.transform_batches;
  j["transform_failures"] = f.transform_failures;
  j["transform_retries"] = f.transform_retries;
  j["records_failed_processing"] = f.records_failed_processing;
  j["failed_objects"] = f.failed_objects;
  j["mean_record_delay_ms"] = f.mean_record_delay_us / 1e3;
  j["object_delay_ms"] = latency_json(f.object_delay);
  return j;
}

Json stream_json(const StreamResult& s) {
  Json j;
  j["type"] = s.type;
  j["shards"] = s.shards;
  j["lanes"] = s.lanes;
  j["writes"] = s.writes;
  j["put_attempts"] = s.put_attempts;
  j["throttled_attempts"] = s.throttled_attempts;
  j["failed_writes"] = s.failed_writes;
  j["written"] = s.written;
  j["processed"] = s.processed;
  j["to_destination"] = s.to_destination;
  j["dropped"] = s.dropped;
  j["expired"] = s.expired;
  j["in_stream_at_end"] = s.in_stream_at_end;
  j["bad_records"] = s.bad_records;
  j["batches"] = s.batches;
  j["failed_batches"] = s.failed_batches;
  j["throttled_batches"] = s.throttled_batches;
  j["destination_messages"] = s.destination_messages;
  j["bytes_written"] = s.bytes_written;
  j["bytes_read"] = s.bytes_read;
  j["iterator_age_ms"] = latency_json(s.iterator_age);
  return j;
}

Json topic_json(const TopicResult& t) {
  Json j;
  j["published"] = t.published;
  j["deliveries"] = t.deliveries;
  j["filtered_out"] = t.filtered_out;
  j["http_deliveries"] = t.http_deliveries;
  return j;
}

Json queue_json(const QueueResult& q) {
  Json j;
  j["fifo"] = q.fifo;
  j["sent"] = q.sent;
  j["received"] = q.received;
  j["deleted"] = q.deleted;
  j["dead_lettered"] = q.dead_lettered;
  j["expired"] = q.expired;
  j["loop_stopped"] = q.loop_stopped;
  j["in_queue_at_end"] = q.in_queue_at_end;
  j["batches"] = q.batches;
  j["failed_batches"] = q.failed_batches;
  j["throttled_batches"] = q.throttled_batches;
  j["depth"]["peak"] = q.peak_depth;
  j["depth"]["mean"] = number_or_null(q.mean_depth);
  j["peak_pollers"] = q.peak_pollers;
  j["max_age_at_receive_seconds"] = q.max_age_at_receive.to_seconds();
  j["wait"]["mean_seconds"] = number_or_null(q.mean_wait_seconds);
  j["wait"]["waited_fraction"] = number_or_null(q.waited_fraction);
  j["wait"]["ms"] = latency_json(q.wait);
  return j;
}

// The source's spec, found by name (results follow scenario order, but a name is certain).
const SourceSpec* find_source(const ScenarioSpec& scenario, const std::string& name) {
  for (const SourceSpec& s : scenario.sources) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Json source_json(const ScenarioSpec& scenario, const SourceResult& s) {
  Json j;
  const SourceSpec* spec = find_source(scenario, s.name);
  j["type"] = spec ? Json(to_string(spec->type)) : Json(nullptr);
  j["target"] = spec ? Json(spec->target) : Json(nullptr);
  j["requests"] = s.requests;
  j["completed"] = s.completed;
  j["throttled"] = s.throttled;
  j["gateway_throttled"] = s.gateway_throttled;
  j["failed"] = s.failed;
  j["timed_out"] = s.timed_out;
  j["dropped"] = s.dropped;
  j["to_destination"] = s.to_destination;
  j["in_flight_at_end"] = s.in_flight_at_end;
  j["latency_ms"] = latency_json(s.latency);
  if (spec && spec->arrivals.process == ArrivalProcess::trace) {
    j["trace_skipped_rows"] = s.trace_skipped_rows;
  }
  return j;
}

// The distribution of per-function cold-start rates over the functions that ran (as in
// Shahrad et al., "Serverless in the Wild", ATC 2020, Fig. 15): nearest-rank percentiles and
// the share of functions whose rate is above each threshold.
Json cold_start_distribution_json(const RunResult& result) {
  std::vector<double> rates;
  for (const FunctionResult& f : result.functions) {
    if (f.invocations == 0) continue;
    rates.push_back(static_cast<double>(f.cold_starts) / static_cast<double>(f.invocations));
  }
  std::sort(rates.begin(), rates.end());
  Json j;
  j["functions"] = rates.size();
  const auto percentile = [&](double q) -> Json {
    if (rates.empty()) return nullptr;
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(rates.size())));
    return rates[std::max<std::size_t>(rank, 1) - 1];
  };
  j["p25"] = percentile(0.25);
  j["p50"] = percentile(0.50);
  j["p75"] = percentile(0.75);
  j["p90"] = percentile(0.90);
  j["p99"] = percentile(0.99);
  for (const auto& [key, threshold] :
       {std::pair{"1", 0.01}, {"10", 0.10}, {"25", 0.25}, {"50", 0.50}, {"75", 0.75}}) {
    const auto above = std::count_if(rates.begin(), rates.end(),
                                     [threshold = threshold](double r) { return r > threshold; });
    j["share_above_percent"][key] =
        ratio(static_cast<double>(above), static_cast<double>(rates.size()));
  }
  return j;
}

Json book_json(const BookCost& book) {
  Json j;
  j["total_usd"] = book.total_usd;
  j["free_tier"] = book.free_tier;
  j["month_hours"] = book.month_hours;
  j["per_month"] = book.per_month;
  j["extrapolation"] = book.extrapolation;
  j["by_service"] = Json::object();
  for (const ServiceCost& service : book.by_service) {
    j["by_service"][service.service] = service.usd;
  }
  j["resources"] = Json::object();
  for (const ResourceCost& r : book.resources) {
    j["resources"][r.resource] = {{"type", r.type}, {"usd", r.usd}};
  }
  j["unpriced"] = book.unpriced;
  j["notes"] = book.notes;
  j["functions"] = Json::object();
  for (const FunctionCost& f : book.functions) {
    Json& out = j["functions"][f.name];
    out["usd"] = f.usd;
    out["billed_gb_seconds"] = f.billed_gb_seconds;
    out["provisioned_gb_seconds"] = f.provisioned_gb_seconds;
  }
  return j;
}

std::uint64_t total_invocations(const RunResult& result) {
  std::uint64_t total = 0;
  for (const FunctionResult& f : result.functions) {
    total += f.invocations;
  }
  return total;
}

Json timing_json(const RunResult& result) {
  const double wall = result.engine.wall_seconds;
  Json j;
  j["wall_seconds"] = wall;
  j["events_per_second"] = ratio(static_cast<double>(result.engine.events), wall);
  j["invocations_per_second"] = ratio(static_cast<double>(total_invocations(result)), wall);
  return j;
}

}  // namespace

nlohmann::ordered_json report_json(const ScenarioSpec& scenario, const RunResult& result,
                                   const std::vector<BookCost>& costs,
                                   const ReportOptions& options) {
  Json j;
  j["scenario"] = result.scenario;
  j["seed"] = result.seed;
  j["simulated_seconds"] = result.simulated.to_seconds();
  j["functions"] = Json::object();
  for (const FunctionResult& f : result.functions) {
    j["functions"][f.name] = function_json(f);
  }
  j["sources"] = Json::object();
  for (const SourceResult& s : result.sources) {
    j["sources"][s.name] = source_json(scenario, s);
  }
  j["queues"] = Json::object();
  for (const QueueResult& q : result.queues) {
    j["queues"][q.name] = queue_json(q);
  }
  j["topics"] = Json::object();
  for (const TopicResult& t : result.topics) {
    j["topics"][t.name] = topic_json(t);
  }
  j["buckets"] = Json::object();
  for (const BucketResult& b : result.buckets) {
    j["buckets"][b.name] = bucket_json(b);
  }
  j["tables"] = Json::object();
  for (const TableResult& t : result.tables) {
    j["tables"][t.name] = table_json(t);
  }
  j["streams"] = Json::object();
  for (const StreamResult& s : result.streams) {
    j["streams"][s.name] = stream_json(s);
  }
  j["firehose_streams"] = Json::object();
  for (const FirehoseResult& f : result.firehoses) {
    j["firehose_streams"][f.name] = firehose_json(f);
  }
  j["schedules"] = Json::object();
  for (const ScheduleResult& s : result.schedules) {
    j["schedules"][s.name]["expression"] = s.expression;
    j["schedules"][s.name]["fires"] = s.fires;
  }
  j["event_buses"] = Json::object();
  for (const EventBusResult& b : result.buses) {
    j["event_buses"][b.name]["events"] = b.events;
    j["event_buses"][b.name]["rule_matches"] = b.rule_matches;
    j["event_buses"][b.name]["deliveries"] = b.deliveries;
  }
  j["state_machines"] = Json::object();
  for (const StateMachineResult& m : result.state_machines) {
    Json& out = j["state_machines"][m.name];
    out["kind"] = to_string(m.kind);
    out["started"] = m.started;
    out["succeeded"] = m.succeeded;
    out["failed"] = m.failed;
    out["timed_out"] = m.timed_out;
    out["in_flight_at_end"] = m.in_flight_at_end;
    out["transitions"] = m.transitions;
    out["task_failures"] = m.task_failures;
    out["task_retries"] = m.task_retries;
    out["express_billed_seconds"] = m.express_billed_seconds;
    out["latency_ms"] = latency_json(m.latency);
  }
  // Billable usage of service resources by meter (usage.hpp), in the meters' own units.
  j["usage"] = Json::object();
  for (const ResourceUsage& u : result.usage) {
    Json& out = j["usage"][u.resource];
    out["type"] = u.type;
    for (const Meter& m : u.meters)
      out["meters"][m.name] = m.quantity;
  }
  j["cold_start_distribution"] = cold_start_distribution_json(result);
  j["cost"] = Json::object();
  for (const BookCost& book : costs) {
    j["cost"][book.book] = book_json(book);
  }
  j["engine"]["events"] = result.engine.events;
  j["engine"]["fingerprint"] = fmt::format("{:016x}", result.engine.fingerprint);
  j["engine"]["stopped_at_max_events"] = result.engine.stopped_at_max_events;
  // The figures cover less than the run asked for (--max-events or Ctrl-C).
  j["engine"]["partial"] = result.engine.stopped_at_max_events || result.engine.interrupted;
  if (options.timing) j["timing"] = timing_json(result);
  return j;
}

}  // namespace slsim
