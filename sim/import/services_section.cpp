// The services-schema `resources:` of an imported scenario (services_section.hpp).

#include "services_section.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "slsim/services/dax.hpp"
#include "slsim/services/eventbridge.hpp"
#include "slsim/services/firehose.hpp"
#include "state_machine_writer.hpp"

namespace slsim::import {

namespace {

// Placeholder capacity of a provisioned table whose capacity the template does not say.
constexpr std::int64_t kPlaceholderCapacity = 5;
// facts 7: the default table quota is 40,000 read and 40,000 write units per second, the
// highest capacity a scenario accepts.
// "Firehose supports a Lambda invocation time of up to 5 minutes" (Firehose developer guide,
// Transform source data): the simulator refuses a transformation function with a longer
// timeout.
constexpr std::int64_t kMaxTransformTimeoutS = 300;
constexpr std::int64_t kMaxTableUnits = 40'000;

std::string quoted(const std::string& s) {
  YAML::Emitter e;
  e << YAML::DoubleQuoted << s;
  return e.c_str();
}

// The simulator's S3 event of a template's event name: ObjectCreated:* and its kinds (Put,
// Post, Copy, CompleteMultipartUpload) are "created", ObjectRemoved:* (Delete,
// DeleteMarkerCreated) "removed" (facts 5); other events (restore, replication, lifecycle,
// tagging, ...) are not simulated.
std::optional<std::string> s3_event(const std::string& name) {
  if (name.rfind("s3:ObjectCreated:", 0) == 0) return std::string("created");
  if (name.rfind("s3:ObjectRemoved:", 0) == 0) return std::string("removed");
  return std::nullopt;
}

// One notification of a bucket as written.
struct Notification {
  std::string event;  // created | removed
  std::string prefix;
  std::string suffix;
  std::string target;  // scenario name
};

std::string where_text(const SourceLocation& where) {
  return where.line > 0 ? fmt::format("{}:{}:{}", where.file, where.line, where.column)
                        : where.file;
}

bool is_s3_destination(const std::string& type) {
  return type == "ExtendedS3DestinationConfiguration" || type == "S3DestinationConfiguration";
}

// The FileExtension a Firehose stream is written with: the template's when Firehose accepts it,
// else none (the loader would refuse it; the summary says it was dropped).
std::string firehose_extension(const ResourceModel& f) {
  return is_firehose_file_extension(f.file_extension) ? f.file_extension : std::string();
}

class SectionWriter {
 public:
  SectionWriter(const TemplateModel& model, const ScenarioNames& names)
      : model_(model), names_(names) {}

  ServicesSection write() {
    for (const ResourceModel& r : model_.resources) {
      if (r.kind == ResourceKind::sqs_queue) queue(r);
      if (r.kind == ResourceKind::sns_topic) topic(r);
      if (r.kind == ResourceKind::s3_bucket) bucket(r);
      if (r.kind == ResourceKind::dynamodb_table) table(r);
      if (r.kind == ResourceKind::schedule) schedule(r);
      if (r.kind == ResourceKind::kinesis_stream && names_.streams.count(r.name) > 0) stream(r);
      if (r.kind == ResourceKind::state_machine) state_machine(r);
      if (r.kind == ResourceKind::firehose) firehose(r);
    }
    for (const FunctionModel& fn : model_.functions) {
      for (const EventModel& e : fn.events) {
        const auto found = names_.event_schedules.find(&e);
        if (found != names_.event_schedules.end()) {
          event_schedule("function " + fn.name, names_.functions.at(fn.name), e, found->second);
        }
      }
    }
    for (const ResourceModel& r : model_.resources) {
      for (const EventModel& e : r.events) {
        const auto found = names_.event_schedules.find(&e);
        if (found != names_.event_schedules.end()) {
          event_schedule("state machine " + r.name, names_.machines.at(r.name), e, found->second);
        }
      }
    }
    // A queue or topic fed by a topic, a bucket or a schedule gets its messages from them: no
    // producer of its own.
    for (const auto* list : {&topic_producers_, &queue_producers_, &bucket_producers_,
                             &stream_producers_, &machine_producers_, &firehose_producers_}) {
      for (const ProducerSpec& p : *list) {
        if (fed_.count(p.resource) == 0) section_.producers.push_back(p);
      }
    }
    if (!out_.empty()) section_.yaml = "resources:\n" + out_;
    return section_;
  }

 private:
  void line(const std::string& text) { out_ += text + "\n"; }

  // The first enabled event of `kind` reading `resource` (SQS allows one consumer per queue
  // in the scenario; further ones stay direct invocations).
  std::vector<std::pair<const FunctionModel*, const EventModel*>> events_on(
      const std::string& resource, EventKind kind) const {
    std::vector<std::pair<const FunctionModel*, const EventModel*>> found;
    for (const FunctionModel& fn : model_.functions) {
      for (const EventModel& e : fn.events) {
        if (e.kind == kind && e.enabled && e.resource == resource) found.emplace_back(&fn, &e);
      }
    }
    return found;
  }

