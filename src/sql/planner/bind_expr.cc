// Binding of expressions: names to slots, functions to the registry, parameters to values.
#include <algorithm>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/cast.h"
#include "sql/functions/function_registry.h"
#include "sql/parser/lexer.h"
#include "sql/planner/binder_internal.h"
#include "storage/field_path.h"

namespace basalt::sql::internal {
namespace {

// OBJECT(['k1', ...], [v1, ...]) with literal arrays binds as the object constructor
// {'k1': v1, ...}, so that an undefined value omits its key (sql.md §3) instead of being
// stored as null by the array literal first.
BoundExprPtr ObjectFromLiteralArrays(BoundExprPtr e) {
  if (e->kind != BoundKind::kFunction || e->function == nullptr || e->function->name != "OBJECT" ||
      e->args.size() != 2 || e->args[0]->kind != BoundKind::kArray ||
      e->args[1]->kind != BoundKind::kArray ||
      e->args[0]->args.size() != e->args[1]->args.size()) {
    return e;
  }
  std::vector<std::string> keys;
  for (const auto& key : e->args[0]->args) {
    if (key->kind != BoundKind::kConstant || !key->value.is_string()) {
      return e;
    }
    keys.emplace_back(key->value.string_value());
  }
  auto object = std::make_unique<BoundExpr>();
  object->kind = BoundKind::kObject;
  object->line = e->line;
  object->column = e->column;
  object->keys = std::move(keys);
  object->args = std::move(e->args[1]->args);
  return object;
}


BoundExprPtr Make(BoundKind kind, const Expr& at) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->line = at.line;
  e->column = at.column;
  return e;
}

// Flattens `a.b.c` (identifiers and field accesses) into names; false otherwise.
bool NameChain(const Expr& expr, std::vector<std::string>* names) {
  if (expr.kind == ExprKind::kIdentifier) {
    names->push_back(expr.name);
    return true;
  }
  if (expr.kind == ExprKind::kFieldAccess && NameChain(*expr.args[0], names)) {
    names->push_back(expr.name);
    return true;
  }
  return false;
}

const Relation* FindAlias(const Scope& scope, const std::string& name) {
  for (const Relation& rel : scope.relations) {
    if (rel.alias == name) {
      return &rel;
    }
  }
  return nullptr;
}

constexpr std::string_view kWindowOnly[] = {
    "ROW_NUMBER", "RANK", "DENSE_RANK",  "PERCENT_RANK", "CUME_DIST", "NTILE",
    "LAG",        "LEAD", "FIRST_VALUE", "LAST_VALUE",   "NTH_VALUE"};

}  // namespace

void NoteColumn(const Relation& rel, const std::vector<std::string>& path) {
  if (rel.scan == nullptr) {
    return;
  }
  if (path.empty()) {
    rel.scan->needs_document = true;
  } else {
    rel.scan->needed_columns.insert(path);
    ++rel.scan->column_notes[path];
  }
}

Status BindError(const Expr& expr, std::string message) {
  return Status(ErrorCode::kQueryError, std::move(message), expr.line, expr.column);
}

std::string StoragePath(const std::vector<std::string>& keys) {
  return storage::JoinPath(keys);
}

const Expr* FindSearchCall(const Expr& expr) {
  if (expr.kind == ExprKind::kFunction && expr.name == "SEARCH" && !expr.over) {
    return &expr;
  }
  for (const auto& arg : expr.args) {  // not into subqueries: they have their own WHERE
    if (const Expr* found = FindSearchCall(*arg)) {
      return found;
    }
  }
  return nullptr;
}

namespace {

// Rewrites a bound SEARCH call into its relevance: text predicates and the AND/OR/SEARCH/
// PROXIMITY combining them use the score kernels; NOT contributes nothing.
void ToScoreKernels(BoundExprPtr& expr) {
  if (expr->kind == BoundKind::kNot) {
    expr = MakeConstant(Value::Float(0));
    return;
  }
  if (expr->kind == BoundKind::kAnd || expr->kind == BoundKind::kOr) {
    expr->function = SearchScoreKernel("AND");
    expr->kind = BoundKind::kFunction;
  } else if (expr->kind == BoundKind::kFunction && expr->function != nullptr) {
    if (const FunctionDef* kernel = SearchScoreKernel(expr->function->name)) {
      expr->function = kernel;
    } else {
      return;  // another function: a filter term, weighs nothing
    }
  } else {
    return;
  }
  for (BoundExprPtr& arg : expr->args) {
    ToScoreKernels(arg);
  }
}

}  // namespace

