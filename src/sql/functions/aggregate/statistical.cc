// STDDEV/STDDEV_SAMP, STDDEV_POP, VARIANCE/VAR_SAMP, VAR_POP, GEOMETRIC_MEAN, CORR,
// COVAR_SAMP, COVAR_POP (sql.md §9.10). Float results; null without enough inputs (one for
// the population forms, two for the sample forms).
#include <cmath>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

enum class Moment : uint8_t { kStddevSamp, kStddevPop, kVarSamp, kVarPop };

// Welford's online mean and variance.
template <FnName kName, Moment kMoment>
class VarianceState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (!args[0].is_number()) {
      return ArgumentTypeError(kName.view(), 1, args[0], "a number");
    }
    double x = args[0].AsDouble();
    ++count_;
    double delta = x - mean_;
    mean_ += delta / double(count_);
    m2_ += delta * (x - mean_);
    return Status::Ok();
  }
  Result<Value> Finalize() const override {
    bool sample = kMoment == Moment::kStddevSamp || kMoment == Moment::kVarSamp;
    if (count_ < (sample ? 2 : 1)) {
      return Value::Null();
    }
    double variance = m2_ / double(sample ? count_ - 1 : count_);
    bool stddev = kMoment == Moment::kStddevSamp || kMoment == Moment::kStddevPop;
    return Value::Float(stddev ? std::sqrt(variance) : variance);
  }
  // [count, mean, m2]; merged with Chan et al.'s pairwise update.
  Result<Value> SaveState() const override {
    return Value::MakeArray({Value::Int(count_), Value::Float(mean_), Value::Float(m2_)});
  }
  Status MergeState(const Value& saved) override {
    if (!saved.is_array() || saved.array().size() != 3 ||
        saved.array()[0].type() != ValueType::kInt || !saved.array()[1].is_number() ||
        !saved.array()[2].is_number()) {
      return Corruption("saved state of " + std::string(kName.view()) + " has the wrong shape");
    }
    int64_t count = saved.array()[0].int_value();
    if (count == 0) {
      return Status::Ok();
    }
    double mean = saved.array()[1].AsDouble();
    double m2 = saved.array()[2].AsDouble();
    int64_t total = count_ + count;
    double delta = mean - mean_;
    mean_ += delta * double(count) / double(total);
    m2_ += m2 + delta * delta * double(count_) * double(count) / double(total);
    count_ = total;
    return Status::Ok();
  }

 private:
  int64_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;
};

class GeometricMeanState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (!args[0].is_number()) {
      return ArgumentTypeError("GEOMETRIC_MEAN", 1, args[0], "a number");
    }
    log_sum_ += std::log(args[0].AsDouble());
    ++count_;
    return Status::Ok();
  }
  Result<Value> Finalize() const override {
    if (count_ == 0) {
      return Value::Null();
    }
    return Value::Float(std::exp(log_sum_ / double(count_)));
  }
  // [sum of logarithms, count]
  Result<Value> SaveState() const override {
    return Value::MakeArray({Value::Float(log_sum_), Value::Int(count_)});
  }
  Status MergeState(const Value& saved) override {
    if (!saved.is_array() || saved.array().size() != 2 || !saved.array()[0].is_number() ||
        saved.array()[1].type() != ValueType::kInt) {
      return Corruption("saved state of GEOMETRIC_MEAN has the wrong shape");
    }
    log_sum_ += saved.array()[0].AsDouble();
    count_ += saved.array()[1].int_value();
    return Status::Ok();
  }

 private:
  double log_sum_ = 0;
  int64_t count_ = 0;
};

enum class Pair : uint8_t { kCorr, kCovarSamp, kCovarPop };

