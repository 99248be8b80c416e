// TO_UTF8, FROM_UTF8, TO_HEX, FROM_HEX, TO_BASE64, FROM_BASE64.
#include <string>

#include "common/json.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Result<Value> ToUtf8(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("TO_UTF8", args, 0));
  return Value::Bytes(s);
}

Result<Value> FromUtf8(const Args& args, const FunctionContext&) {
  if (args[0].type() != ValueType::kBytes) {
    return ArgumentTypeError("FROM_UTF8", 1, args[0], "bytes");
  }
  std::string_view b = args[0].string_value();
  if (!IsValidUtf8(b)) {
    return FunctionError("FROM_UTF8", "invalid UTF-8");
  }
  return Value::String(b);
}

Result<Value> ToHex(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view b, BytesArg("TO_HEX", args, 0));
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(b.size() * 2);
  for (char c : b) {
    auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 15]);
  }
  return Value::String(std::move(out));
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

Result<Value> FromHex(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("FROM_HEX", args, 0));
  if (s.size() % 2 != 0) {
    return FunctionError("FROM_HEX", "odd number of hex digits");
  }
  std::string out;
  out.reserve(s.size() / 2);
  for (size_t pos = 0; pos < s.size(); pos += 2) {
    int high = HexDigit(s[pos]), low = HexDigit(s[pos + 1]);
    if (high < 0 || low < 0) {
      return FunctionError("FROM_HEX", "invalid hex digit");
    }
    out.push_back(char(high * 16 + low));
  }
  return Value::Bytes(out);
}

Result<Value> ToBase64(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view b, BytesArg("TO_BASE64", args, 0));
  return Value::String(Base64Encode(b));
}

Result<Value> FromBase64(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, BytesArg("FROM_BASE64", args, 0));
  auto decoded = Base64Decode(s);
  if (!decoded.ok()) {
    return FunctionError("FROM_BASE64", "invalid base64 text");
  }
  return Value::Bytes(*decoded);
}

FunctionDef Def(std::string_view name, ScalarKernel kernel, std::string_view signature,
                std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = 1,
          .max_args = 1,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef ToUtf8Function() {
  return Def("TO_UTF8", ToUtf8, "TO_UTF8(s) -> bytes", "The UTF-8 octets of a string.",
             "TO_UTF8('hello') = CAST('hello' AS bytes)");
}
FunctionDef FromUtf8Function() {
  return Def("FROM_UTF8", FromUtf8, "FROM_UTF8(b) -> string",
             "Decodes UTF-8 bytes into a string; invalid UTF-8 is an error.",
             "FROM_UTF8(TO_UTF8('héllo')) = 'héllo'");
}
FunctionDef ToHexFunction() {
  return Def("TO_HEX", ToHex, "TO_HEX(b) -> string",
             "Lower-case hexadecimal text of bytes (a string counts as its UTF-8 bytes).",
             "TO_HEX(TO_UTF8('AB')) = '4142'");
}
FunctionDef FromHexFunction() {
  return Def("FROM_HEX", FromHex, "FROM_HEX(s) -> bytes", "Bytes from hexadecimal text.",
             "FROM_HEX('4142') = TO_UTF8('AB')");
}
FunctionDef ToBase64Function() {
  return Def("TO_BASE64", ToBase64, "TO_BASE64(b) -> string", "Base64 (RFC 4648) text of bytes.",
             "TO_BASE64(TO_UTF8('hi')) = 'aGk='");
}
FunctionDef FromBase64Function() {
  return Def("FROM_BASE64", FromBase64, "FROM_BASE64(s) -> bytes",
             "Bytes from base64 text; malformed text is an error.",
             "FROM_BASE64('aGk=') = TO_UTF8('hi')");
}

}  // namespace basalt::sql