Result<BoundExprPtr> Binder::BindScore(const Expr& expr, Scope& scope, const AggregateContext* agg) {
  if (!expr.args.empty()) {
    return BindError(expr, "Function SCORE takes 0 arguments, got " +
                               std::to_string(expr.args.size()))
        .WithErrorId("invalid_argument_count");
  }
  const Expr* search = search_calls_.empty() ? nullptr : search_calls_.back();
  if (search == nullptr) {
    return MakeConstant(Value::Null());
  }
  BASALT_ASSIGN_OR_RETURN(BoundExprPtr bound, BindExpr(*search, scope, agg));
  ToScoreKernels(bound);
  return bound;
}

std::string FieldKey(const BoundExpr& expr) {
  if (expr.kind != BoundKind::kSlot) {
    return "";
  }
  std::string key = std::to_string(expr.slot);
  for (const std::string& part : expr.path) {
    key += '\x1f';
    key += part;
  }
  return key;
}

bool IsAggregateCall(const Expr& expr) {
  if (expr.kind != ExprKind::kFunction || expr.over) {
    return false;
  }
  return FunctionRegistry::Get().FindAggregate(expr.name) != nullptr &&
         (expr.star_arg || FunctionRegistry::Get().FindScalar(expr.name) == nullptr ||
          expr.distinct);
}

void CollectCalls(const Expr& expr, std::vector<const Expr*>* aggregates,
                  std::vector<const Expr*>* windows) {
  if (expr.kind == ExprKind::kFunction && expr.over) {
    if (windows != nullptr) {
      windows->push_back(&expr);
    }
    return;
  }
  if (IsAggregateCall(expr)) {
    if (aggregates != nullptr) {
      aggregates->push_back(&expr);
    }
    return;
  }
  for (const auto& arg : expr.args) {
    CollectCalls(*arg, aggregates, windows);
  }
  if (expr.else_expr) {
    CollectCalls(*expr.else_expr, aggregates, windows);
  }
}

