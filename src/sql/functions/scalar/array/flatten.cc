// FLATTEN (sql.md §9.7, unv): Presto's flatten(array(array(T))).
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Result<Value> Flatten(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("FLATTEN", args, 0));
  Array out;
  for (const Value& element : *a) {
    if (element.is_nullish()) {
      continue;  // Presto skips null inner arrays
    }
    if (!element.is_array()) {
      return ArgumentTypeError("FLATTEN", 1, element, "an array of arrays (element)");
    }
    out.insert(out.end(), element.array().begin(), element.array().end());
  }
  return Value::MakeArray(std::move(out));
}

}  // namespace

FunctionDef FlattenFunction() {
  return {.name = "FLATTEN",
          .min_args = 1,
          .max_args = 1,
          .kernel = Flatten,
          .signature = "FLATTEN(a) -> array",
          .doc =
              "Concatenates the arrays of an array of arrays (one level), as Presto's flatten: "
              "null elements are skipped and any other non-array element is an error (unlike "
              "ARRAY_FLATTEN, which keeps them). Unverified name.",
          .example = "FLATTEN([[1, 2], NULL, [3, [4]]]) = [1, 2, 3, [4]]"};
}

}  // namespace basalt::sql
