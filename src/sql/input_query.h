#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"
#include "sql/functions/function.h"
#include "sql/planner/plan.h"

namespace basalt::sql {

// A SELECT evaluated over documents held in memory instead of collections: the engine entry
// point for ingest transformations (ingest.md §4). The statement reads one pseudo-relation,
// `_input`, and has the shape
//
//   SELECT <items> FROM _input [WHERE c] [GROUP BY keys] [HAVING c]
//
// with the whole expression and function library. Compile parses, validates and binds it
// once; the evaluation methods are const and safe to call from several threads at once.
//
// Without aggregation (`aggregated()` false) Apply maps one input document to its output
// document, or to nothing when WHERE drops it. An output field named by an explicit select
// item wins over the same field coming from a `*` (ingest.md §4.1), wherever the star is.
//
// With GROUP BY or an aggregate in the select list the evaluation is split at the
// aggregation, so that a caller can keep the aggregate states itself (rollups, ingest.md
// §4.2): Contribute evaluates what one document adds to its group (group key values and
// the arguments of every aggregate it feeds), GroupOutput evaluates HAVING and the select
// list over a group's keys and finished aggregate values.
class InputQuery {
 public:
  static constexpr std::string_view kInputRelation = "_input";

  // Fails with QUERY_ERROR (line and column when known) for invalid SQL and for what an
  // input query may not contain: another relation, a join, UNNEST, a subquery, parameters,
  // window functions, DISTINCT, ORDER BY, LIMIT/OFFSET, set operations, WITH, GROUPING SETS
  // / ROLLUP / CUBE, and non-deterministic functions other than the current-time ones.
  static Result<std::unique_ptr<InputQuery>> Compile(std::string_view sql);

  bool aggregated() const { return aggregate_ != nullptr; }
  // The output column names in select-list order; "*" for a star item.
  const std::vector<std::string>& output_names() const { return output_names_; }

  // Not aggregated: the output document of `document`; nullopt when WHERE drops it.
  // Errors are those of evaluating the expressions on this document.
  Result<std::optional<Value>> Apply(const Value& document, const FunctionContext& functions) const;

  // Aggregated: the aggregate calls, in the order of Contribution::arguments and of the
  // values GroupOutput takes.
  const std::vector<AggregateCall>& aggregates() const;
  // What one document adds to its group. `arguments[a]` is nullopt when the document does
  // not feed aggregate `a` (its FILTER is false, or its first argument is null or undefined
  // for an aggregate that skips those); else the argument values (empty for COUNT(*)).
  struct Contribution {
    std::vector<Value> keys;  // undefined keys become null (they group together)
    std::vector<std::optional<std::vector<Value>>> arguments;
  };
  // nullopt when WHERE drops the document.
  Result<std::optional<Contribution>> Contribute(const Value& document,
                                                 const FunctionContext& functions) const;
  // The output document of one group; nullopt when HAVING is not true for it.
  // REQUIRES: keys.size() is the number of group keys, values.size() == aggregates().size().
  Result<std::optional<Value>> GroupOutput(const std::vector<Value>& keys,
                                           const std::vector<Value>& values,
                                           const FunctionContext& functions) const;

 private:
  InputQuery() = default;

  // Runs the linear chain `nodes` (bottom-up) over `row`; false when a filter drops it.
  static Result<bool> RunChain(const std::vector<const PlanNode*>& nodes, Row* row,
                               const FunctionContext& functions);

  std::unique_ptr<PlanNode> plan_;
  std::vector<std::string> output_names_;
  // The plan as chains of nodes, bottom-up: below the aggregation (from the input) and
  // above it (to the root). Without aggregation `lower_` is the whole plan.
  std::vector<const PlanNode*> lower_;
  const PlanNode* aggregate_ = nullptr;
  std::vector<const PlanNode*> upper_;
};

}  // namespace basalt::sql
