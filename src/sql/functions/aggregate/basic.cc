// COUNT, SUM, AVG, MIN, MAX, ARRAY_AGG.
#include <cmath>

#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"

namespace basalt::sql {
namespace {

Status BadSavedState(std::string_view aggregate) {
  return Corruption("saved state of " + std::string(aggregate) + " has the wrong shape");
}

class CountState : public AggregateState {
 public:
  Status Update(const std::vector<Value>&) override {
    ++count_;
    return Status::Ok();
  }
  Result<Value> Finalize() const override { return Value::Int(count_); }
  Result<Value> SaveState() const override { return Value::Int(count_); }
  Status MergeState(const Value& saved) override {
    if (saved.type() != ValueType::kInt) {
      return BadSavedState("COUNT");
    }
    count_ += saved.int_value();
    return Status::Ok();
  }

 private:
  int64_t count_ = 0;
};

// SUM: int while every input is an int and the sum fits, else float.
class SumState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    const Value& v = args[0];
    if (!v.is_number()) {
      return ArgumentTypeError("SUM", 1, v, "a number");
    }
    seen_ = true;
    if (v.type() == ValueType::kInt && !is_float_) {
      int64_t out;
      if (!__builtin_add_overflow(int_sum_, v.int_value(), &out)) {
        int_sum_ = out;
        return Status::Ok();
      }
      return FunctionError("SUM", "integer overflow");
    }
    if (!is_float_) {
      is_float_ = true;
      float_sum_ = double(int_sum_);
    }
    float_sum_ += v.AsDouble();
    return Status::Ok();
  }
  Result<Value> Finalize() const override {
    if (!seen_) {
      return Value::Null();
    }
    return is_float_ ? Value::Float(float_sum_) : Value::Int(int_sum_);
  }
  // The saved state is the sum itself (null: no input yet); merging adds it as one input.
  Result<Value> SaveState() const override { return Finalize(); }
  Status MergeState(const Value& saved) override {
    if (saved.is_null()) {
      return Status::Ok();
    }
    if (!saved.is_number()) {
      return BadSavedState("SUM");
    }
    return Update({saved});
  }

 private:
  bool seen_ = false;
  bool is_float_ = false;
  int64_t int_sum_ = 0;
  double float_sum_ = 0;
};

class AvgState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (!args[0].is_number()) {
      return ArgumentTypeError("AVG", 1, args[0], "a number");
    }
    sum_ += args[0].AsDouble();
    ++count_;
    return Status::Ok();
  }
  Result<Value> Finalize() const override {
    if (count_ == 0) {
      return Value::Null();
    }
    return Value::Float(sum_ / double(count_));
  }
  // [sum, count]
  Result<Value> SaveState() const override {
    return Value::MakeArray({Value::Float(sum_), Value::Int(count_)});
  }
  Status MergeState(const Value& saved) override {
    if (!saved.is_array() || saved.array().size() != 2 || !saved.array()[0].is_number() ||
        saved.array()[1].type() != ValueType::kInt) {
      return BadSavedState("AVG");
    }
    sum_ += saved.array()[0].AsDouble();
    count_ += saved.array()[1].int_value();
    return Status::Ok();
  }

 private:
  double sum_ = 0;
  int64_t count_ = 0;
};

// MIN/MAX over the total order of sql.md §4.1.
template <bool kMax>
class ExtremeState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (best_.is_undefined()) {
      best_ = args[0];
    } else {
      int c = args[0].Compare(best_);
      if (kMax ? c > 0 : c < 0) {
        best_ = args[0];
      }
    }
    return Status::Ok();
  }
  Result<Value> Finalize() const override { return best_.is_undefined() ? Value::Null() : best_; }
  // The saved state is the extreme itself (null: no input yet; inputs are never null).
  Result<Value> SaveState() const override { return Finalize(); }
  Status MergeState(const Value& saved) override {
    if (saved.is_nullish()) {
      return Status::Ok();
    }
    return Update({saved});
  }

 private:
  Value best_;
};

class ArrayAggState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    values_.push_back(args[0].is_undefined() ? Value::Null() : args[0]);
    return Status::Ok();
  }
  Result<Value> Finalize() const override {
    if (values_.empty()) {
      return Value::Null();
    }
    return Value::MakeArray(values_);
  }

 private:
  Array values_;
};

template <typename State>
std::unique_ptr<AggregateState> Make() {
  return std::make_unique<State>();
}

}  // namespace

AggregateDef CountAggregate() {
  return {.name = "COUNT",
          .min_args = 0,
          .max_args = 1,
          .skip_nulls = true,
          .create = Make<CountState>,
          .signature = "COUNT(*) | COUNT(x) -> int",
          .doc = "Number of rows (COUNT(*)) or of rows where x is neither null nor undefined.",
          .example = "COUNT(*) = 1 AND COUNT(NULL) = 0"};
}

AggregateDef SumAggregate() {
  return {.name = "SUM",
          .create = Make<SumState>,
          .signature = "SUM(x) -> int | float",
          .doc = "Sum of the non-null values; null when there are none.",
          .example = "SUM(2) = 2"};
}

AggregateDef AvgAggregate() {
  return {.name = "AVG",
          .create = Make<AvgState>,
          .signature = "AVG(x) -> float",
          .doc = "Mean of the non-null values; null when there are none.",
          .example = "AVG(4) = 4.0"};
}

AggregateDef MinAggregate() {
  return {.name = "MIN",
          .create = Make<ExtremeState<false>>,
          .signature = "MIN(x) -> any",
          .doc = "Smallest non-null value in the total order of types.",
          .example = "MIN('a') = 'a'"};
}

AggregateDef MaxAggregate() {
  return {.name = "MAX",
          .create = Make<ExtremeState<true>>,
          .signature = "MAX(x) -> any",
          .doc = "Largest non-null value in the total order of types.",
          .example = "MAX(3) = 3"};
}

AggregateDef ArrayAggAggregate() {
  return {.name = "ARRAY_AGG",
          .skip_nulls = false,
          .create = Make<ArrayAggState>,
          .signature = "ARRAY_AGG(x) -> array",
          .doc = "The values (nulls included) as an array, in input order or the ORDER BY given.",
          .example = "ARRAY_AGG(1) = [1]"};
}

}  // namespace basalt::sql
