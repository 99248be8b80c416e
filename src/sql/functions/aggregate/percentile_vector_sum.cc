// PERCENTILE (exact nearest-rank) and VECTOR_SUM (element-wise sum) aggregates (sql.md §9.10,
// §9.14; both unv).
#include <algorithm>
#include <cmath>
#include <string>

#include "sql/executor/value_ops.h"
#include "sql/functions/aggregate/percentile_state.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

class VectorSumState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    const Value& v = args[0];
    if (!v.is_array()) {
      return ArgumentTypeError("VECTOR_SUM", 1, v, "an array of numbers");
    }
    const Array& a = v.array();
    for (const Value& element : a) {
      if (!element.is_number()) {
        return ArgumentTypeError("VECTOR_SUM", 1, element, "an array of numbers (element)");
      }
    }
    if (!started_) {
      sum_ = a;
      started_ = true;
      return Status::Ok();
    }
    if (a.size() != sum_.size()) {
      return FunctionError("VECTOR_SUM", "vectors have different lengths (" +
                                             std::to_string(sum_.size()) + " and " +
                                             std::to_string(a.size()) + ")");
    }
    for (size_t idx = 0; idx < a.size(); ++idx) {
      BASALT_ASSIGN_OR_RETURN(sum_[idx], Add(sum_[idx], a[idx]));
    }
    return Status::Ok();
  }

  Result<Value> Finalize() const override {
    if (!started_) {
      return Value::Null();
    }
    return Value::MakeArray(sum_);
  }
  // The saved state is the sum vector (null: no input yet); merging adds it as one input.
  Result<Value> SaveState() const override { return Finalize(); }
  Status MergeState(const Value& saved) override {
    return saved.is_null() ? Status::Ok() : Update({saved});
  }

 private:
  bool started_ = false;
  Array sum_;
};

template <typename State>
std::unique_ptr<AggregateState> Make() {
  return std::make_unique<State>();
}

}  // namespace

AggregateDef PercentileAggregate() {
  return {.name = "PERCENTILE",
          .min_args = 2,
          .max_args = 2,
          .create = []() -> std::unique_ptr<AggregateState> {
            return std::make_unique<NearestRankPercentileState>("PERCENTILE");
          },
          .signature = "PERCENTILE(x, p | [p, ...]) -> number | array",
          .doc =
              "The exact value at percentile p (in [0, 1]) of the non-null numeric inputs: the "
              "input at rank round(p * (n - 1)) in ascending order (same as APPROX_PERCENTILE, "
              "which is exact here), or an array for an array of percentiles. Unverified name; "
              "divergence: no interpolation (unlike Presto's approx_percentile sketches and "
              "SQL PERCENTILE_CONT).",
          .example = "PERCENTILE(5, 0.5) = 5"};
}

AggregateDef VectorSumAggregate() {
  return {.name = "VECTOR_SUM",
          .min_args = 1,
          .max_args = 1,
          .create = Make<VectorSumState>,
          .signature = "VECTOR_SUM(a) -> array",
          .doc =
              "Element-wise sum of the non-null input vectors (arrays of numbers, all of one "
              "length; a different length is an error). Ints stay int (overflow is an error), "
              "mixing in a float gives floats; null when no rows. Unverified name: by analogy "
              "with VECTOR_ADD.",
          .example = "VECTOR_SUM([1, 2]) = [1, 2]"};
}

}  // namespace basalt::sql