  void queue(const ResourceModel& q) {
    const std::string name = names_.queues.at(q.name);
    const std::string subject = "resource " + q.name + " (SQS queue)";
    line(fmt::format("  {}:  # {}", name, where_text(q.where)));
    line("    type: sqs");
    if (q.fifo) line("    fifo: true");
    if (q.visibility_timeout_s) {
      line(fmt::format("    visibility_timeout: {}s", *q.visibility_timeout_s));
    }
    if (q.retention_s) line(fmt::format("    retention: {}s", *q.retention_s));
    if (!q.dead_letter.empty() && names_.queues.count(q.dead_letter) > 0 && q.max_receive_count) {
      line(fmt::format("    dead_letter: {}", names_.queues.at(q.dead_letter)));
      line(fmt::format("    max_receive_count: {}", *q.max_receive_count));
    } else if (!q.dead_letter.empty()) {
      section_.skipped.push_back(ImportNote{
          subject, fmt::format("dead-letter queue {} is not in the template", q.dead_letter),
          q.where});
    }
    const auto consumers = events_on(q.name, EventKind::sqs);
    if (!consumers.empty()) {
      const auto [fn, e] = consumers.front();
      line("    consumer:");
      line(fmt::format("      function: {}", names_.functions.at(fn->name)));
      if (e->batch_size) line(fmt::format("      batch_size: {}", *e->batch_size));
      if (e->batching_window_s)
        line(fmt::format("      batching_window: {}s", *e->batching_window_s));
      if (e->maximum_concurrency) {
        line(fmt::format("      maximum_concurrency: {}", *e->maximum_concurrency));
      }
      if (e->report_batch_item_failures) line("      report_batch_item_failures: true");
      section_.consumed.insert(e);
      section_.mapped.push_back(
          ImportNote{fmt::format("event {} of function {}", e->name, fn->name),
                     fmt::format("-> resources.{}.consumer", name), e->where});
      queue_producers_.push_back(ProducerSpec{name, q.name, q.where, "", false, false});
    }
    section_.mapped.push_back(
        ImportNote{subject, fmt::format("-> resources.{} (type sqs)", name), q.where});
  }

  void subscription(const std::string& protocol, const std::string& target, bool has_filter) {
    line(fmt::format("      - protocol: {}", protocol));
    line(fmt::format("        target: {}", target));
    if (has_filter) {
      line(
          "        filter_match: 1  # PLACEHOLDER: the share of messages its filter policy "
          "lets through");
    }
  }

  void topic(const ResourceModel& t) {
    const std::string name = names_.topics.at(t.name);
    const std::string subject = "resource " + t.name + " (SNS topic)";
    line(fmt::format("  {}:  # {}", name, where_text(t.where)));
    line("    type: sns");
    if (t.fifo) line("    fifo: true");
    bool any = false;
    const auto open = [&] {
      if (!any) line("    subscriptions:");
      any = true;
    };
    for (const auto& [fn, e] : events_on(t.name, EventKind::sns)) {
      open();
      subscription("lambda", names_.functions.at(fn->name), e->has_filter);
      section_.consumed.insert(e);
      section_.mapped.push_back(
          ImportNote{fmt::format("event {} of function {}", e->name, fn->name),
                     fmt::format("-> subscription of resources.{}", name), e->where});
    }
    for (const SubscriptionModel& sub : t.subscriptions) {
      const bool to_queue = sub.protocol == "sqs" && names_.queues.count(sub.endpoint) > 0;
      const bool to_function = sub.protocol == "lambda" && names_.functions.count(sub.endpoint) > 0;
      if (!to_queue && !to_function) {
        section_.skipped.push_back(ImportNote{
            subject,
            fmt::format("subscription {} {} not simulated (only Lambda functions and SQS queues "
                        "of the template)",
                        sub.protocol, sub.endpoint),
            sub.where});
        continue;
      }
      open();
      subscription(sub.protocol,
                   to_queue ? names_.queues.at(sub.endpoint) : names_.functions.at(sub.endpoint),
                   sub.has_filter);
      if (to_queue) fed_.insert(sub.endpoint);
    }
    if (any) topic_producers_.push_back(ProducerSpec{name, t.name, t.where, "", false, false});
    section_.mapped.push_back(
        ImportNote{subject, fmt::format("-> resources.{} (type sns)", name), t.where});
  }

  void note(std::vector<ImportNote>& notes, const std::string& subject, const std::string& detail,
            const SourceLocation& where) {
    notes.push_back(ImportNote{subject, detail, where});
  }

  // The scenario name of a queue or topic of the template, or "" (with the reason in `why`).
  std::string queue_or_topic(const std::string& logical, std::string& why) const {
    if (const auto q = names_.queues.find(logical); q != names_.queues.end()) {
      const ResourceModel* r = model_.find_resource(logical);
      if (r != nullptr && r->fifo) {
        why = fmt::format("queue {} is FIFO; S3 notifications go to standard queues only", logical);
        return "";
      }
      return q->second;
    }
    if (const auto t = names_.topics.find(logical); t != names_.topics.end()) {
      const ResourceModel* r = model_.find_resource(logical);
      if (r != nullptr && r->fifo) {
        why = fmt::format("topic {} is FIFO; S3 notifications go to standard topics only", logical);
        return "";
      }
      return t->second;
    }
    why = fmt::format("{} is not a queue or topic of the template", logical);
    return "";
  }

