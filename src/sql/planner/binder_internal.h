#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sql/planner/binder.h"

namespace basalt::sql::internal {

// One relation in a FROM clause: its slot in the row and what is known of its fields.
struct Relation {
  std::string alias;
  int slot = 0;
  bool schemaless = true;            // a collection or object-element UNNEST
  std::vector<std::string> columns;  // known output columns of derived relations
  bool nullable = false;             // on the null-supplying side of an outer join
  PlanNode* scan = nullptr;          // the scan that produces it (pushdown target)
  // For UNNEST of a scan's field: the scan relation's slot and the array's path.
  bool is_unnest = false;
  int unnest_source_slot = -1;
  std::vector<std::string> unnest_source_path;
  std::string element_alias;
};

struct CteDef {
  const CommonTableExpr* cte = nullptr;
  bool recursive = false;  // declared under WITH RECURSIVE
  // Inside its own recursive part: references read the working table `working_id`.
  int working_id = -1;
  std::vector<std::string> working_columns;
};

struct Scope {
  std::vector<Relation> relations;
  // JOIN ... USING (c): an unqualified `c` is COALESCE(left.c, right.c) (slots of both).
  std::map<std::string, std::pair<int, int>> using_columns;
  Scope* parent = nullptr;
  std::map<std::string, CteDef> ctes;
  bool correlated_used = false;  // a name resolved in an enclosing scope
};

// Post-aggregation binding: group keys and aggregates already computed in slots.
struct AggregateContext {
  std::vector<std::string> key_texts;        // ToString of each group key expression
  // Each group key that is a plain field of a relation, as FieldKey of its bound form ("" for
  // other keys): `k` and `i.k` name the same key.
  std::vector<std::string> key_fields;
  std::vector<std::string> aggregate_texts;  // ToString of each aggregate call
  int key_base = 0;
  int aggregate_base = 0;
  int grouping_slot = -1;
};

// Output columns visible to ORDER BY (name -> slot).
struct OutputContext {
  std::vector<std::string> names;
  std::vector<int> slots;
  std::vector<const Expr*> exprs;
};

class Binder {
 public:
  Binder(CatalogView& catalog, const BindOptions& options) : catalog_(catalog), options_(options) {}

  Result<BoundQuery> Bind(const Statement& statement);

  // Result of binding a query: rows hold one slot per output column (star columns hold an
  // object to merge).
  struct Columns {
    std::unique_ptr<PlanNode> plan;
    std::vector<std::string> names;
    std::vector<bool> star;
  };
  Result<Columns> BindQuery(const Query& query, Scope* outer, bool top_level);

  // Expressions (bind_expr.cc).
  Result<BoundExprPtr> BindExpr(const Expr& expr, Scope& scope, const AggregateContext* agg,
                                const OutputContext* output = nullptr);

 private:
  Result<Columns> BindBody(const QueryBody& body, Scope& scope, const Query& query, bool top_level);
  Result<Columns> BindSelect(const Select& select, Scope& scope, const Query& query,
                             bool top_level);
  Result<std::unique_ptr<PlanNode>> BindFrom(const TableRef& ref, Scope& scope,
                                             std::unique_ptr<PlanNode> left, int* width);
  Result<std::unique_ptr<PlanNode>> BindRelation(const TableRef& ref, Scope& scope, int slot);
  // A view named in FROM (bind_view.cc): its stored SELECT as a derived table that sees
  // nothing of the naming query (no relations, CTEs or parameters).
  Result<std::unique_ptr<PlanNode>> BindView(const TableRef& ref, const ResolvedRelation& view,
                                             Scope& scope, int slot);
  // A derived table; `lateral`: its query may read the relations already in `scope`.
  Result<std::unique_ptr<PlanNode>> BindDerived(const Query& query, Scope& scope,
                                                const std::string& alias,
                                                const std::vector<std::string>& column_aliases,
                                                int slot, bool lateral = false);
  // A reference to a WITH RECURSIVE CTE whose query is `anchor UNION [ALL] recursive`.
  Result<std::unique_ptr<PlanNode>> BindRecursiveCte(const CteDef& cte, Scope& scope,
                                                     const std::string& alias,
                                                     std::vector<std::string> column_aliases,
                                                     int slot);
  // `left JOIN LATERAL (query)`: the subquery runs once per left row.
  Result<std::unique_ptr<PlanNode>> BindLateralJoin(const TableRef& ref, Scope& scope,
                                                    std::unique_ptr<PlanNode> left,
                                                    int left_width, int* width);
  Status ApplyOrderLimit(const Query& query, Columns* columns, Scope& scope,
                         const AggregateContext* agg, const OutputContext* output, bool top_level,
                         int* width);
  Result<int64_t> ConstantInt(const Expr& expr, Scope& scope, std::string_view what);
  void MarkIndexOrderedScan(PlanNode* sort);

