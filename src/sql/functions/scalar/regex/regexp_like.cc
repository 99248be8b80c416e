#include "sql/functions/builtin_functions.h"
#include "sql/functions/scalar/regex/regex_cache.h"

namespace basalt::sql {
namespace {

Result<Value> RegexpLike(const std::vector<Value>& args, const FunctionContext&) {
  if (!args[0].is_string()) {
    return ArgumentTypeError("REGEXP_LIKE", 1, args[0], "a string");
  }
  if (!args[1].is_string()) {
    return ArgumentTypeError("REGEXP_LIKE", 2, args[1], "a string");
  }
  BASALT_ASSIGN_OR_RETURN(
      bool match, RegexPartialMatch("REGEXP_LIKE", args[1].string_value(), args[0].string_value()));
  return Value::Bool(match);
}

}  // namespace

FunctionDef RegexpLikeFunction() {
  return {.name = "REGEXP_LIKE",
          .min_args = 2,
          .max_args = 2,
          .kernel = RegexpLike,
          .signature = "REGEXP_LIKE(s, pattern) -> bool",
          .doc = "Whether the RE2 pattern matches anywhere in s.",
          .example = "REGEXP_LIKE('hello', 'l+')"};
}

}  // namespace basalt::sql
