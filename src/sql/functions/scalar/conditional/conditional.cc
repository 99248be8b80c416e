#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"

namespace basalt::sql {
namespace {

Result<Value> Coalesce(const std::vector<Value>& args, const FunctionContext&) {
  for (const Value& v : args) {
    if (!v.is_nullish()) {
      return v;
    }
  }
  return Value::Null();
}

// A null or undefined condition counts as false; any other non-bool is a type error, as
// for AND and NOT (spec/sql.md §2: no implicit conversions).
Result<Value> If(const std::vector<Value>& args, const FunctionContext&) {
  if (args[0].is_nullish()) {
    return args[2];
  }
  if (args[0].type() != ValueType::kBool) {
    return ArgumentTypeError("IF", 1, args[0], "a bool");
  }
  return args[0].bool_value() ? args[1] : args[2];
}

Result<Value> NullIf(const std::vector<Value>& args, const FunctionContext&) {
  if (args[0].is_nullish()) {
    return args[0].is_null() ? Value::Null() : args[0];
  }
  if (!args[1].is_nullish() && args[0].Equals(args[1]) &&
      (args[0].type() == args[1].type() || (args[0].is_number() && args[1].is_number()))) {
    return Value::Null();
  }
  return args[0];
}

// GREATEST / LEAST: all arguments must be mutually comparable (numbers, or one type).
template <bool kGreatest>
Result<Value> Extreme(const std::vector<Value>& args, const FunctionContext&) {
  std::string_view name = kGreatest ? "GREATEST" : "LEAST";
  const Value* best = &args[0];
  for (size_t idx = 1; idx < args.size(); ++idx) {
    const Value& v = args[idx];
    bool comparable = (v.is_number() && best->is_number()) || v.type() == best->type();
    if (!comparable) {
      return ArgumentTypeError(
          name, int(idx + 1), v,
          "of the same type as argument 1 (" + std::string(ValueTypeName(args[0].type())) + ")");
    }
    if (v.is_object()) {
      return ArgumentTypeError(name, int(idx + 1), v, "an orderable value");
    }
    int c = v.Compare(*best);
    if (kGreatest ? c > 0 : c < 0) {
      best = &v;
    }
  }
  return *best;
}

}  // namespace

FunctionDef GreatestFunction() {
  return {.name = "GREATEST",
          .min_args = 1,
          .max_args = -1,
          .kernel = Extreme<true>,
          .signature = "GREATEST(x, ...) -> any",
          .doc = "The largest argument; null if any argument is null.",
          .example = "GREATEST(1, 3, 2) = 3"};
}

FunctionDef LeastFunction() {
  return {.name = "LEAST",
          .min_args = 1,
          .max_args = -1,
          .kernel = Extreme<false>,
          .signature = "LEAST(x, ...) -> any",
          .doc = "The smallest argument; null if any argument is null.",
          .example = "LEAST(3, 1, 2) = 1"};
}

FunctionDef IfNullFunction() {
  return {.name = "IFNULL",
          .min_args = 2,
          .max_args = 2,
          .nulls = NullHandling::kCustom,
          .kernel = Coalesce,
          .signature = "IFNULL(x, y) -> any",
          .doc = "x unless it is null or undefined, else y (same as COALESCE(x, y)).",
          .example = "IFNULL(NULL, 2) = 2"};
}

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
          .doc =
              "Returns `then` when the bool cond is true, else `else` (a null cond counts as "
              "false).",
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
