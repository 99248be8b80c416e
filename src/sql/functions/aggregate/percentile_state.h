#pragma once

#include <string_view>
#include <vector>

#include "common/value.h"
#include "sql/functions/function.h"

namespace basalt::sql {

// Exact nearest-rank percentiles over the collected values (numbers only): the value at
// position round(p * (n - 1)) of the sorted inputs, for one p or an array of them. Shared by
// PERCENTILE and APPROX_PERCENTILE; `function` names the aggregate in errors.
class NearestRankPercentileState : public AggregateState {
 public:
  explicit NearestRankPercentileState(std::string_view function) : function_(function) {}
  Status Update(const std::vector<Value>& args) override;
  Result<Value> Finalize() const override;

 private:
  std::string_view function_;
  Value percentiles_;
  std::vector<Value> values_;
};

}  // namespace basalt::sql
