#include "sql/functions/builtin_functions.h"

namespace basalt::sql {
namespace {

Result<Value> Coalesce(const std::vector<Value>& args, const FunctionContext&) {
  for (const Value& v : args) {
    if (!v.is_nullish()) return v;
  }
  return Value::Null();
}

Result<Value> If(const std::vector<Value>& args, const FunctionContext&) {
  bool cond = args[0].type() == ValueType::kBool && args[0].bool_value();
  return cond ? args[1] : args[2];
}

Result<Value> NullIf(const std::vector<Value>& args, const FunctionContext&) {
  if (args[0].is_nullish()) return args[0].is_null() ? Value::Null() : args[0];
  if (!args[1].is_nullish() && args[0].Equals(args[1]) &&
      (args[0].type() == args[1].type() || (args[0].is_number() && args[1].is_number()))) {
    return Value::Null();
  }
  return args[0];
}

}  // namespace

FunctionDef CoalesceFunction() {
  return {.name = "COALESCE",
          .min_args = 1,
          .max_args = -1,
          .nulls = NullHandling::kCustom,
          .kernel = Coalesce,
          .signature = "COALESCE(x, ...) -> any",
          .doc = "Returns the first argument that is neither null nor undefined, else null.",
          .example = "COALESCE(NULL, 2, 3) = 2"};
}

FunctionDef IfFunction() {
  return {.name = "IF",
          .min_args = 3,
          .max_args = 3,
          .nulls = NullHandling::kCustom,
          .kernel = If,
          .signature = "IF(cond, then, else) -> any",
          .doc = "Returns `then` when cond is true, else `else` (null cond counts as false).",
          .example = "IF(1 > 0, 'yes', 'no') = 'yes'"};
}

FunctionDef NullIfFunction() {
  return {.name = "NULLIF",
          .min_args = 2,
          .max_args = 2,
          .nulls = NullHandling::kCustom,
          .kernel = NullIf,
          .signature = "NULLIF(x, y) -> any",
          .doc = "Returns null when x = y, else x.",
          .example = "NULLIF(1, 1) IS NULL"};
}

}  // namespace basalt::sql
