#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"

namespace basalt::sql {

// What a function call may read besides its arguments. One per query: every call in a
// query sees the same `now` (CURRENT_TIMESTAMP is stable within a query).
struct FunctionContext {
  int64_t now_micros = 0;
  // The principal running the query (CURRENT_USER, CURRENT_ROLE); empty outside a request.
  std::string current_user;
  std::string current_role;
};

// null/undefined handling of a scalar function (spec/sql.md §3).
enum class NullHandling : uint8_t {
  kPropagate,  // any null or undefined argument -> null, the kernel is not called
  kCustom,     // the kernel sees null/undefined arguments and decides
};

using ScalarKernel = Result<Value> (*)(const std::vector<Value>& args, const FunctionContext& ctx);

// A scalar function: one entry of the registry (builtin_functions.cc).
struct FunctionDef {
  std::string_view name;  // upper-case
  int min_args = 0;
  int max_args = 0;  // -1: variadic
  NullHandling nulls = NullHandling::kPropagate;
  ScalarKernel kernel = nullptr;
  bool deterministic = true;  // false for CURRENT_*, RAND, UUID
  std::string_view signature;  // e.g. "LOWER(s) -> string"
  std::string_view doc;
  std::string_view example;  // "LOWER('AbC') = 'abc'": a SQL expression that is true
  std::string_view family;   // folder under scalar/ ("string"); set by builtin_functions.cc
};

// Running state of one aggregate in one group.
class AggregateState {
 public:
  virtual ~AggregateState() = default;
  // Adds one input row's argument values (empty for COUNT(*)).
  virtual Status Update(const std::vector<Value>& args) = 0;
  virtual Result<Value> Finalize() const = 0;

  // Mergeable aggregates: rollups (ingest.md §4.2) keep the running state of each group in
  // storage and fold later rows into it. SaveState returns the state as a plain value;
  // MergeState adds a saved state of the same aggregate into this one, so that the merged
  // state equals the state of both row sets together (for float sums, up to rounding).
  // Both fail with NOTIMPLEMENTEDYET for aggregates that cannot be merged (the default).
  virtual Result<Value> SaveState() const;
  virtual Status MergeState(const Value& saved);
};

struct AggregateDef {
  std::string_view name;
  int min_args = 1;
  int max_args = 1;
  // Rows whose first argument is null or undefined are skipped before Update (most
  // aggregates); false for aggregates that see them (COUNT(*), ARRAY_AGG keeps nulls).
  bool skip_nulls = true;
  std::unique_ptr<AggregateState> (*create)() = nullptr;
  std::string_view signature;
  std::string_view doc;
  std::string_view example;
  std::string_view family;  // "aggregate"; set by builtin_functions.cc
};

// Errors for function arguments: name the function and the 1-based argument.
Status ArgumentTypeError(std::string_view function, int index, const Value& value,
                         std::string_view expected);
Status FunctionError(std::string_view function, std::string_view message);

}  // namespace basalt::sql