  Result<BoundExprPtr> BindName(const Expr& expr, Scope& scope,
                                const std::vector<std::string>& names);
  Result<BoundExprPtr> BindFunction(const Expr& expr, Scope& scope, const AggregateContext* agg,
                                    const OutputContext* output);
  // SCORE(): the SELECT's SEARCH call bound with the relevance kernels.
  Result<BoundExprPtr> BindScore(const Expr& expr, Scope& scope, const AggregateContext* agg);
  Result<std::shared_ptr<PlanNode>> BindSubquery(const Query& query, Scope& scope,
                                                 bool* correlated);

  // Pushdown (pushdown.cc): conjuncts of a WHERE clause into scans as residual filters and
  // index probes; returns what could not be pushed.
  std::vector<BoundExprPtr> PushDown(std::vector<BoundExprPtr> conjuncts, Scope& scope);
  // Cost-based join ordering (join_order.cc): reorders the chains of inner and cross joins
  // of a FROM plan by estimated size, taking in the WHERE conjuncts (`conjuncts`, after
  // PushDown) that become join keys or filters; what it cannot place stays in `conjuncts`.
  // The plan's output keeps the written slot layout.
  void OrderJoins(std::unique_ptr<PlanNode>* plan, std::vector<BoundExprPtr>* conjuncts,
                  const Scope& scope);

  CatalogView& catalog_;
  const BindOptions& options_;
  std::set<std::string> collections_;
  std::set<std::string> entities_;  // names the statement itself uses (not inside views)
  std::vector<std::unique_ptr<Statement>> view_statements_;  // parsed view SQL, kept
 public:
  // Views being expanded, outermost first (cycle detection); CheckViewSql starts it with
  // the view being checked, whose own names then count as entities.
  std::vector<std::string> view_stack_;
  size_t entity_depth_ = 0;
  // Set while binding a view's SQL (expansion or CheckViewSql): parameters are refused.
  bool in_view_ = false;

 private:
  std::vector<const Expr*> window_calls_;  // collected per SELECT
  // The SEARCH(...) call of the WHERE clause of each SELECT being bound (innermost last;
  // null when it has none): what SCORE() in that SELECT scores.
  std::vector<const Expr*> search_calls_;
  int next_cte_id_ = 0;
 public:
  // Window calls found while binding a SELECT list: Expr -> output slot.
  std::map<const Expr*, int> window_slots_;
};

// Helpers shared by the binder files.
void SplitConjuncts(BoundExprPtr expr, std::vector<BoundExprPtr>* out);
BoundExprPtr JoinConjuncts(std::vector<BoundExprPtr> conjuncts);
// Slots referenced by an expression (kSlot only); sets `outer` for kOuterSlot, `complex`
// for subqueries and non-deterministic functions.
void CollectSlots(const BoundExpr& expr, std::set<int>* slots, bool* outer, bool* complex);
// Subtracts `delta` from every kSlot of the expression.
void RebaseSlots(BoundExpr* expr, int delta);
// Collects aggregate and window calls of an AST expression (not descending into subqueries).
void CollectCalls(const Expr& expr, std::vector<const Expr*>* aggregates,
                  std::vector<const Expr*>* windows);
bool IsAggregateCall(const Expr& expr);
// A bound kSlot expression as a comparable key ("" for anything else).
std::string FieldKey(const BoundExpr& expr);
// The first SEARCH(...) call of a WHERE clause (not inside subqueries), or null.
const Expr* FindSearchCall(const Expr& expr);
// Records that the query reads `path` of `rel` (empty path: the whole row) for the
// column-scan decision of its scan.
void NoteColumn(const Relation& rel, const std::vector<std::string>& path);
// An index probe answering `conjunct` for rows of `slot` (pushdown.cc); `map_path` rewrites
// the storage path (UNNEST element paths map to array paths of the source document).
bool ProbeFor(const BoundExpr& conjunct, int slot, IndexProbe* probe,
              const std::function<std::string(const std::string&)>& map_path);
// Adds a conjunct (slots already rebased to the scan's slot 0) to a scan's residual filter,
// with an index probe when one answers it; FinishProbes must follow.
void AddScanConjunct(PlanNode* scan, BoundExprPtr conjunct);
// Orders a scan's probes cheapest first and makes ranges optional next to point probes.
void FinishProbes(PlanNode* scan, bool use_indexes);
// Chooses the access path of every scan in the plan once binding is complete.
void ChooseAccessPaths(PlanNode* node, const BindOptions& options);
Status BindError(const Expr& expr, std::string message);
// Every function name of the query exists (binder.cc), else QUERY_ERROR function_not_found.
Status CheckQueryFunctions(const Query& query);
std::string StoragePath(const std::vector<std::string>& keys);

}  // namespace basalt::sql::internal
