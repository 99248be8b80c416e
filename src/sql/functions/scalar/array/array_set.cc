// ARRAY_SORT, ARRAY_MAX, ARRAY_MIN, ARRAY_INTERSECT, ARRAY_UNION, ARRAY_EXCEPT,
// ARRAYS_OVERLAP, ARRAY_SHUFFLE, SEQUENCE, ZIP: Presto-compatible helpers (sql.md §9.6).
#include <algorithm>
#include <random>
#include <unordered_set>

#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

using ValueSet = std::unordered_set<Value, ValueHash, ValueEq>;

constexpr int64_t kMaxSequence = 1'000'000;

// Elements must be mutually orderable: numbers together, or all of one type (not objects).
Status CheckOrderable(std::string_view fn, const Array& a) {
  const Value* first = nullptr;
  for (const Value& v : a) {
    if (v.is_nullish()) {
      continue;
    }
    if (v.is_object()) {
      return ArgumentTypeError(fn, 1, v, "an array of orderable values");
    }
    if (first == nullptr) {
      first = &v;
      continue;
    }
    if (!(v.is_number() && first->is_number()) && v.type() != first->type()) {
      return FunctionError(fn, "array elements of types " +
                                   std::string(ValueTypeName(first->type())) + " and " +
                                   std::string(ValueTypeName(v.type())) + " cannot be compared");
    }
  }
  return Status::Ok();
}

Result<Value> ArraySort(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ARRAY_SORT", args, 0));
  BASALT_RETURN_IF_ERROR(CheckOrderable("ARRAY_SORT", *a));
  Array out = *a;
  // Ascending, nulls last (Presto).
  std::stable_sort(out.begin(), out.end(), [](const Value& x, const Value& y) {
    if (x.is_nullish() != y.is_nullish()) {
      return y.is_nullish();
    }
    return x.Compare(y) < 0;
  });
  return Value::MakeArray(std::move(out));
}

template <FnName kName, bool kMax>
Result<Value> ArrayExtreme(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg(kName.view(), args, 0));
  BASALT_RETURN_IF_ERROR(CheckOrderable(kName.view(), *a));
  const Value* best = nullptr;
  for (const Value& v : *a) {
    if (v.is_nullish()) {
      return Value::Null();
    }
    if (best == nullptr || (kMax ? v.Compare(*best) > 0 : v.Compare(*best) < 0)) {
      best = &v;
    }
  }
  return best == nullptr ? Value::Null() : *best;
}

enum class SetOp : uint8_t { kIntersect, kUnion, kExcept };

template <FnName kName, SetOp kOp>
Result<Value> ArraySetOp(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(const Array* b, ArrayArg(kName.view(), args, 1));
  ValueSet other(b->begin(), b->end());
  ValueSet seen;
  Array out;
  for (const Value& v : *a) {
    bool keep = kOp == SetOp::kUnion || (kOp == SetOp::kIntersect) == (other.count(v) > 0);
    if (keep && seen.insert(v).second) {
      out.push_back(v);
    }
  }
  if (kOp == SetOp::kUnion) {
    for (const Value& v : *b) {
      if (seen.insert(v).second) {
        out.push_back(v);
      }
    }
  }
  return Value::MakeArray(std::move(out));
}

// true when a non-null element is shared; else null if either array has a null; else false.
Result<Value> ArraysOverlap(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ARRAYS_OVERLAP", args, 0));
  BASALT_ASSIGN_OR_RETURN(const Array* b, ArrayArg("ARRAYS_OVERLAP", args, 1));
  ValueSet other;
  bool has_null = false;
  for (const Value& v : *b) {
    if (v.is_nullish()) {
      has_null = true;
    } else {
      other.insert(v);
    }
  }
  for (const Value& v : *a) {
    if (v.is_nullish()) {
      has_null = true;
    } else if (other.count(v) > 0) {
      return Value::Bool(true);
    }
  }
  return has_null ? Value::Null() : Value::Bool(false);
}

Result<Value> ArrayShuffle(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ARRAY_SHUFFLE", args, 0));
  thread_local std::mt19937_64 engine{std::random_device{}()};
  Array out = *a;
  std::shuffle(out.begin(), out.end(), engine);
  return Value::MakeArray(std::move(out));
}

