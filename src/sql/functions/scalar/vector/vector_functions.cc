// VECTOR_ENFORCE, VECTOR_ADD/SUBTRACT/MULTIPLY/DIVIDE, DOT_PRODUCT, COSINE_SIMILARITY,
// EUCLIDEAN_DISTANCE, L1_NORM, L2_NORM (sql.md §9.14). Vectors are arrays of int/float;
// element-wise operations need equal lengths, and mixing int and float yields floats.
#include <cmath>

#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

Result<const Array*> VectorArg(std::string_view fn, const Args& args, size_t index) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, ArrayArg(fn, args, index));
  for (const Value& element : *a) {
    if (!element.is_number()) {
      return ArgumentTypeError(fn, int(index + 1), element, "an array of numbers (element)");
    }
  }
  return a;
}

Result<Value> VectorEnforce(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t length, IntArg("VECTOR_ENFORCE", args, 1));
  BASALT_ASSIGN_OR_RETURN(std::string_view type_name, StringArg("VECTOR_ENFORCE", args, 2));
  std::string type = AsciiLower(type_name);
  ValueType wanted;
  if (type == "int") {
    wanted = ValueType::kInt;
  } else if (type == "float") {
    wanted = ValueType::kFloat;
  } else {
    return FunctionError("VECTOR_ENFORCE", "type must be 'int' or 'float'");
  }
  const Value& v = args[0];
  if (!v.is_array() || int64_t(v.array().size()) != length) {
    return Value::Null();
  }
  for (const Value& element : v.array()) {
    if (element.type() != wanted) {
      return Value::Null();
    }
  }
  return v;
}

using ElementOp = Result<Value> (*)(const Value&, const Value&);

// a ∘ x for a vector a and a number or vector x.
template <FnName kName, ElementOp kOp>
Result<Value> ElementWise(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, VectorArg(kName.view(), args, 0));
  Array out;
  out.reserve(a->size());
  if (args[1].is_number()) {
    for (const Value& element : *a) {
      BASALT_ASSIGN_OR_RETURN(Value r, kOp(element, args[1]));
      out.push_back(std::move(r));
    }
    return Value::MakeArray(std::move(out));
  }
  if (!args[1].is_array()) {
    return ArgumentTypeError(kName.view(), 2, args[1], "a number or an array");
  }
  BASALT_ASSIGN_OR_RETURN(const Array* b, VectorArg(kName.view(), args, 1));
  if (a->size() != b->size()) {
    return FunctionError(kName.view(), "vectors have different lengths (" +
                                           std::to_string(a->size()) + " and " +
                                           std::to_string(b->size()) + ")");
  }
  for (size_t idx = 0; idx < a->size(); ++idx) {
    BASALT_ASSIGN_OR_RETURN(Value r, kOp((*a)[idx], (*b)[idx]));
    out.push_back(std::move(r));
  }
  return Value::MakeArray(std::move(out));
}

Result<std::pair<const Array*, const Array*>> VectorPair(std::string_view fn, const Args& args) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, VectorArg(fn, args, 0));
  BASALT_ASSIGN_OR_RETURN(const Array* b, VectorArg(fn, args, 1));
  if (a->size() != b->size()) {
    return FunctionError(fn, "vectors have different lengths (" + std::to_string(a->size()) +
                                 " and " + std::to_string(b->size()) + ")");
  }
  return std::make_pair(a, b);
}

enum class Metric : uint8_t { kDot, kCosine, kEuclidean };

template <FnName kName, Metric kMetric>
Result<Value> Distance(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(auto pair, VectorPair(kName.view(), args));
  const Array& a = *pair.first;
  const Array& b = *pair.second;
  double dot = 0, norm_a = 0, norm_b = 0, squared = 0;
  for (size_t idx = 0; idx < a.size(); ++idx) {
    double x = a[idx].AsDouble(), y = b[idx].AsDouble();
    dot += x * y;
    norm_a += x * x;
    norm_b += y * y;
    squared += (x - y) * (x - y);
  }
  switch (kMetric) {
    case Metric::kDot:
      return Value::Float(dot);
    case Metric::kEuclidean:
      return Value::Float(std::sqrt(squared));
    case Metric::kCosine:
      // Undefined for a zero vector: null.
      if (norm_a == 0 || norm_b == 0) {
        return Value::Null();
      }
      return Value::Float(dot / (std::sqrt(norm_a) * std::sqrt(norm_b)));
  }
  return Value::Null();
}

