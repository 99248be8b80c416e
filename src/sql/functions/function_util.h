#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"
#include "sql/functions/function.h"

// Argument checking and text helpers shared by the function kernels. Every checker returns
// the ArgumentTypeError of sql.md §3 naming the function and the 1-based argument.
namespace basalt::sql {

using Args = std::vector<Value>;

// A string literal usable as a template argument, so one kernel template can serve several
// functions and still name the right one in errors: `UnaryKernel<"SQRT", std::sqrt>`.
template <size_t N>
struct FnName {
  constexpr FnName(const char (&text)[N]) {  // NOLINT(google-explicit-constructor)
    for (size_t idx = 0; idx < N; ++idx) {
      value[idx] = text[idx];
    }
  }
  constexpr std::string_view view() const { return std::string_view(value, N - 1); }
  char value[N];
};

// REQUIRES: index < args.size(). `index` is 0-based; errors report index + 1.
Result<std::string_view> StringArg(std::string_view fn, const Args& args, size_t index);
// A string or bytes argument as raw octets (hash and codec functions).
Result<std::string_view> BytesArg(std::string_view fn, const Args& args, size_t index);
Result<int64_t> IntArg(std::string_view fn, const Args& args, size_t index);
// An int or float as a double.
Result<double> NumberArg(std::string_view fn, const Args& args, size_t index);
Result<bool> BoolArg(std::string_view fn, const Args& args, size_t index);
Result<const Array*> ArrayArg(std::string_view fn, const Args& args, size_t index);
Result<const Object*> ObjectArg(std::string_view fn, const Args& args, size_t index);

// Hashing and equality for unordered containers of values (Value::Equals semantics: null ==
// null, 1 == 1.0, objects independent of key order).
struct ValueHash {
  size_t operator()(const Value& v) const { return size_t(v.Hash()); }
};
struct ValueEq {
  bool operator()(const Value& a, const Value& b) const { return a.Equals(b); }
};

// Floor division and modulo for negative operands.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
inline int64_t FloorMod(int64_t a, int64_t b) {
  // Not a - FloorDiv(a, b) * b: that product overflows near the ends of the int64 range.
  int64_t rest = a % b;
  return rest != 0 && ((rest < 0) != (b < 0)) ? rest + b : rest;
}

// UTF-8: code points of a string (invalid sequences decode byte by byte), and back.
std::vector<uint32_t> DecodeUtf8(std::string_view text);
void AppendUtf8(uint32_t code_point, std::string* out);
std::string EncodeUtf8(const std::vector<uint32_t>& code_points);
bool IsValidUtf8(std::string_view text);
// Byte offset of the code point with 0-based index `cp_index` (text.size() past the end).
size_t Utf8Offset(std::string_view text, size_t cp_index);

// Simple (one-to-one) Unicode case mappings for Latin, Greek, Cyrillic and Armenian.
uint32_t ToLowerCodePoint(uint32_t cp);
uint32_t ToUpperCodePoint(uint32_t cp);

std::string AsciiUpper(std::string_view text);
std::string AsciiLower(std::string_view text);

// The text of a scalar as CAST(x AS string) renders it; arrays/objects as JSON.
std::string ValueToText(const Value& v);

}  // namespace basalt::sql