namespace {

// True when a relation of `scope` with known columns has one named `name`.
bool HasKnownColumn(const Scope& scope, const std::string& name) {
  for (const Relation& rel : scope.relations) {
    if (!rel.schemaless && std::find(rel.columns.begin(), rel.columns.end(), name) != rel.columns.end()) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<BoundExprPtr> Binder::BindName(const Expr& expr, Scope& scope,
                                      const std::vector<std::string>& names) {
  // 1. A relation alias, in this scope or an enclosing one.
  int depth = 0;
  for (Scope* s = &scope; s != nullptr; s = s->parent, ++depth) {
    if (const Relation* rel = FindAlias(*s, names[0])) {
      if (names.size() == 1 && HasKnownColumn(*s, names[0])) {
        // `WITH m AS (SELECT ... AS m) SELECT m FROM m`: the column wins over the whole row.
        break;
      }
      std::vector<std::string> path(names.begin() + 1, names.end());
      NoteColumn(*rel, path);
      if (depth == 0) {
        return MakeSlot(rel->slot, std::move(path));
      }
      auto e = Make(BoundKind::kOuterSlot, expr);
      e->slot = rel->slot;
      e->depth = depth;
      e->path = std::move(path);
      scope.correlated_used = true;
      return e;
    }
  }
  // 2. A column named in JOIN ... USING: the coalesced value of both sides.
  auto using_column = scope.using_columns.find(names[0]);
  if (using_column != scope.using_columns.end()) {
    auto e = Make(BoundKind::kFunction, expr);
    e->function = FunctionRegistry::Get().FindScalar("COALESCE");
    e->args.push_back(MakeSlot(using_column->second.first, {names[0]}));
    e->args.push_back(MakeSlot(using_column->second.second, {names[0]}));
    BoundExprPtr result = std::move(e);
    for (size_t idx = 1; idx < names.size(); ++idx) {
      auto field = Make(BoundKind::kField, expr);
      field->name = names[idx];
      field->args.push_back(std::move(result));
      result = std::move(field);
    }
    return result;
  }
  // 3. A field of a relation: known columns first, then schemaless relations.
  depth = 0;
  for (Scope* s = &scope; s != nullptr; s = s->parent, ++depth) {
    const Relation* match = nullptr;
    int matches = 0;
    for (const Relation& rel : s->relations) {
      if (!rel.schemaless &&
          std::find(rel.columns.begin(), rel.columns.end(), names[0]) != rel.columns.end()) {
        match = &rel;
        ++matches;
      }
    }
    if (matches == 0) {
      for (const Relation& rel : s->relations) {
        if (rel.schemaless) {
          match = &rel;
          ++matches;
        }
      }
    }
    if (matches > 1) {
      return BindError(expr, "Field '" + names[0] +
                                 "' is ambiguous: qualify it with a collection or alias name");
    }
    if (matches == 1) {
      NoteColumn(*match, names);
      if (depth == 0) {
        return MakeSlot(match->slot, names);
      }
      auto e = Make(BoundKind::kOuterSlot, expr);
      e->slot = match->slot;
      e->depth = depth;
      e->path = names;
      scope.correlated_used = true;
      return e;
    }
  }
  // 4. The single relation of this scope (the field is simply absent there).
  if (scope.relations.size() == 1) {
    NoteColumn(scope.relations[0], names);
    return MakeSlot(scope.relations[0].slot, names);
  }
  if (scope.relations.empty()) {
    return BindError(expr, "Field '" + names[0] + "' is not defined (the query has no FROM)")
        .WithErrorId("field_not_found");
  }
  return BindError(
      expr, "Field '" + names[0] + "' is ambiguous: qualify it with a collection or alias name");
}

Result<std::shared_ptr<PlanNode>> Binder::BindSubquery(const Query& query, Scope& scope,
                                                       bool* correlated) {
  Scope inner;
  inner.parent = &scope;
  BASALT_ASSIGN_OR_RETURN(Columns columns, BindQuery(query, &scope, false));
  // BindQuery builds its own scopes; correlation is recorded on the outer scope's flag.
  *correlated = scope.correlated_used;
  // Subquery rows end with a row object (first output column = first field).
  auto plan = std::make_unique<PlanNode>();
  plan->kind = PlanNode::Kind::kRemap;
  plan->width = 1;
  auto object = std::make_unique<BoundExpr>();
  object->kind = BoundKind::kObject;
  object->op = "ROW";  // empty keys merge star columns
  for (size_t idx = 0; idx < columns.names.size(); ++idx) {
    object->keys.push_back(columns.star[idx] ? "" : columns.names[idx]);
    object->args.push_back(MakeSlot(int(idx)));
  }
  plan->exprs.push_back(std::move(object));
  plan->children.push_back(std::move(columns.plan));
  return std::shared_ptr<PlanNode>(std::move(plan));
}

Result<BoundExprPtr> Binder::BindFunction(const Expr& expr, Scope& scope,
                                          const AggregateContext* agg,
                                          const OutputContext* output) {
  const std::string& name = expr.name;
  if (expr.over) {
    auto found = window_slots_.find(&expr);
    if (found == window_slots_.end()) {
      return BindError(expr, "Window functions are allowed only in the SELECT list and ORDER BY");
    }
    return MakeSlot(found->second);
  }
  if (name == "SCORE") {
    return BindScore(expr, scope, agg);
  }
  if (IsAggregateCall(expr)) {
    if (agg == nullptr) {
      return BindError(expr, "Aggregate function " + name + " is not allowed here");
    }
    std::string text = expr.ToString();
    for (size_t idx = 0; idx < agg->aggregate_texts.size(); ++idx) {
      if (agg->aggregate_texts[idx] == text) {
        return MakeSlot(agg->aggregate_base + int(idx));
      }
    }
    return BindError(expr, "Aggregate " + text + " cannot be used here");
  }
  for (std::string_view w : kWindowOnly) {
    if (name == w) {
      return BindError(expr, name + " needs an OVER clause");
    }
  }
  if (name == "GROUPING") {
    if (agg == nullptr) {
      return BindError(expr, "GROUPING is allowed only with GROUP BY");
    }
    if (agg->grouping_slot < 0) {
      // A plain GROUP BY: every key is present in every group.
      for (const auto& arg : expr.args) {
        std::string text = arg->ToString();
        if (std::find(agg->key_texts.begin(), agg->key_texts.end(), text) == agg->key_texts.end()) {
          return BindError(*arg, "GROUPING argument must be a grouping expression");
        }
      }
      return MakeConstant(Value::Int(0));
    }
    // Bitmask over the named keys: bit for the first argument is the most significant.
    BoundExprPtr result = MakeConstant(Value::Int(0));
    for (const auto& arg : expr.args) {
      std::string text = arg->ToString();
      int key = -1;
      for (size_t idx = 0; idx < agg->key_texts.size(); ++idx) {
        if (agg->key_texts[idx] == text) {
          key = int(idx);
        }
      }
      if (key < 0) {
        return BindError(*arg, "GROUPING argument must be a grouping expression");
      }
      int shift = int(agg->key_texts.size()) - 1 - key;
      // bit = (grouping_id >> shift) & 1; result = result * 2 + bit
      auto bit = Make(BoundKind::kBitwise, expr);
      bit->op = "&";
      auto shifted = Make(BoundKind::kBitwise, expr);
      shifted->op = ">>";
      shifted->args.push_back(MakeSlot(agg->grouping_slot));
      shifted->args.push_back(MakeConstant(Value::Int(shift)));
      bit->args.push_back(std::move(shifted));
      bit->args.push_back(MakeConstant(Value::Int(1)));
      auto doubled = Make(BoundKind::kArithmetic, expr);
      doubled->op = "*";
      doubled->args.push_back(std::move(result));
      doubled->args.push_back(MakeConstant(Value::Int(2)));
      auto sum = Make(BoundKind::kArithmetic, expr);
      sum->op = "+";
      sum->args.push_back(std::move(doubled));
      sum->args.push_back(std::move(bit));
      result = std::move(sum);
    }
    return result;
  }
  if (name == "FIELD") {
    // FIELD('path') / FIELD('rel', 'a.x'): a field reference built from strings.
    std::vector<std::string> names;
    for (const auto& arg : expr.args) {
      if (arg->kind != ExprKind::kLiteral || !arg->value.is_string()) {
        return BindError(*arg, "FIELD takes string literals");
      }
      std::string text(arg->value.string_value());
      size_t start = 0;
      while (true) {
        size_t dot = text.find('.', start);
        names.push_back(
            text.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) {
          break;
        }
        start = dot + 1;
      }
    }
    if (names.empty()) {
      return BindError(expr, "FIELD needs a path");
    }
    return BindName(expr, scope, names);
  }
  const FunctionDef* def = FunctionRegistry::Get().FindScalar(name);
  if (def == nullptr) {
    return Status(ErrorCode::kQueryError, "Function `" + expr.spelled + "` not found.", expr.line,
                  expr.column)
        .WithErrorId("function_not_found");
  }
  int count = int(expr.args.size());
  if (count < def->min_args || (def->max_args >= 0 && count > def->max_args)) {
    std::string expected =
        def->max_args < 0 ? "at least " + std::to_string(def->min_args)
        : def->min_args == def->max_args
            ? std::to_string(def->min_args)
            : std::to_string(def->min_args) + " to " + std::to_string(def->max_args);
    return BindError(expr, "Function " + std::string(def->name) + " takes " + expected +
                               " arguments, got " + std::to_string(count))
        .WithErrorId("invalid_argument_count");
  }
  if (expr.distinct || expr.star_arg) {
    return BindError(expr, std::string(def->name) + " is not an aggregate function");
  }
  auto e = Make(BoundKind::kFunction, expr);
  e->function = def;
  for (const auto& arg : expr.args) {
    BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
    e->args.push_back(std::move(bound));
  }
  return e;
}

Result<BoundExprPtr> Binder::BindExpr(const Expr& expr, Scope& scope, const AggregateContext* agg,
                                      const OutputContext* output) {
  // ORDER BY may repeat a select-list expression: read its output column.
  if (output != nullptr && expr.kind != ExprKind::kLiteral && expr.kind != ExprKind::kParameter) {
    std::string text = expr.ToString();
    for (size_t idx = 0; idx < output->exprs.size(); ++idx) {
      if (output->exprs[idx] != nullptr && output->exprs[idx]->kind != ExprKind::kStar &&
          output->exprs[idx]->ToString() == text) {
        return MakeSlot(output->slots[idx]);
      }
    }
  }
  // After GROUP BY, a grouping expression is read from its slot.
  if (agg != nullptr && expr.kind != ExprKind::kLiteral && expr.kind != ExprKind::kParameter) {
    std::string text = expr.ToString();
    for (size_t idx = 0; idx < agg->key_texts.size(); ++idx) {
      if (agg->key_texts[idx] == text) {
        return MakeSlot(agg->key_base + int(idx));
      }
    }
    // The same field spelled another way (`k` for a key `i.k`, or the reverse).
    if (expr.kind == ExprKind::kIdentifier || expr.kind == ExprKind::kFieldAccess) {
      auto plain = BindExpr(expr, scope, nullptr);
      std::string field = plain.ok() ? FieldKey(**plain) : std::string();
      for (size_t idx = 0; !field.empty() && idx < agg->key_fields.size(); ++idx) {
        if (agg->key_fields[idx] == field) {
          return MakeSlot(agg->key_base + int(idx));
        }
      }
    }
  }
  switch (expr.kind) {
    case ExprKind::kLiteral:
      return MakeConstant(expr.value);
    case ExprKind::kParameter: {
      if (in_view_) {
        return BindError(expr, "Views cannot use query parameters (:" + expr.name + ")")
            .WithErrorId("parameter_in_view");
      }
      auto found = options_.parameters.find(expr.name);
      if (found == options_.parameters.end()) {
        return BindError(expr, "Query parameter '" + expr.name + "' was not provided")
            .WithErrorId("missing_parameter");
      }
      return MakeConstant(found->second);
    }
    case ExprKind::kIdentifier:
    case ExprKind::kFieldAccess: {
      std::vector<std::string> names;
      if (NameChain(expr, &names)) {
        if (output != nullptr && names.size() == 1) {
          for (size_t idx = 0; idx < output->names.size(); ++idx) {
            if (output->names[idx] == names[0]) {
              return MakeSlot(output->slots[idx]);
            }
          }
        }
        if (agg != nullptr) {
          return BindError(expr, "Field " + expr.ToString() +
                                     " must appear in GROUP BY or be used in an aggregate");
        }
        return BindName(expr, scope, names);
      }
      auto e = Make(BoundKind::kField, expr);
      e->name = expr.name;
      BASALT_ASSIGN_OR_RETURN(auto base, BindExpr(*expr.args[0], scope, agg, output));
      e->args.push_back(std::move(base));
      return e;
    }
    case ExprKind::kSubscript: {
      auto e = Make(BoundKind::kSubscript, expr);
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      return e;
    }
    case ExprKind::kStar:
      return BindError(expr, "* is allowed only in the SELECT list and COUNT(*)");
    case ExprKind::kUnary: {
      BASALT_ASSIGN_OR_RETURN(auto operand, BindExpr(*expr.args[0], scope, agg, output));
      if (expr.op == "+") {
        return operand;
      }
      auto e = Make(expr.op == "NOT" ? BoundKind::kNot
                    : expr.op == "-" ? BoundKind::kNegate
                                     : BoundKind::kBitwise,
                    expr);
      e->op = expr.op;
      e->args.push_back(std::move(operand));
      return e;
    }
    case ExprKind::kBinary: {
      const std::string& op = expr.op;
      BoundKind kind;
      if (op == "AND") {
        kind = BoundKind::kAnd;
      } else if (op == "OR") {
        kind = BoundKind::kOr;
      } else if (op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=") {
        kind = BoundKind::kCompare;
      } else if (op == "||") {
        kind = BoundKind::kConcat;
      } else if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") {
        kind = BoundKind::kArithmetic;
      } else {
        kind = BoundKind::kBitwise;
      }
      auto e = Make(kind, expr);
      e->op = op;
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      return e;
    }
    case ExprKind::kFunction: {
      BASALT_ASSIGN_OR_RETURN(auto bound, BindFunction(expr, scope, agg, output));
      return ObjectFromLiteralArrays(std::move(bound));
    }
    case ExprKind::kCase: {
      auto e = Make(BoundKind::kCase, expr);
      e->has_operand = expr.has_operand;
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      if (expr.else_expr) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*expr.else_expr, scope, agg, output));
        e->args.push_back(std::move(bound));
        e->has_else = true;
      }
      return e;
    }
    case ExprKind::kCast: {
      BASALT_RETURN_IF_ERROR(TypeFromName(expr.name).status().WithPosition(expr.line, expr.column));
      auto e = Make(BoundKind::kCast, expr);
      e->name = expr.name;
      e->op = expr.op == "LITERAL" ? "CAST" : expr.op;
      BASALT_ASSIGN_OR_RETURN(auto arg, BindExpr(*expr.args[0], scope, agg, output));
      e->args.push_back(std::move(arg));
      if (expr.op == "LITERAL") {
        // Typed literals are checked (and folded) at bind time.
        BASALT_ASSIGN_OR_RETURN(Value v, CastValue(e->args[0]->value, expr.name, false));
        return MakeConstant(std::move(v));
      }
      return e;
    }
    case ExprKind::kIn: {
      BASALT_ASSIGN_OR_RETURN(auto needle, BindExpr(*expr.args[0], scope, agg, output));
      if (expr.subquery) {
        auto e = Make(BoundKind::kInSubquery, expr);
        e->negated = expr.negated;
        e->args.push_back(std::move(needle));
        bool saved = scope.correlated_used;
        scope.correlated_used = false;
        BASALT_ASSIGN_OR_RETURN(e->subquery, BindSubquery(*expr.subquery, scope, &e->correlated));
        scope.correlated_used = saved || e->correlated;
        return e;
      }
      auto e = Make(BoundKind::kIn, expr);
      e->negated = expr.negated;
      e->args.push_back(std::move(needle));
      for (size_t idx = 1; idx < expr.args.size(); ++idx) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*expr.args[idx], scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      return e;
    }
    case ExprKind::kBetween:
    case ExprKind::kLike:
    case ExprKind::kIs: {
      auto e = Make(expr.kind == ExprKind::kBetween ? BoundKind::kBetween
                    : expr.kind == ExprKind::kLike  ? BoundKind::kLike
                                                    : BoundKind::kIs,
                    expr);
      e->op = expr.op;
      e->negated = expr.negated;
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      return e;
    }
    case ExprKind::kExists:
    case ExprKind::kSubquery:
    case ExprKind::kQuantified: {
      auto e = Make(expr.kind == ExprKind::kExists     ? BoundKind::kExists
                    : expr.kind == ExprKind::kSubquery ? BoundKind::kScalarSubquery
                                                       : BoundKind::kQuantified,
                    expr);
      e->op = expr.op;
      e->name = expr.name;
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      bool saved = scope.correlated_used;
      scope.correlated_used = false;
      BASALT_ASSIGN_OR_RETURN(e->subquery, BindSubquery(*expr.subquery, scope, &e->correlated));
      scope.correlated_used = saved || e->correlated;
      return e;
    }
    case ExprKind::kArray: {
      if (expr.op == "ROW") {
        return BindError(expr, "A row constructor is not allowed here");
      }
      auto e = Make(BoundKind::kArray, expr);
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      return e;
    }
    case ExprKind::kObject: {
      auto e = Make(BoundKind::kObject, expr);
      e->keys = expr.keys;
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      return e;
    }
    case ExprKind::kInterval:
    case ExprKind::kExtract:
    case ExprKind::kAtTimeZone: {
      auto e = Make(expr.kind == ExprKind::kInterval  ? BoundKind::kInterval
                    : expr.kind == ExprKind::kExtract ? BoundKind::kExtract
                                                      : BoundKind::kAtTimeZone,
                    expr);
      e->name = expr.name;
      e->op = expr.op;
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(auto bound, BindExpr(*arg, scope, agg, output));
        e->args.push_back(std::move(bound));
      }
      return e;
    }
  }
  return BindError(expr, "unsupported expression");
}

}  // namespace basalt::sql::internal
