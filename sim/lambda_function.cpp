#include "slsim/lambda_function.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace slsim {

LambdaFunction::LambdaFunction(const FunctionSpec& spec, std::uint32_t index, std::uint64_t seed,
                               const BucketSpec& scale_rate, const std::vector<BillingRule>& rules)
    : spec_(&spec),
      index_(index),
      rules_(rules),
      duration_rng_(Rng::stream(seed, "function", spec.name, "duration")),
      cold_start_rng_(Rng::stream(seed, "function", spec.name, "cold_start")),
      keep_alive_rng_(Rng::stream(seed, "function", spec.name, "keep_alive")),
      error_rng_(Rng::stream(seed, "function", spec.name, "errors")),
      calls_rng_(Rng::stream(seed, "function", spec.name, "calls")),
      // Each function adds at most 1,000 environments per 10 s, refilled continuously and
      // never banked beyond 1,000 (facts 1.2, since 26 Nov 2023).
      scale_bucket_(scale_rate),
      billing_(rules.size()) {
  duration_factor_ = duration_factor(spec);
  for (std::size_t i = 0; i < spec.calls.size(); ++i) {
    if (spec.calls[i].action == CallAction::invoke_sync) sync_mask_ |= std::uint64_t{1} << i;
  }
  // Provisioned environments are initialised before the run and are never reclaimed.
  for (std::int64_t i = 0; i < spec.provisioned_concurrency; ++i) {
    Environment e;
    e.provisioned = true;
    e.live = true;
    envs_.push_back(e);
    provisioned_free_.push_back(static_cast<std::uint32_t>(envs_.size() - 1));
  }
}

bool LambdaFunction::concurrency_allows(bool on_provisioned, const AccountState& account) const {
  // Reserved concurrency is both floor and ceiling, and includes provisioned concurrency
  // (facts 1.1); 0 throttles every invocation.
  if (spec_->reserved_concurrency) return busy_ < *spec_->reserved_concurrency;
  // Provisioned environments were taken out of the pool when configured.
  if (on_provisioned) return true;
  return account.unreserved_in_use < account.unreserved_capacity;
}

bool LambdaFunction::scale_allows(Time now, AccountState& account) {
  if (account.legacy_scaling) return account.legacy_scale.try_take(now);
  return scale_bucket_.try_take(now);
}

Execution LambdaFunction::try_start(Time now, std::uint32_t request, bool front_door,
                                    AccountState& account, EventQueue& queue,
                                    Duration own_duration) {
  const bool counted = now >= stats_from_;
  if (front_door && !account.request_rate.try_take(now)) {
    if (counted) ++throttles_;
    if (narrator_) narrate_throttle(now, ThrottleCause::request_rate, account);
    return {};
  }
  const bool on_provisioned = !provisioned_free_.empty();
  if (!concurrency_allows(on_provisioned, account)) {
    if (counted) ++throttles_;
    if (narrator_) {
      narrate_throttle(
          now, spec_->reserved_concurrency ? ThrottleCause::reserved : ThrottleCause::unreserved,
          account);
    }
    return {};
  }
  std::uint32_t env = kNone;
  StartKind kind = StartKind::warm;
  if (on_provisioned) {
    env = provisioned_free_.back();
    provisioned_free_.pop_back();
    kind = StartKind::provisioned;
  } else {
    purge_expired(now);
    env = take_idle();
    if (env == kNone) {
      if (!scale_allows(now, account)) {
        if (counted) ++throttles_;
        if (narrator_) narrate_throttle(now, ThrottleCause::scale_rate, account);
        return {};
      }
      env = new_environment(now);
      kind = StartKind::cold;
    }
  }

  Environment& e = envs_[env];
  e.request = request;
  e.started = now;
  e.init = Duration{0};
  if (kind == StartKind::cold) e.init = min(spec_->cold_start.sample(cold_start_rng_), kMaxInit);
  // The handler time is drawn when the invocation starts, so its end (or its cut at the
  // timeout) is known at once and needs a single event.
  // The handler's own time scales with the vCPUs at its memory (cpu_bound_fraction); the
  // downstream calls it waits for lengthen it (and its bill) before the timeout cut.
  // A trace row's own duration replaces the draw (and leaves the duration stream untouched).
  Duration own = own_duration.us >= 0 ? own_duration : spec_->duration.sample(duration_rng_);
  if (duration_factor_ != 1) own = round_to_micros(static_cast<double>(own.us) * duration_factor_);
  const Duration drawn =
      saturating_add(Time{0} + own, draw_calls(e, now + e.init, queue)) - Time{0};
  e.timed_out = drawn > spec_->timeout;
  e.handler = e.timed_out ? spec_->timeout : drawn;
  // A function error ends the handler after its drawn duration; a timeout comes first. The
  // draw is made only when errors are possible, so error-free functions keep their streams.
  e.errored = !e.timed_out && (e.errored || (spec_->error_probability > 0 &&
                                             error_rng_.uniform01() < spec_->error_probability));

  e.counted = counted;
  if (counted) {
    ++busy_counted_;
    ++invocations_;
    switch (kind) {
      case StartKind::provisioned:
        ++provisioned_starts_;
        break;
      case StartKind::warm:
        ++warm_;
        break;
      case StartKind::cold:
        ++cold_;
        break;
    }
  }
  if (!e.provisioned) {
    ++busy_on_demand_;
    if (!spec_->reserved_concurrency) ++account.unreserved_in_use;
  }
  set_busy(busy_ + 1, now);

  if (narrator_) {
    narrator_->started(now, spec_->name, env, e.init, e.provisioned, busy_, idle_count(now));
  }
  const Time end = now + e.init + e.handler;
  if ((e.calls & sync_mask_) != 0 && !e.timed_out) {
    // Its own work first, then the synchronous invokes it waits for (README "Synchronous
    // invokes"): the end is known only when the last answer comes back.
    e.sync_call = 0;
    e.sync_made = 0;
    queue.push(end, EventKind::sync_call, index_, env);
    return {env, now + e.init + spec_->timeout, false, e.errored};
  }
  queue.push(end, EventKind::invocation_end, index_, env);
  return {env, end, e.timed_out, e.errored};
}

