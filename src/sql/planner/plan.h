#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sql/parser/ast.h"
#include "sql/planner/bound_expr.h"
#include "storage/reader.h"

namespace basalt::sql {

// How a collection scan finds its rows (chosen by the planner, shown by EXPLAIN).
struct IndexProbe {
  // kAnyOf: the union of `any_of` (an OR of index-answerable conditions).
  enum class Kind : uint8_t { kEqual, kIn, kRange, kPrefix, kAnyOf };
  Kind kind = Kind::kEqual;
  std::string path;           // storage field path ("address.city", "tags[*]")
  std::vector<Value> values;  // kEqual: 1, kIn: n
  storage::ValueRange range;
  std::string prefix;
  std::string description;  // for EXPLAIN
  // A range probe next to more selective ones: used only when the path has few distinct
  // values (the scan checks the statistics), else left to the filter.
  bool optional = false;
  std::vector<IndexProbe> any_of;
  // The probe selects exactly the documents for which `conjunct` (a conjunct of the scan's
  // `predicate`) is true, so a scan that applied it need not evaluate that conjunct
  // (pushdown.cc: ExactProbe says when; never for optional probes).
  bool exact = false;
  const BoundExpr* conjunct = nullptr;
};

struct SortKey {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = true;
};

struct AggregateCall {
  const AggregateDef* def = nullptr;
  std::vector<BoundExprPtr> args;  // empty for COUNT(*)
  bool distinct = false;
  BoundExprPtr filter;
  std::vector<SortKey> order;  // ARRAY_AGG(x ORDER BY ... LIMIT n OFFSET m)
  int64_t limit = -1;
  int64_t offset = 0;
  std::string name;
};

enum class WindowFunctionKind : uint8_t {
  kAggregate,
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
};

struct WindowCall {
  WindowFunctionKind kind = WindowFunctionKind::kAggregate;
  AggregateCall aggregate;  // kind == kAggregate
  std::vector<BoundExprPtr> args;
  std::vector<BoundExprPtr> partition_by;
  std::vector<SortKey> order_by;
  std::optional<WindowFrame> frame;  // bounds' offsets are constants
  int64_t frame_start_offset = 0;
  int64_t frame_end_offset = 0;
};

// A node of the executable plan. Every node outputs rows of `width` slots.
struct PlanNode {
  enum class Kind : uint8_t {
    kSingleRow,  // one empty row (SELECT without FROM)
    kValues,     // rows: exprs per row (constants)
    kScan,       // a collection
    kInput,      // rows handed over by the caller (`_input`; sql/input_query.h)
    kFilter,
    kProject,    // appends `exprs` to the input row (keeps the input slots)
    kAggregate,  // output: [group keys..., aggregates...]
    kWindow,     // appends one slot per window call
    kSort,
    kLimit,
    kDistinct,  // on slots [distinct_from, width)
    kJoin,
    kUnnest,  // appends one slot: the element row object
    kSetOp,
    kRemap,  // output: `exprs` only (a subquery's row object, set-op branches)
    // WITH RECURSIVE: children[0] (anchor) once, then children[1] repeatedly over the rows
    // the previous round added, until a round adds none; output: [columns...].
    kRecursiveCte,
    // Inside a recursive CTE's recursive part: the previous round's rows, as row objects.
    kWorkingTable,
  };
  Kind kind = Kind::kSingleRow;
  int width = 0;
  std::vector<std::unique_ptr<PlanNode>> children;

