#include "sql/functions/aggregate/percentile_state.h"

#include <algorithm>
#include <cmath>

namespace basalt::sql {

Status NearestRankPercentileState::Update(const std::vector<Value>& args) {
  if (!args[0].is_number()) {
    return ArgumentTypeError(function_, 1, args[0], "a number");
  }
  if (percentiles_.is_undefined()) {
    const Value& p = args[1];
    auto valid = [](const Value& v) {
      return v.is_number() && v.AsDouble() >= 0 && v.AsDouble() <= 1;
    };
    bool ok = valid(p);
    if (p.is_array()) {
      ok = true;
      for (const Value& element : p.array()) {
        ok = ok && valid(element);
      }
    }
    if (!ok) {
      return FunctionError(function_,
                           "percentile must be a number (or array of numbers) in [0, 1]");
    }
    percentiles_ = p;
  }
  values_.push_back(args[0]);
  return Status::Ok();
}

Result<Value> NearestRankPercentileState::Finalize() const {
  if (values_.empty()) {
    return Value::Null();
  }
  std::vector<Value> sorted = values_;
  std::sort(sorted.begin(), sorted.end(),
            [](const Value& a, const Value& b) { return a.Compare(b) < 0; });
  auto at = [&](const Value& p) {
    double rank = p.AsDouble() * double(sorted.size() - 1);
    return sorted[size_t(std::llround(rank))];
  };
  if (!percentiles_.is_array()) {
    return at(percentiles_);
  }
  Array out;
  for (const Value& p : percentiles_.array()) {
    out.push_back(at(p));
  }
  return Value::MakeArray(std::move(out));
}

}  // namespace basalt::sql
