// ARRAY_CREATE, CARDINALITY, ELEMENT_AT, ARRAY_POSITION, ARRAY_LAST_POSITION, ARRAY_REMOVE,
// ARRAY_DISTINCT, SLICE, ARRAY_CONCAT, ARRAY_FLATTEN, ARRAY_JOIN, ARRAY_APPEND,
// ARRAY_PREPEND. Arrays are 1-based (sql.md §9.6).
#include <string>
#include <unordered_set>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

// Search semantics of ARRAY_POSITION & co.: a null (or undefined) needle finds null elements.
bool SearchMatches(const Value& element, const Value& needle) {
  if (needle.is_nullish()) {
    return element.is_nullish();
  }
  return element.Equals(needle);
}

Result<Value> ArrayCreate(const Args& args, const FunctionContext&) {
  Array out;
  out.reserve(args.size());
  for (const Value& v : args) {
    out.push_back(v.is_undefined() ? Value::Null() : v);
  }
  return Value::MakeArray(std::move(out));
}

Result<Value> Cardinality(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("CARDINALITY", args, 0));
  return Value::Int(int64_t(a->size()));
}

Result<Value> ElementAt(const Args& args, const FunctionContext&) {
  const Value& container = args[0];
  if (container.is_object()) {
    BASALT_ASSIGN_OR_RETURN(std::string_view key, StringArg("ELEMENT_AT", args, 1));
    const Value& found = container.Get(key);
    return found.is_undefined() ? Value::Null() : found;
  }
  if (!container.is_array()) {
    return ArgumentTypeError("ELEMENT_AT", 1, container, "an array or an object");
  }
  BASALT_ASSIGN_OR_RETURN(int64_t index, IntArg("ELEMENT_AT", args, 1));
  const Array& a = container.array();
  int64_t n = int64_t(a.size());
  int64_t pos = index > 0 ? index - 1 : n + index;
  if (index == 0 || pos < 0 || pos >= n) {
    return Value::Null();
  }
  return a[size_t(pos)];
}

template <FnName kName, bool kLast>
Result<Value> ArrayPosition(const Args& args, const FunctionContext&) {
  if (args[0].is_nullish()) {
    return Value::Null();
  }
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg(kName.view(), args, 0));
  const Value& needle = args[1];
  if (kLast) {
    for (size_t idx = a->size(); idx > 0; --idx) {
      if (SearchMatches((*a)[idx - 1], needle)) {
        return Value::Int(int64_t(idx));
      }
    }
  } else {
    for (size_t idx = 0; idx < a->size(); ++idx) {
      if (SearchMatches((*a)[idx], needle)) {
        return Value::Int(int64_t(idx + 1));
      }
    }
  }
  return Value::Int(0);
}

Result<Value> ArrayRemove(const Args& args, const FunctionContext&) {
  if (args[0].is_nullish()) {
    return Value::Null();
  }
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ARRAY_REMOVE", args, 0));
  Array out;
  for (const Value& element : *a) {
    if (!SearchMatches(element, args[1])) {
      out.push_back(element);
    }
  }
  return Value::MakeArray(std::move(out));
}

Result<Value> ArrayDistinct(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ARRAY_DISTINCT", args, 0));
  std::unordered_set<Value, ValueHash, ValueEq> seen;
  Array out;
  for (const Value& element : *a) {
    if (seen.insert(element).second) {
      out.push_back(element);
    }
  }
  return Value::MakeArray(std::move(out));
}

Result<Value> Slice(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("SLICE", args, 0));
  BASALT_ASSIGN_OR_RETURN(int64_t start, IntArg("SLICE", args, 1));
  if (start == 0) {
    return FunctionError("SLICE", "start must not be 0 (arrays are 1-based)");
  }
  int64_t n = int64_t(a->size());
  int64_t begin = start > 0 ? start - 1 : n + start;
  int64_t length = n;
  if (args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(length, IntArg("SLICE", args, 2));
    if (length < 0) {
      return FunctionError("SLICE", "length must be non-negative");
    }
  }
  if (begin < 0 || begin >= n) {
    return Value::EmptyArray();
  }
  int64_t end = length >= n - begin ? n : begin + length;
  return Value::MakeArray(Array(a->begin() + begin, a->begin() + end));
}

Result<Value> ArrayConcat(const Args& args, const FunctionContext&) {
  Array out;
  for (size_t idx = 0; idx < args.size(); ++idx) {
    BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ARRAY_CONCAT", args, idx));
    out.insert(out.end(), a->begin(), a->end());
  }
  return Value::MakeArray(std::move(out));
}

Result<Value> ArrayFlatten(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ARRAY_FLATTEN", args, 0));
  Array out;
  for (const Value& element : *a) {
    if (element.is_array()) {
      out.insert(out.end(), element.array().begin(), element.array().end());
    } else {
      out.push_back(element);
    }
  }
  return Value::MakeArray(std::move(out));
}

Result<Value> ArrayJoin(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ARRAY_JOIN", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view sep, StringArg("ARRAY_JOIN", args, 1));
  std::optional<std::string_view> null_replacement;
  if (args.size() > 2) {
    BASALT_ASSIGN_OR_RETURN(null_replacement, StringArg("ARRAY_JOIN", args, 2));
  }
  std::string out;
  bool first = true;
  for (const Value& element : *a) {
    if (element.is_nullish() && !null_replacement) {
      continue;
    }
    if (!first) {
      out.append(sep);
    }
    first = false;
    out.append(element.is_nullish() ? std::string(*null_replacement) : ValueToText(element));
  }
  return Value::String(std::move(out));
}

