// The services-schema `resources:` of an imported scenario (services_section.hpp).

#include "services_section.hpp"

#include <fmt/format.h>

namespace slsim::import {

namespace {

std::string where_text(const SourceLocation& where) {
  return where.line > 0 ? fmt::format("{}:{}:{}", where.file, where.line, where.column)
                        : where.file;
}

class SectionWriter {
 public:
  SectionWriter(const TemplateModel& model, const ScenarioNames& names)
      : model_(model), names_(names) {}

  ServicesSection write() {
    for (const ResourceModel& r : model_.resources) {
      if (r.kind == ResourceKind::sqs_queue) queue(r);
      if (r.kind == ResourceKind::sns_topic) topic(r);
    }
    // A queue subscribed to a topic gets its messages from the topic: no producer of its own.
    for (const ProducerSpec& p : queue_producers_) {
      if (fed_by_topic_.count(p.resource) == 0) section_.producers.push_back(p);
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
      queue_producers_.push_back(ProducerSpec{name, q.name, q.where});
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
      if (to_queue) fed_by_topic_.insert(sub.endpoint);
    }
    if (any) section_.producers.push_back(ProducerSpec{name, t.name, t.where});
    section_.mapped.push_back(
        ImportNote{subject, fmt::format("-> resources.{} (type sns)", name), t.where});
  }

  const TemplateModel& model_;
  const ScenarioNames& names_;
  ServicesSection section_;
  std::string out_;
  std::vector<ProducerSpec> queue_producers_;
  std::set<std::string> fed_by_topic_;
};

}  // namespace

ServicesSection write_services_section(const TemplateModel& model, const ScenarioNames& names) {
  return SectionWriter(model, names).write();
}

}  // namespace slsim::import
