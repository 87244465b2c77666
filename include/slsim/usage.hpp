#pragma once
// Billable usage: what a service resource reports and a price book prices. This is the contract
// between the services (which count meters) and the price books (which price them): a resource of
// type T reports meters by name; the book's section named T holds a (tiered) price per meter of
// the same name. A meter a book does not price costs nothing and the report says it was unpriced.
// Meter quantities are in the meter's own unit (requests, chunks, GB, hours...), monthly tiers
// are pro-rated like Lambda's (cost.hpp).
//
// Meter names by service type (facts sections in parentheses):
//   s3            put_requests (tier 1: PUT/COPY/POST/LIST), get_requests (tier 2: GET and the
//                 rest) (facts 5)
//   sqs           requests_64kb (standard queues; every API call, each 64 KB chunk one request,
//                 empty receives included), fifo_requests_64kb (FIFO queues) (facts 2)
//   sns           publishes_64kb, http_deliveries (Lambda and SQS deliveries are free) (facts 4)
//   kinesis       shard_hours, put_payload_units (25 KB chunks), on_demand_stream_hours,
//                 on_demand_gb_written (records rounded up to 1 KB), on_demand_gb_read (facts 3)
//   firehose      ingested_gb (records rounded up to 5 KB)
//   dynamodb      write_request_units, read_request_units (on-demand), wcu_hours, rcu_hours
//                 (provisioned), stream_read_requests (facts 7), dax_<node type>_node_hours
//                 (a DAX cluster's nodes x hours, one meter per node type: services/dax.hpp)
//   eventbridge   custom_events_64kb, scheduler_invocations (facts 8)
//   step_functions state_transitions (standard), express_requests, express_gb_s (duration
//                 rounded up to 100 ms, memory in 64 MB chunks) (facts 8)

#include <string>
#include <vector>

namespace slsim {

struct Meter {
  std::string name;     // one of the names above for the resource's type
  double quantity = 0;  // in the meter's unit
};

// The usage of one service resource over a run.
struct ResourceUsage {
  std::string resource;  // the resource's name in the scenario
  std::string type;      // its service type: "sqs", "dynamodb", ... (the price book section)
  std::vector<Meter> meters;
};

}  // namespace slsim