// CORR(y, x), COVAR_SAMP(y, x), COVAR_POP(y, x): rows where either is null are skipped.
template <FnName kName, Pair kPair>
class PairState : public AggregateState {
 public:
  Status Update(const std::vector<Value>& args) override {
    if (args[0].is_nullish() || args[1].is_nullish()) {
      return Status::Ok();
    }
    if (!args[0].is_number()) {
      return ArgumentTypeError(kName.view(), 1, args[0], "a number");
    }
    if (!args[1].is_number()) {
      return ArgumentTypeError(kName.view(), 2, args[1], "a number");
    }
    double y = args[0].AsDouble(), x = args[1].AsDouble();
    ++count_;
    double n = double(count_);
    double dx = x - mean_x_;
    mean_x_ += dx / n;
    double dy = y - mean_y_;
    mean_y_ += dy / n;
    c_xy_ += dx * (y - mean_y_);
    m2_x_ += dx * (x - mean_x_);
    m2_y_ += dy * (y - mean_y_);
    return Status::Ok();
  }
  Result<Value> Finalize() const override {
    switch (kPair) {
      case Pair::kCovarPop:
        if (count_ < 1) {
          return Value::Null();
        }
        return Value::Float(c_xy_ / double(count_));
      case Pair::kCovarSamp:
        if (count_ < 2) {
          return Value::Null();
        }
        return Value::Float(c_xy_ / double(count_ - 1));
      case Pair::kCorr:
        if (count_ < 2 || m2_x_ == 0 || m2_y_ == 0) {
          return Value::Null();
        }
        return Value::Float(c_xy_ / std::sqrt(m2_x_ * m2_y_));
    }
    return Value::Null();
  }
  // [count, mean_x, mean_y, c_xy, m2_x, m2_y]; merged with the pairwise co-moment update.
  Result<Value> SaveState() const override {
    return Value::MakeArray({Value::Int(count_), Value::Float(mean_x_), Value::Float(mean_y_),
                             Value::Float(c_xy_), Value::Float(m2_x_), Value::Float(m2_y_)});
  }
  Status MergeState(const Value& saved) override {
    if (!saved.is_array() || saved.array().size() != 6 ||
        saved.array()[0].type() != ValueType::kInt) {
      return Corruption("saved state of " + std::string(kName.view()) + " has the wrong shape");
    }
    const Array& s = saved.array();
    for (size_t idx = 1; idx < s.size(); ++idx) {
      if (!s[idx].is_number()) {
        return Corruption("saved state of " + std::string(kName.view()) + " has the wrong shape");
      }
    }
    int64_t count = s[0].int_value();
    if (count == 0) {
      return Status::Ok();
    }
    double na = double(count_), nb = double(count), n = na + nb;
    double dx = s[1].AsDouble() - mean_x_;
    double dy = s[2].AsDouble() - mean_y_;
    mean_x_ += dx * nb / n;
    mean_y_ += dy * nb / n;
    c_xy_ += s[3].AsDouble() + dx * dy * na * nb / n;
    m2_x_ += s[4].AsDouble() + dx * dx * na * nb / n;
    m2_y_ += s[5].AsDouble() + dy * dy * na * nb / n;
    count_ += count;
    return Status::Ok();
  }

 private:
  int64_t count_ = 0;
  double mean_x_ = 0, mean_y_ = 0, c_xy_ = 0, m2_x_ = 0, m2_y_ = 0;
};

template <typename State>
std::unique_ptr<AggregateState> Make() {
  return std::make_unique<State>();
}

AggregateDef Def(std::string_view name, int args, std::unique_ptr<AggregateState> (*create)(),
                 std::string_view signature, std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = args,
          .max_args = args,
          .skip_nulls = args == 1,
          .create = create,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

AggregateDef StddevSampAggregate() {
  return Def("STDDEV_SAMP", 1, Make<VarianceState<"STDDEV_SAMP", Moment::kStddevSamp>>,
             "STDDEV_SAMP(x) -> float", "Sample standard deviation; null for fewer than 2 rows.",
             "STDDEV_SAMP(1) IS NULL");
}
AggregateDef StddevAggregate() {
  return Def("STDDEV", 1, Make<VarianceState<"STDDEV", Moment::kStddevSamp>>, "STDDEV(x) -> float",
             "Same as STDDEV_SAMP.", "STDDEV(1) IS NULL");
}
AggregateDef StddevPopAggregate() {
  return Def("STDDEV_POP", 1, Make<VarianceState<"STDDEV_POP", Moment::kStddevPop>>,
             "STDDEV_POP(x) -> float", "Population standard deviation.", "STDDEV_POP(5) = 0.0");
}
AggregateDef VarSampAggregate() {
  return Def("VAR_SAMP", 1, Make<VarianceState<"VAR_SAMP", Moment::kVarSamp>>,
             "VAR_SAMP(x) -> float", "Sample variance; null for fewer than 2 rows.",
             "VAR_SAMP(1) IS NULL");
}
AggregateDef VarianceAggregate() {
  return Def("VARIANCE", 1, Make<VarianceState<"VARIANCE", Moment::kVarSamp>>,
             "VARIANCE(x) -> float", "Same as VAR_SAMP.", "VARIANCE(1) IS NULL");
}
AggregateDef VarPopAggregate() {
  return Def("VAR_POP", 1, Make<VarianceState<"VAR_POP", Moment::kVarPop>>, "VAR_POP(x) -> float",
             "Population variance.", "VAR_POP(5) = 0.0");
}
AggregateDef GeometricMeanAggregate() {
  return Def("GEOMETRIC_MEAN", 1, Make<GeometricMeanState>, "GEOMETRIC_MEAN(x) -> float",
             "exp(mean(ln x)) of the non-null inputs.", "ROUND(GEOMETRIC_MEAN(4), 9) = 4.0");
}
AggregateDef CorrAggregate() {
  return Def("CORR", 2, Make<PairState<"CORR", Pair::kCorr>>, "CORR(y, x) -> float",
             "Pearson correlation of the pairs where neither is null.", "CORR(1, 2) IS NULL");
}
AggregateDef CovarSampAggregate() {
  return Def("COVAR_SAMP", 2, Make<PairState<"COVAR_SAMP", Pair::kCovarSamp>>,
             "COVAR_SAMP(y, x) -> float", "Sample covariance of the non-null pairs.",
             "COVAR_SAMP(1, 2) IS NULL");
}
AggregateDef CovarPopAggregate() {
  return Def("COVAR_POP", 2, Make<PairState<"COVAR_POP", Pair::kCovarPop>>,
             "COVAR_POP(y, x) -> float", "Population covariance of the non-null pairs.",
             "COVAR_POP(1, 2) = 0.0");
}

}  // namespace basalt::sql
