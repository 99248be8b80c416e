// Binding of FROM: collections, CTEs, derived tables, UNNEST, joins.
#include <algorithm>

#include "sql/executor/value_ops.h"
#include "sql/functions/function_registry.h"
#include "sql/planner/binder_internal.h"

namespace basalt::sql::internal {
namespace {

std::unique_ptr<PlanNode> Node(PlanNode::Kind kind, int width) {
  auto node = std::make_unique<PlanNode>();
  node->kind = kind;
  node->width = width;
  return node;
}

// TABLESAMPLE BERNOULLI (p): keeps each row of `plan` with probability p / 100. The
// percentage must be a constant number in [0, 100].
Result<std::unique_ptr<PlanNode>> SampleBernoulli(const Expr& percent_expr,
                                                  std::unique_ptr<PlanNode> plan) {
  auto bad = [&] {
    return Status(ErrorCode::kQueryError,
                  "TABLESAMPLE BERNOULLI takes a constant percentage between 0 and 100")
        .WithPosition(percent_expr.line, percent_expr.column);
  };
  if (percent_expr.kind != ExprKind::kLiteral ||
      !percent_expr.value.is_number()) {
    return bad();
  }
  double percent = percent_expr.value.AsDouble();
  if (!(percent >= 0 && percent <= 100)) {
    return bad();
  }
  auto rand = std::make_unique<BoundExpr>();
  rand->kind = BoundKind::kFunction;
  rand->function = FunctionRegistry::Get().FindScalar("RAND");
  auto limit = MakeConstant(Value::Float(percent / 100.0));
  auto predicate = std::make_unique<BoundExpr>();
  predicate->kind = BoundKind::kCompare;
  predicate->op = "<";
  predicate->args.push_back(std::move(rand));
  predicate->args.push_back(std::move(limit));
  auto filter = Node(PlanNode::Kind::kFilter, plan->width);
  filter->predicate = std::move(predicate);
  filter->children.push_back(std::move(plan));
  return filter;
}

const CteDef* FindCte(const Scope& scope, const std::string& name) {
  for (const Scope* s = &scope; s != nullptr; s = s->parent) {
    auto found = s->ctes.find(name);
    if (found != s->ctes.end()) {
      return &found->second;
    }
  }
  return nullptr;
}

bool IsUnnest(const TableRef& ref) {
  return ref.kind == TableRef::Kind::kUnnest;
}

}  // namespace

Result<std::unique_ptr<PlanNode>> Binder::BindDerived(
    const Query& query, Scope& scope, const std::string& alias,
    const std::vector<std::string>& column_aliases, int slot, bool lateral) {
  // A derived table sees the CTEs of the enclosing query but not its relations, unless it
  // is LATERAL: then the relations before it are its enclosing scope (outer references).
  Scope outer;
  outer.parent = scope.parent;
  outer.ctes = scope.ctes;
  BASALT_ASSIGN_OR_RETURN(Columns columns, BindQuery(query, lateral ? &scope : &outer, false));
  if (!column_aliases.empty()) {
    if (column_aliases.size() != columns.names.size()) {
      return Status(ErrorCode::kQueryError,
                    "Table alias " + alias + " names " + std::to_string(column_aliases.size()) +
                        " columns but the subquery has " + std::to_string(columns.names.size()));
    }
    columns.names = column_aliases;
    std::fill(columns.star.begin(), columns.star.end(), false);
  }
  auto remap = Node(PlanNode::Kind::kRemap, 1);
  auto object = std::make_unique<BoundExpr>();
  object->kind = BoundKind::kObject;
  object->op = "ROW";  // empty keys merge star columns
  bool any_star = false;
  for (size_t idx = 0; idx < columns.names.size(); ++idx) {
    object->keys.push_back(columns.star[idx] ? "" : columns.names[idx]);
    object->args.push_back(MakeSlot(int(idx)));
    any_star |= columns.star[idx];
  }
  remap->exprs.push_back(std::move(object));
  remap->children.push_back(std::move(columns.plan));
  Relation rel;
  rel.alias = alias;
  rel.slot = slot;
  rel.schemaless = any_star;
  rel.columns = columns.names;
  scope.relations.push_back(std::move(rel));
  return remap;
}

Result<std::unique_ptr<PlanNode>> Binder::BindRelation(const TableRef& ref, Scope& scope,
                                                       int slot) {
  if (ref.sample_percent != nullptr &&
      (ref.kind != TableRef::Kind::kNamed ||
       (ref.names.size() == 1 && FindCte(scope, ref.names[0]) != nullptr))) {
    return BindError(*ref.sample_percent, "TABLESAMPLE applies to a collection");
  }
  switch (ref.kind) {
    case TableRef::Kind::kNamed: {
      if (ref.names.size() == 1) {
        if (const CteDef* cte = FindCte(scope, ref.names[0])) {
          std::vector<std::string> columns = ref.column_aliases;
          if (columns.empty()) {
            columns = cte->cte->columns;
          }
          const std::string& alias = ref.alias.empty() ? ref.names[0] : ref.alias;
          if (cte->working_id >= 0) {
            // The CTE inside its own recursive part: the previous round's rows.
            auto working = Node(PlanNode::Kind::kWorkingTable, 1);
            working->cte_id = cte->working_id;
            working->cte_columns = cte->working_columns;
            Relation rel;
            rel.alias = alias;
            rel.slot = slot;
            rel.schemaless = false;
            rel.columns = ref.column_aliases.empty() ? cte->working_columns : ref.column_aliases;
            scope.relations.push_back(std::move(rel));
            return working;
          }
          if (cte->recursive && cte->cte->query->body->kind == QueryBody::Kind::kSetOp &&
              cte->cte->query->body->set_op == SetOpKind::kUnion) {
            return BindRecursiveCte(*cte, scope, alias, std::move(columns), slot);
          }
          return BindDerived(*cte->cte->query, scope, ref.alias.empty() ? ref.names[0] : ref.alias,
                             columns, slot);
        }
      }
      if (!options_.input_relation.empty() && ref.names.size() == 1 &&
          ref.names[0] == options_.input_relation) {
        auto input = Node(PlanNode::Kind::kInput, 1);
        input->collection_path = options_.input_relation;
        Relation rel;
        rel.alias = ref.alias.empty() ? ref.names[0] : ref.alias;
        rel.slot = slot;
        rel.schemaless = true;
        scope.relations.push_back(std::move(rel));
        return input;
      }
      auto relation = catalog_.ResolveRelation(ref.names);
      if (!relation.ok()) {
        Status st = relation.status();
        return st.line() == 0 ? st.WithPosition(ref.line, ref.column) : st;
      }
      if (view_stack_.size() == entity_depth_) {
        entities_.insert(relation->path);
      }
      if (relation->kind == ResolvedRelation::Kind::kView) {
        if (ref.sample_percent != nullptr) {
          return BindError(*ref.sample_percent, "TABLESAMPLE applies to a collection");
        }
        return BindView(ref, *relation, scope, slot);
      }
      const ResolvedCollection* resolved = &relation->collection;
      collections_.insert(resolved->path);
      auto scan = Node(PlanNode::Kind::kScan, 1);
      scan->collection_id = resolved->id;
      scan->collection_path = resolved->path;
      Relation rel;
      rel.alias = ref.alias.empty() ? ref.names.back() : ref.alias;
      rel.slot = slot;
      rel.schemaless = true;
      rel.scan = scan.get();
      scope.relations.push_back(std::move(rel));
      if (ref.sample_percent != nullptr) {
        return SampleBernoulli(*ref.sample_percent, std::move(scan));
      }
      return scan;
    }
    case TableRef::Kind::kSubquery:
      return BindDerived(*ref.subquery, scope, ref.alias, ref.column_aliases, slot);
    case TableRef::Kind::kFunction: {
      // TABLE('name') / TABLE(['ws', 'name']).
      std::vector<std::string> names;
      for (const auto& arg : ref.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, nullptr));
        if (bound->kind == BoundKind::kArray) {
          // An array literal of constant strings, e.g. TABLE(['commons', 'name']).
          for (const auto& element : bound->args) {
            if (element->kind != BoundKind::kConstant || !element->value.is_string()) {
              return BindError(*arg, "TABLE() takes constant strings");
            }
            names.emplace_back(element->value.string_value());
          }
          continue;
        }
        if (bound->kind != BoundKind::kConstant) {
          return BindError(*arg, "TABLE() takes constant strings");
        }
        const Value& v = bound->value;
        if (v.is_string()) {
          names.emplace_back(v.string_value());
        } else if (v.is_array()) {
          for (const Value& part : v.array()) {
            if (!part.is_string()) {
              return BindError(*arg, "TABLE() takes strings");
            }
            names.emplace_back(part.string_value());
          }
        } else {
          return BindError(*arg, "TABLE() takes strings");
        }
      }
      TableRef named;
      named.kind = TableRef::Kind::kNamed;
      named.names = std::move(names);
      named.alias = ref.alias.empty() && !named.names.empty() ? named.names.back() : ref.alias;
      named.line = ref.line;
      named.column = ref.column;
      return BindRelation(named, scope, slot);
    }
    case TableRef::Kind::kUnnest: {
      // A standalone UNNEST (not correlated): over a single row.
      auto unnest = Node(PlanNode::Kind::kUnnest, slot + 1);
      BASALT_ASSIGN_OR_RETURN(unnest->unnest_expr, BindExpr(*ref.expr, scope, nullptr));
      unnest->element_alias = ref.element_alias;
      unnest->with_ordinality = ref.with_ordinality;
      unnest->ordinality_alias = ref.ordinality_alias;
      Relation rel;
      rel.alias = ref.alias;
      rel.slot = slot;
      rel.is_unnest = true;
      rel.element_alias = ref.element_alias;
      rel.schemaless = ref.element_alias.empty();
      if (!ref.element_alias.empty()) {
        rel.columns.push_back(ref.element_alias);
      }
      if (ref.with_ordinality) {
        rel.columns.push_back(ref.ordinality_alias.empty() ? "ordinality" : ref.ordinality_alias);
      }
      scope.relations.push_back(std::move(rel));
      return unnest;
    }
    case TableRef::Kind::kValues:
    case TableRef::Kind::kJoin:
      break;
  }
  return Status(ErrorCode::kNotImplemented, "this kind of FROM item is not supported yet");
}

