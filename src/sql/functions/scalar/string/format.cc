// FORMAT(fmt, args...): `{}` placeholders in the style of the {fmt} library
// (FORMAT('%{}%', x), FORMAT('{:.2f}', 3.14159), FORMAT('{1}-{0}', a, b)).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/args.h>
#include <fmt/format.h>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

// Widths and precisions above this would let one call allocate and fill gigabytes.
constexpr uint64_t kMaxWidth = 10000;

// Rejects replacement fields whose width or precision is larger than kMaxWidth, or comes
// from an argument (`{:{}}`), before {fmt} sees the pattern.
Status CheckFieldSpecs(std::string_view pattern) {
  for (size_t pos = 0; pos < pattern.size(); ++pos) {
    if (pattern[pos] != '{') {
      continue;
    }
    if (pos + 1 < pattern.size() && pattern[pos + 1] == '{') {
      ++pos;  // "{{" is a literal brace
      continue;
    }
    size_t end = pattern.find('}', pos);
    if (end == std::string_view::npos) {
      return Status::Ok();  // {fmt} reports the unterminated field
    }
    std::string_view field = pattern.substr(pos + 1, end - pos - 1);
    size_t colon = field.find(':');
    std::string_view spec = colon == std::string_view::npos ? "" : field.substr(colon + 1);
    if (spec.find('{') != std::string_view::npos) {
      return FunctionError("FORMAT",
                           "a width or precision taken from an argument is not supported");
    }
    uint64_t number = 0;
    for (char c : spec) {
      if (c >= '0' && c <= '9') {
        number = std::min<uint64_t>(number * 10 + uint64_t(c - '0'), kMaxWidth + 1);
        if (number > kMaxWidth) {
          return FunctionError("FORMAT", "width or precision larger than 10000");
        }
      } else {
        number = 0;
      }
    }
    pos = end;
  }
  return Status::Ok();
}

Result<Value> Format(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view pattern, StringArg("FORMAT", args, 0));
  BASALT_RETURN_IF_ERROR(CheckFieldSpecs(pattern));
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