template <FnName kName, bool kL2>
Result<Value> Norm(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(const Array* a, VectorArg(kName.view(), args, 0));
  double total = 0;
  for (const Value& element : *a) {
    double x = element.AsDouble();
    total += kL2 ? x * x : std::fabs(x);
  }
  return Value::Float(kL2 ? std::sqrt(total) : total);
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

FunctionDef VectorEnforceFunction() {
  return Def("VECTOR_ENFORCE", 3, 3, VectorEnforce,
             "VECTOR_ENFORCE(a, len, 'int'|'float') -> array",
             "a when it has exactly len elements all of the given type, else null.",
             "VECTOR_ENFORCE([1, 2, 3], 3, 'int') = [1, 2, 3] AND "
             "VECTOR_ENFORCE([1, 2, 3], 3, 'float') IS NULL");
}
FunctionDef VectorAddFunction() {
  return Def("VECTOR_ADD", 2, 2, ElementWise<"VECTOR_ADD", Add>, "VECTOR_ADD(a, x) -> array",
             "Element-wise sum of a vector and a number or an equally long vector.",
             "VECTOR_ADD([1, 2, 3, 4], 4) = [5, 6, 7, 8] AND VECTOR_ADD([1, 2], [3, 4]) = [4, 6]");
}
FunctionDef VectorSubtractFunction() {
  return Def("VECTOR_SUBTRACT", 2, 2, ElementWise<"VECTOR_SUBTRACT", Subtract>,
             "VECTOR_SUBTRACT(a, x) -> array",
             "Element-wise difference of a vector and a number or an equally long vector.",
             "VECTOR_SUBTRACT([5, 6], [1, 2]) = [4, 4]");
}
FunctionDef VectorMultiplyFunction() {
  return Def("VECTOR_MULTIPLY", 2, 2, ElementWise<"VECTOR_MULTIPLY", Multiply>,
             "VECTOR_MULTIPLY(a, x) -> array",
             "Element-wise product of a vector and a number or an equally long vector.",
             "VECTOR_MULTIPLY([1, 2], 2.5) = [2.5, 5.0]");
}
FunctionDef VectorDivideFunction() {
  return Def("VECTOR_DIVIDE", 2, 2, ElementWise<"VECTOR_DIVIDE", Divide>,
             "VECTOR_DIVIDE(a, x) -> array",
             "Element-wise quotient (int / int truncates, like `/`) of a vector and a number or "
             "an equally long vector.",
             "VECTOR_DIVIDE([3.0, 5.0], 2) = [1.5, 2.5]");
}
FunctionDef DotProductFunction() {
  return Def("DOT_PRODUCT", 2, 2, Distance<"DOT_PRODUCT", Metric::kDot>,
             "DOT_PRODUCT(a, b) -> float", "Σ aᵢbᵢ.", "DOT_PRODUCT([1, 2], [3, 4]) = 11.0");
}
FunctionDef CosineSimilarityFunction() {
  return Def(
      "COSINE_SIMILARITY", 2, 2, Distance<"COSINE_SIMILARITY", Metric::kCosine>,
      "COSINE_SIMILARITY(a, b) -> float", "a·b / (‖a‖‖b‖); null when either vector is zero.",
      "COSINE_SIMILARITY([1, 0], [0, 3]) = 0.0 AND COSINE_SIMILARITY([1, 1], [2, 2]) > 0.99");
}
FunctionDef EuclideanDistanceFunction() {
  return Def("EUCLIDEAN_DISTANCE", 2, 2, Distance<"EUCLIDEAN_DISTANCE", Metric::kEuclidean>,
             "EUCLIDEAN_DISTANCE(a, b) -> float", "‖a − b‖.",
             "EUCLIDEAN_DISTANCE([0, 0], [3, 4]) = 5.0");
}
// Rockset's short names for the same metrics (its vector search guides use them).
FunctionDef CosineSimFunction() {
  return Def("COSINE_SIM", 2, 2, Distance<"COSINE_SIM", Metric::kCosine>,
             "COSINE_SIM(a, b) -> float", "Same as COSINE_SIMILARITY(a, b).",
             "COSINE_SIM([1, 0], [0, 3]) = 0.0 AND COSINE_SIM([1, 1], [2, 2]) > 0.99");
}
FunctionDef EuclideanDistFunction() {
  return Def("EUCLIDEAN_DIST", 2, 2, Distance<"EUCLIDEAN_DIST", Metric::kEuclidean>,
             "EUCLIDEAN_DIST(a, b) -> float", "Same as EUCLIDEAN_DISTANCE(a, b).",
             "EUCLIDEAN_DIST([0, 0], [3, 4]) = 5.0");
}
// Rockset answers these from a similarity (ANN) index. Basalt has no such index yet, so they
// compute the exact value: results are what an ANN search with perfect recall would give.
FunctionDef ApproxDotProductFunction() {
  return Def("APPROX_DOT_PRODUCT", 2, 2, Distance<"APPROX_DOT_PRODUCT", Metric::kDot>,
             "APPROX_DOT_PRODUCT(a, b) -> float",
             "Σ aᵢbᵢ, for ORDER BY ... LIMIT k nearest-neighbour queries; computed exactly "
             "(no similarity index yet).",
             "APPROX_DOT_PRODUCT([1, 2], [3, 4]) = 11.0");
}
FunctionDef ApproxEuclideanDistFunction() {
  return Def("APPROX_EUCLIDEAN_DIST", 2, 2, Distance<"APPROX_EUCLIDEAN_DIST", Metric::kEuclidean>,
             "APPROX_EUCLIDEAN_DIST(a, b) -> float",
             "‖a − b‖, for ORDER BY ... LIMIT k nearest-neighbour queries; computed exactly "
             "(no similarity index yet).",
             "APPROX_EUCLIDEAN_DIST([0, 0], [3, 4]) = 5.0");
}
FunctionDef L1NormFunction() {
  return Def("L1_NORM", 1, 1, Norm<"L1_NORM", false>, "L1_NORM(a) -> float", "Σ |aᵢ|.",
             "L1_NORM([3, -4]) = 7.0");
}
FunctionDef L2NormFunction() {
  return Def("L2_NORM", 1, 1, Norm<"L2_NORM", true>, "L2_NORM(a) -> float", "‖a‖ = sqrt(Σ aᵢ²).",
             "L2_NORM([3, -4]) = 5.0");
}

}  // namespace basalt::sql
