#pragma once

// Cost-based join ordering: cardinality estimates (cardinality.cc) and the greedy choice of
// the order of a chain of inner and cross joins (join_order.cc). docs/sql.md "Optimizer".

#include <cstdint>
#include <functional>
#include <vector>

#include "common/result.h"
#include "sql/planner/plan.h"

namespace basalt::sql::internal {

using StatisticsFn = std::function<Result<storage::CollectionReader*>(uint32_t collection_id)>;

// Selectivities used where the statistics say nothing better.
inline constexpr double kRangeSelectivity = 0.3;    // <, <=, >, >=, BETWEEN
inline constexpr double kPrefixSelectivity = 0.1;   // LIKE 'abc%'
inline constexpr double kDefaultSelectivity = 0.5;  // any other condition
// IN lists up to this long are estimated from exact posting counts, longer ones from the
// number of distinct values.
inline constexpr size_t kMaxExactInValues = 16;
// Rows assumed for a relation whose size nothing tells (no statistics).
inline constexpr double kUnknownRows = 1000;

// Estimated rows a scan returns after its pushed-down filter: the collection's document
// count times the selectivity of each conjunct (equality and short IN lists: exact posting
// counts; longer IN lists: values x count / distinct; ranges, prefixes, others: the defaults
// above). < 0 when the collection's statistics cannot be read.
double EstimateScanRows(const PlanNode& scan, const StatisticsFn& stats);

// Estimated rows of a plan subtree, recorded in estimated_rows of every node below (nodes
// already estimated keep theirs).
double EstimateRows(PlanNode* node, const StatisticsFn& stats);

// Documents in a scan's collection (< 0: unknown).
double CollectionDocuments(const PlanNode& scan, const StatisticsFn& stats);

// Whether every value at `path` in a scan's collection is a scalar (no arrays or objects),
// per the path statistics: then an index look-up by a value is selective.
bool ScalarsOnly(const PlanNode& scan, const std::string& path, const StatisticsFn& stats);

// An inner join reads the right collection by index look-ups per left row (an index
// nested-loop join) when that collection has at least this many times more documents than
// the left side has estimated rows.
inline constexpr double kLookupAdvantage = 20;

// Estimated distinct values of `path` in a scan's collection (0: unknown).
double DistinctValues(const PlanNode& scan, const std::string& path, const StatisticsFn& stats);

// --- The orderer, over an abstract graph (testable without a plan).

// One equi-join condition `left key = right key` between two groups of relations of a
// chain (bit i: relation i of the chain, in written order).
struct JoinEdge {
  uint64_t left = 0;
  uint64_t right = 0;
  // Distinct values of each side's key after the relation's filters (0: unknown).
  double left_distinct = 0;
  double right_distinct = 0;
};

struct JoinGraph {
  std::vector<double> rows;  // estimated rows of each relation, in written order
  std::vector<JoinEdge> edges;
};

struct JoinStep {
  int relation = 0;        // the relation joined at this step (steps[0]: the first one)
  double rows = 0;         // estimated rows after this step
  bool connected = false;  // joined through an equi-join condition (else a cross product)
};

struct JoinOrder {
  std::vector<JoinStep> steps;
  double cost = 0;  // sum of the estimated rows of every join's result
};

// Estimated rows of joining the relations of `set` (estimated `set_rows` together) with
// relation `next`: |set| x |next| / max(distinct values of the two keys) for the most
// selective equi-join condition between them; `connected` says whether there is one.
double JoinRows(const JoinGraph& graph, uint64_t set, double set_rows, int next, bool* connected);

// The relations in written order, with their estimates.
JoinOrder WrittenOrder(const JoinGraph& graph);

// Greedy left-deep order: the smallest relation first (of those an equi-join condition
// links to another), then repeatedly the relation connected by an equi-join condition whose
// join is the smallest; cross products last.
// Ties keep the written order.
JoinOrder GreedyOrder(const JoinGraph& graph);

// The order to run: the greedy one when it is estimated cheaper than the written one by a
// clear margin, else the written one.
JoinOrder ChooseJoinOrder(const JoinGraph& graph);

}  // namespace basalt::sql::internal