std::uint32_t LambdaFunction::next_sync_call(std::uint32_t env) {
  Environment& e = envs_[env];
  const std::uint64_t pending = e.calls & sync_mask_;
  while (e.sync_call < spec_->calls.size()) {
    if (((pending >> e.sync_call) & 1) != 0 && e.sync_made < spec_->calls[e.sync_call].count) {
      ++e.sync_made;
      return e.sync_call;
    }
    ++e.sync_call;
    e.sync_made = 0;
  }
  return kNone;
}

Time LambdaFunction::deadline(std::uint32_t env) const {
  const Environment& e = envs_[env];
  return e.started + e.init + spec_->timeout;
}

void LambdaFunction::end_wait(std::uint32_t env, Time now, bool failed, bool timed_out,
                              EventQueue& queue) {
  Environment& e = envs_[env];
  e.handler = now - e.started - e.init;
  e.timed_out = timed_out;
  e.errored = !timed_out && (e.errored || failed);
  queue.push(now, EventKind::invocation_end, index_, env);
}

Finished LambdaFunction::finish(std::uint32_t env, Time now, AccountState& account,
                                EventQueue& queue) {
  Environment& e = envs_[env];
  const Finished done{e.request, e.timed_out, e.errored, e.timed_out ? 0 : e.calls,
                      e.init + e.handler};
  if (e.counted) {
    --busy_counted_;
    latency_.record(done.latency.us);
    if (e.timed_out) {
      ++timeouts_;
    } else if (e.errored) {
      ++errors_;
    } else {
      ++completed_;
    }
    add_bill(billing_, rules_, e.provisioned, e.init, e.handler);
  }
  e.request = kNone;
  set_busy(busy_ - 1, now);
  if (narrator_) narrator_->ended(now, spec_->name, env, done.latency, done.timed_out, busy_);
  if (e.provisioned) {
    provisioned_free_.push_back(env);
  } else {
    --busy_on_demand_;
    if (!spec_->reserved_concurrency) --account.unreserved_in_use;
    make_idle(env, now, queue);
  }
  return done;
}