Result<std::unique_ptr<PlanNode>> Binder::BindFrom(const TableRef& ref, Scope& scope,
                                                   std::unique_ptr<PlanNode> /*left*/, int* width) {
  if (ref.kind != TableRef::Kind::kJoin) {
    if (IsUnnest(ref)) {
      // Uncorrelated UNNEST as the first relation: unnest over a single row.
      auto single = Node(PlanNode::Kind::kSingleRow, 0);
      BASALT_ASSIGN_OR_RETURN(auto unnest, BindRelation(ref, scope, 0));
      unnest->children.push_back(std::move(single));
      *width = 1;
      return unnest;
    }
    BASALT_ASSIGN_OR_RETURN(auto plan, BindRelation(ref, scope, *width));
    *width += 1;
    return plan;
  }
  BASALT_ASSIGN_OR_RETURN(auto left, BindFrom(*ref.left, scope, nullptr, width));
  int left_width = *width;
  size_t left_relations = scope.relations.size();
  // UNNEST on the right is lateral: it reads the left row.
  if (IsUnnest(*ref.right)) {
    bool outer = ref.join_type == JoinType::kLeft;
    if (ref.join_type == JoinType::kRight || ref.join_type == JoinType::kFull) {
      return Status(ErrorCode::kNotImplemented, "RIGHT/FULL JOIN with UNNEST is not supported");
    }
    BASALT_ASSIGN_OR_RETURN(auto unnest, BindRelation(*ref.right, scope, left_width));
    unnest->outer_unnest = outer;
    unnest->children.push_back(std::move(left));
    *width = left_width + 1;
    // Remember the array's source for index pushdown (`d.friends[*].age = 61`).
    Relation& rel = scope.relations.back();
    const BoundExpr& e = *unnest->unnest_expr;
    if (e.kind == BoundKind::kSlot && !e.path.empty()) {
      rel.unnest_source_slot = e.slot;
      rel.unnest_source_path = e.path;
    }
    std::unique_ptr<PlanNode> plan = std::move(unnest);
    if (ref.on) {
      BASALT_ASSIGN_OR_RETURN(auto on, BindExpr(*ref.on, scope, nullptr));
      if (!(on->kind == BoundKind::kConstant && IsTrue(on->value))) {
        if (outer) {
          return Status(ErrorCode::kNotImplemented, "LEFT JOIN UNNEST needs ON true");
        }
        auto filter = Node(PlanNode::Kind::kFilter, *width);
        filter->predicate = std::move(on);
        filter->children.push_back(std::move(plan));
        plan = std::move(filter);
      }
    }
    return plan;
  }
  if (ref.right->lateral && ref.right->kind == TableRef::Kind::kSubquery) {
    return BindLateralJoin(ref, scope, std::move(left), left_width, width);
  }
  int right_width = 0;
  Scope right_scope;
  right_scope.parent = scope.parent;
  right_scope.ctes = scope.ctes;
  BASALT_ASSIGN_OR_RETURN(auto right, BindFrom(*ref.right, right_scope, nullptr, &right_width));
  // Move the right relations into this scope, with slots after the left ones.
  for (Relation& rel : right_scope.relations) {
    rel.slot += left_width;
    if (rel.unnest_source_slot >= 0) {
      rel.unnest_source_slot += left_width;
    }
    if (ref.join_type == JoinType::kLeft || ref.join_type == JoinType::kFull) {
      rel.nullable = true;
    }
    scope.relations.push_back(std::move(rel));
  }
  if (ref.join_type == JoinType::kRight || ref.join_type == JoinType::kFull) {
    for (size_t idx = 0; idx < left_relations; ++idx) {
      scope.relations[idx].nullable = true;
    }
  }
  *width = left_width + right_width;
  auto join = Node(PlanNode::Kind::kJoin, *width);
  join->join_type = ref.join_type;
  join->left_width = left_width;
  BoundExprPtr condition;
  if (ref.on) {
    BASALT_ASSIGN_OR_RETURN(condition, BindExpr(*ref.on, scope, nullptr));
  } else if (!ref.using_columns.empty() || ref.natural) {
    std::vector<std::string> using_columns = ref.using_columns;
    if (ref.natural) {
      // The columns both sides have, in the left side's order; known only for derived
      // relations (subqueries, CTEs, VALUES): collections have no fixed columns.
      const Relation& left_rel = scope.relations[left_relations - 1];
      const Relation& right_rel = scope.relations.back();
      if (left_rel.schemaless || right_rel.schemaless) {
        return Status(ErrorCode::kQueryError,
                      "NATURAL JOIN needs the columns of both sides to be known (subqueries, "
                      "CTEs or VALUES); collections have no fixed columns: use JOIN ... USING "
                      "(column, ...)",
                      ref.line, ref.column);
      }
      for (const std::string& column : left_rel.columns) {
        if (std::find(right_rel.columns.begin(), right_rel.columns.end(), column) !=
            right_rel.columns.end()) {
          using_columns.push_back(column);
        }
      }
    }
    std::vector<BoundExprPtr> parts;
    for (const std::string& column : using_columns) {
      // left.column = right.column, each side's single relation (or the last one).
      auto eq = std::make_unique<BoundExpr>();
      eq->kind = BoundKind::kCompare;
      eq->op = "=";
      scope.using_columns[column] = {scope.relations[left_relations - 1].slot,
                                     scope.relations.back().slot};
      NoteColumn(scope.relations[left_relations - 1], {column});
      NoteColumn(scope.relations.back(), {column});
      eq->args.push_back(MakeSlot(scope.relations[left_relations - 1].slot, {column}));
      eq->args.push_back(MakeSlot(scope.relations.back().slot, {column}));
      parts.push_back(std::move(eq));
    }
    condition = JoinConjuncts(std::move(parts));
  }
  if (condition) {
    std::vector<BoundExprPtr> conjuncts;
    SplitConjuncts(std::move(condition), &conjuncts);
    std::vector<BoundExprPtr> residual;
    for (auto& c : conjuncts) {
      if (options_.optimize && c->kind == BoundKind::kCompare && c->op == "=") {
        std::set<int> a_slots, b_slots;
        bool a_outer = false, b_outer = false, a_complex = false, b_complex = false;
        CollectSlots(*c->args[0], &a_slots, &a_outer, &a_complex);
        CollectSlots(*c->args[1], &b_slots, &b_outer, &b_complex);
        auto side = [&](const std::set<int>& s) {
          if (s.empty()) {
            return 0;
          }
          bool all_left = true, all_right = true;
          for (int slot : s) {
            all_left &= slot < left_width;
            all_right &= slot >= left_width;
          }
          return all_left ? 1 : all_right ? 2 : 0;
        };
        int a_side = side(a_slots), b_side = side(b_slots);
        if (!a_outer && !b_outer && !a_complex && !b_complex && a_side != 0 && b_side != 0 &&
            a_side != b_side) {
          BoundExprPtr left_key = std::move(c->args[a_side == 1 ? 0 : 1]);
          BoundExprPtr right_key = std::move(c->args[a_side == 1 ? 1 : 0]);
          RebaseSlots(right_key.get(), left_width);
          join->left_keys.push_back(std::move(left_key));
          join->right_keys.push_back(std::move(right_key));
          continue;
        }
      }
      residual.push_back(std::move(c));
    }
    if (!residual.empty()) {
      join->predicate = JoinConjuncts(std::move(residual));
    }
    // HINT(join_strategy=lookup): probe the right collection's index per left row.
    bool wants_lookup = false;
    for (const auto& [name, value] : ref.hints) {
      if (name == "join_strategy" && (value == "lookup" || value == "'lookup'")) {
        wants_lookup = true;
      }
    }
    if (wants_lookup && options_.optimize && right->kind == PlanNode::Kind::kScan &&
        (ref.join_type == JoinType::kInner || ref.join_type == JoinType::kLeft)) {
      for (size_t idx = 0; idx < join->right_keys.size(); ++idx) {
        const BoundExpr& key = *join->right_keys[idx];
        if (key.kind == BoundKind::kSlot && key.slot == 0 && !key.path.empty()) {
          join->lookup = true;
          join->lookup_key = int(idx);
          join->lookup_path = StoragePath(key.path);
          right->needs_document = true;  // looked-up documents are fetched whole
          break;
        }
      }
    }
  } else if (ref.join_type != JoinType::kCross && ref.join_type != JoinType::kInner) {
    return Status(ErrorCode::kQueryError, "This join needs ON or USING", ref.line, ref.column);
  }
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  return join;
}