  // S3 buckets (facts 5): the S3 events of functions on the bucket and its notifications to
  // queues and topics; a producer per key filter writes objects that match it.
  void bucket(const ResourceModel& b) {
    const std::string name = names_.buckets.at(b.name);
    const std::string subject = "resource " + b.name + " (S3 bucket)";
    std::vector<Notification> notifications;
    for (const auto& [fn, e] : events_on(b.name, EventKind::s3)) {
      const std::string event_subject = fmt::format("event {} of function {}", e->name, fn->name);
      std::vector<std::string> events = e->s3_events;
      if (events.empty()) events.emplace_back("s3:ObjectCreated:*");
      // Events of one kind (ObjectCreated:Put and :CompleteMultipartUpload) are one
      // notification: the simulator's writes are of one kind, and one write is one event.
      std::map<std::string, std::vector<std::string>> by_kind;  // created/removed -> events
      for (const std::string& event : events) {
        const auto kind = s3_event(event);
        if (!kind) {
          note(section_.skipped, event_subject,
               fmt::format("S3 event {} not simulated (only object created and removed)", event),
               e->where);
          continue;
        }
        by_kind[*kind].push_back(event);
      }
      section_.consumed.insert(e);
      std::vector<std::string> said;
      for (const auto& [kind, names] : by_kind) {
        notifications.push_back(
            Notification{kind, e->s3_prefix, e->s3_suffix, names_.functions.at(fn->name)});
        said.push_back(fmt::format("{} -> {}", fmt::join(names, ", "), kind));
      }
      if (said.empty()) continue;
      note(section_.mapped, event_subject,
           fmt::format("-> resources.{}.notifications ({}{})", name, fmt::join(said, "; "),
                       e->s3_filter.empty() ? "" : "; " + e->s3_filter),
           e->where);
    }
    for (const NotificationModel& n : b.notifications) {
      const std::string what = fmt::format("notification of bucket {} to {}", b.name, n.target);
      std::string why;
      const std::string target = queue_or_topic(n.target, why);
      const auto kind = s3_event(n.event.empty() ? "s3:ObjectCreated:*" : n.event);
      if (target.empty() || !kind) {
        note(section_.skipped, what,
             target.empty() ? why
                            : fmt::format("S3 event {} not simulated (only object created and "
                                          "removed)",
                                          n.event),
             n.where);
        continue;
      }
      notifications.push_back(Notification{*kind, n.prefix, n.suffix, target});
      fed_.insert(n.target);
      note(section_.mapped, what,
           fmt::format("-> resources.{}.notifications ({} -> {})", name, n.event, *kind), n.where);
    }
    line(fmt::format("  {}:  # {}", name, where_text(b.where)));
    line("    type: s3");
    if (!notifications.empty()) line("    notifications:");
    std::set<std::pair<std::string, std::string>> filters;  // of created notifications
    for (const Notification& n : notifications) {
      std::string item = fmt::format("{{event: {}", n.event);
      if (!n.prefix.empty()) item += ", prefix: " + quoted(n.prefix);
      if (!n.suffix.empty()) item += ", suffix: " + quoted(n.suffix);
      line(fmt::format("      - {}, target: {}}}", item, n.target));
      if (n.event == "created") filters.emplace(n.prefix, n.suffix);
    }
    // One producer per key filter, writing a key it matches (a placeholder key), unless a
    // Firehose stream's objects match it.
    for (const auto& [prefix, suffix] : filters) {
      if (const std::string writer = firehose_writing(b, prefix, suffix); !writer.empty()) {
        note(section_.mapped, subject,
             fmt::format("objects matching prefix '{}' suffix '{}' come from Firehose stream {}: "
                         "no producer of their own",
                         prefix, suffix, writer),
             b.where);
        continue;
      }
      bucket_producers_.push_back(ProducerSpec{
          name, b.name, b.where, fmt::format("{}object{}", prefix, suffix), false, false});
    }
    if (!notifications.empty() && filters.empty()) {
      note(section_.guessed, subject,
           "its notifications are for removed objects only: no producer written (objects are "
           "removed by s3_delete calls)",
           b.where);
    }
    note(
        section_.mapped, subject,
        fmt::format("-> resources.{} (type s3{}{})", name,
                    notifications.empty() ? ""
                                          : fmt::format(", {} notification{}", notifications.size(),
                                                        notifications.size() == 1 ? "" : "s"),
                    b.existing ? "; an existing bucket, not created by the stack" : ""),
        b.where);
  }

  // DynamoDB tables (facts 7): PAY_PER_REQUEST is on demand, PROVISIONED has its capacities.
  void table(const ResourceModel& t) {
    const std::string name = names_.tables.at(t.name);
    const std::string subject = "resource " + t.name + " (DynamoDB table)";
    line(fmt::format("  {}:  # {}", name, where_text(t.where)));
    line("    type: dynamodb");
    std::string detail = "on demand";
    if (t.billing_mode == "PAY_PER_REQUEST") {
      line("    mode: on_demand");
    } else {
      line("    mode: provisioned");
      capacity("read_capacity", t.read_capacity, t, subject);
      capacity("write_capacity", t.write_capacity, t, subject);
      detail =
          fmt::format("provisioned, {} RCU, {} WCU",
                      std::min(t.read_capacity.value_or(kPlaceholderCapacity), kMaxTableUnits),
                      std::min(t.write_capacity.value_or(kPlaceholderCapacity), kMaxTableUnits));
    }
    if (!t.stream_view_type.empty()) table_stream(t, name, subject);
    if (!t.dax_cluster.empty()) table_dax(t, name);
    note(section_.mapped, subject, fmt::format("-> resources.{} (type dynamodb, {})", name, detail),
         t.where);
  }

