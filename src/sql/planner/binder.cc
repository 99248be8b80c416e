// Binding of queries: FROM (relations, joins, UNNEST), WHERE, GROUP BY, windows, projection,
// DISTINCT, ORDER BY, LIMIT, set operations, CTEs and derived tables.
#include "sql/planner/binder.h"

#include <algorithm>

#include "sql/functions/function_registry.h"
#include "sql/planner/binder_internal.h"
#include "sql/planner/join_order.h"

namespace basalt::sql {
namespace internal {
namespace {

std::unique_ptr<PlanNode> Node(PlanNode::Kind kind, int width) {
  auto node = std::make_unique<PlanNode>();
  node->kind = kind;
  node->width = width;
  return node;
}

std::unique_ptr<PlanNode> Wrap(PlanNode::Kind kind, std::unique_ptr<PlanNode> child, int width) {
  auto node = Node(kind, width);
  node->children.push_back(std::move(child));
  return node;
}

// The output name of an unaliased select item (sql.md §7.1).
std::string DefaultName(const Expr& expr) {
  if (expr.kind == ExprKind::kIdentifier || expr.kind == ExprKind::kFieldAccess) {
    return expr.name;
  }
  if (expr.kind == ExprKind::kFunction) {
    return "?" + (expr.spelled.empty() ? expr.name : expr.spelled);
  }
  return "?column?";
}

WindowFunctionKind WindowKindOf(const std::string& name) {
  if (name == "ROW_NUMBER") {
    return WindowFunctionKind::kRowNumber;
  }
  if (name == "RANK") {
    return WindowFunctionKind::kRank;
  }
  if (name == "DENSE_RANK") {
    return WindowFunctionKind::kDenseRank;
  }
  if (name == "PERCENT_RANK") {
    return WindowFunctionKind::kPercentRank;
  }
  if (name == "CUME_DIST") {
    return WindowFunctionKind::kCumeDist;
  }
  if (name == "NTILE") {
    return WindowFunctionKind::kNtile;
  }
  if (name == "LAG") {
    return WindowFunctionKind::kLag;
  }
  if (name == "LEAD") {
    return WindowFunctionKind::kLead;
  }
  if (name == "FIRST_VALUE") {
    return WindowFunctionKind::kFirstValue;
  }
  if (name == "LAST_VALUE") {
    return WindowFunctionKind::kLastValue;
  }
  if (name == "NTH_VALUE") {
    return WindowFunctionKind::kNthValue;
  }
  return WindowFunctionKind::kAggregate;
}

// Checks every function name of an expression exists (before anything else is resolved, as
// Rockset does: an unknown function is reported even when the collection is unknown too).
Status CheckFunctions(const Expr& expr);
Status CheckFunctionsInQuery(const Query& query);

Status CheckFunctions(const Expr& expr) {
  if (expr.kind == ExprKind::kFunction) {
    static constexpr std::string_view kSpecial[] = {
        "ROW_NUMBER", "RANK",        "DENSE_RANK", "PERCENT_RANK", "CUME_DIST", "NTILE", "LAG",
        "LEAD",       "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE",    "GROUPING",  "FIELD"};
    bool known = FunctionRegistry::Get().FindScalar(expr.name) != nullptr ||
                 FunctionRegistry::Get().FindAggregate(expr.name) != nullptr;
    for (std::string_view s : kSpecial) {
      known |= expr.name == s;
    }
    if (!known) {
      return Status(ErrorCode::kQueryError, "Function `" + expr.spelled + "` not found.", expr.line,
                    expr.column)
          .WithErrorId("function_not_found");
    }
  }
  for (const auto& arg : expr.args) {
    BASALT_RETURN_IF_ERROR(CheckFunctions(*arg));
  }
  if (expr.else_expr) {
    BASALT_RETURN_IF_ERROR(CheckFunctions(*expr.else_expr));
  }
  if (expr.filter) {
    BASALT_RETURN_IF_ERROR(CheckFunctions(*expr.filter));
  }
  if (expr.subquery) {
    BASALT_RETURN_IF_ERROR(CheckFunctionsInQuery(*expr.subquery));
  }
  return Status::Ok();
}

Status CheckFunctionsInTable(const TableRef& ref) {
  if (ref.subquery) {
    BASALT_RETURN_IF_ERROR(CheckFunctionsInQuery(*ref.subquery));
  }
  if (ref.expr) {
    BASALT_RETURN_IF_ERROR(CheckFunctions(*ref.expr));
  }
  if (ref.on) {
    BASALT_RETURN_IF_ERROR(CheckFunctions(*ref.on));
  }
  if (ref.left) {
    BASALT_RETURN_IF_ERROR(CheckFunctionsInTable(*ref.left));
  }
  if (ref.right) {
    BASALT_RETURN_IF_ERROR(CheckFunctionsInTable(*ref.right));
  }
  return Status::Ok();
}

Status CheckFunctionsInBody(const QueryBody& body) {
  switch (body.kind) {
    case QueryBody::Kind::kSelect: {
      const Select& s = *body.select;
      for (const auto& item : s.items) {
        BASALT_RETURN_IF_ERROR(CheckFunctions(*item.expr));
      }
      if (s.from) {
        BASALT_RETURN_IF_ERROR(CheckFunctionsInTable(*s.from));
      }
      if (s.where) {
        BASALT_RETURN_IF_ERROR(CheckFunctions(*s.where));
      }
      if (s.having) {
        BASALT_RETURN_IF_ERROR(CheckFunctions(*s.having));
      }
      for (const auto& e : s.group_by.exprs) {
        BASALT_RETURN_IF_ERROR(CheckFunctions(*e));
      }
      return Status::Ok();
    }
    case QueryBody::Kind::kSetOp:
      BASALT_RETURN_IF_ERROR(CheckFunctionsInBody(*body.left));
      return CheckFunctionsInBody(*body.right);
    case QueryBody::Kind::kQuery:
      return CheckFunctionsInQuery(*body.query);
    case QueryBody::Kind::kValues:
      for (const auto& e : body.values) {
        BASALT_RETURN_IF_ERROR(CheckFunctions(*e));
      }
      return Status::Ok();
    case QueryBody::Kind::kTable:
      return Status::Ok();
  }
  return Status::Ok();
}

Status CheckFunctionsInQuery(const Query& query) {
  for (const auto& cte : query.with) {
    BASALT_RETURN_IF_ERROR(CheckFunctionsInQuery(*cte.query));
  }
  BASALT_RETURN_IF_ERROR(CheckFunctionsInBody(*query.body));
  for (const auto& item : query.order_by) {
    BASALT_RETURN_IF_ERROR(CheckFunctions(*item.expr));
  }
  return Status::Ok();
}

// Builds the row object of output columns (star columns merge their object's fields).
BoundExprPtr RowObject(const std::vector<std::string>& names, const std::vector<bool>& star,
                       int first_slot) {
  auto object = std::make_unique<BoundExpr>();
  object->kind = BoundKind::kObject;
  object->op = "ROW";  // empty keys merge star columns
  for (size_t idx = 0; idx < names.size(); ++idx) {
    object->keys.push_back(star[idx] ? "" : names[idx]);
    object->args.push_back(MakeSlot(first_slot + int(idx)));
  }
  return object;
}

}  // namespace

Status CheckQueryFunctions(const Query& query) {
  return CheckFunctionsInQuery(query);
}

// Sort(limit) directly over Project over an unfiltered collection scan, sorting first on a
// field of the scanned documents with the default null placement: the scan may read the
// first values of that field's index instead of every document.
void Binder::MarkIndexOrderedScan(PlanNode* sort) {
  if (sort->children.empty() || sort->sort_keys.empty()) {
    return;
  }
  PlanNode* project = sort->children[0].get();
  if (project->kind != PlanNode::Kind::kProject || project->children.empty()) {
    return;
  }
  PlanNode* scan = project->children[0].get();
  if (scan->kind != PlanNode::Kind::kScan || scan->use_index || scan->predicate) {
    return;
  }
  const SortKey& key = sort->sort_keys[0];
  if (key.nulls_first != !key.descending) {
    return;
  }
  const BoundExpr* expr = key.expr.get();
  int input_width = project->width - int(project->exprs.size());
  if (expr->kind == BoundKind::kSlot && expr->slot >= input_width) {
    expr = project->exprs[size_t(expr->slot - input_width)].get();
  }
  if (expr->kind != BoundKind::kSlot || expr->slot != 0 || expr->path.empty()) {
    return;
  }
  scan->order_path = StoragePath(expr->path);
  scan->order_descending = key.descending;
  scan->order_limit = sort->limit + sort->offset;
}

Result<int64_t> Binder::ConstantInt(const Expr& expr, Scope& scope, std::string_view what) {
  if (expr.kind == ExprKind::kParameter && options_.unknown_parameters.contains(expr.name)) {
    return 0;
  }
  BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(expr, scope, nullptr));
  if (bound->kind != BoundKind::kConstant || bound->value.type() != ValueType::kInt ||
      bound->value.int_value() < 0) {
    return BindError(expr, std::string(what) + " must be a non-negative integer");
  }
  return bound->value.int_value();
}

Result<Binder::Columns> Binder::BindQuery(const Query& query, Scope* outer, bool top_level) {
  Scope scope;
  scope.parent = outer;
  for (const auto& cte : query.with) {
    CteDef def;
    def.cte = &cte;
    def.recursive = query.recursive;
    scope.ctes[cte.name] = std::move(def);
  }
  BASALT_ASSIGN_OR_RETURN(Columns columns, BindBody(*query.body, scope, query, top_level));
  if (outer != nullptr && scope.correlated_used) {
    outer->correlated_used = true;
  }
  return columns;
}

Result<Binder::Columns> Binder::BindBody(const QueryBody& body, Scope& scope, const Query& query,
                                         bool top_level) {
  switch (body.kind) {
    case QueryBody::Kind::kSelect:
      return BindSelect(*body.select, scope, query, top_level);
    case QueryBody::Kind::kQuery: {
      if (query.order_by.empty() && !query.limit && !query.offset) {
        return BindQuery(*body.query, &scope, top_level);
      }
      BASALT_ASSIGN_OR_RETURN(Columns inner, BindQuery(*body.query, &scope, false));
      int width = int(inner.names.size());
      BASALT_RETURN_IF_ERROR(
          ApplyOrderLimit(query, &inner, scope, nullptr, nullptr, top_level, &width));
      return inner;
    }
    case QueryBody::Kind::kSetOp: {
      Query left_query, right_query;  // empty wrappers: ORDER BY/LIMIT apply to the whole set op
      Columns left, right;
      {
        Scope left_scope;
        left_scope.parent = &scope;
        left_scope.ctes = scope.ctes;
        BASALT_ASSIGN_OR_RETURN(left, BindBody(*body.left, left_scope, left_query, false));
        Scope right_scope;
        right_scope.parent = &scope;
        right_scope.ctes = scope.ctes;
        BASALT_ASSIGN_OR_RETURN(right, BindBody(*body.right, right_scope, right_query, false));
        if (left_scope.correlated_used || right_scope.correlated_used) {
          scope.correlated_used = true;
        }
      }
      if (left.names.size() != right.names.size()) {
        return Status(ErrorCode::kQueryError,
                      "Set operation branches have different numbers of columns (" +
                          std::to_string(left.names.size()) + " and " +
                          std::to_string(right.names.size()) + ")");
      }
      auto node = Node(PlanNode::Kind::kSetOp, int(left.names.size()));
      node->set_op = body.set_op;
      node->all = body.all;
      node->children.push_back(std::move(left.plan));
      node->children.push_back(std::move(right.plan));
      Columns out;
      out.plan = std::move(node);
      out.names = left.names;
      out.star = left.star;
      int width = int(out.names.size());
      BASALT_RETURN_IF_ERROR(
          ApplyOrderLimit(query, &out, scope, nullptr, nullptr, top_level, &width));
      return out;
    }
    case QueryBody::Kind::kValues: {
      auto node = Node(PlanNode::Kind::kValues, 0);
      size_t arity = 0;
      for (const auto& row : body.values) {
        std::vector<BoundExprPtr> bound_row;
        if (row->kind == ExprKind::kArray && row->op == "ROW") {
          for (const auto& item : row->args) {
            BASALT_ASSIGN_OR_RETURN(auto b, BindExpr(*item, scope, nullptr));
            bound_row.push_back(std::move(b));
          }
        } else {
          BASALT_ASSIGN_OR_RETURN(auto b, BindExpr(*row, scope, nullptr));
          bound_row.push_back(std::move(b));
        }
        if (arity != 0 && bound_row.size() != arity) {
          return BindError(*row, "VALUES rows must all have the same number of columns");
        }
        arity = bound_row.size();
        node->value_rows.push_back(std::move(bound_row));
      }
      node->width = int(arity);
      Columns out;
      out.plan = std::move(node);
      for (size_t idx = 0; idx < arity; ++idx) {
        out.names.push_back("column" + std::to_string(idx + 1));
        out.star.push_back(false);
      }
      int width = int(arity);
      BASALT_RETURN_IF_ERROR(
          ApplyOrderLimit(query, &out, scope, nullptr, nullptr, top_level, &width));
      return out;
    }
    case QueryBody::Kind::kTable: {
      // TABLE name == SELECT * FROM name.
      TableRef ref;
      ref.kind = TableRef::Kind::kNamed;
      ref.names = body.table;
      int width = 0;
      BASALT_ASSIGN_OR_RETURN(auto plan, BindFrom(ref, scope, nullptr, &width));
      NoteColumn(scope.relations.back(), {});  // whole rows
      auto project = Wrap(PlanNode::Kind::kRemap, std::move(plan), 1);
      project->exprs.push_back(MakeSlot(0));
      Columns out;
      out.plan = std::move(project);
      out.names = {"*"};
      out.star = {true};
      int out_width = 1;
      BASALT_RETURN_IF_ERROR(
          ApplyOrderLimit(query, &out, scope, nullptr, nullptr, top_level, &out_width));
      return out;
    }
  }
  return Internal("unknown query body");
}

Status Binder::ApplyOrderLimit(const Query& query, Columns* columns, Scope& scope,
                               const AggregateContext* agg, const OutputContext* output,
                               bool top_level, int* width) {
  // For set operations and VALUES, ORDER BY sees the output columns only.
  OutputContext own;
  Scope empty;
  empty.parent = scope.parent;
  Scope* order_scope = &scope;
  if (output == nullptr) {
    for (size_t idx = 0; idx < columns->names.size(); ++idx) {
      own.names.push_back(columns->names[idx]);
      own.slots.push_back(int(idx));
      own.exprs.push_back(nullptr);
    }
    output = &own;
    order_scope = &empty;
  }
  auto plan = std::move(columns->plan);
  if (!query.order_by.empty()) {
    auto sort = Node(PlanNode::Kind::kSort, *width);
    for (const OrderItem& item : query.order_by) {
      SortKey key;
      key.descending = item.descending;
      key.nulls_first = item.nulls_first.has_value() ? *item.nulls_first : !item.descending;
      const Expr& e = *item.expr;
      if (e.kind == ExprKind::kLiteral && e.value.type() == ValueType::kInt) {
        int64_t ordinal = e.value.int_value();
        if (ordinal < 1 || ordinal > int64_t(output->slots.size())) {
          return BindError(e, "ORDER BY position " + std::to_string(ordinal) + " is out of range");
        }
        key.expr = MakeSlot(output->slots[size_t(ordinal - 1)]);
      } else {
        BASALT_ASSIGN_OR_RETURN(key.expr, BindExpr(e, *order_scope, agg, output));
      }
      sort->sort_keys.push_back(std::move(key));
    }
    sort->children.push_back(std::move(plan));
    plan = std::move(sort);
  }
  int64_t limit = -1;
  int64_t offset = 0;
  if (query.limit) {
    BASALT_ASSIGN_OR_RETURN(limit, ConstantInt(*query.limit, scope, "LIMIT"));
  } else if (top_level && options_.default_row_limit > 0) {
    limit = options_.default_row_limit;
  }
  if (query.offset) {
    BASALT_ASSIGN_OR_RETURN(offset, ConstantInt(*query.offset, scope, "OFFSET"));
  }
  if (limit >= 0 || offset > 0) {
    if (plan->kind == PlanNode::Kind::kSort) {
      plan->limit = limit;
      plan->offset = offset;
      if (limit >= 0 && options_.optimize) {
        MarkIndexOrderedScan(plan.get());
      }
    } else {
      auto node = Wrap(PlanNode::Kind::kLimit, std::move(plan), *width);
      node->limit = limit;
      node->offset = offset;
      plan = std::move(node);
    }
  }
  // Keep only the output columns.
  if (*width != int(columns->names.size()) || output != &own) {
    auto remap = Wrap(PlanNode::Kind::kRemap, std::move(plan), int(columns->names.size()));
    for (int slot : output->slots) {
      remap->exprs.push_back(MakeSlot(slot));
    }
    plan = std::move(remap);
    *width = int(columns->names.size());
  }
  columns->plan = std::move(plan);
  return Status::Ok();
}

Result<Binder::Columns> Binder::BindSelect(const Select& select, Scope& scope, const Query& query,
                                           bool top_level) {
  if (!select.cluster_by.empty() && options_.input_relation.empty()) {
    return BindError(*select.cluster_by[0], "CLUSTER BY is only allowed in ingest transformations");
  }
  // SCORE() in this SELECT scores the SEARCH of its WHERE clause.
  search_calls_.push_back(select.where ? FindSearchCall(*select.where) : nullptr);
  struct PopSearch {
    std::vector<const Expr*>& calls;
    ~PopSearch() { calls.pop_back(); }
  } pop_search{search_calls_};
  // FROM.
  std::unique_ptr<PlanNode> plan;
  int width = 0;
  if (select.from) {
    BASALT_ASSIGN_OR_RETURN(plan, BindFrom(*select.from, scope, nullptr, &width));
  } else {
    plan = Node(PlanNode::Kind::kSingleRow, 0);
  }
  // WHERE: pushed into scans where possible.
  std::vector<BoundExprPtr> where_rest;
  if (select.where) {
    std::vector<const Expr*> aggs, windows;
    CollectCalls(*select.where, &aggs, &windows);
    if (!aggs.empty()) {
      return BindError(*aggs[0], "Aggregates are not allowed in WHERE");
    }
    if (!windows.empty()) {
      return BindError(*windows[0], "Window functions are not allowed in WHERE");
    }
    BASALT_ASSIGN_OR_RETURN(auto predicate, BindExpr(*select.where, scope, nullptr));
    std::vector<BoundExprPtr> conjuncts;
    SplitConjuncts(std::move(predicate), &conjuncts);
    where_rest = PushDown(std::move(conjuncts), scope);
  }
  // Joins in their cheapest order (the WHERE conditions between relations become join keys).
  if (select.from) {
    OrderJoins(&plan, &where_rest, scope);
  }
  if (!where_rest.empty()) {
    auto filter = Wrap(PlanNode::Kind::kFilter, std::move(plan), width);
    filter->predicate = JoinConjuncts(std::move(where_rest));
    plan = std::move(filter);
  }
  // Aggregation.
  std::vector<const Expr*> agg_calls, window_calls;
  for (const auto& item : select.items) {
    CollectCalls(*item.expr, &agg_calls, &window_calls);
  }
  if (select.having) {
    CollectCalls(*select.having, &agg_calls, &window_calls);
  }
  for (const auto& item : query.order_by) {
    CollectCalls(*item.expr, &agg_calls, &window_calls);
  }
  bool aggregated = select.group_by.present || !agg_calls.empty();
  AggregateContext agg_context;
  const AggregateContext* agg = nullptr;
  if (aggregated) {
    auto node = Node(PlanNode::Kind::kAggregate, 0);
    // Group keys: expressions, output aliases or ordinals.
    auto resolve_key = [&](const Expr& e) -> Result<const Expr*> {
      if (e.kind == ExprKind::kLiteral && e.value.type() == ValueType::kInt) {
        int64_t ordinal = e.value.int_value();
        if (ordinal < 1 || ordinal > int64_t(select.items.size())) {
          return BindError(e, "GROUP BY position " + std::to_string(ordinal) + " is out of range");
        }
        return select.items[size_t(ordinal - 1)].expr.get();
      }
      if (e.kind == ExprKind::kIdentifier) {
        for (const auto& item : select.items) {
          if (item.alias == e.name) {
            return item.expr.get();
          }
        }
        // The output name of an unaliased qualified field (`t.name` is output `name`):
        // `GROUP BY name` means that item, even where `name` alone is ambiguous in FROM.
        const Expr* named = nullptr;
        int count = 0;
        for (const auto& item : select.items) {
          if (item.alias.empty() && item.expr && item.expr->kind == ExprKind::kFieldAccess &&
              item.expr->name == e.name) {
            named = item.expr.get();
            ++count;
          }
        }
        if (count == 1) {
          return named;
        }
      }
      return &e;
    };
    std::vector<const Expr*> keys;
    auto add_key = [&](const Expr& e) -> Result<int> {
      BASALT_ASSIGN_OR_RETURN(const Expr* key, resolve_key(e));
      std::string text = key->ToString();
      for (size_t idx = 0; idx < keys.size(); ++idx) {
        if (keys[idx]->ToString() == text) {
          return int(idx);
        }
      }
      keys.push_back(key);
      return int(keys.size() - 1);
    };
    const GroupBy& gb = select.group_by;
    std::vector<std::vector<int>> sets;
    if (gb.kind == GroupingKind::kPlain) {
      for (const auto& e : gb.exprs) {
        BASALT_ASSIGN_OR_RETURN(int k, add_key(*e));
        (void)k;
      }
    } else if (gb.kind == GroupingKind::kGroupingSets) {
      for (const auto& set : gb.sets) {
        std::vector<int> members;
        for (const auto& e : set) {
          BASALT_ASSIGN_OR_RETURN(int k, add_key(*e));
          members.push_back(k);
        }
        sets.push_back(std::move(members));
      }
    } else {
      std::vector<int> all;
      for (const auto& e : gb.exprs) {
        BASALT_ASSIGN_OR_RETURN(int k, add_key(*e));
        all.push_back(k);
      }
      if (gb.kind == GroupingKind::kRollup) {
        for (size_t n = all.size() + 1; n-- > 0;) {
          sets.emplace_back(all.begin(), all.begin() + long(n));
        }
      } else {
        size_t n = all.size();
        for (size_t mask = (size_t(1) << n); mask-- > 0;) {
          std::vector<int> set;
          for (size_t bit = 0; bit < n; ++bit) {
            if (mask & (size_t(1) << (n - 1 - bit))) {
              set.push_back(all[bit]);
            }
          }
          sets.push_back(std::move(set));
        }
      }
    }
    for (const Expr* key : keys) {
      std::vector<const Expr*> inner_aggs;
      CollectCalls(*key, &inner_aggs, nullptr);
      if (!inner_aggs.empty()) {
        return BindError(*key, "Aggregates are not allowed in GROUP BY");
      }
      BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*key, scope, nullptr));
      agg_context.key_fields.push_back(FieldKey(*bound));
      node->group_keys.push_back(std::move(bound));
      agg_context.key_texts.push_back(key->ToString());
    }
    node->grouping_sets = sets;
    node->has_grouping_sets = !sets.empty();
    for (const Expr* call : agg_calls) {
      std::string text = call->ToString();
      if (std::find(agg_context.aggregate_texts.begin(), agg_context.aggregate_texts.end(), text) !=
          agg_context.aggregate_texts.end()) {
        continue;
      }
      AggregateCall ac;
      ac.def = FunctionRegistry::Get().FindAggregate(call->name);
      ac.distinct = call->distinct;
      ac.name = call->name;
      int count = int(call->args.size());
      if (!call->star_arg &&
          (count < ac.def->min_args || (ac.def->max_args >= 0 && count > ac.def->max_args))) {
        return BindError(*call, "Aggregate " + call->name + " takes " +
                                    std::to_string(ac.def->min_args) + " to " +
                                    std::to_string(ac.def->max_args) + " arguments");
      }
      if (call->star_arg && call->name != "COUNT") {
        return BindError(*call, call->name + "(*) is not allowed");
      }
      for (const auto& arg : call->args) {
        std::vector<const Expr*> nested;
        CollectCalls(*arg, &nested, nullptr);
        if (!nested.empty()) {
          return BindError(*nested[0], "Aggregates cannot be nested");
        }
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, nullptr));
        ac.args.push_back(std::move(bound));
      }
      if (call->filter) {
        BASALT_ASSIGN_OR_RETURN(ac.filter, BindExpr(*call->filter, scope, nullptr));
      }
      for (const OrderItem& item : call->within_order) {
        SortKey key;
        key.descending = item.descending;
        key.nulls_first = item.nulls_first.has_value() ? *item.nulls_first : !item.descending;
        BASALT_ASSIGN_OR_RETURN(key.expr, BindExpr(*item.expr, scope, nullptr));
        ac.order.push_back(std::move(key));
      }
      if (call->within_limit) {
        BASALT_ASSIGN_OR_RETURN(ac.limit, ConstantInt(*call->within_limit, scope, "LIMIT"));
      }
      if (call->within_offset) {
        BASALT_ASSIGN_OR_RETURN(ac.offset, ConstantInt(*call->within_offset, scope, "OFFSET"));
      }
      if ((call->within_limit || call->within_offset) && call->within_order.empty()) {
        return BindError(*call, "LIMIT inside an aggregate needs ORDER BY");
      }
      node->aggregates.push_back(std::move(ac));
      agg_context.aggregate_texts.push_back(text);
    }
    agg_context.key_base = 0;
    agg_context.aggregate_base = int(node->group_keys.size());
    width = int(node->group_keys.size() + node->aggregates.size());
    if (node->has_grouping_sets) {
      agg_context.grouping_slot = width;
      ++width;
    }
    node->width = width;
    node->children.push_back(std::move(plan));
    plan = std::move(node);
    agg = &agg_context;
    if (select.having) {
      BASALT_ASSIGN_OR_RETURN(auto having, BindExpr(*select.having, scope, agg));
      auto filter = Wrap(PlanNode::Kind::kFilter, std::move(plan), width);
      filter->predicate = std::move(having);
      plan = std::move(filter);
    }
  } else if (select.having) {
    return BindError(*select.having, "HAVING needs GROUP BY or an aggregate");
  }
  // Window functions.
  if (!window_calls.empty()) {
    auto node = Node(PlanNode::Kind::kWindow, 0);
    for (const Expr* call : window_calls) {
      if (window_slots_.count(call) != 0) {
        continue;
      }
      const WindowSpec* spec = call->over.get();
      const WindowSpec* base = nullptr;
      if (!spec->base_name.empty()) {
        for (const auto& [name, def] : select.windows) {
          if (name == spec->base_name) {
            base = def.get();
          }
        }
        if (base == nullptr) {
          return BindError(*call, "Unknown window '" + spec->base_name + "'");
        }
      }
      WindowCall wc;
      wc.kind = WindowKindOf(call->name);
      if (wc.kind == WindowFunctionKind::kAggregate) {
        const AggregateDef* def = FunctionRegistry::Get().FindAggregate(call->name);
        if (def == nullptr) {
          return BindError(*call, call->name + " is not a window function");
        }
        wc.aggregate.def = def;
        wc.aggregate.name = call->name;
        for (const auto& arg : call->args) {
          BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg));
          wc.aggregate.args.push_back(std::move(bound));
        }
      } else {
        for (const auto& arg : call->args) {
          BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg));
          wc.args.push_back(std::move(bound));
        }
      }
      for (const WindowSpec* s : {base, spec}) {
        if (s == nullptr) {
          continue;
        }
        for (const auto& e : s->partition_by) {
          BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*e, scope, agg));
          wc.partition_by.push_back(std::move(bound));
        }
        for (const OrderItem& item : s->order_by) {
          SortKey key;
          key.descending = item.descending;
          key.nulls_first = item.nulls_first.has_value() ? *item.nulls_first : !item.descending;
          BASALT_ASSIGN_OR_RETURN(key.expr, BindExpr(*item.expr, scope, agg));
          wc.order_by.push_back(std::move(key));
        }
        if (s->frame) {
          WindowFrame frame;
          frame.unit = s->frame->unit;
          frame.start.kind = s->frame->start.kind;
          frame.end.kind = s->frame->end.kind;
          if (s->frame->start.offset) {
            BASALT_ASSIGN_OR_RETURN(wc.frame_start_offset,
                                    ConstantInt(*s->frame->start.offset, scope, "A frame offset"));
          }
          if (s->frame->end.offset) {
            BASALT_ASSIGN_OR_RETURN(wc.frame_end_offset,
                                    ConstantInt(*s->frame->end.offset, scope, "A frame offset"));
          }
          bool range_offset =
              frame.unit == FrameUnit::kRange && (s->frame->start.offset || s->frame->end.offset);
          if (range_offset && wc.order_by.size() != 1) {
            return BindError(*call, "RANGE with an offset needs exactly one ORDER BY key");
          }
          wc.frame = std::move(frame);
        }
      }
      window_slots_[call] = width + int(node->windows.size());
      node->windows.push_back(std::move(wc));
    }
    width += int(node->windows.size());
    node->width = width;
    node->children.push_back(std::move(plan));
    plan = std::move(node);
  }
  // Projection: output columns are appended after the input slots.
  Columns out;
  OutputContext output;
  auto project = Node(PlanNode::Kind::kProject, 0);
  for (const SelectItem& item : select.items) {
    const Expr& e = *item.expr;
    if (e.kind == ExprKind::kStar) {
      if (agg != nullptr) {
        return BindError(e, "* cannot be used with GROUP BY or aggregates");
      }
      std::vector<BoundExprPtr> objects;
      if (e.args.empty()) {
        if (scope.relations.empty()) {
          return BindError(e, "SELECT * needs a FROM clause");
        }
        for (const Relation& rel : scope.relations) {
          NoteColumn(rel, {});
          objects.push_back(MakeSlot(rel.slot));
        }
      } else {
        BASALT_ASSIGN_OR_RETURN(auto base, BindExpr(*e.args[0], scope, nullptr));
        objects.push_back(std::move(base));
      }
      for (auto& object : objects) {
        auto star = std::make_unique<BoundExpr>();
        star->kind = BoundKind::kStarObject;
        star->keys = e.keys;
        star->args.push_back(std::move(object));
        project->exprs.push_back(std::move(star));
        out.names.push_back("*");
        out.star.push_back(true);
        output.names.push_back("");
        output.slots.push_back(width + int(project->exprs.size()) - 1);
        output.exprs.push_back(&e);
      }
      continue;
    }
    BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(e, scope, agg));
    project->exprs.push_back(std::move(bound));
    std::string name = item.alias.empty() ? DefaultName(e) : item.alias;
    out.names.push_back(name);
    out.star.push_back(false);
    output.names.push_back(name);
    output.slots.push_back(width + int(project->exprs.size()) - 1);
    output.exprs.push_back(&e);
  }
  // Unaliased duplicate names get numeric suffixes (`?count`, `?count1`).
  for (size_t idx = 0; idx < out.names.size(); ++idx) {
    if (out.star[idx] || !select.items[std::min(idx, select.items.size() - 1)].alias.empty()) {
      continue;
    }
    int suffix = 0;
    std::string base = out.names[idx];
    for (size_t prev = 0; prev < idx; ++prev) {
      while (out.names[prev] == out.names[idx]) {
        out.names[idx] = base + std::to_string(++suffix);
      }
    }
    output.names[idx] = out.names[idx];
  }
  int project_width = width + int(project->exprs.size());
  project->width = project_width;
  project->children.push_back(std::move(plan));
  plan = std::move(project);
  if (select.distinct) {
    // DISTINCT keeps only the output columns, then de-duplicates them.
    auto remap = Wrap(PlanNode::Kind::kRemap, std::move(plan), int(output.slots.size()));
    for (int slot : output.slots) {
      remap->exprs.push_back(MakeSlot(slot));
    }
    auto distinct = Wrap(PlanNode::Kind::kDistinct, std::move(remap), int(output.slots.size()));
    distinct->distinct_from = 0;
    plan = std::move(distinct);
    for (size_t idx = 0; idx < output.slots.size(); ++idx) {
      output.slots[idx] = int(idx);
    }
    project_width = int(output.slots.size());
    out.plan = std::move(plan);
    Scope order_scope;  // ORDER BY after DISTINCT sees only the output columns
    order_scope.parent = scope.parent;
    BASALT_RETURN_IF_ERROR(
        ApplyOrderLimit(query, &out, order_scope, nullptr, &output, top_level, &project_width));
    return out;
  }
  out.plan = std::move(plan);
  BASALT_RETURN_IF_ERROR(
      ApplyOrderLimit(query, &out, scope, agg, &output, top_level, &project_width));
  return out;
}