// Which calls this invocation makes (each with its probability) and the latency they add. A
// failed call (its error probability, or a DynamoDB request the SDK gave up on) makes the
// invocation a function error. DynamoDB requests are made at `now`, the handler's start.
Duration LambdaFunction::draw_calls(Environment& e, Time now, EventQueue& queue) {
  e.calls = 0;
  e.errored = false;
  Duration total{0};
  for (std::size_t i = 0; i < spec_->calls.size(); ++i) {
    const CallSpec& call = spec_->calls[i];
    if (call.probability < 1 && !(calls_rng_.uniform01() < call.probability)) continue;
    e.calls |= std::uint64_t{1} << i;
    for (std::int64_t k = 0; k < call.count; ++k) {
      total = total + call.latency.sample(calls_rng_);
      if (call.error_probability > 0 && calls_rng_.uniform01() < call.error_probability) {
        e.errored = true;
      }
      if (call.action == CallAction::firehose_put) {
        // Like kinesis_put: the put when the handler starts, its records in the buffer once
        // accepted.
        FirehoseStream& firehose = (*firehoses_)[call.target_index];
        const auto records = static_cast<std::uint32_t>(call.records);
        const auto bytes = static_cast<std::uint32_t>(call.size);
        const FirehosePut put = firehose.put(now, records, bytes);
        total = total + put.latency;
        if (put.failed) {
          e.errored = true;
        } else {
          firehose.append_at(now + put.latency, records, bytes, queue);
        }
        continue;
      }
      if (call.action == CallAction::kinesis_put) {
        // A PutRecord when the handler starts (its SDK retries lengthen the handler); the
        // record enters the stream when accepted, by an event (it lies ahead of the clock).
        RecordStream& stream = (*streams_)[(*kinesis_)[call.target_index].stream()];
        const auto bytes = static_cast<std::uint32_t>(call.size);
        const StreamPut put = (*kinesis_)[call.target_index].put(
            now, partition_key_hash(call.partition_keys, calls_rng_), bytes, stream);
        total = total + put.latency;
        if (put.failed) {
          e.errored = true;
        } else {
          stream.append_at(now + put.latency, put.lane, bytes, queue);
          for (const std::uint32_t f : (*kinesis_)[call.target_index].firehose_readers())
            (*firehoses_)[f].read_from_stream(now + put.latency, bytes, queue);
        }
        continue;
      }
      if (call.action != CallAction::dynamodb_read && call.action != CallAction::dynamodb_write &&
          call.action != CallAction::dynamodb_query) {
        continue;
      }
      DynamoTable& table = (*tables_)[call.target_index];
      const bool write = call.action == CallAction::dynamodb_write;
      const TableCall done =
          write
              ? table.request(now, TableOp::write, DynamoTable::write_half_units(call.size))
              : table.request(now,
                              DynamoTable::read_op(call.action == CallAction::dynamodb_query,
                                                   call.consistent),
                              DynamoTable::read_half_units(call.size, call.items, call.consistent));
      total = total + done.latency;
      if (done.failed) e.errored = true;
      if (write && !done.failed && table.stream() != kNoResource) {
        // DynamoDB Streams (facts 7): the write's record, once the write has completed; items
        // are spread evenly over the table's partitions (and so the stream's shards).
        RecordStream& stream = (*streams_)[table.stream()];
        stream.count_write(false, 1, 0);
        stream.append_at(now + done.latency, stream.lane_of(calls_rng_.next_u64()),
                         table.stream_record_bytes(call.size), queue);
      }
    }
  }
  return total;
}

void LambdaFunction::async_queue_add(Time now, std::int64_t delta) {
  async_queue_integral_ += Integral{async_queue_} * (now - async_queue_since_).us;
  async_queue_since_ = now;
  async_queue_ += delta;
  peak_async_queue_ = std::max(peak_async_queue_, async_queue_);
}

void LambdaFunction::add_bill(std::vector<BillingTally>& tallies,
                              const std::vector<BillingRule>& rules, bool provisioned,
                              Duration init, Duration handler) {
  for (std::size_t r = 0; r < rules.size(); ++r) {
    BillingTally& t = tallies[r];
    if (provisioned) {
      t.provisioned_us += rules[r].billed(handler).us;
    } else {
      // INIT and handler are billed as one duration, rounded once (facts 1.6). Warm starts
      // (no INIT) round once: a division per rule is a visible cost per invocation.
      const std::int64_t handler_us = rules[r].billed(handler).us;
      t.on_demand_us_handler += handler_us;
      t.on_demand_us_with_init += init.us == 0 ? handler_us : rules[r].billed(init + handler).us;
    }
  }
}

