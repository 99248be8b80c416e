#include "sql/functions/builtin_functions.h"

namespace basalt::sql {
namespace {

Result<Value> ArrayContains(const std::vector<Value>& args, const FunctionContext&) {
  if (args[0].is_nullish()) {
    return Value::Null();
  }
  if (!args[0].is_array()) {
    return ArgumentTypeError("ARRAY_CONTAINS", 1, args[0], "an array");
  }
  const Value& needle = args[1];
  for (const Value& element : args[0].array()) {
    if (needle.is_nullish() ? element.is_null() : element.Equals(needle)) {
      return Value::Bool(true);
    }
  }
  return Value::Bool(false);
}

}  // namespace

FunctionDef ArrayContainsFunction() {
  return {.name = "ARRAY_CONTAINS",
          .min_args = 2,
          .max_args = 2,
          .nulls = NullHandling::kCustom,
          .kernel = ArrayContains,
          .signature = "ARRAY_CONTAINS(a, x) -> bool",
          .doc = "Whether the array has an element equal to x (a null x finds null elements).",
          .example = "ARRAY_CONTAINS([1, 2, 3], 2)"};
}

}  // namespace basalt::sql
