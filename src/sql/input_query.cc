#include "sql/input_query.h"

#include <algorithm>
#include <utility>

#include "sql/executor/evaluate.h"
#include "sql/executor/exec_context.h"
#include "sql/functions/function_registry.h"
#include "sql/parser/parser.h"
#include "sql/planner/binder.h"

namespace basalt::sql {
namespace {

Status NotAllowed(int line, int column, const std::string& what) {
  return Status(ErrorCode::kQueryError, what + " is not allowed in an ingest transformation", line,
                column);
}

// FROM names something else than the input relation.
Status OnlyInput(int line, int column, const std::string& what) {
  return Status(ErrorCode::kQueryError,
                what + " is not allowed in an ingest transformation: it reads only `" +
                    std::string(InputQuery::kInputRelation) + "`",
                line, column);
}

Status CheckExpr(const Expr& expr);

Status CheckExprs(const std::vector<ExprPtr>& exprs) {
  for (const ExprPtr& e : exprs) {
    if (e) {
      BASALT_RETURN_IF_ERROR(CheckExpr(*e));
    }
  }
  return Status::Ok();
}

Status CheckExpr(const Expr& expr) {
  if (expr.subquery) {
    return NotAllowed(expr.line, expr.column, "A subquery");
  }
  if (expr.kind == ExprKind::kParameter) {
    return NotAllowed(expr.line, expr.column, "A query parameter (" + expr.name + ")");
  }
  if (expr.kind == ExprKind::kFunction) {
    if (expr.over) {
      return NotAllowed(expr.line, expr.column, "The window function " + expr.spelled);
    }
    const FunctionDef* def = FunctionRegistry::Get().FindScalar(expr.name);
    // Only the current-time functions may differ between calls (ingest.md §4.1).
    if (def != nullptr && !def->deterministic && def->family != "datetime") {
      return NotAllowed(expr.line, expr.column,
                        "The non-deterministic function " + std::string(def->name));
    }
  }
  BASALT_RETURN_IF_ERROR(CheckExprs(expr.args));
  if (expr.else_expr) {
    BASALT_RETURN_IF_ERROR(CheckExpr(*expr.else_expr));
  }
  if (expr.filter) {
    BASALT_RETURN_IF_ERROR(CheckExpr(*expr.filter));
  }
  for (const OrderItem& item : expr.within_order) {
    BASALT_RETURN_IF_ERROR(CheckExpr(*item.expr));
  }
  return Status::Ok();
}

// The statement-level rules of ingest.md §4.1, checked on the syntax tree so that the
// errors name what the user wrote.
Status CheckShape(const Statement& statement) {
  if (statement.kind != Statement::Kind::kQuery) {
    return Status(ErrorCode::kQueryError, "An ingest transformation must be a SELECT statement");
  }
  const Query& query = *statement.query;
  if (!query.with.empty()) {
    return NotAllowed(0, 0, "WITH");
  }
  if (!query.order_by.empty()) {
    const Expr& e = *query.order_by[0].expr;
    return NotAllowed(e.line, e.column, "ORDER BY");
  }
  if (query.limit || query.offset) {
    const Expr& e = query.limit ? *query.limit : *query.offset;
    return NotAllowed(e.line, e.column, "LIMIT/OFFSET");
  }
  if (query.body->kind != QueryBody::Kind::kSelect) {
    return NotAllowed(
        0, 0, query.body->kind == QueryBody::Kind::kSetOp ? "A set operation" : "This query form");
  }
  const Select& select = *query.body->select;
  if (select.distinct) {
    return NotAllowed(0, 0, "SELECT DISTINCT");
  }
  if (!select.windows.empty()) {
    return NotAllowed(0, 0, "WINDOW");
  }
  if (!select.from) {
    return Status(ErrorCode::kQueryError, "An ingest transformation must read FROM `" +
                                              std::string(InputQuery::kInputRelation) + "`");
  }
  const TableRef& from = *select.from;
  if (from.kind != TableRef::Kind::kNamed || from.names.size() != 1 ||
      from.names[0] != InputQuery::kInputRelation) {
    std::string what = from.kind == TableRef::Kind::kJoin     ? "A join"
                       : from.kind == TableRef::Kind::kUnnest ? "UNNEST"
                       : from.kind == TableRef::Kind::kNamed  ? "Reading a collection"
                                                              : "This FROM clause";
    return OnlyInput(from.line, from.column, what);
  }
  if (select.group_by.kind != GroupingKind::kPlain) {
    return NotAllowed(0, 0, "GROUPING SETS, ROLLUP or CUBE");
  }
  for (const SelectItem& item : select.items) {
    BASALT_RETURN_IF_ERROR(CheckExpr(*item.expr));
  }
  if (select.where) {
    BASALT_RETURN_IF_ERROR(CheckExpr(*select.where));
  }
  BASALT_RETURN_IF_ERROR(CheckExprs(select.group_by.exprs));
  if (select.having) {
    BASALT_RETURN_IF_ERROR(CheckExpr(*select.having));
  }
  // CLUSTER BY is accepted and checked, and does not change how documents are stored
  // (ingest.md §4.3: a storage layout hint).
  for (const ExprPtr& field : select.cluster_by) {
    if (field->kind != ExprKind::kIdentifier && field->kind != ExprKind::kFieldAccess) {
      return Status(ErrorCode::kQueryError, "CLUSTER BY takes field names", field->line,
                    field->column);
    }
  }
  return Status::Ok();
}

// Resolves no collection: an input query reads only its input relation.
class NoCollections : public CatalogView {
 public:
  Result<ResolvedCollection> ResolveCollection(const std::vector<std::string>&) override {
    return OnlyInput(0, 0, "Reading a collection");
  }
};

// Explicit output fields beat fields of a `*` (ingest.md §4.1): the root row object merges
// its star columns first, whatever their place in the select list.
void StarsFirst(BoundExpr* row_object) {
  std::vector<std::pair<std::string, BoundExprPtr>> entries;
  for (size_t idx = 0; idx < row_object->args.size(); ++idx) {
    entries.emplace_back(row_object->keys[idx], std::move(row_object->args[idx]));
  }
  std::stable_partition(entries.begin(), entries.end(),
                        [](const auto& entry) { return entry.first.empty(); });
  row_object->keys.clear();
  row_object->args.clear();
  for (auto& [key, arg] : entries) {
    row_object->keys.push_back(key);
    row_object->args.push_back(std::move(arg));
  }
}

Status Unexpected(const PlanNode& node) {
  return Status(ErrorCode::kQueryError, "This query shape (" + node.Explain() +
                                            ") is not supported in an ingest transformation");
}

}  // namespace

Result<std::unique_ptr<InputQuery>> InputQuery::Compile(std::string_view sql) {
  BASALT_ASSIGN_OR_RETURN(Statement statement, ParseStatement(sql));
  BASALT_RETURN_IF_ERROR(CheckShape(statement));
  NoCollections catalog;
  BindOptions options;
  options.input_relation = std::string(kInputRelation);
  options.optimize = false;
  BASALT_ASSIGN_OR_RETURN(BoundQuery bound, BindStatement(statement, catalog, options));

  std::unique_ptr<InputQuery> query(new InputQuery());
  query->plan_ = std::move(bound.plan);
  PlanNode& root = *query->plan_;
  query->output_names_ = root.output_names;
  if (root.kind != PlanNode::Kind::kRemap || root.exprs.size() != 1 ||
      root.exprs[0]->kind != BoundKind::kObject) {
    return Unexpected(root);
  }
  StarsFirst(root.exprs[0].get());
  // The plan is a chain: Remap, Project, [Filter (HAVING)], [Aggregate], [Filter], Input.
  std::vector<const PlanNode*> top_down;
  for (const PlanNode* node = &root; node != nullptr;
       node = node->children.empty() ? nullptr : node->children[0].get()) {
    if (node->children.size() > 1) {
      return Unexpected(*node);
    }
    top_down.push_back(node);
  }
  if (top_down.back()->kind != PlanNode::Kind::kInput) {
    return Unexpected(*top_down.back());
  }
  std::vector<const PlanNode*>* chain = &query->upper_;
  for (const PlanNode* node : top_down) {
    switch (node->kind) {
      case PlanNode::Kind::kAggregate:
        if (query->aggregate_ != nullptr || node->has_grouping_sets) {
          return Unexpected(*node);
        }
        query->aggregate_ = node;
        chain = &query->lower_;
        break;
      case PlanNode::Kind::kInput:
        break;
      case PlanNode::Kind::kFilter:
      case PlanNode::Kind::kProject:
      case PlanNode::Kind::kRemap:
        chain->push_back(node);
        break;
      default:
        return Unexpected(*node);
    }
  }
  if (query->aggregate_ == nullptr) {
    query->lower_ = std::move(query->upper_);
    query->upper_.clear();
  }
  std::reverse(query->lower_.begin(), query->lower_.end());
  std::reverse(query->upper_.begin(), query->upper_.end());
  return query;
}

Result<bool> InputQuery::RunChain(const std::vector<const PlanNode*>& nodes, Row* row,
                                  const FunctionContext& functions) {
  ExecContext ctx(functions);
  for (const PlanNode* node : nodes) {
    switch (node->kind) {
      case PlanNode::Kind::kFilter: {
        BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*node->predicate, *row, ctx));
        if (!keep) {
          return false;
        }
        break;
      }
      case PlanNode::Kind::kProject: {
        size_t base = row->size();
        row->reserve(base + node->exprs.size());
        for (const BoundExprPtr& expr : node->exprs) {
          BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, *row, ctx));
          row->push_back(std::move(v));
        }
        break;
      }
      case PlanNode::Kind::kRemap: {
        Row out;
        out.reserve(node->exprs.size());
        for (const BoundExprPtr& expr : node->exprs) {
          BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, *row, ctx));
          out.push_back(std::move(v));
        }
        *row = std::move(out);
        break;
      }
      default:
        return Internal("unexpected node in an input query chain");
    }
  }
  return true;
}