void LambdaFunction::set_busy(std::int64_t busy, Time now) {
  // Time inside the statistics window only (warmup).
  const Time from = max(busy_since_, stats_from_);
  if (now > from) busy_integral_ += Integral{busy_} * (now - from).us;
  busy_since_ = now;
  busy_ = busy;
  if (busy_ > peak_busy_ && now >= stats_from_) peak_busy_ = busy_;
}

std::uint32_t LambdaFunction::new_environment(Time now) {
  std::uint32_t env;
  if (!free_envs_.empty()) {
    env = free_envs_.back();
    free_envs_.pop_back();
    envs_[env] = Environment{};
  } else {
    env = static_cast<std::uint32_t>(envs_.size());
    envs_.emplace_back();
  }
  envs_[env].created = now;
  envs_[env].live = true;
  if (now >= stats_from_) ++created_;
  ++live_on_demand_;
  return env;
}

// The most recently used idle environment (call purge_expired first).
std::uint32_t LambdaFunction::take_idle() {
  const std::uint32_t env = idle_head_;
  if (env == kNone) return kNone;
  list_remove(env);
  heap_remove(env);
  return env;
}

void LambdaFunction::make_idle(std::uint32_t env, Time now, EventQueue& queue) {
  Environment& e = envs_[env];
  // Keep-alive is not documented (facts 1.8): drawn afresh at the start of each idle period.
  e.expiry = saturating_add(now, spec_->keep_alive.sample(keep_alive_rng_));
  list_push_front(env);
  heap_push(env);
  if (expiry_event_at_ == Time::never()) {
    expiry_event_at_ = envs_[expiry_heap_.front()].expiry;
    queue.push(expiry_event_at_, EventKind::env_expiry, index_);
  }
}

void LambdaFunction::on_expiry_event(Time now, EventQueue& queue) {
  expiry_event_at_ = Time::never();
  purge_expired(now);
  if (!expiry_heap_.empty()) {
    expiry_event_at_ = envs_[expiry_heap_.front()].expiry;
    queue.push(expiry_event_at_, EventKind::env_expiry, index_);
  }
}

// An environment can be reused while now < expiry and is gone at expiry.
void LambdaFunction::purge_expired(Time now) {
  while (!expiry_heap_.empty() && envs_[expiry_heap_.front()].expiry <= now) {
    const std::uint32_t env = expiry_heap_.front();
    heap_remove(env);
    list_remove(env);
    retire(env);
    if (narrator_) narrator_->expired(now, spec_->name, env, envs_[env].expiry);
  }
}

void LambdaFunction::retire(std::uint32_t env) {
  Environment& e = envs_[env];
  // Environment-time inside the statistics window only.
  const Time from = max(e.created, stats_from_);
  if (e.expiry > from) env_lifetime_ += (e.expiry - from).us;
  e.live = false;
  --live_on_demand_;
  free_envs_.push_back(env);
}

FunctionResult LambdaFunction::result(Time end) const {
  FunctionResult r;
  r.name = spec_->name;
  r.invocations = invocations_;
  r.cold_starts = cold_;
  r.warm_starts = warm_;
  r.provisioned_starts = provisioned_starts_;
  r.throttles = throttles_;
  r.timeouts = timeouts_;
  r.errors = errors_;
  r.completed = completed_;
  r.dropped = dropped_;
  r.to_destination = to_destination_;
  r.peak_async_queue = static_cast<std::uint64_t>(peak_async_queue_);
  r.async_event_age = async_age_;
  r.events = events_;
  r.sync_calls = sync_calls_;
  r.in_flight_at_end = 0;  // counted below: executions started inside the window
  r.peak_concurrency = peak_busy_;
  r.environments_created = created_;
  r.latency = latency_;
  r.billing = billing_;

  const std::int64_t span = (end - stats_from_).us;
  const Time busy_from = max(busy_since_, stats_from_);
  const Integral busy_integral =
      busy_integral_ + (end > busy_from ? Integral{busy_} * (end - busy_from).us : Integral{0});
  // Environment-time: retired on-demand environments lived [created, expiry); the ones
  // still alive count up to their expiry or the end of the run, whichever comes first;
  // provisioned ones live the whole run.
  Integral env_integral = env_lifetime_;
  for (const Environment& e : envs_) {
    if (!e.live) continue;
    const Time from = max(e.created, stats_from_);
    if (e.provisioned) {
      env_integral += span;
    } else if (e.request != kNone) {
      env_integral += (end - from).us;
    } else if (min(e.expiry, end) > from) {
      env_integral += (min(e.expiry, end) - from).us;
    }
    if (e.request != kNone && e.counted) {
      ++r.in_flight_at_end;
      // In flight at the end: billed for its elapsed time, INIT first.
      const Duration elapsed = end - e.started;
      const Duration init = min(e.init, elapsed);
      add_bill(r.billing, rules_, e.provisioned, init, elapsed - init);
    }
  }
  if (span > 0) {
    r.mean_concurrency = static_cast<double>(busy_integral) / static_cast<double>(span);
    r.mean_environments = static_cast<double>(env_integral) / static_cast<double>(span);
    r.mean_idle_environments = r.mean_environments - r.mean_concurrency;
    const Integral queued =
        async_queue_integral_ + Integral{async_queue_} * (end - async_queue_since_).us;
    r.mean_async_queue = static_cast<double>(queued) / static_cast<double>(span);
  }
  return r;
}

