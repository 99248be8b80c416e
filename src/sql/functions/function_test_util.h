#pragma once

// Test helpers for the function library (included by *_test.cc files only): call a
// registered function the way the engine does, and evaluate constant SQL expressions with a
// small interpreter over the parser's AST (literals, operators, CAST, IS, LIKE, BETWEEN, IN,
// CASE, INTERVAL, EXTRACT, AT TIME ZONE, scalar functions, and aggregates over one row), so
// tests and every function's `example` can be written in SQL.

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "common/json.h"
#include "sql/executor/value_ops.h"
#include "sql/functions/cast.h"
#include "sql/functions/extract.h"
#include "sql/functions/function_registry.h"
#include "sql/functions/interval.h"
#include "sql/functions/time_zone.h"
#include "sql/parser/lexer.h"
#include "sql/parser/parser.h"

namespace basalt::sql::testing {

// 2024-05-26T10:30:20Z, the `now` of test calls.
inline constexpr int64_t kTestNowMicros = 1716719420000000;

// Calls scalar function `name`: arity check, kPropagate null handling, then the kernel.
inline Result<Value> CallScalar(std::string_view name, const std::vector<Value>& args) {
  const FunctionDef* def = FunctionRegistry::Get().FindScalar(name);
  if (def == nullptr) {
    return Status(ErrorCode::kQueryError, "no function " + std::string(name));
  }
  if (int(args.size()) < def->min_args ||
      (def->max_args >= 0 && int(args.size()) > def->max_args)) {
    return Status(ErrorCode::kQueryError, "wrong number of arguments to " + std::string(name));
  }
  if (def->nulls == NullHandling::kPropagate) {
    for (const Value& v : args) {
      if (v.is_nullish()) {
        return Value::Null();
      }
    }
  }
  FunctionContext ctx;
  ctx.now_micros = kTestNowMicros;
  return def->kernel(args, ctx);
}

// Runs aggregate `name` over rows of arguments, skipping rows as the engine does.
inline Result<Value> CallAggregate(std::string_view name,
                                   const std::vector<std::vector<Value>>& rows) {
  const AggregateDef* def = FunctionRegistry::Get().FindAggregate(name);
  if (def == nullptr) {
    return Status(ErrorCode::kQueryError, "no aggregate " + std::string(name));
  }
  auto state = def->create();
  for (const auto& row : rows) {
    if (def->skip_nulls && !row.empty() && row[0].is_nullish()) {
      continue;
    }
    BASALT_RETURN_IF_ERROR(state->Update(row));
  }
  return state->Finalize();
}

// A value from JSON text ("[1, 2.5]", "null"); Rockset extended JSON is decoded.
inline Value J(std::string_view json) {
  auto parsed = ParseJson(json);
  EXPECT_TRUE(parsed.ok()) << json;
  return parsed.ok() ? *parsed : Value::Undefined();
}

class ConstantEvaluator {
 public:
  Result<Value> Eval(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kLiteral:
        return e.value;
      case ExprKind::kArray: {
        Array out;
        for (const auto& arg : e.args) {
          BASALT_ASSIGN_OR_RETURN(Value v, Eval(*arg));
          out.push_back(v.is_undefined() ? Value::Null() : v);
        }
        return Value::MakeArray(std::move(out));
      }
      case ExprKind::kObject: {
        Value out = Value::EmptyObject();
        for (size_t idx = 0; idx < e.args.size(); ++idx) {
          BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[idx]));
          if (!v.is_undefined()) {
            out.Set(e.keys[idx], v);
          }
        }
        return out;
      }
      case ExprKind::kUnary: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        if (e.op == "-") {
          return Negate(v);
        }
        if (e.op == "+") {
          return v;
        }
        if (e.op == "NOT") {
          return v.is_nullish() ? Value::Null() : Value::Bool(!IsTrue(v));
        }
        return Status(ErrorCode::kNotImplemented, "unary " + e.op);
      }
      case ExprKind::kBinary: {
        BASALT_ASSIGN_OR_RETURN(Value a, Eval(*e.args[0]));
        if (e.op == "AND" || e.op == "OR") {
          BASALT_ASSIGN_OR_RETURN(Value b, Eval(*e.args[1]));
          bool is_and = e.op == "AND";
          auto known = [](const Value& v) { return v.type() == ValueType::kBool; };
          if (known(a) && a.bool_value() != is_and) {
            return a;
          }
          if (known(b) && b.bool_value() != is_and) {
            return b;
          }
          if (known(a) && known(b)) {
            return Value::Bool(is_and);
          }
          return Value::Null();
        }
        BASALT_ASSIGN_OR_RETURN(Value b, Eval(*e.args[1]));
        if (e.op == "+") {
          return Add(a, b);
        }
        if (e.op == "-") {
          return Subtract(a, b);
        }
        if (e.op == "*") {
          return Multiply(a, b);
        }
        if (e.op == "/") {
          return Divide(a, b);
        }
        if (e.op == "%") {
          return Modulo(a, b);
        }
        if (e.op == "||") {
          return Concat(a, b);
        }
        if (e.op == "!=") {
          return CompareSql(a, b, "<>");
        }
        return CompareSql(a, b, e.op);
      }
      case ExprKind::kIs: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        bool result = false;
        if (e.op == "NULL") {
          result = v.is_nullish();
        } else if (e.op == "UNDEFINED") {
          result = v.is_undefined();
        } else if (e.op == "TRUE") {
          result = IsTrue(v);
        } else if (e.op == "FALSE") {
          result = v.type() == ValueType::kBool && !v.bool_value();
        } else if (e.op == "DISTINCT") {
          BASALT_ASSIGN_OR_RETURN(Value w, Eval(*e.args[1]));
          result = !(v.type() == w.type() && v.Equals(w)) &&
                   !(v.is_number() && w.is_number() && v.Equals(w));
        }
        return Value::Bool(e.negated ? !result : result);
      }
      case ExprKind::kBetween: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        BASALT_ASSIGN_OR_RETURN(Value lo, Eval(*e.args[1]));
        BASALT_ASSIGN_OR_RETURN(Value hi, Eval(*e.args[2]));
        BASALT_ASSIGN_OR_RETURN(Value ge, CompareSql(v, lo, ">="));
        BASALT_ASSIGN_OR_RETURN(Value le, CompareSql(v, hi, "<="));
        if (ge.is_null() || le.is_null()) {
          return Value::Null();
        }
        bool in = ge.bool_value() && le.bool_value();
        return Value::Bool(e.negated ? !in : in);
      }
      case ExprKind::kIn: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        bool saw_null = v.is_nullish();
        for (size_t idx = 1; idx < e.args.size(); ++idx) {
          BASALT_ASSIGN_OR_RETURN(Value item, Eval(*e.args[idx]));
          BASALT_ASSIGN_OR_RETURN(Value eq, CompareSql(v, item, "="));
          if (IsTrue(eq)) {
            return Value::Bool(!e.negated);
          }
          if (eq.is_null()) {
            saw_null = true;
          }
        }
        return saw_null ? Value::Null() : Value::Bool(e.negated);
      }
      case ExprKind::kLike: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        BASALT_ASSIGN_OR_RETURN(Value p, Eval(*e.args[1]));
        if (v.is_nullish() || p.is_nullish()) {
          return Value::Null();
        }
        bool m = LikeMatch(v.string_value(), p.string_value(), -1, e.op == "ILIKE");
        return Value::Bool(e.negated ? !m : m);
      }
      case ExprKind::kCase: {
        size_t first = e.has_operand ? 1 : 0;
        Value operand;
        if (e.has_operand) {
          BASALT_ASSIGN_OR_RETURN(operand, Eval(*e.args[0]));
        }
        for (size_t idx = first; idx + 1 < e.args.size(); idx += 2) {
          BASALT_ASSIGN_OR_RETURN(Value when, Eval(*e.args[idx]));
          if (e.has_operand) {
            BASALT_ASSIGN_OR_RETURN(when, CompareSql(operand, when, "="));
          }
          if (IsTrue(when)) {
            return Eval(*e.args[idx + 1]);
          }
        }
        if (e.else_expr) {
          return Eval(*e.else_expr);
        }
        return Value::Null();
      }
      case ExprKind::kCast: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        std::string type = ToUpperAscii(e.name);
        if (e.op == "LITERAL" && type == "BYTES") {
          return Value::Bytes(v.string_value());
        }
        bool try_mode = e.op == "TRY_CAST" || e.op == "TRY_STATIC_CAST";
        bool static_mode = e.op == "STATIC_CAST" || e.op == "TRY_STATIC_CAST";
        return CastValue(v, type, try_mode, static_mode);
      }
      case ExprKind::kInterval: {
        BASALT_ASSIGN_OR_RETURN(Value amount, Eval(*e.args[0]));
        return IntervalLiteral(amount, e.name, e.op);
      }
      case ExprKind::kExtract: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        return ExtractPart(e.name, v);
      }
      case ExprKind::kAtTimeZone: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        BASALT_ASSIGN_OR_RETURN(Value tz, Eval(*e.args[1]));
        return AtTimeZone(v, tz);
      }
      case ExprKind::kSubscript: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        BASALT_ASSIGN_OR_RETURN(Value i, Eval(*e.args[1]));
        if (v.is_array() && i.type() == ValueType::kInt) {
          int64_t idx = i.int_value();
          if (idx < 1 || idx > int64_t(v.array().size())) {
            return Value::Undefined();
          }
          return v.array()[size_t(idx - 1)];
        }
        if (v.is_object() && i.is_string()) {
          return v.Get(i.string_value());
        }
        return Value::Undefined();
      }
      case ExprKind::kFieldAccess: {
        BASALT_ASSIGN_OR_RETURN(Value v, Eval(*e.args[0]));
        return v.Get(e.name);
      }
      case ExprKind::kFunction: {
        std::vector<Value> args;
        for (const auto& arg : e.args) {
          BASALT_ASSIGN_OR_RETURN(Value v, Eval(*arg));
          args.push_back(std::move(v));
        }
        if (FunctionRegistry::Get().FindAggregate(e.name) != nullptr) {
          return CallAggregate(e.name, {args});
        }
        return CallScalar(e.name, args);
      }
      default:
        return Status(ErrorCode::kNotImplemented, "expression kind not supported in tests");
    }
  }
};

// Evaluates a constant SQL expression.
inline Result<Value> Eval(std::string_view sql) {
  BASALT_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpression(sql));
  ConstantEvaluator evaluator;
  return evaluator.Eval(*expr);
}

// JSON rendering of Eval's result, or "ERROR: <code>" — compact to compare in tests.
inline std::string EvalJson(std::string_view sql) {
  auto v = Eval(sql);
  if (!v.ok()) {
    return "ERROR: " + std::string(ErrorCodeName(v.status().code()));
  }
  if (v->is_undefined()) {
    return "undefined";
  }
  return ToJson(*v);
}

struct SqlCase {
  const char* sql;       // a constant expression
  const char* expected;  // EvalJson rendering: JSON, "undefined" or "ERROR: kQueryError"
};

// Checks each case; failures name the expression.
inline void ExpectCases(std::initializer_list<SqlCase> cases) {
  for (const SqlCase& c : cases) {
    EXPECT_EQ(EvalJson(c.sql), c.expected) << c.sql;
  }
}

inline constexpr const char* kTypeError = "ERROR: kQueryError";

}  // namespace basalt::sql::testing