  // The template's AWS::DAX::Cluster, attached to its only table (cfn_resources.cpp): node type
  // and count from the template, the hit ratio a placeholder (README "DynamoDB Accelerator").
  void table_dax(const ResourceModel& t, const std::string& name) {
    const std::string subject = "resource " + t.dax_cluster + " (AWS::DAX::Cluster)";
    const bool simulated = std::find(kDaxNodeTypes.begin(), kDaxNodeTypes.end(), t.dax_node_type) !=
                           kDaxNodeTypes.end();
    if (!simulated) {
      note(section_.skipped, subject,
           fmt::format("node type '{}' is not simulated (README \"DynamoDB Accelerator (DAX)\" "
                       "lists the T3 and R5 types): no dax: on table {}",
                       t.dax_node_type, t.name),
           t.where);
      return;
    }
    line(
        fmt::format("    dax:  # {}: attached to the only table (a cluster does not name its "
                    "table)",
                    t.dax_cluster));
    line("      hit_ratio: 0.8  # PLACEHOLDER: the share of eventually consistent reads it serves");
    if (t.dax_nodes) line(fmt::format("      nodes: {}", *t.dax_nodes));
    line(fmt::format("      node_type: {}", t.dax_node_type));
    note(section_.guessed, subject,
         fmt::format("attached to the only DynamoDB table, {}; hit_ratio 0.8 is a placeholder",
                     t.name),
         t.where);
    note(section_.mapped, subject,
         fmt::format("-> resources.{}.dax ({} x {})", name, t.dax_nodes.value_or(3),
                     t.dax_node_type),
         t.where);
  }

  // A table's DynamoDB stream (facts 7: the same event source mapping as Kinesis): its view and
  // the first enabled DynamoDB event on the table as its consumer (README "DynamoDB Streams").
  void table_stream(const ResourceModel& t, const std::string& name, const std::string& subject) {
    const std::string view = stream_view(t.stream_view_type);
    if (view.empty()) {
      note(section_.skipped, subject,
           fmt::format("stream view type {} is not one of KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, "
                       "NEW_AND_OLD_IMAGES: no stream",
                       t.stream_view_type),
           t.where);
      return;
    }
    line(
        "    stream:  # records come from the table's writes: give its writers dynamodb_write "
        "calls");
    line(fmt::format("      view: {}", view));
    const auto consumers = events_on(t.name, EventKind::dynamodb);
    for (std::size_t i = 1; i < consumers.size(); ++i) {
      const auto [fn, e] = consumers[i];
      note(section_.skipped, fmt::format("event {} of function {}", e->name, fn->name),
           fmt::format("a second consumer of the stream of table {}: the scenario has one per "
                       "stream, this one stays a direct invocation",
                       t.name),
           e->where);
    }
    if (!consumers.empty()) {
      const auto [fn, e] = consumers.front();
      stream_consumer(*fn, *e, name + ".stream", "      ");
    }
    note(section_.mapped, subject,
         fmt::format("stream {} -> resources.{}.stream (view {})", t.stream_view_type, name, view),
         t.where);
  }

  static std::string stream_view(const std::string& type) {
    if (type == "KEYS_ONLY") return "keys_only";
    if (type == "NEW_IMAGE") return "new_image";
    if (type == "OLD_IMAGE") return "old_image";
    if (type == "NEW_AND_OLD_IMAGES") return "new_and_old_images";
    return "";
  }

  void capacity(const char* key, const std::optional<std::int64_t>& units, const ResourceModel& t,
                const std::string& subject) {
    if (!units) {
      line(fmt::format("    {}: {}  # PLACEHOLDER: the template does not say", key,
                       kPlaceholderCapacity));
      note(section_.guessed, subject,
           fmt::format("{} {}: the template does not say", key, kPlaceholderCapacity), t.where);
      return;
    }
    if (*units > kMaxTableUnits) {
      line(fmt::format("    {}: {}  # PLACEHOLDER: the template asks {}, over the default quota",
                       key, kMaxTableUnits, *units));
      note(section_.guessed, subject,
           fmt::format("{} {} lowered to the default table quota {} (facts 7)", key, *units,
                       kMaxTableUnits),
           t.where);
      return;
    }
    line(fmt::format("    {}: {}", key, *units));
  }

  // Notes on a schedule's time zone and time window, which the simulator does not model.
  void schedule_notes(const std::string& subject, const std::string& timezone, bool flexible,
                      const SourceLocation& where) {
    if (!timezone.empty() && timezone != "UTC" && timezone != "Etc/UTC") {
      note(section_.guessed, subject,
           fmt::format("time zone {}: simulated in UTC (time 0 = 2025-01-01T00:00Z)", timezone),
           where);
    }
    if (flexible) {
      note(section_.skipped, subject,
           "flexible time window not simulated: it fires at the exact times", where);
    }
  }