Result<std::optional<Value>> InputQuery::Apply(const Value& document,
                                               const FunctionContext& functions) const {
  if (aggregated()) {
    return Internal("Apply called on an aggregating input query");
  }
  Row row{document};
  BASALT_ASSIGN_OR_RETURN(bool kept, RunChain(lower_, &row, functions));
  if (!kept) {
    return std::optional<Value>();
  }
  return std::optional<Value>(std::move(row[0]));
}

const std::vector<AggregateCall>& InputQuery::aggregates() const {
  static const std::vector<AggregateCall> kNone;
  return aggregate_ != nullptr ? aggregate_->aggregates : kNone;
}

Result<std::optional<InputQuery::Contribution>> InputQuery::Contribute(
    const Value& document, const FunctionContext& functions) const {
  if (!aggregated()) {
    return Internal("Contribute called on an input query without aggregation");
  }
  Row row{document};
  BASALT_ASSIGN_OR_RETURN(bool kept, RunChain(lower_, &row, functions));
  if (!kept) {
    return std::optional<Contribution>();
  }
  ExecContext ctx(functions);
  Contribution out;
  out.keys.reserve(aggregate_->group_keys.size());
  for (const BoundExprPtr& key : aggregate_->group_keys) {
    BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*key, row, ctx));
    out.keys.push_back(v.is_undefined() ? Value::Null() : std::move(v));
  }
  // The same rules as the hash aggregate operator: FILTER, then null skipping.
  for (const AggregateCall& call : aggregate_->aggregates) {
    std::optional<std::vector<Value>>& arguments = out.arguments.emplace_back();
    if (call.filter) {
      BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*call.filter, row, ctx));
      if (!keep) {
        continue;
      }
    }
    std::vector<Value> args;
    args.reserve(call.args.size());
    for (const BoundExprPtr& arg : call.args) {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*arg, row, ctx));
      args.push_back(std::move(v));
    }
    if (call.def->skip_nulls && !args.empty() && args[0].is_nullish()) {
      continue;
    }
    arguments = std::move(args);
  }
  return std::optional<Contribution>(std::move(out));
}

Result<std::optional<Value>> InputQuery::GroupOutput(const std::vector<Value>& keys,
                                                     const std::vector<Value>& values,
                                                     const FunctionContext& functions) const {
  if (!aggregated() || keys.size() != aggregate_->group_keys.size() ||
      values.size() != aggregate_->aggregates.size()) {
    return Internal("GroupOutput called with the wrong number of values");
  }
  Row row;
  row.reserve(keys.size() + values.size());
  row.insert(row.end(), keys.begin(), keys.end());
  row.insert(row.end(), values.begin(), values.end());
  BASALT_ASSIGN_OR_RETURN(bool kept, RunChain(upper_, &row, functions));
  if (!kept) {
    return std::optional<Value>();
  }
  return std::optional<Value>(std::move(row[0]));
}

}  // namespace basalt::sql
