// REPLACE, SPLIT, SPLIT_PART, REVERSE, REPEAT, LPAD, RPAD, CHR, CODEPOINT,
// LEVENSHTEIN_DISTANCE, HAMMING_DISTANCE.
#include <algorithm>
#include <string>

#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

constexpr size_t kMaxResultBytes = 16 << 20;

Result<Value> Replace(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("REPLACE", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view search, StringArg("REPLACE", args, 1));
  std::string_view replacement;
  if (args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(replacement, StringArg("REPLACE", args, 2));
  }
  if (search.empty()) {
    return Value::String(s);
  }
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t found = s.find(search, pos);
    if (found == std::string_view::npos) {
      break;
    }
    out.append(s.substr(pos, found - pos));
    out.append(replacement);
    pos = found + search.size();
    if (out.size() > kMaxResultBytes) {
      return FunctionError("REPLACE", "result too large");
    }
  }
  out.append(s.substr(pos));
  return Value::String(std::move(out));
}

// Pieces of s between occurrences of delim (at most `limit`, the last holding the rest). An
// empty delimiter splits into characters.
Array SplitPieces(std::string_view s, std::string_view delim, int64_t limit) {
  Array pieces;
  if (delim.empty()) {
    std::vector<uint32_t> cps = DecodeUtf8(s);
    size_t idx = 0;
    for (; idx < cps.size() && int64_t(pieces.size()) + 1 < limit; ++idx) {
      std::string one;
      AppendUtf8(cps[idx], &one);
      pieces.push_back(Value::String(std::move(one)));
    }
    if (idx < cps.size()) {
      pieces.push_back(Value::String(s.substr(Utf8Offset(s, idx))));
    }
    if (pieces.empty()) {
      pieces.push_back(Value::String(""));
    }
    return pieces;
  }
  size_t pos = 0;
  while (int64_t(pieces.size()) + 1 < limit) {
    size_t found = s.find(delim, pos);
    if (found == std::string_view::npos) {
      break;
    }
    pieces.push_back(Value::String(s.substr(pos, found - pos)));
    pos = found + delim.size();
  }
  pieces.push_back(Value::String(s.substr(pos)));
  return pieces;
}

Result<Value> Split(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("SPLIT", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view delim, StringArg("SPLIT", args, 1));
  int64_t limit = INT64_MAX;
  if (args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(limit, IntArg("SPLIT", args, 2));
    if (limit <= 0) {
      return FunctionError("SPLIT", "limit must be positive");
    }
  }
  return Value::MakeArray(SplitPieces(s, delim, limit));
}

Result<Value> SplitPart(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("SPLIT_PART", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view delim, StringArg("SPLIT_PART", args, 1));
  BASALT_ASSIGN_OR_RETURN(int64_t index, IntArg("SPLIT_PART", args, 2));
  if (index <= 0) {
    return FunctionError("SPLIT_PART", "index must be positive");
  }
  Array pieces = SplitPieces(s, delim, INT64_MAX);
  if (index > int64_t(pieces.size())) {
    return Value::Null();
  }
  return pieces[size_t(index - 1)];
}

Result<Value> Reverse(const Args& args, const FunctionContext&) {
  if (args[0].is_array()) {
    Array out(args[0].array().rbegin(), args[0].array().rend());
    return Value::MakeArray(std::move(out));
  }
  if (!args[0].is_string()) {
    return ArgumentTypeError("REVERSE", 1, args[0], "a string or an array");
  }
  std::vector<uint32_t> cps = DecodeUtf8(args[0].string_value());
  std::reverse(cps.begin(), cps.end());
  return Value::String(EncodeUtf8(cps));
}

Result<Value> Repeat(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("REPEAT", args, 0));
  BASALT_ASSIGN_OR_RETURN(int64_t count, IntArg("REPEAT", args, 1));
  if (count < 0) {
    return FunctionError("REPEAT", "count must be non-negative");
  }
  if (s.empty() || count == 0) {
    return Value::String("");
  }
  // Divides rather than multiplies: s.size() * count can wrap around.
  if (uint64_t(count) > kMaxResultBytes / s.size()) {
    return FunctionError("REPEAT", "result too large");
  }
  std::string out;
  out.reserve(s.size() * size_t(count));
  for (int64_t idx = 0; idx < count; ++idx) {
    out.append(s);
  }
  return Value::String(std::move(out));
}

template <FnName kName, bool kLeft>
Result<Value> Pad(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(int64_t size, IntArg(kName.view(), args, 1));
  std::string_view pad = " ";
  if (args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(pad, StringArg(kName.view(), args, 2));
  }
  if (size < 0) {
    return FunctionError(kName.view(), "target size must be non-negative");
  }
  if (size_t(size) > kMaxResultBytes) {
    return FunctionError(kName.view(), "result too large");
  }
  std::vector<uint32_t> cps = DecodeUtf8(s);
  if (int64_t(cps.size()) >= size) {
    cps.resize(size_t(size));
    return Value::String(EncodeUtf8(cps));
  }
  std::vector<uint32_t> pad_cps = DecodeUtf8(pad);
  if (pad_cps.empty()) {
    return FunctionError(kName.view(), "padding string must not be empty");
  }
  std::vector<uint32_t> fill;
  for (size_t idx = 0; int64_t(fill.size() + cps.size()) < size; ++idx) {
    fill.push_back(pad_cps[idx % pad_cps.size()]);
  }
  if (kLeft) {
    fill.insert(fill.end(), cps.begin(), cps.end());
    return Value::String(EncodeUtf8(fill));
  }
  cps.insert(cps.end(), fill.begin(), fill.end());
  return Value::String(EncodeUtf8(cps));
}