Result<BoundQuery> Binder::Bind(const Statement& statement) {
  if (statement.kind == Statement::Kind::kDescribe) {
    return Status(ErrorCode::kNotImplemented, "DESCRIBE is not supported yet");
  }
  if (statement.kind == Statement::Kind::kInsert) {
    return Status(ErrorCode::kNotImplemented, "INSERT INTO is not supported yet");
  }
  BASALT_RETURN_IF_ERROR(CheckFunctionsInQuery(*statement.query));
  BASALT_ASSIGN_OR_RETURN(Columns columns, BindQuery(*statement.query, nullptr, true));
  BoundQuery bound;
  bound.explain = statement.kind == Statement::Kind::kExplain;
  bool any_star = std::find(columns.star.begin(), columns.star.end(), true) != columns.star.end();
  if (!any_star) {
    bound.column_names = columns.names;
  }
  ChooseAccessPaths(columns.plan.get(), options_);
  if (bound.explain && options_.optimize && options_.statistics) {
    EstimateRows(columns.plan.get(), options_.statistics);  // shown per scan and join
  }
  auto root = Wrap(PlanNode::Kind::kRemap, std::move(columns.plan), 1);
  root->exprs.push_back(RowObject(columns.names, columns.star, 0));
  root->output_names = columns.names;
  bound.plan = std::move(root);
  bound.collections.assign(collections_.begin(), collections_.end());
  bound.entities.assign(entities_.begin(), entities_.end());
  return bound;
}

}  // namespace internal

Result<BoundQuery> BindStatement(const Statement& statement, CatalogView& catalog,
                                 const BindOptions& options) {
  internal::Binder binder(catalog, options);
  return binder.Bind(statement);
}

}  // namespace basalt::sql
