#include "sql/functions/builtin_functions.h"

namespace basalt::sql {
namespace {

Result<Value> TypeOf(const std::vector<Value>& args, const FunctionContext&) {
  return Value::String(ValueTypeName(args[0].type()));
}

}  // namespace

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
