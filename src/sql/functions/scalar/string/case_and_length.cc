#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

// Case mapping: ASCII in place, other code points through the simple Unicode mappings.
template <uint32_t (*kMap)(uint32_t)>
std::string MapCase(std::string_view text) {
  bool ascii = true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    std::string out(text);
    for (char& c : out) {
      c = char(kMap(static_cast<unsigned char>(c)));
    }
    return out;
  }
  std::string out;
  out.reserve(text.size());
  for (uint32_t cp : DecodeUtf8(text)) {
    AppendUtf8(kMap(cp), &out);
  }
  return out;
}

Result<Value> Lower(const std::vector<Value>& args, const FunctionContext&) {
  if (!args[0].is_string()) {
    return ArgumentTypeError("LOWER", 1, args[0], "a string");
  }
  return Value::String(MapCase<ToLowerCodePoint>(args[0].string_value()));
}

Result<Value> Upper(const std::vector<Value>& args, const FunctionContext&) {
  if (!args[0].is_string()) {
    return ArgumentTypeError("UPPER", 1, args[0], "a string");
  }
  return Value::String(MapCase<ToUpperCodePoint>(args[0].string_value()));
}

Result<Value> Length(const std::vector<Value>& args, const FunctionContext&) {
  const Value& v = args[0];
  switch (v.type()) {
    case ValueType::kString:
      return Value::Int(int64_t(Utf8Length(v.string_value())));
    case ValueType::kBytes:
      return Value::Int(int64_t(v.string_value().size()));
    case ValueType::kArray:
      return Value::Int(int64_t(v.array().size()));
    case ValueType::kObject:
      return Value::Int(int64_t(v.object().size()));
    default:
      return ArgumentTypeError("LENGTH", 1, v, "a string, bytes, array or object");
  }
}

Result<Value> ConcatStrings(const std::vector<Value>& args, const FunctionContext&) {
  std::string out;
  for (size_t idx = 0; idx < args.size(); ++idx) {
    if (!args[idx].is_string()) {
      return ArgumentTypeError("CONCAT", int(idx + 1), args[idx], "a string");
    }
    out.append(args[idx].string_value());
  }
  return Value::String(std::move(out));
}

}  // namespace

FunctionDef LowerFunction() {
  return {.name = "LOWER",
          .min_args = 1,
          .max_args = 1,
          .kernel = Lower,
          .signature = "LOWER(s) -> string",
          .doc = "Lower-cases a string (locale-independent simple Unicode case mapping).",
          .example = "LOWER('AbC') = 'abc'"};
}

FunctionDef UpperFunction() {
  return {.name = "UPPER",
          .min_args = 1,
          .max_args = 1,
          .kernel = Upper,
          .signature = "UPPER(s) -> string",
          .doc = "Upper-cases a string (locale-independent simple Unicode case mapping).",
          .example = "UPPER('AbC') = 'ABC'"};
}

FunctionDef LengthFunction() {
  return {.name = "LENGTH",
          .min_args = 1,
          .max_args = 1,
          .kernel = Length,
          .signature = "LENGTH(s | b | a | o) -> int",
          .doc =
              "Code points of a string, bytes of bytes, elements of an array, fields of an "
              "object.",
          .example = "LENGTH('héllo') = 5"};
}

FunctionDef ConcatFunction() {
  return {.name = "CONCAT",
          .min_args = 1,
          .max_args = -1,
          .kernel = ConcatStrings,
          .signature = "CONCAT(s, ...) -> string",
          .doc = "Concatenates strings; null if any argument is null.",
          .example = "CONCAT('a', 'b', 'c') = 'abc'"};
}

}  // namespace basalt::sql