  void schedule_resource(const std::string& name, const std::string& expression,
                         const std::vector<std::string>& targets, const SourceLocation& where) {
    line(fmt::format("  {}:  # {}", name, where_text(where)));
    line("    type: eventbridge");
    line(fmt::format("    schedule: {}", quoted(expression)));
    line(fmt::format("    targets: [{}]", fmt::join(targets, ", ")));
  }

  // An EventBridge rule with a ScheduleExpression or a Scheduler schedule (facts 8).
  void schedule(const ResourceModel& r) {
    const std::string subject = fmt::format("resource {} ({})", r.name, r.type);
    const auto named = names_.schedules.find(r.name);
    if (named == names_.schedules.end()) {
      std::string why;
      const std::string detail =
          !r.enabled ? std::string("disabled in the template")
          : simulated_schedule(r.schedule, why)
              ? std::string("no target is a function, queue or topic of the scenario")
              : fmt::format(
                    "{} is outside the simulator's schedule expressions (its check says: {}): "
                    "its functions are invoked directly at its mean rate, its queues "
                    "and topics are not fed",
                    r.schedule, why);
      note(section_.skipped, subject, detail, r.where);
      return;
    }
    std::vector<std::string> targets;
    for (const ScheduleTargetModel& t : r.targets) {
      std::string target;
      if (const auto f = names_.functions.find(t.name); f != names_.functions.end()) {
        target = f->second;
      } else if (const auto q = names_.queues.find(t.name); q != names_.queues.end()) {
        target = q->second;
      } else if (const auto p = names_.topics.find(t.name); p != names_.topics.end()) {
        target = p->second;
      } else if (const auto m = names_.machines.find(t.name); m != names_.machines.end()) {
        target = m->second;
      }
      if (target.empty()) {
        note(section_.skipped, subject,
             fmt::format("target {} not simulated (only functions, queues and topics of the "
                         "template)",
                         t.name),
             t.where);
        continue;
      }
      fed_.insert(t.name);
      targets.push_back(target);
    }
    for (const FunctionModel& fn : model_.functions) {
      for (const EventModel& e : fn.events) {
        if (e.rule != r.name || e.kind != EventKind::schedule) continue;
        section_.consumed.insert(&e);
        note(section_.mapped, fmt::format("event {} of function {}", e.name, fn.name),
             fmt::format("-> target of resources.{}", named->second), e.where);
      }
    }
    schedule_resource(named->second, r.schedule, targets, r.where);
    schedule_notes(subject, r.schedule_timezone, r.flexible_window, r.where);
    note(section_.mapped, subject,
         fmt::format("-> resources.{} (type eventbridge, {}, targets {})", named->second,
                     r.schedule, fmt::join(targets, ", ")),
         r.where);
  }

  // A function's or state machine's own Schedule / ScheduleV2 / schedule event: a schedule
  // targeting it.
  void event_schedule(const std::string& owner, const std::string& target, const EventModel& e,
                      const std::string& name) {
    const std::string subject = fmt::format("event {} of {}", e.name, owner);
    schedule_resource(name, e.schedule, {target}, e.where);
    section_.consumed.insert(&e);
    schedule_notes(subject, e.schedule_timezone, e.flexible_window, e.where);
    note(section_.mapped, subject,
         fmt::format("-> resources.{} (type eventbridge, {})", name, e.schedule), e.where);
  }

  // Step Functions state machines (README "Step Functions"): their states, started by their
  // SAM events (Api, Schedule), by schedules that target them, or else by a producer.
  void state_machine(const ResourceModel& m) {
    const std::string subject = fmt::format("resource {} ({})", m.name, m.type);
    const auto named = names_.machines.find(m.name);
    if (named == names_.machines.end()) return;  // listed with what is not simulated
    const std::string& name = named->second;
    line(fmt::format("  {}:  # {}", name, where_text(m.where)));
    line("    type: step_functions");
    if (m.machine_type == "EXPRESS") line("    kind: express");
    const StatesSection states = write_states(m, names_.functions, "    ");
    out_ += states.yaml;
    section_.guessed.insert(section_.guessed.end(), states.guessed.begin(), states.guessed.end());
    section_.skipped.insert(section_.skipped.end(), states.skipped.begin(), states.skipped.end());
    bool started = false;
    for (const EventModel& e : m.events) {
      const std::string event_subject = fmt::format("event {} of state machine {}", e.name, m.name);
      if (names_.event_schedules.count(&e) > 0) {
        started = true;  // written with the other event schedules
      } else if (const auto api = names_.machine_apis.find(&e); api != names_.machine_apis.end()) {
        machine_api(e, api->second, name);
        note(section_.mapped, event_subject, "-> sources." + api->second, e.where);
        started = true;
      } else {
        note(section_.skipped, event_subject,
             fmt::format("{} events of state machines are not simulated", to_string(e.kind)),
             e.where);
      }
    }
    for (const ResourceModel& r : model_.resources) {
      for (const ScheduleTargetModel& t : r.targets) {
        started = started || (t.name == m.name && names_.schedules.count(r.name) > 0);
      }
    }
    if (!started) {
      machine_producers_.push_back(ProducerSpec{name, m.name, m.where, "", false, true});
    }
    note(section_.mapped, subject,
         fmt::format("-> resources.{} (type step_functions, {}, {} states)", name,
                     m.machine_type == "EXPRESS" ? "express" : "standard", m.states.size()),
         m.where);
  }