template <FnName kName, bool kAppend>
Result<Value> ArrayAdd(const Args& args, const FunctionContext&) {
  if (args[0].is_nullish()) {
    return Value::Null();
  }
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg(kName.view(), args, 0));
  Value element = args[1].is_undefined() ? Value::Null() : args[1];
  Array out;
  out.reserve(a->size() + 1);
  if (!kAppend) {
    out.push_back(element);
  }
  out.insert(out.end(), a->begin(), a->end());
  if (kAppend) {
    out.push_back(element);
  }
  return Value::MakeArray(std::move(out));
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example,
                NullHandling nulls = NullHandling::kPropagate) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .nulls = nulls,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef ArrayCreateFunction() {
  return Def("ARRAY_CREATE", 0, -1, ArrayCreate, "ARRAY_CREATE(x, ...) -> array",
             "An array of the arguments (an undefined argument is stored as null).",
             "ARRAY_CREATE(1, 'a') = [1, 'a']", NullHandling::kCustom);
}

FunctionDef CardinalityFunction() {
  return Def("CARDINALITY", 1, 1, Cardinality, "CARDINALITY(a) -> int",
             "Number of elements of an array.", "CARDINALITY([1, 2, 3]) = 3");
}

FunctionDef ElementAtFunction() {
  return Def("ELEMENT_AT", 2, 2, ElementAt, "ELEMENT_AT(a, i) | ELEMENT_AT(o, key) -> any",
             "The i-th array element (1-based, negative counts from the end) or the object "
             "field `key`; null when out of range or absent.",
             "ELEMENT_AT([1, 2, 3], -1) = 3 AND ELEMENT_AT({'a': 1}, 'b') IS NULL");
}

FunctionDef ArrayPositionFunction() {
  return Def("ARRAY_POSITION", 2, 2, ArrayPosition<"ARRAY_POSITION", false>,
             "ARRAY_POSITION(a, x) -> int",
             "1-based index of the first element equal to x (a null x finds null); 0 if absent.",
             "ARRAY_POSITION([5, 'hello', null], null) = 3", NullHandling::kCustom);
}

FunctionDef ArrayLastPositionFunction() {
  return Def("ARRAY_LAST_POSITION", 2, 2, ArrayPosition<"ARRAY_LAST_POSITION", true>,
             "ARRAY_LAST_POSITION(a, x) -> int",
             "1-based index of the last element equal to x (a null x finds null); 0 if absent.",
             "ARRAY_LAST_POSITION([5, null, 5], 5) = 3", NullHandling::kCustom);
}

FunctionDef ArrayRemoveFunction() {
  return Def("ARRAY_REMOVE", 2, 2, ArrayRemove, "ARRAY_REMOVE(a, x) -> array",
             "A copy of a without the elements equal to x (a null x removes nulls).",
             "ARRAY_REMOVE([3, 1, 2], 1) = [3, 2]", NullHandling::kCustom);
}

FunctionDef ArrayDistinctFunction() {
  return Def("ARRAY_DISTINCT", 1, 1, ArrayDistinct, "ARRAY_DISTINCT(a) -> array",
             "Duplicates removed, first occurrences kept in order.",
             "ARRAY_DISTINCT([1, 2, 1, 3, 2]) = [1, 2, 3]");
}

FunctionDef SliceFunction() {
  return Def("SLICE", 2, 3, Slice, "SLICE(a, start[, len]) -> array",
             "Sub-array from 1-based start (negative counts from the end) of at most len "
             "elements, or to the end.",
             "SLICE([1, 2, 3, 4], 2) = [2, 3, 4] AND SLICE([1, 2, 3, 4], -2, 1) = [3]");
}

FunctionDef ArrayConcatFunction() {
  return Def("ARRAY_CONCAT", 1, -1, ArrayConcat, "ARRAY_CONCAT(a, ...) -> array",
             "Concatenation of the arrays.", "ARRAY_CONCAT([1], [2, 3]) = [1, 2, 3]");
}

FunctionDef ArrayFlattenFunction() {
  return Def("ARRAY_FLATTEN", 1, 1, ArrayFlatten, "ARRAY_FLATTEN(a) -> array",
             "Removes one level of nesting: array elements are spliced in, others kept.",
             "ARRAY_FLATTEN([[1, 2], [3]]) = [1, 2, 3]");
}

FunctionDef ArrayJoinFunction() {
  return Def("ARRAY_JOIN", 2, 3, ArrayJoin, "ARRAY_JOIN(a, sep[, null_replacement]) -> string",
             "The elements as strings joined by sep; nulls are skipped unless a replacement "
             "is given.",
             "ARRAY_JOIN([1, 'a', null], '-') = '1-a' AND ARRAY_JOIN([1, null], '-', 'x') = '1-x'");
}

FunctionDef ArrayAppendFunction() {
  return Def("ARRAY_APPEND", 2, 2, ArrayAdd<"ARRAY_APPEND", true>, "ARRAY_APPEND(a, x) -> array",
             "A copy of a with x added at the end.", "ARRAY_APPEND([1, 2], 3) = [1, 2, 3]",
             NullHandling::kCustom);
}

FunctionDef ArrayPrependFunction() {
  return Def("ARRAY_PREPEND", 2, 2, ArrayAdd<"ARRAY_PREPEND", false>,
             "ARRAY_PREPEND(a, x) -> array", "A copy of a with x added at the front.",
             "ARRAY_PREPEND([2, 3], 1) = [1, 2, 3]", NullHandling::kCustom);
}

}  // namespace basalt::sql