Result<std::unique_ptr<PlanNode>> Binder::BindLateralJoin(const TableRef& ref, Scope& scope,
                                                         std::unique_ptr<PlanNode> left,
                                                         int left_width, int* width) {
  if (ref.join_type == JoinType::kRight || ref.join_type == JoinType::kFull) {
    return Status(ErrorCode::kQueryError,
                  "A RIGHT or FULL JOIN cannot have a LATERAL subquery on its right", ref.line,
                  ref.column);
  }
  if (!ref.using_columns.empty() || ref.natural) {
    return Status(ErrorCode::kQueryError, "JOIN LATERAL takes ON, not USING or NATURAL",
                  ref.line, ref.column);
  }
  const TableRef& right_ref = *ref.right;
  BASALT_ASSIGN_OR_RETURN(auto right, BindDerived(*right_ref.subquery, scope, right_ref.alias,
                                                  right_ref.column_aliases, left_width,
                                                  /*lateral=*/true));
  if (ref.join_type == JoinType::kLeft) {
    scope.relations.back().nullable = true;
  }
  *width = left_width + 1;
  auto join = Node(PlanNode::Kind::kJoin, *width);
  join->join_type = ref.join_type;
  join->left_width = left_width;
  join->lateral = true;
  if (ref.on) {
    BASALT_ASSIGN_OR_RETURN(auto on, BindExpr(*ref.on, scope, nullptr));
    if (!(on->kind == BoundKind::kConstant && IsTrue(on->value))) {
      join->predicate = std::move(on);
    }
  } else if (ref.join_type != JoinType::kCross && ref.join_type != JoinType::kInner) {
    return Status(ErrorCode::kQueryError, "This join needs ON", ref.line, ref.column);
  }
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  return join;
}

