#include "sql/executor/evaluate.h"

#include <string>
#include <unordered_set>

#include "sql/executor/operators.h"
#include "sql/executor/value_ops.h"
#include "sql/functions/cast.h"
#include "sql/functions/extract.h"
#include "sql/functions/interval.h"
#include "sql/functions/time_zone.h"

namespace basalt::sql {
namespace {

struct ValueHash {
  size_t operator()(const Value& v) const { return v.Hash(); }
};
struct ValueEq {
  bool operator()(const Value& a, const Value& b) const { return a.Equals(b); }
};
using ValueSet = std::unordered_set<Value, ValueHash, ValueEq>;

// Follows object keys; undefined through non-objects.
Value FollowPath(const Value& base, const std::vector<std::string>& path) {
  const Value* current = &base;
  for (const std::string& key : path) {
    current = &current->Get(key);
    if (current->is_undefined()) {
      return Value();
    }
  }
  return *current;
}

Result<std::vector<Row>> RunCorrelated(const BoundExpr& expr, const Row& row, ExecContext& ctx) {
  ctx.outer_rows().push_back(&row);
  auto rows = RunPlan(*expr.subquery, ctx);
  ctx.outer_rows().pop_back();
  return rows;
}

// The single output value of a subquery row (its last slot holds the row object).
Value FirstColumn(const Row& row) {
  const Value& obj = row.back();
  if (obj.is_object() && !obj.object().empty()) {
    return obj.object()[0].second;
  }
  return Value::Null();
}

Result<Value> ScalarSubquery(const BoundExpr& expr, const Row& row, ExecContext& ctx) {
  if (!expr.correlated) {
    auto cached = ctx.subquery_cache().find(&expr);
    if (cached != ctx.subquery_cache().end()) {
      return cached->second;
    }
  }
  BASALT_ASSIGN_OR_RETURN(auto rows, RunCorrelated(expr, row, ctx));
  if (rows.size() > 1) {
    return Status(ErrorCode::kQueryError, "Scalar subquery returned more than one row");
  }
  Value result = rows.empty() ? Value::Null() : FirstColumn(rows[0]);
  if (result.is_undefined()) {
    result = Value::Null();
  }
  if (!expr.correlated) {
    ctx.subquery_cache()[&expr] = result;
  }
  return result;
}

Result<const ValueSet*> SubquerySet(const BoundExpr& expr, const Row& row, ExecContext& ctx,
                                    bool* has_null, std::shared_ptr<void>* holder) {
  if (!expr.correlated) {
    auto cached = ctx.subquery_sets().find(&expr);
    if (cached != ctx.subquery_sets().end()) {
      auto* pair = static_cast<std::pair<ValueSet, bool>*>(cached->second.get());
      *has_null = pair->second;
      return &pair->first;
    }
  }
  BASALT_ASSIGN_OR_RETURN(auto rows, RunCorrelated(expr, row, ctx));
  auto built = std::make_shared<std::pair<ValueSet, bool>>();
  for (const Row& r : rows) {
    Value v = FirstColumn(r);
    if (v.is_nullish()) {
      built->second = true;
    } else {
      built->first.insert(v);
    }
  }
  *has_null = built->second;
  *holder = built;
  if (!expr.correlated) {
    ctx.subquery_sets()[&expr] = built;
  }
  return &built->first;
}

Result<Value> EvalLogical(const BoundExpr& expr, const Row& row, ExecContext& ctx) {
  bool is_and = expr.kind == BoundKind::kAnd;
  bool saw_null = false;
  for (const auto& arg : expr.args) {
    BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*arg, row, ctx));
    if (v.is_nullish()) {
      saw_null = true;
      continue;
    }
    if (v.type() != ValueType::kBool) {
      return TypeError(is_and ? "AND" : "OR", v);
    }
    if (v.bool_value() != is_and) {
      return Value::Bool(!is_and);
    }
  }
  return saw_null ? Value::Null() : Value::Bool(is_and);
}

Result<Value> EvalBitwise(const std::string& op, const Value& a, const Value& b) {
  if (a.is_nullish() || (op != "~" && b.is_nullish())) {
    return Value::Null();
  }
  if (a.type() != ValueType::kInt) {
    return TypeError(op, a);
  }
  if (op == "~") {
    return Value::Int(~a.int_value());
  }
  if (b.type() != ValueType::kInt) {
    return TypeError(op, b);
  }
  int64_t x = a.int_value(), y = b.int_value();
  if (op == "&") {
    return Value::Int(x & y);
  }
  if (op == "|") {
    return Value::Int(x | y);
  }
  if (op == "^") {
    return Value::Int(x ^ y);
  }
  if (y < 0 || y > 63) {
    return Value::Int(0);
  }
  if (op == "<<") {
    return Value::Int(int64_t(uint64_t(x) << y));
  }
  return Value::Int(x >> y);
}

}  // namespace