  // kScan
  uint32_t collection_id = 0;
  std::string collection_path;     // "commons.people"
  std::vector<IndexProbe> probes;  // intersected; empty: full scan
  bool use_index = false;
  // Fields the query reads from this collection (object-key paths), and whether it needs
  // whole documents (SELECT *, the row object itself). Without an index look-up and when
  // whole documents are not needed, the scan reads only these columns (column_scan).
  std::set<std::vector<std::string>> needed_columns;
  // How many bound references noted each needed column (binder_internal.h: NoteColumn), and
  // the columns read only by conjuncts that exact probes answer: not read once those probes
  // are applied.
  std::map<std::vector<std::string>, int> column_notes;
  std::set<std::vector<std::string>> probe_only_columns;
  bool needs_document = false;
  bool column_scan = false;
  // Top-N read in index order: the query sorts first on this field of the scanned documents
  // and keeps `order_limit` rows, so the scan may read only the first values in the index
  // (when the statistics show the index order is the sort order; sql/planner/binder.cc).
  std::string order_path;
  bool order_descending = false;
  int64_t order_limit = -1;
  // Filters / projections / keys.
  BoundExprPtr predicate;                             // kFilter, kJoin condition, kScan residual
  std::vector<BoundExprPtr> exprs;                    // kProject, kRemap, kValues (flattened rows)
  std::vector<std::vector<BoundExprPtr>> value_rows;  // kValues
  // kAggregate
  std::vector<BoundExprPtr> group_keys;
  std::vector<AggregateCall> aggregates;
  std::vector<std::vector<int>> grouping_sets;  // indexes into group_keys; empty: one set
  bool has_grouping_sets = false;
  // Aggregation pushdown: the child is a column scan, and every group key and
  // aggregate argument a field of its documents; the aggregate reads the columns itself
  // (executor/operators/column_aggregate_operator.cc).
  bool column_aggregate = false;
  // kWindow
  std::vector<WindowCall> windows;
  // kSort
  std::vector<SortKey> sort_keys;
  // kLimit (applied after sort): count < 0 means none.
  int64_t limit = -1;
  int64_t offset = 0;
  // kDistinct
  int distinct_from = 0;
  // kJoin
  JoinType join_type = JoinType::kInner;
  std::vector<BoundExprPtr> left_keys;   // hash join keys (evaluated on the left row)
  std::vector<BoundExprPtr> right_keys;  // (on the right row, right slots re-based to 0)
  int left_width = 0;
  bool lateral = false;  // right side reads the left row (UNNEST, LATERAL)
  // Index nested-loop join (HINT(join_strategy=lookup)): the right side is a collection
  // scan; each left row looks up `lookup_path` = left_keys[lookup_key] in its index.
  bool lookup = false;
  int lookup_key = 0;
  std::string lookup_path;
  // kUnnest
  BoundExprPtr unnest_expr;
  std::string element_alias;  // when set: row object {alias: element}
  bool with_ordinality = false;
  std::string ordinality_alias;
  bool outer_unnest = false;
  // kRecursiveCte / kWorkingTable: which CTE's rounds, and its column names.
  int cte_id = -1;
  std::vector<std::string> cte_columns;
  // kSetOp (and kRecursiveCte: `all` keeps duplicates)
  SetOpKind set_op = SetOpKind::kUnion;
  bool all = false;
  // Cost-based planning (sql/planner/join_order.cc): the estimated number of output rows
  // (< 0: not estimated), and for the kRemap above a reordered join chain, the chosen and the
  // written order of its relations (EXPLAIN).
  double estimated_rows = -1;
  std::string join_order_note;
  // Output names of a query root (kRemap / kProject at the top).
  std::vector<std::string> output_names;
  std::vector<bool> output_is_star;  // per output slot: a star expansion to merge
  std::vector<std::vector<std::string>> star_except;

  // Renders the plan tree for EXPLAIN.
  std::string Explain(int indent = 0) const;
};

// What remains of a scan's predicate once every exact probe is applied: a copy of the AND
// of the conjuncts they do not answer (an AND even of one, which keeps AND's error on a
// non-boolean value), or null when none remain. Only the scan's index path may use it;
// anything reading the scan's documents otherwise (a lookup join) evaluates `predicate`.
BoundExprPtr ExactProbeResidual(const PlanNode& scan);

}  // namespace basalt::sql