// SEQUENCE(start, stop[, step]) over ints, or dates/datetimes/timestamps with an interval
// step (default: 1 or -1, one day for dates).
Result<Value> Sequence(const Args& args, const FunctionContext&) {
  const Value& start = args[0];
  const Value& stop = args[1];
  if (start.type() == ValueType::kInt) {
    BASALT_ASSIGN_OR_RETURN(int64_t from, IntArg("SEQUENCE", args, 0));
    BASALT_ASSIGN_OR_RETURN(int64_t to, IntArg("SEQUENCE", args, 1));
    int64_t step = to >= from ? 1 : -1;
    if (args.size() > 2) {
      BASALT_ASSIGN_OR_RETURN(step, IntArg("SEQUENCE", args, 2));
    }
    if (step == 0 || (to > from && step < 0) || (to < from && step > 0)) {
      return FunctionError("SEQUENCE", "step must move from start toward stop");
    }
    __int128 count = (__int128(to) - from) / step + 1;
    if (count > kMaxSequence) {
      return FunctionError("SEQUENCE", "result has too many elements");
    }
    Array out;
    out.reserve(size_t(count));
    for (__int128 v = from; step > 0 ? v <= to : v >= to; v += step) {
      out.push_back(Value::Int(int64_t(v)));
    }
    return Value::MakeArray(std::move(out));
  }
  bool temporal = start.type() == ValueType::kDate || start.type() == ValueType::kDatetime ||
                  start.type() == ValueType::kTimestamp;
  if (!temporal) {
    return ArgumentTypeError("SEQUENCE", 1, start, "an int, date, datetime or timestamp");
  }
  if (stop.type() != start.type()) {
    return ArgumentTypeError("SEQUENCE", 2, stop, ValueTypeName(start.type()));
  }
  Value step =
      start.type() == ValueType::kDate ? Value::MicrosecondInterval(86400000000LL) : Value::Null();
  if (args.size() > 2) {
    step = args[2];
  }
  if (step.type() != ValueType::kMicrosecondInterval && step.type() != ValueType::kMonthInterval) {
    return ArgumentTypeError("SEQUENCE", 3, step, "an interval");
  }
  if (step.int_value() == 0) {
    return FunctionError("SEQUENCE", "step must not be zero");
  }
  bool ascending = start.Compare(stop) <= 0;
  if (ascending != (step.int_value() > 0) && start.Compare(stop) != 0) {
    return FunctionError("SEQUENCE", "step must move from start toward stop");
  }
  Array out;
  Value current = start;
  while (ascending ? current.Compare(stop) <= 0 : current.Compare(stop) >= 0) {
    if (int64_t(out.size()) >= kMaxSequence) {
      return FunctionError("SEQUENCE", "result has too many elements");
    }
    out.push_back(current);
    BASALT_ASSIGN_OR_RETURN(current, Add(current, step));
  }
  return Value::MakeArray(std::move(out));
}

