#include <cmath>

#include "sql/functions/builtin_functions.h"

namespace basalt::sql {
namespace {

Result<Value> Abs(const std::vector<Value>& args, const FunctionContext&) {
  const Value& v = args[0];
  if (v.type() == ValueType::kInt) {
    if (v.int_value() == INT64_MIN) {
      return FunctionError("ABS", "integer overflow");
    }
    return Value::Int(v.int_value() < 0 ? -v.int_value() : v.int_value());
  }
  if (v.type() == ValueType::kFloat) {
    return Value::Float(std::fabs(v.float_value()));
  }
  return ArgumentTypeError("ABS", 1, v, "a number");
}

}  // namespace

FunctionDef AbsFunction() {
  return {.name = "ABS",
          .min_args = 1,
          .max_args = 1,
          .kernel = Abs,
          .signature = "ABS(x) -> int | float",
          .doc = "Absolute value.",
          .example = "ABS(-2) = 2"};
}

}  // namespace basalt::sql
