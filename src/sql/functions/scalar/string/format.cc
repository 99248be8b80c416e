// FORMAT(fmt, args...): `{}` placeholders in the style of the {fmt} library
// (FORMAT('%{}%', x), FORMAT('{:.2f}', 3.14159), FORMAT('{1}-{0}', a, b)).
#include <string>

#include <fmt/args.h>
#include <fmt/format.h>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Result<Value> Format(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view pattern, StringArg("FORMAT", args, 0));
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (size_t idx = 1; idx < args.size(); ++idx) {
    const Value& v = args[idx];
    switch (v.type()) {
      case ValueType::kInt:
        store.push_back(v.int_value());
        break;
      case ValueType::kFloat:
        store.push_back(v.float_value());
        break;
      case ValueType::kBool:
        store.push_back(v.bool_value());
        break;
      default:
        store.push_back(ValueToText(v));
        break;
    }
  }
  // {fmt} reports a bad pattern by throwing; it never leaves this function.
  try {
    return Value::String(fmt::vformat(fmt::string_view(pattern.data(), pattern.size()), store));
  } catch (const fmt::format_error& error) {
    return FunctionError("FORMAT", std::string("invalid format string: ") + error.what());
  }
}

}  // namespace

FunctionDef FormatFunction() {
  return {.name = "FORMAT",
          .min_args = 1,
          .max_args = -1,
          .kernel = Format,
          .signature = "FORMAT(fmt, x, ...) -> string",
          .doc =
              "Replaces the `{}` placeholders of fmt with the arguments ({fmt} syntax: "
              "`{0}`, `{:.2f}`, `{{` for a brace).",
          .example = "FORMAT('%{}%', 'abc') = '%abc%' AND FORMAT('{}-{}', 1, 2.5) = '1-2.5'"};
}

}  // namespace basalt::sql
