#include "sql/functions/builtin_functions.h"

namespace basalt::sql {
namespace {

Result<Value> TypeOf(const std::vector<Value>& args, const FunctionContext&) {
  return Value::String(ValueTypeName(args[0].type()));
}

Result<Value> IsScalar(const std::vector<Value>& args, const FunctionContext&) {
  const Value& v = args[0];
  return Value::Bool(!v.is_nullish() && !v.is_array() && !v.is_object());
}

}  // namespace

FunctionDef IsScalarFunction() {
  return {.name = "IS_SCALAR",
          .min_args = 1,
          .max_args = 1,
          .nulls = NullHandling::kCustom,
          .kernel = IsScalar,
          .signature = "IS_SCALAR(x) -> bool",
          .doc = "True unless x is an array, an object, null or undefined.",
          .example = "IS_SCALAR(1) AND NOT IS_SCALAR([1])"};
}

FunctionDef TypeOfFunction() {
  return {.name = "TYPEOF",
          .min_args = 1,
          .max_args = 1,
          .nulls = NullHandling::kCustom,
          .kernel = TypeOf,
          .signature = "TYPEOF(x) -> string",
          .doc = "The type name of x: 'int', 'string', 'null', 'undefined', ...",
          .example = "TYPEOF(1) = 'int'"};
}

}  // namespace basalt::sql
