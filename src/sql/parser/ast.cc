#include "sql/parser/ast.h"

#include "common/json.h"

namespace basalt::sql {
namespace {

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += '\'';
    }
    out += c;
  }
  return out + "'";
}

std::string Joined(const std::vector<ExprPtr>& exprs, size_t from = 0) {
  std::string out;
  for (size_t idx = from; idx < exprs.size(); ++idx) {
    if (idx > from) {
      out += ", ";
    }
    out += exprs[idx]->ToString();
  }
  return out;
}

}  // namespace

std::string Expr::ToString() const {
  switch (kind) {
    case ExprKind::kLiteral:
      if (value.is_string()) {
        return Quote(std::string(value.string_value()));
      }
      if (value.is_undefined()) {
        return "UNDEFINED";
      }
      if (value.is_null()) {
        return "NULL";
      }
      return ToJson(value);
    case ExprKind::kParameter:
      return name[0] == '?' ? "?" : ":" + name;
    case ExprKind::kIdentifier:
      return name;
    case ExprKind::kFieldAccess:
      return args[0]->ToString() + "." + name;
    case ExprKind::kSubscript:
      return args[0]->ToString() + "[" + args[1]->ToString() + "]";
    case ExprKind::kStar:
      return args.empty() ? "*" : args[0]->ToString() + ".*";
    case ExprKind::kUnary:
      return op == "NOT" ? "NOT " + args[0]->ToString() : op + args[0]->ToString();
    case ExprKind::kBinary:
      return "(" + args[0]->ToString() + " " + op + " " + args[1]->ToString() + ")";
    case ExprKind::kFunction: {
      std::string out = spelled.empty() ? name : spelled;
      out += "(";
      if (distinct) {
        out += "DISTINCT ";
      }
      out += star_arg ? "*" : Joined(args);
      for (size_t idx = 0; idx < within_order.size(); ++idx) {
        out += (idx == 0 ? " ORDER BY " : ", ") + within_order[idx].expr->ToString() +
               (within_order[idx].descending ? " DESC" : "");
      }
      if (within_limit) {
        out += " LIMIT " + within_limit->ToString();
      }
      if (within_offset) {
        out += " OFFSET " + within_offset->ToString();
      }
      out += ")";
      if (filter) {
        out += " FILTER (WHERE " + filter->ToString() + ")";
      }
      if (over) {
        out += " OVER (...)";
      }
      return out;
    }
    case ExprKind::kCase: {
      std::string out = "CASE";
      size_t idx = 0;
      if (has_operand) {
        out += " " + args[idx++]->ToString();
      }
      for (; idx + 1 < args.size(); idx += 2) {
        out += " WHEN " + args[idx]->ToString() + " THEN " + args[idx + 1]->ToString();
      }
      if (else_expr) {
        out += " ELSE " + else_expr->ToString();
      }
      return out + " END";
    }
    case ExprKind::kCast:
      if (op == "LITERAL") {
        return name + " " + args[0]->ToString();
      }
      return op + "(" + args[0]->ToString() + " AS " + name + ")";
    case ExprKind::kIn:
      return args[0]->ToString() + (negated ? " NOT IN (" : " IN (") +
             (subquery ? "SELECT ..." : Joined(args, 1)) + ")";
    case ExprKind::kBetween:
      return args[0]->ToString() + (negated ? " NOT BETWEEN " : " BETWEEN ") + args[1]->ToString() +
             " AND " + args[2]->ToString();
    case ExprKind::kLike:
      return args[0]->ToString() + (negated ? " NOT " : " ") + op + " " + args[1]->ToString();
    case ExprKind::kIs:
      return args[0]->ToString() + (negated ? " IS NOT " : " IS ") + op +
             (args.size() > 1 ? " FROM " + args[1]->ToString() : "");
    case ExprKind::kExists:
      return "EXISTS (SELECT ...)";
    case ExprKind::kSubquery:
      return "(SELECT ...)";
    case ExprKind::kArray:
      return (op == "ROW" ? "(" : "[") + Joined(args) + (op == "ROW" ? ")" : "]");
    case ExprKind::kObject: {
      std::string out = "{";
      for (size_t idx = 0; idx < args.size(); ++idx) {
        if (idx > 0) {
          out += ", ";
        }
        out += Quote(keys[idx]) + ": " + args[idx]->ToString();
      }
      return out + "}";
    }
    case ExprKind::kInterval:
      return "INTERVAL " + args[0]->ToString() + " " + name + (op.empty() ? "" : " TO " + op);
    case ExprKind::kExtract:
      return "EXTRACT(" + name + " FROM " + args[0]->ToString() + ")";
    case ExprKind::kAtTimeZone:
      return args[0]->ToString() + " AT TIME ZONE " + args[1]->ToString();
    case ExprKind::kQuantified:
      return args[0]->ToString() + " " + op + " " + name + " (SELECT ...)";
  }
  return "?";
}

}  // namespace basalt::sql
