// JSON_PARSE, JSON_FORMAT (sql.md §9.8).
#include "common/json.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Result<Value> JsonParse(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view text, StringArg("JSON_PARSE", args, 0));
  JsonParseOptions options;
  options.extended_json = false;
  auto parsed = ParseJson(text, options);
  if (!parsed.ok()) {
    return FunctionError("JSON_PARSE", parsed.status().message());
  }
  return std::move(parsed).value();
}

// null -> 'null'; undefined has no JSON text -> null (sql.md §9.8 Decision).
Result<Value> JsonFormat(const Args& args, const FunctionContext&) {
  if (args[0].is_undefined()) {
    return Value::Null();
  }
  return Value::String(ToJson(args[0]));
}

}  // namespace

FunctionDef JsonParseFunction() {
  return {.name = "JSON_PARSE",
          .min_args = 1,
          .max_args = 1,
          .kernel = JsonParse,
          .signature = "JSON_PARSE(s) -> any",
          .doc =
              "Parses JSON text; integers that fit int64 become int, other numbers float. "
              "Malformed JSON is an error.",
          .example = "JSON_PARSE('{\"a\": [1, 2.5]}') = {'a': [1, 2.5]}"};
}

FunctionDef JsonFormatFunction() {
  return {.name = "JSON_FORMAT",
          .min_args = 1,
          .max_args = 1,
          .nulls = NullHandling::kCustom,
          .kernel = JsonFormat,
          .signature = "JSON_FORMAT(x) -> string",
          .doc = "JSON text of a value (null renders as 'null'; undefined gives null).",
          .example =
              "JSON_FORMAT({'a': [1, true]}) = '{\"a\":[1,true]}' AND "
              "JSON_FORMAT(NULL) = 'null'"};
}

}  // namespace basalt::sql
