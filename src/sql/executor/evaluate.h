#pragma once

#include "common/result.h"
#include "sql/executor/exec_context.h"
#include "sql/planner/bound_expr.h"

namespace basalt::sql {

// Evaluates a bound expression over one row (spec/sql.md §3, §4, §8 semantics).
Result<Value> Evaluate(const BoundExpr& expr, const Row& row, ExecContext& ctx);

// Evaluates a predicate: true only when the value is bool true.
Result<bool> EvaluatePredicate(const BoundExpr& expr, const Row& row, ExecContext& ctx);

// Subscript semantics: arrays are 1-based (0, negative or past the end -> undefined),
// objects take string keys; anything else -> undefined.
Value Subscript(const Value& base, const Value& index);

}  // namespace basalt::sql