Result<std::unique_ptr<PlanNode>> Binder::BindRecursiveCte(const CteDef& cte, Scope& scope,
                                                          const std::string& alias,
                                                          std::vector<std::string> column_aliases,
                                                          int slot) {
  const Query& query = *cte.cte->query;
  if (!query.with.empty() || !query.order_by.empty() || query.limit || query.offset) {
    return Status(ErrorCode::kNotImplemented,
                  "WITH, ORDER BY, LIMIT and OFFSET inside a recursive CTE are not supported yet");
  }
  const QueryBody& body = *query.body;
  // Like a derived table, the CTE sees the CTEs of its query but not its relations.
  Scope outer;
  outer.parent = scope.parent;
  outer.ctes = scope.ctes;
  Query empty;  // ORDER BY/LIMIT of the branches: none
  Columns anchor;
  {
    Scope anchor_scope;
    anchor_scope.parent = &outer;
    anchor_scope.ctes = outer.ctes;
    // The anchor cannot read the CTE itself: a reference there is an unknown name.
    anchor_scope.ctes.erase(cte.cte->name);
    BASALT_ASSIGN_OR_RETURN(anchor, BindBody(*body.left, anchor_scope, empty, false));
  }
  std::vector<std::string> names = column_aliases.empty() ? anchor.names : column_aliases;
  if (names.size() != anchor.names.size()) {
    return Status(ErrorCode::kQueryError,
                  "WITH RECURSIVE " + cte.cte->name + " names " + std::to_string(names.size()) +
                      " columns but its query has " + std::to_string(anchor.names.size()));
  }
  for (bool star : anchor.star) {
    if (star) {
      return Status(ErrorCode::kQueryError, "The anchor of WITH RECURSIVE " + cte.cte->name +
                                                " must name its columns (no SELECT *)");
    }
  }
  int cte_id = next_cte_id_++;
  Columns step;
  {
    Scope step_scope;
    step_scope.parent = &outer;
    step_scope.ctes = outer.ctes;
    CteDef working = cte;
    working.working_id = cte_id;
    working.working_columns = names;
    step_scope.ctes[cte.cte->name] = std::move(working);
    BASALT_ASSIGN_OR_RETURN(step, BindBody(*body.right, step_scope, empty, false));
  }
  if (step.names.size() != names.size()) {
    return Status(ErrorCode::kQueryError,
                  "The branches of WITH RECURSIVE " + cte.cte->name +
                      " have different numbers of columns (" + std::to_string(names.size()) +
                      " and " + std::to_string(step.names.size()) + ")");
  }
  auto node = Node(PlanNode::Kind::kRecursiveCte, int(names.size()));
  node->cte_id = cte_id;
  node->cte_columns = names;
  node->all = body.all;
  node->children.push_back(std::move(anchor.plan));
  node->children.push_back(std::move(step.plan));
  // The relation's row object, as for a derived table.
  auto remap = Node(PlanNode::Kind::kRemap, 1);
  auto object = std::make_unique<BoundExpr>();
  object->kind = BoundKind::kObject;
  object->op = "ROW";
  for (size_t idx = 0; idx < names.size(); ++idx) {
    object->keys.push_back(names[idx]);
    object->args.push_back(MakeSlot(int(idx)));
  }
  remap->exprs.push_back(std::move(object));
  remap->children.push_back(std::move(node));
  Relation rel;
  rel.alias = alias;
  rel.slot = slot;
  rel.schemaless = false;
  rel.columns = names;
  scope.relations.push_back(std::move(rel));
  return remap;
}

}  // namespace basalt::sql::internal
