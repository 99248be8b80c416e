// SUBSTR/SUBSTRING, STRPOS/POSITION, STARTS_WITH/ENDS_WITH, TRIM/LTRIM/RTRIM. Positions
// are 1-based and count code points (sql.md §9.4).
#include <string>

#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

template <FnName kName>
Result<Value> Substr(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(int64_t start, IntArg(kName.view(), args, 1));
  int64_t n = int64_t(Utf8Length(s));
  int64_t begin;
  if (start > 0) {
    begin = start - 1;
  } else if (start < 0) {
    begin = n + start;
    if (begin < 0) {
      return Value::String("");
    }
  } else {
    return Value::String("");
  }
  if (begin >= n) {
    return Value::String("");
  }
  int64_t end = n;
  if (args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(int64_t len, IntArg(kName.view(), args, 2));
    if (len < 0) {
      return FunctionError(kName.view(), "length must be non-negative");
    }
    end = len >= n - begin ? n : begin + len;
  }
  size_t from = Utf8Offset(s, size_t(begin));
  size_t to = Utf8Offset(s, size_t(end));
  return Value::String(s.substr(from, to - from));
}

// 1-based code point index of the `instance`-th occurrence of `needle`, 0 when absent.
int64_t FindPosition(std::string_view haystack, std::string_view needle, int64_t instance) {
  size_t pos = 0;
  size_t found = std::string_view::npos;
  for (int64_t count = 0; count < instance; ++count) {
    found = haystack.find(needle, pos);
    if (found == std::string_view::npos) {
      return 0;
    }
    pos = found + (needle.empty() ? 1 : needle.size());
  }
  return int64_t(Utf8Length(haystack.substr(0, found))) + 1;
}

Result<Value> Strpos(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("STRPOS", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view sub, StringArg("STRPOS", args, 1));
  int64_t instance = 1;
  if (args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(instance, IntArg("STRPOS", args, 2));
    if (instance <= 0) {
      return FunctionError("STRPOS", "instance must be positive");
    }
  }
  return Value::Int(FindPosition(s, sub, instance));
}

// POSITION(needle IN haystack): arguments in that order.
Result<Value> Position(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view needle, StringArg("POSITION", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view haystack, StringArg("POSITION", args, 1));
  return Value::Int(FindPosition(haystack, needle, 1));
}

Result<Value> StartsWith(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("STARTS_WITH", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view prefix, StringArg("STARTS_WITH", args, 1));
  return Value::Bool(s.substr(0, prefix.size()) == prefix);
}

Result<Value> EndsWith(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("ENDS_WITH", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view suffix, StringArg("ENDS_WITH", args, 1));
  return Value::Bool(s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix);
}

enum class TrimSide : uint8_t { kBoth, kLeft, kRight };

template <FnName kName, TrimSide kSide>
Result<Value> Trim(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg(kName.view(), args, 0));
  std::vector<uint32_t> strip = {' ', '\t', '\n', '\r', '\v', '\f'};
  if (args.size() > 1) {
    BASALT_ASSIGN_OR_RETURN(std::string_view chars, StringArg(kName.view(), args, 1));
    strip = DecodeUtf8(chars);
  }
  std::vector<uint32_t> cps = DecodeUtf8(s);
  auto stripped = [&](uint32_t cp) {
    for (uint32_t c : strip) {
      if (c == cp) {
        return true;
      }
    }
    return false;
  };
  size_t begin = 0, end = cps.size();
  if (kSide != TrimSide::kRight) {
    while (begin < end && stripped(cps[begin])) {
      ++begin;
    }
  }
  if (kSide != TrimSide::kLeft) {
    while (end > begin && stripped(cps[end - 1])) {
      --end;
    }
  }
  size_t from = Utf8Offset(s, begin);
  size_t to = Utf8Offset(s, end);
  return Value::String(s.substr(from, to - from));
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef SubstrFunction() {
  return Def("SUBSTR", 2, 3, Substr<"SUBSTR">, "SUBSTR(s, start[, len]) -> string",
             "Substring from 1-based `start` (negative counts from the end) of at most `len` "
             "characters, or to the end.",
             "SUBSTR('hello', 2) = 'ello' AND SUBSTR('hello', -3, 2) = 'll'");
}

FunctionDef SubstringFunction() {
  return Def("SUBSTRING", 2, 3, Substr<"SUBSTRING">, "SUBSTRING(s FROM start [FOR len]) -> string",
             "Same as SUBSTR.", "SUBSTRING('hello' FROM 2 FOR 3) = 'ell'");
}

FunctionDef StrposFunction() {
  return Def("STRPOS", 2, 3, Strpos, "STRPOS(s, sub[, instance]) -> int",
             "1-based position of the first (or instance-th) occurrence of sub in s; 0 if "
             "absent.",
             "STRPOS('hello', 'l') = 3 AND STRPOS('hello', 'z') = 0");
}

FunctionDef PositionFunction() {
  return Def("POSITION", 2, 2, Position, "POSITION(sub IN s) -> int",
             "1-based position of the first occurrence of sub in s; 0 if absent.",
             "POSITION('l' IN 'hello') = 3");
}

FunctionDef StartsWithFunction() {
  return Def("STARTS_WITH", 2, 2, StartsWith, "STARTS_WITH(s, prefix) -> bool",
             "Whether s begins with prefix.", "STARTS_WITH('hello', 'he')");
}

FunctionDef EndsWithFunction() {
  return Def("ENDS_WITH", 2, 2, EndsWith, "ENDS_WITH(s, suffix) -> bool",
             "Whether s ends with suffix.", "ENDS_WITH('hello', 'lo')");
}

FunctionDef TrimFunction() {
  return Def("TRIM", 1, 2, Trim<"TRIM", TrimSide::kBoth>, "TRIM(s[, chars]) -> string",
             "Removes leading and trailing whitespace (or the characters in `chars`).",
             "TRIM('  ab  ') = 'ab'");
}

FunctionDef LtrimFunction() {
  return Def("LTRIM", 1, 2, Trim<"LTRIM", TrimSide::kLeft>, "LTRIM(s[, chars]) -> string",
             "Removes leading whitespace (or the characters in `chars`).",
             "LTRIM('  ab  ') = 'ab  '");
}

FunctionDef RtrimFunction() {
  return Def("RTRIM", 1, 2, Trim<"RTRIM", TrimSide::kRight>, "RTRIM(s[, chars]) -> string",
             "Removes trailing whitespace (or the characters in `chars`).",
             "RTRIM('  ab  ') = '  ab'");
}

}  // namespace basalt::sql
