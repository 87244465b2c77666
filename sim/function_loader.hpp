#pragma once
// Internal to the scenario loader: one entry of `functions:` -> FunctionSpec, and the
// account-wide concurrency allocation rule.

#include <vector>

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

struct LoadedFunction {
  FunctionSpec spec;
  SourceLocation reserved_where;     // of reserved_concurrency, when set
  SourceLocation provisioned_where;  // of provisioned_concurrency, when set
};

// Reads `functions.<name>`; `account` is already read (provisioned <= its limit).
LoadedFunction read_function(const YamlField::Entry& entry, const AccountSpec& account);

// Reserved concurrency, plus the provisioned concurrency of functions without a reservation,
// must leave at least 100 of the account's concurrency unreserved (facts 1.1).
void check_concurrency_allocation(const std::vector<LoadedFunction>& functions,
                                  const AccountSpec& account);

}  // namespace slsim::loader
