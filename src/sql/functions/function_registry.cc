#include "sql/functions/function_registry.h"

#include <string>

#include "common/assert.h"
#include "sql/parser/lexer.h"

namespace basalt::sql {

Status ArgumentTypeError(std::string_view function, int index, const Value& value,
                         std::string_view expected) {
  return Status(ErrorCode::kQueryError,
                "Function " + std::string(function) + ": argument " + std::to_string(index) +
                    " must be " + std::string(expected) + ", got " +
                    std::string(ValueTypeName(value.type())))
      .WithErrorId("invalid_argument_type");
}

Result<Value> AggregateState::SaveState() const {
  return Status(ErrorCode::kNotImplemented, "this aggregate cannot be merged");
}

Status AggregateState::MergeState(const Value&) {
  return Status(ErrorCode::kNotImplemented, "this aggregate cannot be merged");
}

Status FunctionError(std::string_view function, std::string_view message) {
  return Status(ErrorCode::kQueryError, "Function " + std::string(function) + ": " +
                                            std::string(message));
}

const FunctionRegistry& FunctionRegistry::Get() {
  static const FunctionRegistry* const kRegistry = new FunctionRegistry();
  return *kRegistry;
}

FunctionRegistry::FunctionRegistry()
    : scalars_(BuiltinScalarFunctions()), aggregates_(BuiltinAggregateFunctions()) {
  for (size_t idx = 0; idx < scalars_.size(); ++idx) {
    bool inserted = scalar_index_.emplace(std::string(scalars_[idx].name), idx).second;
    BASALT_CHECK(inserted) << "duplicate function " << scalars_[idx].name;
  }
  for (size_t idx = 0; idx < aggregates_.size(); ++idx) {
    bool inserted = aggregate_index_.emplace(std::string(aggregates_[idx].name), idx).second;
    BASALT_CHECK(inserted) << "duplicate aggregate " << aggregates_[idx].name;
  }
}

const FunctionDef* FunctionRegistry::FindScalar(std::string_view name) const {
  auto found = scalar_index_.find(ToUpperAscii(name));
  return found == scalar_index_.end() ? nullptr : &scalars_[found->second];
}

const AggregateDef* FunctionRegistry::FindAggregate(std::string_view name) const {
  auto found = aggregate_index_.find(ToUpperAscii(name));
  return found == aggregate_index_.end() ? nullptr : &aggregates_[found->second];
}

}  // namespace basalt::sql