  // An Api / HttpApi event of a state machine: API Gateway's direct integration.
  void machine_api(const EventModel& e, const std::string& source, const std::string& machine) {
    std::string method = e.method.empty() ? std::string("ANY") : e.method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const std::string route = fmt::format("{} {}", method, e.path.empty() ? "/" : e.path);
    section_.sources_yaml +=
        fmt::format("  {}:  # {} {} ({})\n", source, to_string(e.kind), route, where_text(e.where));
    section_.sources_yaml += "    type: api_gateway\n";
    section_.sources_yaml +=
        fmt::format("    flavor: {}\n", e.kind == EventKind::api ? "rest" : "http");
    section_.sources_yaml += fmt::format("    target: {}\n", machine);
    section_.sources_yaml += fmt::format(
        "    arrivals: {{process: poisson, rate: 10/s}}  # PLACEHOLDER: your requests per "
        "second on {}\n",
        route);
    note(section_.guessed, "source " + source,
         fmt::format("traffic {{process: poisson, rate: 10/s}} on {}", route), e.where);
  }

  // Kinesis data streams (facts 3): ON_DEMAND or provisioned shards, retention, and the first
  // enabled Kinesis event of a function on the stream as its consumer, fed by a producer.
  void stream(const ResourceModel& k) {
    const std::string name = names_.streams.at(k.name);
    const std::string subject = "resource " + k.name + " (Kinesis stream)";
    line(fmt::format("  {}:  # {}", name, where_text(k.where)));
    line("    type: kinesis");
    std::string detail;
    if (k.stream_mode == "ON_DEMAND") {
      line("    mode: on_demand");
      detail = "on demand";
    } else {
      line("    mode: provisioned");
      if (k.shards) {
        line(fmt::format("    shards: {}", *k.shards));
      } else {
        line(fmt::format("    shards: 1  # PLACEHOLDER: the template does not say"));
        note(section_.guessed, subject, "shards 1: the template does not say", k.where);
      }
      detail = fmt::format("provisioned, {} shard{}", k.shards.value_or(1),
                           k.shards.value_or(1) == 1 ? "" : "s");
    }
    if (k.retention_hours) line(fmt::format("    retention: {}h", *k.retention_hours));
    const auto consumers = events_on(k.name, EventKind::kinesis);
    for (std::size_t i = 1; i < consumers.size(); ++i) {
      const auto [fn, e] = consumers[i];
      note(section_.skipped, fmt::format("event {} of function {}", e->name, fn->name),
           fmt::format("a second consumer of stream {}: the scenario has one per stream, this one "
                       "stays a direct invocation",
                       k.name),
           e->where);
    }
    if (!consumers.empty()) {
      const auto [fn, e] = consumers.front();
      stream_consumer(*fn, *e, name, "    ");
    }
    if (!consumers.empty() || read_by_firehose(k.name)) {
      stream_producers_.push_back(ProducerSpec{name, k.name, k.where, "", true, false});
    }
    note(section_.mapped, subject, fmt::format("-> resources.{} (type kinesis, {})", name, detail),
         k.where);
  }

  // The event source mapping of a stream: `consumer:` (README "Kinesis data streams").
  void stream_consumer(const FunctionModel& fn, const EventModel& e, const std::string& owner,
                       const std::string& indent) {
    const std::string subject = fmt::format("event {} of function {}", e.name, fn.name);
    line(indent + "consumer:");
    line(indent + fmt::format("  function: {}", names_.functions.at(fn.name)));
    if (e.batch_size) line(indent + fmt::format("  batch_size: {}", *e.batch_size));
    if (e.batching_window_s)
      line(indent + fmt::format("  batching_window: {}s", *e.batching_window_s));
    if (e.parallelization_factor) {
      line(indent + fmt::format("  parallelization_factor: {}", *e.parallelization_factor));
    }
    // -1 (infinite) is the default of both (facts 3): not written.
    if (e.maximum_retry_attempts && *e.maximum_retry_attempts >= 0) {
      line(indent + fmt::format("  maximum_retry_attempts: {}", *e.maximum_retry_attempts));
    }
    if (e.maximum_record_age_s && *e.maximum_record_age_s >= 0) {
      line(indent + fmt::format("  maximum_record_age: {}s", *e.maximum_record_age_s));
    }
    if (e.bisect_on_error) line(indent + "  bisect_batch_on_function_error: true");
    if (e.report_batch_item_failures) line(indent + "  report_batch_item_failures: true");
    if (e.starting_position == "LATEST" || e.starting_position == "TRIM_HORIZON") {
      line(indent + fmt::format("  starting_position: {}",
                                e.starting_position == "LATEST" ? "latest" : "trim_horizon"));
    } else if (!e.starting_position.empty()) {
      note(section_.skipped, subject,
           fmt::format("starting position {} not simulated (latest or trim_horizon; the "
                       "simulated stream starts empty)",
                       e.starting_position),
           e.where);
    }
    if (!e.on_failure.empty()) {
      std::string why;
      const std::string target = destination(e.on_failure, why);
      if (target.empty()) {
        note(section_.skipped, subject, "on-failure destination: " + why, e.where);
      } else {
        line(indent + fmt::format("  on_failure: {}", target));
      }
    }
    if (e.tumbling_window_s) {
      note(section_.skipped, subject,
           fmt::format("tumbling window of {}s not simulated", *e.tumbling_window_s), e.where);
    }
    section_.consumed.insert(&e);
    note(section_.mapped, subject, fmt::format("-> resources.{}.consumer", owner), e.where);
  }

