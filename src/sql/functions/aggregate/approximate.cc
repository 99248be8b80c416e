// APPROX_DISTINCT (HyperLogLog; exact below a few thousand distinct values) and
// APPROX_PERCENTILE (sql.md §9.10).
#include <algorithm>
#include <bit>
#include <cmath>
#include <unordered_set>

#include "common/hash.h"
#include "sql/functions/aggregate/percentile_state.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

// Distinct 64-bit hashes are counted exactly up to this many, then by HyperLogLog.
constexpr size_t kExactLimit = 4096;

class ApproxDistinctState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (args.size() > 1) {
      BASALT_RETURN_IF_ERROR(SetPrecision(args[1]));
    }
    uint64_t h = HashInt(0x5DEECE66DULL, args[0].Hash());
    if (registers_.empty()) {
      exact_.insert(h);
      if (exact_.size() > kExactLimit) {
        registers_.assign(size_t(1) << precision_, 0);
        for (uint64_t e : exact_) {
          Add(e);
        }
        exact_.clear();
      }
      return Status::Ok();
    }
    Add(h);
    return Status::Ok();
  }

  Result<Value> Finalize() const override {
    if (registers_.empty()) {
      return Value::Int(int64_t(exact_.size()));
    }
    double m = double(registers_.size());
    double sum = 0;
    int zeros = 0;
    for (uint8_t r : registers_) {
      sum += std::ldexp(1.0, -r);
      zeros += r == 0;
    }
    double alpha = 0.7213 / (1 + 1.079 / m);
    double estimate = alpha * m * m / sum;
    if (estimate <= 2.5 * m && zeros > 0) {
      estimate = m * std::log(m / double(zeros));
    }
    return Value::Int(int64_t(std::llround(estimate)));
  }

 private:
  // The optional maximum standard error e picks the number of registers: 1.04/sqrt(m) <= e.
  Status SetPrecision(const Value& error) {
    if (precision_set_) {
      return Status::Ok();
    }
    if (!error.is_number()) {
      return ArgumentTypeError("APPROX_DISTINCT", 2, error, "a number");
    }
    double e = error.AsDouble();
    if (!(e >= 0.0040625 && e <= 0.26)) {
      return FunctionError("APPROX_DISTINCT", "max standard error must be in [0.0040625, 0.26]");
    }
    precision_ = std::clamp(int(std::ceil(std::log2(1.04 * 1.04 / (e * e)))), 4, 16);
    precision_set_ = true;
    return Status::Ok();
  }

  void Add(uint64_t h) {
    size_t index = size_t(h >> (64 - precision_));
    uint64_t rest = (h << precision_) | (uint64_t(1) << (precision_ - 1));
    auto rank = uint8_t(std::countl_zero(rest) + 1);
    registers_[index] = std::max(registers_[index], rank);
  }

  int precision_ = 11;  // standard error about 2.3%, Presto's default
  bool precision_set_ = false;
  std::unordered_set<uint64_t> exact_;
  std::vector<uint8_t> registers_;
};

template <typename State>
std::unique_ptr<AggregateState> Make() {
  return std::make_unique<State>();
}

}  // namespace

AggregateDef ApproxDistinctAggregate() {
  return {.name = "APPROX_DISTINCT",
          .min_args = 1,
          .max_args = 2,
          .create = Make<ApproxDistinctState>,
          .signature = "APPROX_DISTINCT(x[, max_standard_error]) -> int",
          .doc =
              "Estimated number of distinct non-null values (HyperLogLog; exact for small "
              "counts). The optional error bound defaults to 0.023.",
          .example = "APPROX_DISTINCT('a') = 1"};
}

AggregateDef ApproxPercentileAggregate() {
  return {.name = "APPROX_PERCENTILE",
          .min_args = 2,
          .max_args = 2,
          .create = []() -> std::unique_ptr<AggregateState> {
            return std::make_unique<NearestRankPercentileState>("APPROX_PERCENTILE");
          },
          .signature = "APPROX_PERCENTILE(x, p | [p, ...]) -> number | array",
          .doc =
              "The value at percentile p (in [0, 1]) of the non-null inputs, or an array for "
              "an array of percentiles.",
          .example = "APPROX_PERCENTILE(5, 0.5) = 5"};
}

}  // namespace basalt::sql
