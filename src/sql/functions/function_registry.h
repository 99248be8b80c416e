#pragma once

#include <string_view>
#include <unordered_map>
#include <vector>

#include "sql/functions/function.h"

namespace basalt::sql {

// The one registry of SQL functions, built from the list in builtin_functions.cc.
// Immutable after construction; safe to share across threads.
class FunctionRegistry {
 public:
  static const FunctionRegistry& Get();

  // Look-ups by case-insensitive name; nullptr when absent.
  const FunctionDef* FindScalar(std::string_view name) const;
  const AggregateDef* FindAggregate(std::string_view name) const;

  const std::vector<FunctionDef>& scalars() const { return scalars_; }
  const std::vector<AggregateDef>& aggregates() const { return aggregates_; }

 private:
  FunctionRegistry();
  std::vector<FunctionDef> scalars_;
  std::vector<AggregateDef> aggregates_;
  std::unordered_map<std::string, size_t> scalar_index_;
  std::unordered_map<std::string, size_t> aggregate_index_;
};

// The function list (builtin_functions.cc).
std::vector<FunctionDef> BuiltinScalarFunctions();
std::vector<AggregateDef> BuiltinAggregateFunctions();

}  // namespace basalt::sql
