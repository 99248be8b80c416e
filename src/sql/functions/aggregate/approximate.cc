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
    AddHash(HashInt(0x5DEECE66DULL, args[0].Hash()));
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

  // {"p": precision, "fixed": whether an error bound set it, and "exact": [hash as int, ...]
  // while counting exactly, else "registers": bytes}. Merging gives the same hashes, hence
  // the same exact set or the same registers (max per register), as reading every row.
  Result<Value> SaveState() const override {
    Object fields;
    fields.emplace_back("p", Value::Int(precision_));
    fields.emplace_back("fixed", Value::Bool(precision_set_));
    if (registers_.empty()) {
      Array hashes;
      hashes.reserve(exact_.size());
      for (uint64_t h : exact_) {
        hashes.push_back(Value::Int(static_cast<int64_t>(h)));
      }
      std::sort(hashes.begin(), hashes.end(),
                [](const Value& a, const Value& b) { return a.int_value() < b.int_value(); });
      fields.emplace_back("exact", Value::MakeArray(std::move(hashes)));
    } else {
      fields.emplace_back(
          "registers", Value::Bytes(std::string_view(
                           reinterpret_cast<const char*>(registers_.data()), registers_.size())));
    }
    return Value::MakeObject(std::move(fields));
  }

  Status MergeState(const Value& saved) override {
    const Value& p = saved.Get("p");
    const Value& exact = saved.Get("exact");
    const Value& registers = saved.Get("registers");
    if (p.type() != ValueType::kInt || p.int_value() < 4 || p.int_value() > 16 ||
        (!exact.is_array() && registers.type() != ValueType::kBytes)) {
      return Corruption("saved state of APPROX_DISTINCT has the wrong shape");
    }
    if (saved.Get("fixed").type() == ValueType::kBool && saved.Get("fixed").bool_value() &&
        !precision_set_) {
      if (!registers_.empty() && precision_ != int(p.int_value())) {
        return Corruption("APPROX_DISTINCT states with different precisions");
      }
      precision_ = int(p.int_value());
      precision_set_ = true;
    }
    if (exact.is_array()) {
      for (const Value& h : exact.array()) {
        if (h.type() != ValueType::kInt) {
          return Corruption("saved state of APPROX_DISTINCT has the wrong shape");
        }
        AddHash(static_cast<uint64_t>(h.int_value()));
      }
      return Status::Ok();
    }
    std::string_view bytes = registers.string_value();
    if (int(p.int_value()) != precision_ || bytes.size() != (size_t(1) << precision_)) {
      return Corruption("APPROX_DISTINCT states with different precisions");
    }
    if (registers_.empty()) {
      registers_.assign(size_t(1) << precision_, 0);
      for (uint64_t e : exact_) {
        Add(e);
      }
      exact_.clear();
    }
    for (size_t idx = 0; idx < bytes.size(); ++idx) {
      registers_[idx] = std::max(registers_[idx], uint8_t(bytes[idx]));
    }
    return Status::Ok();
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

  // Counts one hashed value: exactly while there are few, then in the registers.
  void AddHash(uint64_t h) {
    if (registers_.empty()) {
      exact_.insert(h);
      if (exact_.size() > kExactLimit) {
        registers_.assign(size_t(1) << precision_, 0);
        for (uint64_t e : exact_) {
          Add(e);
        }
        exact_.clear();
      }
      return;
    }
    Add(h);
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