// Idle on-demand environments past their expiry wait for the expiry event but are gone.
std::int64_t LambdaFunction::idle_count(Time now) const {
  std::int64_t idle = 0;
  for (const std::uint32_t env : expiry_heap_) {
    if (envs_[env].expiry > now) ++idle;
  }
  return idle + static_cast<std::int64_t>(provisioned_free_.size());
}

void LambdaFunction::narrate_throttle(Time now, ThrottleCause cause,
                                      const AccountState& account) const {
  std::int64_t limit = 0;
  switch (cause) {
    case ThrottleCause::request_rate:
      limit = account.request_rate.capacity();
      break;
    case ThrottleCause::reserved:
      limit = spec_->reserved_concurrency.value_or(0);
      break;
    case ThrottleCause::unreserved:
      limit = account.unreserved_capacity;
      break;
    case ThrottleCause::scale_rate:
      limit = account.legacy_scaling ? account.legacy_scale.capacity() : scale_bucket_.capacity();
      break;
  }
  narrator_->throttled(now, spec_->name, cause, limit);
}

FunctionProbe LambdaFunction::probe(Time now, const AccountState& account) const {
  FunctionProbe p;
  p.busy = busy_;
  p.idle = idle_count(now);
  p.provisioned = spec_->provisioned_concurrency;
  // Reserved concurrency is the ceiling; otherwise the function's provisioned environments
  // plus the whole unreserved pool it shares (concurrency_allows).
  p.limit = spec_->reserved_concurrency
                ? *spec_->reserved_concurrency
                : spec_->provisioned_concurrency + account.unreserved_capacity;
  p.invocations = invocations_;
  p.cold_starts = cold_;
  p.throttles = throttles_;
  p.errors = timeouts_;
  p.dropped = dropped_;
  p.busy_integral_us =
      static_cast<double>(busy_integral_ + Integral{busy_} * (now - busy_since_).us);
  p.latency = &latency_;
  return p;
}