// ZIP(entries): object from [key, value] pairs. ZIP(a1, a2, ...): array of tuples, shorter
// arrays padded with null.
Result<Value> Zip(const Args& args, const FunctionContext&) {
  if (args.size() == 1) {
    BASALT_ASSIGN_OR_RETURN(const Array* entries, ArrayArg("ZIP", args, 0));
    Value out = Value::EmptyObject();
    for (const Value& entry : *entries) {
      if (!entry.is_array() || entry.array().size() != 2 || !entry.array()[0].is_string()) {
        return FunctionError("ZIP", "entries must be [key, value] pairs with string keys");
      }
      if (!entry.array()[1].is_undefined()) {
        out.Set(entry.array()[0].string_value(), entry.array()[1]);
      }
    }
    return out;
  }
  size_t longest = 0;
  for (size_t idx = 0; idx < args.size(); ++idx) {
    BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg("ZIP", args, idx));
    longest = std::max(longest, a->size());
  }
  Array out;
  out.reserve(longest);
  for (size_t row = 0; row < longest; ++row) {
    Array tuple;
    for (const Value& a : args) {
      tuple.push_back(row < a.array().size() ? a.array()[row] : Value::Null());
    }
    out.push_back(Value::MakeArray(std::move(tuple)));
  }
  return Value::MakeArray(std::move(out));
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example,
                bool deterministic = true) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .kernel = kernel,
          .deterministic = deterministic,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef ArraySortFunction() {
  return Def("ARRAY_SORT", 1, 1, ArraySort, "ARRAY_SORT(a) -> array",
             "The elements in ascending order, nulls last.", "ARRAY_SORT([3, 1, 2]) = [1, 2, 3]");
}
FunctionDef ArrayMaxFunction() {
  return Def("ARRAY_MAX", 1, 1, ArrayExtreme<"ARRAY_MAX", true>, "ARRAY_MAX(a) -> any",
             "Largest element; null if the array is empty or has a null element.",
             "ARRAY_MAX([1, 3, 2]) = 3");
}
FunctionDef ArrayMinFunction() {
  return Def("ARRAY_MIN", 1, 1, ArrayExtreme<"ARRAY_MIN", false>, "ARRAY_MIN(a) -> any",
             "Smallest element; null if the array is empty or has a null element.",
             "ARRAY_MIN([2, 1, 3]) = 1");
}
FunctionDef ArrayIntersectFunction() {
  return Def("ARRAY_INTERSECT", 2, 2, ArraySetOp<"ARRAY_INTERSECT", SetOp::kIntersect>,
             "ARRAY_INTERSECT(a, b) -> array",
             "Distinct elements of a that are also in b, in a's order.",
             "ARRAY_INTERSECT([1, 2, 2, 3], [2, 3, 4]) = [2, 3]");
}
FunctionDef ArrayUnionFunction() {
  return Def("ARRAY_UNION", 2, 2, ArraySetOp<"ARRAY_UNION", SetOp::kUnion>,
             "ARRAY_UNION(a, b) -> array", "Distinct elements of a then b.",
             "ARRAY_UNION([1, 2], [2, 3]) = [1, 2, 3]");
}
FunctionDef ArrayExceptFunction() {
  return Def("ARRAY_EXCEPT", 2, 2, ArraySetOp<"ARRAY_EXCEPT", SetOp::kExcept>,
             "ARRAY_EXCEPT(a, b) -> array", "Distinct elements of a that are not in b.",
             "ARRAY_EXCEPT([1, 2, 3], [2]) = [1, 3]");
}
FunctionDef ArraysOverlapFunction() {
  return Def("ARRAYS_OVERLAP", 2, 2, ArraysOverlap, "ARRAYS_OVERLAP(a, b) -> bool",
             "Whether a and b share a non-null element (null when they do not but contain "
             "nulls).",
             "ARRAYS_OVERLAP([1, 2], [2, 3]) AND NOT ARRAYS_OVERLAP([1], [2])");
}
FunctionDef ArrayShuffleFunction() {
  return Def("ARRAY_SHUFFLE", 1, 1, ArrayShuffle, "ARRAY_SHUFFLE(a) -> array",
             "The elements in random order.", "LENGTH(ARRAY_SHUFFLE([1, 2, 3])) = 3", false);
}
FunctionDef SequenceFunction() {
  return Def("SEQUENCE", 2, 3, Sequence, "SEQUENCE(start, stop[, step]) -> array",
             "Ints (or dates/datetimes/timestamps with an interval step) from start to stop "
             "inclusive.",
             "SEQUENCE(1, 5, 2) = [1, 3, 5] AND SEQUENCE(3, 1) = [3, 2, 1]");
}
FunctionDef ZipFunction() {
  return Def("ZIP", 1, -1, Zip, "ZIP(entries) -> object | ZIP(a1, a2, ...) -> array",
             "With one argument, an object from an array of [key, value] pairs; with several "
             "arrays, an array of element tuples (shorter arrays padded with null).",
             "ZIP([['a', 1], ['b', 2]]) = {'a': 1, 'b': 2} AND "
             "ZIP([1, 2], ['x', 'y']) = [[1, 'x'], [2, 'y']]");
}

}  // namespace basalt::sql