  // A stream's on-failure destination: a standard queue or topic of the template (facts 3).
  std::string destination(const std::string& logical, std::string& why) const {
    const ResourceModel* r = model_.find_resource(logical);
    if (r != nullptr && r->fifo) {
      why = fmt::format("{} is FIFO; a stream's destination is a standard queue or topic", logical);
      return "";
    }
    if (const auto q = names_.queues.find(logical); q != names_.queues.end()) return q->second;
    if (const auto t = names_.topics.find(logical); t != names_.topics.end()) return t->second;
    why = fmt::format("{} is not a queue or topic of the template", logical);
    return "";
  }

  // Whether a Firehose stream of the scenario reads Kinesis stream `stream`.
  bool read_by_firehose(const std::string& stream) const {
    for (const ResourceModel& r : model_.resources) {
      if (r.kind == ResourceKind::firehose && r.source == stream &&
          names_.firehoses.count(r.name) > 0) {
        return true;
      }
    }
    return false;
  }

  // The Firehose stream of the scenario whose objects match key filter (prefix, suffix) of
  // bucket `b`, or "". Objects are keyed <prefix>YYYY/MM/dd/HH/<name>-...<extension> (README
  // "Kinesis Data Firehose"): the filter matches when the stream's prefix starts with the
  // filter's prefix and its extension ends with the filter's suffix, as the loader decides.
  std::string firehose_writing(const ResourceModel& b, const std::string& prefix,
                               const std::string& suffix) const {
    for (const ResourceModel& f : model_.resources) {
      if (f.kind != ResourceKind::firehose || f.destination != b.name ||
          names_.firehoses.count(f.name) == 0) {
        continue;
      }
      if (f.prefix.starts_with(prefix) && firehose_extension(f).ends_with(suffix)) return f.name;
    }
    return "";
  }

  // Firehose streams (README "Kinesis Data Firehose"): the S3 destination's bucket, buffering
  // hints, prefix and file extension, and the Kinesis source stream; a Direct PUT stream is fed
  // by a producer of records. What the simulator does not model is listed as skipped.
  void firehose(const ResourceModel& f) {
    const auto named = names_.firehoses.find(f.name);
    if (named == names_.firehoses.end()) return;  // listed with what is not simulated
    const std::string& name = named->second;
    const std::string subject = "resource " + f.name + " (Firehose stream)";
    line(fmt::format("  {}:  # {}", name, where_text(f.where)));
    line("    type: firehose");
    line(fmt::format("    destination: {}", names_.buckets.at(f.destination)));
    std::vector<std::string> said{"to bucket " + f.destination};
    if (f.source_type == "KinesisStreamAsSource") {
      line(fmt::format("    source: {}", names_.streams.at(f.source)));
      said.push_back("from Kinesis stream " + f.source);
    }
    if (f.buffer_size_mb) {
      line(fmt::format("    buffer_size: {}MB", *f.buffer_size_mb));
      said.push_back(fmt::format("buffer {} MB", *f.buffer_size_mb));
    }
    if (f.buffer_interval_s) {
      line(fmt::format("    buffer_interval: {}s", *f.buffer_interval_s));
      said.push_back(fmt::format("interval {}s", *f.buffer_interval_s));
    }
    if (!f.prefix.empty()) line(fmt::format("    prefix: {}", quoted(f.prefix)));
    const std::string extension = firehose_extension(f);
    if (!extension.empty()) line(fmt::format("    file_extension: {}", quoted(extension)));
    firehose_transform(f, name, subject);
    firehose_notes(f, subject);
    if (f.source_type == "DirectPut") {
      firehose_producers_.push_back(ProducerSpec{name, f.name, f.where, "", true, false});
    }
    note(section_.mapped, subject,
         fmt::format("-> resources.{} (type firehose, {})", name, fmt::join(said, ", ")), f.where);
  }

