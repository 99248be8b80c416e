#pragma once

#include <memory>
#include <vector>

#include "common/result.h"
#include "sql/executor/exec_context.h"
#include "sql/planner/plan.h"

namespace basalt::sql {

// A pull-based operator: Open once, then Next until it returns false. Rows come in batches
// of up to kBatchSize. Operators borrow their PlanNode, which must outlive them.
class Operator {
 public:
  virtual ~Operator() = default;
  virtual Status Open(ExecContext& ctx) = 0;
  // Replaces `out` with the next batch; false (and an empty batch) at the end.
  virtual Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) = 0;
};

using OperatorPtr = std::unique_ptr<Operator>;

// Builds the operator tree of a plan.
Result<OperatorPtr> BuildOperator(const PlanNode& node);

// Runs a plan to completion and returns every row.
Result<std::vector<Row>> RunPlan(const PlanNode& node, ExecContext& ctx);

// Operator factories, one per file in operators/.
OperatorPtr MakeSingleRowOperator(const PlanNode& node);
OperatorPtr MakeValuesOperator(const PlanNode& node);
OperatorPtr MakeScanOperator(const PlanNode& node);
OperatorPtr MakeFilterOperator(const PlanNode& node, OperatorPtr child);
OperatorPtr MakeProjectOperator(const PlanNode& node, OperatorPtr child);
OperatorPtr MakeLimitOperator(const PlanNode& node, OperatorPtr child);
OperatorPtr MakeDistinctOperator(const PlanNode& node, OperatorPtr child);
OperatorPtr MakeUnnestOperator(const PlanNode& node, OperatorPtr child);
OperatorPtr MakeSortOperator(const PlanNode& node, OperatorPtr child);
OperatorPtr MakeAggregateOperator(const PlanNode& node, OperatorPtr child);
// An aggregate with `column_aggregate` set: reads its scan child's columns itself; `fallback`
// (the aggregate operator over the scan) runs when the columns cannot serve.
OperatorPtr MakeColumnAggregateOperator(const PlanNode& node, OperatorPtr fallback);
OperatorPtr MakeWindowOperator(const PlanNode& node, OperatorPtr child);
OperatorPtr MakeJoinOperator(const PlanNode& node, OperatorPtr left, OperatorPtr right);
// A join with `lateral` set: runs children[1] of `node` once per left row.
OperatorPtr MakeLateralJoinOperator(const PlanNode& node, OperatorPtr left);
OperatorPtr MakeSetOpOperator(const PlanNode& node, OperatorPtr left, OperatorPtr right);
OperatorPtr MakeRecursiveCteOperator(const PlanNode& node);
OperatorPtr MakeWorkingTableOperator(const PlanNode& node);

// Shared helpers: hashing and equality of a list of values (DISTINCT, GROUP BY, joins),
// where null equals null and undefined equals undefined.
struct ValuesHash {
  size_t operator()(const std::vector<Value>& values) const;
};
struct ValuesEqual {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

// ORDER BY comparison of two rows on sort keys (already evaluated).
int CompareSortValues(const Value& a, const Value& b, bool descending, bool nulls_first);

}  // namespace basalt::sql