std::string LambdaFunction::check_invariants() const {
  const auto broken = [this](std::string what) {
    return fmt::format("function {}: {}", spec_->name, what);
  };
  if (busy_ < 0 || busy_on_demand_ < 0 || busy_on_demand_ > busy_) {
    return broken(fmt::format("busy {} with {} on demand", busy_, busy_on_demand_));
  }
  if (spec_->reserved_concurrency && busy_ > *spec_->reserved_concurrency) {
    return broken(fmt::format("concurrency {} over its reserved concurrency {}", busy_,
                              *spec_->reserved_concurrency));
  }
  const auto busy_provisioned = static_cast<std::size_t>(busy_ - busy_on_demand_);
  if (provisioned_free_.size() + busy_provisioned !=
      static_cast<std::size_t>(spec_->provisioned_concurrency)) {
    return broken(fmt::format("{} idle + {} busy provisioned environments, configured {}",
                              provisioned_free_.size(), busy_provisioned,
                              spec_->provisioned_concurrency));
  }
  std::size_t idle = 0;
  for (std::uint32_t e = idle_head_; e != kNone; e = envs_[e].next) {
    if (!envs_[e].live || envs_[e].request != kNone || envs_[e].heap_pos == kNone) {
      return broken(fmt::format("environment {} in the idle list is not idle", e));
    }
    if (++idle > expiry_heap_.size()) return broken("the idle list is longer than the heap");
  }
  if (idle != expiry_heap_.size()) {
    return broken(
        fmt::format("{} idle environments but {} in the expiry heap", idle, expiry_heap_.size()));
  }
  for (std::size_t pos = 0; pos < expiry_heap_.size(); ++pos) {
    if (envs_[expiry_heap_[pos]].heap_pos != pos) return broken("a stale expiry heap position");
    if (pos > 0 && heap_less(pos, (pos - 1) / 2)) return broken("the expiry heap is out of order");
  }
  if (static_cast<std::size_t>(live_on_demand_) !=
      static_cast<std::size_t>(busy_on_demand_) + idle) {
    return broken(fmt::format("{} live on-demand environments but {} busy + {} idle",
                              live_on_demand_, busy_on_demand_, idle));
  }
  if (async_queue_ < 0) return broken(fmt::format("async queue depth {}", async_queue_));
  if (completed_ + errors_ + timeouts_ + static_cast<std::uint64_t>(busy_counted_) !=
          invocations_ ||
      cold_ + warm_ + provisioned_starts_ != invocations_) {
    return broken(fmt::format("{} invocations, {} ended, {} running, {} started", invocations_,
                              completed_ + errors_ + timeouts_, busy_,
                              cold_ + warm_ + provisioned_starts_));
  }
  return "";
}

// ---- idle MRU list ----

void LambdaFunction::list_push_front(std::uint32_t env) {
  Environment& e = envs_[env];
  e.prev = kNone;
  e.next = idle_head_;
  if (idle_head_ != kNone) envs_[idle_head_].prev = env;
  idle_head_ = env;
}

void LambdaFunction::list_remove(std::uint32_t env) {
  Environment& e = envs_[env];
  if (e.prev != kNone) {
    envs_[e.prev].next = e.next;
  } else {
    idle_head_ = e.next;
  }
  if (e.next != kNone) envs_[e.next].prev = e.prev;
  e.prev = e.next = kNone;
}

// ---- expiry min-heap (binary, indexed so any environment can be removed) ----

void LambdaFunction::heap_push(std::uint32_t env) {
  envs_[env].heap_pos = static_cast<std::uint32_t>(expiry_heap_.size());
  expiry_heap_.push_back(env);
  heap_up(expiry_heap_.size() - 1);
}

void LambdaFunction::heap_remove(std::uint32_t env) {
  const std::size_t pos = envs_[env].heap_pos;
  const std::size_t last = expiry_heap_.size() - 1;
  if (pos != last) {
    heap_swap(pos, last);
    expiry_heap_.pop_back();
    heap_down(pos);
    heap_up(pos);
  } else {
    expiry_heap_.pop_back();
  }
  envs_[env].heap_pos = kNone;
}

void LambdaFunction::heap_swap(std::size_t a, std::size_t b) {
  std::swap(expiry_heap_[a], expiry_heap_[b]);
  envs_[expiry_heap_[a]].heap_pos = static_cast<std::uint32_t>(a);
  envs_[expiry_heap_[b]].heap_pos = static_cast<std::uint32_t>(b);
}

// Ties on expiry break on the environment index, so the order never depends on history.
bool LambdaFunction::heap_less(std::size_t a, std::size_t b) const {
  const Environment& x = envs_[expiry_heap_[a]];
  const Environment& y = envs_[expiry_heap_[b]];
  return x.expiry < y.expiry || (x.expiry == y.expiry && expiry_heap_[a] < expiry_heap_[b]);
}

void LambdaFunction::heap_up(std::size_t pos) {
  while (pos > 0) {
    const std::size_t parent = (pos - 1) / 2;
    if (!heap_less(pos, parent)) break;
    heap_swap(pos, parent);
    pos = parent;
  }
}

void LambdaFunction::heap_down(std::size_t pos) {
  const std::size_t n = expiry_heap_.size();
  for (;;) {
    const std::size_t l = 2 * pos + 1;
    if (l >= n) break;
    std::size_t best = l;
    if (l + 1 < n && heap_less(l + 1, l)) best = l + 1;
    if (!heap_less(best, pos)) break;
    heap_swap(pos, best);
    pos = best;
  }
}

}  // namespace slsim