  // A Lambda processor that is a function of the template: `transform:` (README "Kinesis Data
  // Firehose"), unless the function's timeout is over the 5 minutes Firehose waits for it.
  void firehose_transform(const ResourceModel& f, const std::string& name,
                          const std::string& subject) {
    if (f.transform_function.empty()) return;
    const auto function = names_.functions.find(f.transform_function);
    if (function == names_.functions.end()) {
      note(section_.skipped, subject,
           fmt::format("ProcessingConfiguration: transformation function {} is not in the "
                       "template: records reach the buffer untransformed",
                       f.transform_function),
           f.where);
      return;
    }
    const FunctionModel* fn = model_.find_function(f.transform_function);
    if (fn->timeout_s && *fn->timeout_s > kMaxTransformTimeoutS) {
      note(section_.skipped, subject,
           fmt::format("ProcessingConfiguration: function {}'s timeout {}s is over the 5 minutes "
                       "Firehose waits for a transformation (slsim refuses it): records reach "
                       "the buffer untransformed",
                       f.transform_function, *fn->timeout_s),
           f.where);
      return;
    }
    line("    transform:");
    line(fmt::format("      function: {}", function->second));
    if (f.transform_buffer_mb) {
      line(fmt::format("      buffer_size: {}", transform_buffer_size(*f.transform_buffer_mb)));
    }
    if (f.transform_interval_s) {
      line(fmt::format("      buffer_interval: {}s", *f.transform_interval_s));
    }
    if (f.transform_retries) line(fmt::format("      retries: {}", *f.transform_retries));
    line("      output_ratio: 1  # PLACEHOLDER: transformed bytes per input byte");
    note(section_.guessed, subject,
         "transform output_ratio 1: the template does not say how the transformation changes "
         "a record's size",
         f.where);
    note(section_.mapped, subject,
         fmt::format("ProcessingConfiguration Lambda {} -> resources.{}.transform",
                     f.transform_function, name),
         f.where);
  }

  // BufferSizeInMBs as a scenario size: whole MB, else KB rounded up (0.2 -> 205KB, at least
  // the 0.2 MB minimum).
  static std::string transform_buffer_size(double mb) {
    const double whole = std::round(mb);
    if (std::abs(mb - whole) < 1e-9) return fmt::format("{}MB", static_cast<std::int64_t>(whole));
    return fmt::format("{}KB", static_cast<std::int64_t>(std::ceil(mb * 1024)));
  }

  void firehose_notes(const ResourceModel& f, const std::string& subject) {
    if (!f.file_extension.empty() && firehose_extension(f).empty()) {
      note(section_.skipped, subject,
           fmt::format("FileExtension '{}' dropped: not one Firehose accepts (a dot, then "
                       "lowercase letters, digits or !-_.*'(), at most 128 characters)",
                       f.file_extension),
           f.where);
    }
    if (f.prefix.find("!{") != std::string::npos) {
      note(section_.guessed, subject,
           fmt::format("prefix '{}' kept as written: its !{{...}} expressions are not evaluated "
                       "(a notification filter reaching into them matches no object)",
                       f.prefix),
           f.where);
    }
    const ResourceModel* bucket = model_.find_resource(f.destination);
    if (bucket != nullptr && bucket->existing) {
      note(section_.guessed, subject,
           fmt::format("bucket {} is not in the template: simulated as an existing bucket "
                       "without notifications",
                       f.destination),
           f.where);
    }
    for (const std::string& what : f.unmodelled)
      note(section_.skipped, subject, what, f.where);
  }

  const TemplateModel& model_;
  const ScenarioNames& names_;
  ServicesSection section_;
  std::string out_;
  std::vector<ProducerSpec> queue_producers_;
  std::vector<ProducerSpec> topic_producers_;
  std::vector<ProducerSpec> bucket_producers_;
  std::vector<ProducerSpec> stream_producers_;
  std::vector<ProducerSpec> machine_producers_;
  std::vector<ProducerSpec> firehose_producers_;
  std::set<std::string> fed_;  // queues and topics fed by topics, buckets or schedules
};

}  // namespace

bool simulated_schedule(const std::string& expression, std::string& why) {
  return parse_schedule(expression, why).has_value();
}

std::string firehose_unsimulated(const ResourceModel& firehose, const TemplateModel& model) {
  if (firehose.destination_type.empty()) return "it names no destination";
  if (!is_s3_destination(firehose.destination_type)) {
    return fmt::format("destination {} not simulated (slsim's Firehose delivers to S3 only)",
                       firehose.destination_type);
  }
  if (firehose.destination.empty()) return "its BucketARN cannot be resolved from the template";
  const ResourceModel* bucket = model.find_resource(firehose.destination);
  if (bucket == nullptr || bucket->kind != ResourceKind::s3_bucket) {
    return fmt::format("its destination {} is not an S3 bucket", firehose.destination);
  }
  if (firehose.source_type == "MSKAsSource" || firehose.source_type == "DatabaseAsSource") {
    return fmt::format("source {} not simulated (Direct PUT and Kinesis data streams only)",
                       firehose.source_type);
  }
  if (firehose.source_type == "KinesisStreamAsSource") {
    if (firehose.source.empty()) {
      return "its KinesisStreamARN cannot be resolved from the template";
    }
    const ResourceModel* stream = model.find_resource(firehose.source);
    if (stream == nullptr || stream->kind != ResourceKind::kinesis_stream) {
      return fmt::format("its source Kinesis stream {} is not in the template", firehose.source);
    }
  }
  return "";
}

ServicesSection write_services_section(const TemplateModel& model, const ScenarioNames& names) {
  return SectionWriter(model, names).write();
}

}  // namespace slsim::import