Result<Value> Chr(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t cp, IntArg("CHR", args, 0));
  if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return FunctionError("CHR", "not a valid Unicode code point: " + std::to_string(cp));
  }
  std::string out;
  AppendUtf8(uint32_t(cp), &out);
  return Value::String(std::move(out));
}

Result<Value> Codepoint(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("CODEPOINT", args, 0));
  std::vector<uint32_t> cps = DecodeUtf8(s);
  if (cps.size() != 1) {
    return FunctionError("CODEPOINT", "argument must be a single character");
  }
  return Value::Int(cps[0]);
}

Result<Value> Levenshtein(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view a_text, StringArg("LEVENSHTEIN_DISTANCE", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view b_text, StringArg("LEVENSHTEIN_DISTANCE", args, 1));
  std::vector<uint32_t> a = DecodeUtf8(a_text), b = DecodeUtf8(b_text);
  if (a.size() * b.size() > 100'000'000) {
    return FunctionError("LEVENSHTEIN_DISTANCE", "strings too long");
  }
  std::vector<int64_t> row(b.size() + 1);
  for (size_t col = 0; col <= b.size(); ++col) {
    row[col] = int64_t(col);
  }
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    int64_t diagonal = row[0];
    row[0] = int64_t(a_idx);
    for (size_t b_idx = 1; b_idx <= b.size(); ++b_idx) {
      int64_t above = row[b_idx];
      int64_t cost = a[a_idx - 1] == b[b_idx - 1] ? 0 : 1;
      row[b_idx] = std::min({row[b_idx] + 1, row[b_idx - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return Value::Int(row[b.size()]);
}

Result<Value> Hamming(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view a_text, StringArg("HAMMING_DISTANCE", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view b_text, StringArg("HAMMING_DISTANCE", args, 1));
  std::vector<uint32_t> a = DecodeUtf8(a_text), b = DecodeUtf8(b_text);
  if (a.size() != b.size()) {
    return FunctionError("HAMMING_DISTANCE", "strings must have the same length");
  }
  int64_t distance = 0;
  for (size_t idx = 0; idx < a.size(); ++idx) {
    distance += a[idx] != b[idx];
  }
  return Value::Int(distance);
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

FunctionDef ReplaceFunction() {
  return Def("REPLACE", 2, 3, Replace, "REPLACE(s, search[, replacement]) -> string",
             "Replaces every occurrence of search (deletes it without a replacement).",
             "REPLACE('abcabc', 'b', 'x') = 'axcaxc' AND REPLACE('abcabc', 'b') = 'acac'");
}

FunctionDef SplitFunction() {
  return Def("SPLIT", 2, 3, Split, "SPLIT(s, delim[, limit]) -> array",
             "Pieces of s between occurrences of delim; with limit at most limit pieces, the "
             "last holding the remainder.",
             "SPLIT('a,b,c', ',', 2) = ['a', 'b,c']");
}

FunctionDef SplitPartFunction() {
  return Def("SPLIT_PART", 3, 3, SplitPart, "SPLIT_PART(s, delim, index) -> string",
             "The index-th (1-based) piece of SPLIT(s, delim); null past the last piece.",
             "SPLIT_PART('a,b,c', ',', 2) = 'b'");
}

FunctionDef ReverseFunction() {
  return Def("REVERSE", 1, 1, Reverse, "REVERSE(s | a) -> string | array",
             "The characters of a string, or the elements of an array, in reverse order.",
             "REVERSE('abc') = 'cba'");
}

FunctionDef RepeatFunction() {
  return Def("REPEAT", 2, 2, Repeat, "REPEAT(s, n) -> string", "s repeated n times.",
             "REPEAT('ab', 3) = 'ababab'");
}

FunctionDef LpadFunction() {
  return Def("LPAD", 2, 3, Pad<"LPAD", true>, "LPAD(s, size[, pad]) -> string",
             "s left-padded with pad (default ' ') to size characters, or truncated to size.",
             "LPAD('7', 3, '0') = '007'");
}

FunctionDef RpadFunction() {
  return Def("RPAD", 2, 3, Pad<"RPAD", false>, "RPAD(s, size[, pad]) -> string",
             "s right-padded with pad (default ' ') to size characters, or truncated to size.",
             "RPAD('ab', 4, 'xy') = 'abxy'");
}

FunctionDef ChrFunction() {
  return Def("CHR", 1, 1, Chr, "CHR(n) -> string", "The character with Unicode code point n.",
             "CHR(65) = 'A'");
}

FunctionDef CodepointFunction() {
  return Def("CODEPOINT", 1, 1, Codepoint, "CODEPOINT(s) -> int",
             "The Unicode code point of a one-character string.", "CODEPOINT('A') = 65");
}

FunctionDef LevenshteinDistanceFunction() {
  return Def("LEVENSHTEIN_DISTANCE", 2, 2, Levenshtein, "LEVENSHTEIN_DISTANCE(a, b) -> int",
             "Minimum number of single-character edits turning a into b.",
             "LEVENSHTEIN_DISTANCE('kitten', 'sitting') = 3");
}

FunctionDef HammingDistanceFunction() {
  return Def("HAMMING_DISTANCE", 2, 2, Hamming, "HAMMING_DISTANCE(a, b) -> int",
             "Number of positions at which two equally long strings differ.",
             "HAMMING_DISTANCE('abc', 'abd') = 1");
}

}  // namespace basalt::sql