Value Subscript(const Value& base, const Value& index) {
  if (base.is_array() && index.type() == ValueType::kInt) {
    int64_t i = index.int_value();
    const Array& elements = base.array();
    if (i < 1 || i > int64_t(elements.size())) {
      return Value();
    }
    return elements[size_t(i - 1)];
  }
  if (base.is_object() && index.is_string()) {
    return base.Get(index.string_value());
  }
  return Value();
}

Result<bool> EvaluatePredicate(const BoundExpr& expr, const Row& row, ExecContext& ctx) {
  BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(expr, row, ctx));
  return IsTrue(v);
}

Result<Value> Evaluate(const BoundExpr& expr, const Row& row, ExecContext& ctx) {
  switch (expr.kind) {
    case BoundKind::kConstant:
      return expr.value;
    case BoundKind::kSlot:
      if (expr.path.empty()) {
        return row[size_t(expr.slot)];
      }
      return FollowPath(row[size_t(expr.slot)], expr.path);
    case BoundKind::kOuterSlot: {
      auto& outer = ctx.outer_rows();
      if (expr.depth < 1 || size_t(expr.depth) > outer.size()) {
        return Internal("outer reference without an outer row");
      }
      const Row& outer_row = *outer[outer.size() - size_t(expr.depth)];
      return FollowPath(outer_row[size_t(expr.slot)], expr.path);
    }
    case BoundKind::kField: {
      BASALT_ASSIGN_OR_RETURN(Value base, Evaluate(*expr.args[0], row, ctx));
      return base.Get(expr.name);
    }
    case BoundKind::kSubscript: {
      BASALT_ASSIGN_OR_RETURN(Value base, Evaluate(*expr.args[0], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value index, Evaluate(*expr.args[1], row, ctx));
      return Subscript(base, index);
    }
    case BoundKind::kFunction: {
      std::vector<Value> args;
      args.reserve(expr.args.size());
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*arg, row, ctx));
        if (expr.function->nulls == NullHandling::kPropagate && v.is_nullish()) {
          return Value::Null();
        }
        args.push_back(std::move(v));
      }
      auto result = expr.function->kernel(args, ctx.functions());
      if (!result.ok() && result.status().line() == 0 && expr.line > 0) {
        return result.status().WithPosition(expr.line, expr.column);
      }
      return result;
    }
    case BoundKind::kAnd:
    case BoundKind::kOr:
      return EvalLogical(expr, row, ctx);
    case BoundKind::kNot: {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr.args[0], row, ctx));
      if (v.is_nullish()) {
        return Value::Null();
      }
      if (v.type() != ValueType::kBool) {
        return TypeError("NOT", v);
      }
      return Value::Bool(!v.bool_value());
    }
    case BoundKind::kCompare: {
      BASALT_ASSIGN_OR_RETURN(Value a, Evaluate(*expr.args[0], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value b, Evaluate(*expr.args[1], row, ctx));
      return CompareSql(a, b, expr.op);
    }
    case BoundKind::kArithmetic: {
      BASALT_ASSIGN_OR_RETURN(Value a, Evaluate(*expr.args[0], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value b, Evaluate(*expr.args[1], row, ctx));
      switch (expr.op[0]) {
        case '+':
          return Add(a, b);
        case '-':
          return Subtract(a, b);
        case '*':
          return Multiply(a, b);
        case '/':
          return Divide(a, b);
        default:
          return Modulo(a, b);
      }
    }
    case BoundKind::kNegate: {
      BASALT_ASSIGN_OR_RETURN(Value a, Evaluate(*expr.args[0], row, ctx));
      return Negate(a);
    }
    case BoundKind::kConcat: {
      BASALT_ASSIGN_OR_RETURN(Value a, Evaluate(*expr.args[0], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value b, Evaluate(*expr.args[1], row, ctx));
      return Concat(a, b);
    }
    case BoundKind::kBitwise: {
      BASALT_ASSIGN_OR_RETURN(Value a, Evaluate(*expr.args[0], row, ctx));
      Value b;
      if (expr.args.size() > 1) {
        BASALT_ASSIGN_OR_RETURN(b, Evaluate(*expr.args[1], row, ctx));
      }
      return EvalBitwise(expr.op, a, b);
    }
    case BoundKind::kCase: {
      size_t idx = 0;
      Value operand;
      if (expr.has_operand) {
        BASALT_ASSIGN_OR_RETURN(operand, Evaluate(*expr.args[0], row, ctx));
        idx = 1;
      }
      size_t end = expr.args.size() - (expr.has_else ? 1 : 0);
      for (; idx + 2 <= end; idx += 2) {
        BASALT_ASSIGN_OR_RETURN(Value when, Evaluate(*expr.args[idx], row, ctx));
        bool matched;
        if (expr.has_operand) {
          BASALT_ASSIGN_OR_RETURN(Value eq, CompareSql(operand, when, "="));
          matched = IsTrue(eq);
        } else {
          matched = IsTrue(when);
        }
        if (matched) {
          return Evaluate(*expr.args[idx + 1], row, ctx);
        }
      }
      if (expr.has_else) {
        return Evaluate(*expr.args.back(), row, ctx);
      }
      return Value::Null();
    }
    case BoundKind::kCast: {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr.args[0], row, ctx));
      bool try_mode = expr.op == "TRY_CAST" || expr.op == "TRY_STATIC_CAST";
      bool static_mode = expr.op == "STATIC_CAST" || expr.op == "TRY_STATIC_CAST";
      auto result = CastValue(v, expr.name, try_mode, static_mode);
      if (!result.ok() && expr.line > 0) {
        return result.status().WithPosition(expr.line, expr.column);
      }
      return result;
    }
    case BoundKind::kIn: {
      BASALT_ASSIGN_OR_RETURN(Value needle, Evaluate(*expr.args[0], row, ctx));
      if (needle.is_nullish()) {
        return Value::Null();
      }
      bool saw_null = false;
      for (size_t idx = 1; idx < expr.args.size(); ++idx) {
        BASALT_ASSIGN_OR_RETURN(Value candidate, Evaluate(*expr.args[idx], row, ctx));
        BASALT_ASSIGN_OR_RETURN(Value eq, CompareSql(needle, candidate, "="));
        if (eq.is_null()) {
          saw_null = true;
        } else if (eq.bool_value()) {
          return Value::Bool(!expr.negated);
        }
      }
      if (saw_null) {
        return Value::Null();
      }
      return Value::Bool(expr.negated);
    }
    case BoundKind::kInSubquery: {
      BASALT_ASSIGN_OR_RETURN(Value needle, Evaluate(*expr.args[0], row, ctx));
      if (needle.is_nullish()) {
        return Value::Null();
      }
      bool has_null = false;
      std::shared_ptr<void> holder;
      BASALT_ASSIGN_OR_RETURN(const ValueSet* set, SubquerySet(expr, row, ctx, &has_null, &holder));
      if (set->count(needle) != 0) {
        return Value::Bool(!expr.negated);
      }
      if (has_null) {
        return Value::Null();
      }
      return Value::Bool(expr.negated);
    }
    case BoundKind::kBetween: {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr.args[0], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value lo, Evaluate(*expr.args[1], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value hi, Evaluate(*expr.args[2], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value ge, CompareSql(v, lo, ">="));
      BASALT_ASSIGN_OR_RETURN(Value le, CompareSql(v, hi, "<="));
      if (ge.is_null() || le.is_null()) {
        if ((ge.type() == ValueType::kBool && !ge.bool_value()) ||
            (le.type() == ValueType::kBool && !le.bool_value())) {
          return Value::Bool(expr.negated);
        }
        return Value::Null();
      }
      bool inside = ge.bool_value() && le.bool_value();
      return Value::Bool(inside != expr.negated);
    }
    case BoundKind::kLike: {
      BASALT_ASSIGN_OR_RETURN(Value text, Evaluate(*expr.args[0], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value pattern, Evaluate(*expr.args[1], row, ctx));
      int escape = -1;
      if (expr.args.size() > 2) {
        BASALT_ASSIGN_OR_RETURN(Value esc, Evaluate(*expr.args[2], row, ctx));
        if (esc.is_nullish()) {
          return Value::Null();
        }
        if (!esc.is_string() || Utf8Length(esc.string_value()) != 1) {
          return Status(ErrorCode::kQueryError, "LIKE escape must be a single character");
        }
        escape = static_cast<unsigned char>(esc.string_value()[0]);
      }
      if (text.is_nullish() || pattern.is_nullish()) {
        return Value::Null();
      }
      if (!text.is_string() || !pattern.is_string()) {
        return Value::Null();
      }
      bool match =
          LikeMatch(text.string_value(), pattern.string_value(), escape, expr.op == "ILIKE");
      return Value::Bool(match != expr.negated);
    }
    case BoundKind::kIs: {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr.args[0], row, ctx));
      bool result = false;
      if (expr.op == "NULL") {
        result = v.is_nullish();
      } else if (expr.op == "UNDEFINED") {
        result = v.is_undefined();
      } else if (expr.op == "TRUE") {
        result = v.type() == ValueType::kBool && v.bool_value();
      } else if (expr.op == "FALSE") {
        result = v.type() == ValueType::kBool && !v.bool_value();
      } else {  // DISTINCT FROM
        BASALT_ASSIGN_OR_RETURN(Value other, Evaluate(*expr.args[1], row, ctx));
        result =
            !(v.type() == other.type() || (v.is_number() && other.is_number())) || !v.Equals(other);
      }
      return Value::Bool(result != expr.negated);
    }
    case BoundKind::kExists: {
      if (!expr.correlated) {
        auto cached = ctx.subquery_cache().find(&expr);
        if (cached != ctx.subquery_cache().end()) {
          return cached->second;
        }
      }
      BASALT_ASSIGN_OR_RETURN(auto rows, RunCorrelated(expr, row, ctx));
      Value result = Value::Bool(!rows.empty() != expr.negated);
      if (!expr.correlated) {
        ctx.subquery_cache()[&expr] = result;
      }
      return result;
    }
    case BoundKind::kScalarSubquery:
      return ScalarSubquery(expr, row, ctx);
    case BoundKind::kQuantified: {
      BASALT_ASSIGN_OR_RETURN(Value needle, Evaluate(*expr.args[0], row, ctx));
      BASALT_ASSIGN_OR_RETURN(auto rows, RunCorrelated(expr, row, ctx));
      bool all = expr.name == "ALL";
      bool saw_null = false;
      for (const Row& r : rows) {
        BASALT_ASSIGN_OR_RETURN(Value c, CompareSql(needle, FirstColumn(r), expr.op));
        if (c.is_null()) {
          saw_null = true;
        } else if (c.bool_value() != all) {
          return Value::Bool(!all);
        }
      }
      if (saw_null) {
        return Value::Null();
      }
      return Value::Bool(all);
    }
    case BoundKind::kArray: {
      Array elements;
      elements.reserve(expr.args.size());
      for (const auto& arg : expr.args) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*arg, row, ctx));
        elements.push_back(v.is_undefined() ? Value::Null() : std::move(v));
      }
      return Value::MakeArray(std::move(elements));
    }
    case BoundKind::kObject: {
      Value out = Value::EmptyObject();
      for (size_t idx = 0; idx < expr.args.size(); ++idx) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr.args[idx], row, ctx));
        if (expr.op == "ROW" && expr.keys[idx].empty()) {
          // A star column: its object's fields are merged into the row.
          if (v.is_object()) {
            for (const Field& field : v.object()) {
              out.Set(field.first, field.second);
            }
          }
          continue;
        }
        if (!v.is_undefined()) {
          out.Set(expr.keys[idx], std::move(v));
        }
      }
      return out;
    }
    case BoundKind::kInterval: {
      BASALT_ASSIGN_OR_RETURN(Value amount, Evaluate(*expr.args[0], row, ctx));
      if (amount.is_nullish()) {
        return Value::Null();
      }
      return IntervalLiteral(amount, expr.name, expr.op);
    }
    case BoundKind::kExtract: {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr.args[0], row, ctx));
      return ExtractPart(expr.name, v);
    }
    case BoundKind::kAtTimeZone: {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr.args[0], row, ctx));
      BASALT_ASSIGN_OR_RETURN(Value zone, Evaluate(*expr.args[1], row, ctx));
      if (v.is_nullish() || zone.is_nullish()) {
        return Value::Null();
      }
      return AtTimeZone(v, zone);
    }
    case BoundKind::kStarObject: {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr.args[0], row, ctx));
      if (!v.is_object()) {
        return Value::EmptyObject();
      }
      if (expr.keys.empty()) {
        return v;
      }
      Value out = v;
      for (const std::string& key : expr.keys) {
        out.Erase(key);
      }
      return out;
    }
  }
  return Internal("unknown expression kind");
}

}  // namespace basalt::sql
