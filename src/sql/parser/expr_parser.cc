// Expression grammar (spec/sql.md §8), lowest precedence first.
#include <cerrno>
#include <cstdlib>

#include "common/time_util.h"
#include "sql/parser/parser_internal.h"

namespace basalt::sql::internal {
namespace {

ExprPtr MakeBinary(std::string op, ExprPtr left, ExprPtr right, const Token& at) {
  auto e = MakeExpr(ExprKind::kBinary, at);
  e->op = std::move(op);
  e->args.push_back(std::move(left));
  e->args.push_back(std::move(right));
  return e;
}

bool IsIntervalUnit(const Token& t) {
  static constexpr std::string_view kUnits[] = {
      "YEAR",        "YEARS",        "MONTH",       "MONTHS",       "WEEK",    "WEEKS",   "DAY",
      "DAYS",        "HOUR",         "HOURS",       "MINUTE",       "MINUTES", "SECOND",  "SECONDS",
      "MILLISECOND", "MILLISECONDS", "MICROSECOND", "MICROSECONDS", "QUARTER", "QUARTERS"};
  for (std::string_view unit : kUnits) {
    if (t.IsKeyword(unit)) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<ExprPtr> Parser::ParseExpr() {
  return ParseOr();
}

Result<ExprPtr> Parser::ParseOr() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseAnd());
  while (AtKeyword("OR")) {
    const Token& at = Next();
    BASALT_ASSIGN_OR_RETURN(auto right, ParseAnd());
    left = MakeBinary("OR", std::move(left), std::move(right), at);
  }
  return left;
}

Result<ExprPtr> Parser::ParseAnd() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseNot());
  while (AtKeyword("AND")) {
    const Token& at = Next();
    BASALT_ASSIGN_OR_RETURN(auto right, ParseNot());
    left = MakeBinary("AND", std::move(left), std::move(right), at);
  }
  return left;
}

Result<ExprPtr> Parser::ParseNot() {
  if (AtKeyword("NOT")) {
    const Token& at = Next();
    BASALT_ASSIGN_OR_RETURN(auto operand, ParseNot());
    auto e = MakeExpr(ExprKind::kUnary, at);
    e->op = "NOT";
    e->args.push_back(std::move(operand));
    return e;
  }
  return ParseComparison();
}

Result<ExprPtr> Parser::ParseComparison() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseBitwise());
  while (true) {
    const Token& at = Peek();
    static constexpr std::string_view kComparisons[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
    bool is_comparison = false;
    for (std::string_view op : kComparisons) {
      is_comparison |= at.IsSymbol(op);
    }
    if (is_comparison) {
      Next();
      std::string op = at.text == "!=" ? "<>" : at.text;
      if (AtKeyword("ANY") || AtKeyword("SOME") || AtKeyword("ALL")) {
        const Token& quant = Next();
        auto e = MakeExpr(ExprKind::kQuantified, at);
        e->op = op;
        e->name = quant.IsKeyword("ALL") ? "ALL" : "ANY";
        e->args.push_back(std::move(left));
        BASALT_ASSIGN_OR_RETURN(e->subquery, ParseParenthesizedQuery());
        left = std::move(e);
        continue;
      }
      BASALT_ASSIGN_OR_RETURN(auto right, ParseBitwise());
      left = MakeBinary(op, std::move(left), std::move(right), at);
      continue;
    }
    bool negated = false;
    size_t save = pos_;
    if (AtKeyword("NOT") && (AtKeyword("IN", 1) || AtKeyword("BETWEEN", 1) ||
                             AtKeyword("LIKE", 1) || AtKeyword("ILIKE", 1))) {
      Next();
      negated = true;
    }
    if (AcceptKeyword("IN")) {
      auto e = MakeExpr(ExprKind::kIn, at);
      e->negated = negated;
      e->args.push_back(std::move(left));
      BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
      if (AtKeyword("SELECT") || AtKeyword("WITH")) {
        BASALT_ASSIGN_OR_RETURN(e->subquery, ParseQuery());
      } else {
        do {
          BASALT_ASSIGN_OR_RETURN(auto item, ParseExpr());
          e->args.push_back(std::move(item));
        } while (AcceptSymbol(","));
      }
      BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
      left = std::move(e);
      continue;
    }
    if (AcceptKeyword("BETWEEN")) {
      auto e = MakeExpr(ExprKind::kBetween, at);
      e->negated = negated;
      e->args.push_back(std::move(left));
      BASALT_ASSIGN_OR_RETURN(auto low, ParseBitwise());
      BASALT_RETURN_IF_ERROR(ExpectKeyword("AND"));
      BASALT_ASSIGN_OR_RETURN(auto high, ParseBitwise());
      e->args.push_back(std::move(low));
      e->args.push_back(std::move(high));
      left = std::move(e);
      continue;
    }
    if (AtKeyword("LIKE") || AtKeyword("ILIKE")) {
      auto e = MakeExpr(ExprKind::kLike, at);
      e->op = Next().IsKeyword("LIKE") ? "LIKE" : "ILIKE";
      e->negated = negated;
      e->args.push_back(std::move(left));
      BASALT_ASSIGN_OR_RETURN(auto pattern, ParseBitwise());
      e->args.push_back(std::move(pattern));
      if (AcceptKeyword("ESCAPE")) {
        BASALT_ASSIGN_OR_RETURN(auto escape, ParseBitwise());
        e->args.push_back(std::move(escape));
      }
      left = std::move(e);
      continue;
    }
    pos_ = save;
    if (AtKeyword("IS")) {
      Next();
      auto e = MakeExpr(ExprKind::kIs, at);
      e->negated = AcceptKeyword("NOT");
      e->args.push_back(std::move(left));
      if (AcceptKeyword("NULL")) {
        e->op = "NULL";
      } else if (AcceptKeyword("UNDEFINED")) {
        e->op = "UNDEFINED";
      } else if (AcceptKeyword("TRUE")) {
        e->op = "TRUE";
      } else if (AcceptKeyword("FALSE")) {
        e->op = "FALSE";
      } else if (AcceptKeyword("DISTINCT")) {
        BASALT_RETURN_IF_ERROR(ExpectKeyword("FROM"));
        e->op = "DISTINCT";
        BASALT_ASSIGN_OR_RETURN(auto right, ParseBitwise());
        e->args.push_back(std::move(right));
      } else {
        return Unexpected("NULL, UNDEFINED, TRUE, FALSE or DISTINCT FROM after IS");
      }
      left = std::move(e);
      continue;
    }
    break;
  }
  return left;
}

Result<ExprPtr> Parser::ParseBitwise() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseConcat());
  while (AtSymbol("&") || AtSymbol("|") || AtSymbol("^") || AtSymbol("<<") || AtSymbol(">>")) {
    const Token& at = Next();
    BASALT_ASSIGN_OR_RETURN(auto right, ParseConcat());
    left = MakeBinary(at.text, std::move(left), std::move(right), at);
  }
  return left;
}

Result<ExprPtr> Parser::ParseConcat() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseAdditive());
  while (AtSymbol("||")) {
    const Token& at = Next();
    BASALT_ASSIGN_OR_RETURN(auto right, ParseAdditive());
    left = MakeBinary("||", std::move(left), std::move(right), at);
  }
  return left;
}

Result<ExprPtr> Parser::ParseAdditive() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseMultiplicative());
  while (AtSymbol("+") || AtSymbol("-")) {
    const Token& at = Next();
    BASALT_ASSIGN_OR_RETURN(auto right, ParseMultiplicative());
    left = MakeBinary(at.text, std::move(left), std::move(right), at);
  }
  return left;
}

Result<ExprPtr> Parser::ParseMultiplicative() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseAtTimeZone());
  while (AtSymbol("*") || AtSymbol("/") || AtSymbol("%")) {
    const Token& at = Next();
    BASALT_ASSIGN_OR_RETURN(auto right, ParseAtTimeZone());
    left = MakeBinary(at.text, std::move(left), std::move(right), at);
  }
  return left;
}

Result<ExprPtr> Parser::ParseAtTimeZone() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseUnary());
  while (AtKeyword("AT") && AtKeyword("TIME", 1) && AtKeyword("ZONE", 2)) {
    const Token& at = Next();
    pos_ += 2;
    BASALT_ASSIGN_OR_RETURN(auto zone, ParseUnary());
    auto e = MakeExpr(ExprKind::kAtTimeZone, at);
    e->args.push_back(std::move(left));
    e->args.push_back(std::move(zone));
    left = std::move(e);
  }
  return left;
}

Result<ExprPtr> Parser::ParseUnary() {
  if (AtSymbol("-") || AtSymbol("+") || AtSymbol("~")) {
    const Token& at = Next();
    BASALT_ASSIGN_OR_RETURN(auto operand, ParseUnary());
    // Fold a minus into a numeric literal so that -9223372036854775808 is an int.
    if (at.text == "-" && operand->kind == ExprKind::kLiteral && operand->value.is_number() &&
        operand->op == "number") {
      if (operand->value.type() == ValueType::kFloat) {
        operand->value = Value::Float(-operand->value.float_value());
      } else if (operand->name == "9223372036854775808") {
        operand->value = Value::Int(INT64_MIN);
      } else {
        operand->value = Value::Int(-operand->value.int_value());
      }
      operand->line = at.line;
      operand->column = at.column;
      return operand;
    }
    auto e = MakeExpr(ExprKind::kUnary, at);
    e->op = at.text;
    e->args.push_back(std::move(operand));
    return e;
  }
  return ParsePostfix();
}

Result<ExprPtr> Parser::ParsePostfix() {
  BASALT_ASSIGN_OR_RETURN(auto expr, ParsePrimary());
  while (true) {
    const Token& at = Peek();
    if (AtSymbol(".")) {
      Next();
      if (AtSymbol("*")) {
        Next();
        auto star = MakeExpr(ExprKind::kStar, at);
        star->args.push_back(std::move(expr));
        return star;  // `.*` ends the expression (EXCEPT is parsed by the select list)
      }
      const Token& name = Peek();
      if (name.kind != TokenKind::kIdentifier && name.kind != TokenKind::kQuotedIdentifier) {
        return Unexpected("a field name after '.'");
      }
      Next();
      auto access = MakeExpr(ExprKind::kFieldAccess, name);
      access->name = name.text;
      access->args.push_back(std::move(expr));
      expr = std::move(access);
      continue;
    }
    if (AtSymbol("[")) {
      Next();
      auto sub = MakeExpr(ExprKind::kSubscript, at);
      sub->args.push_back(std::move(expr));
      BASALT_ASSIGN_OR_RETURN(auto index, ParseExpr());
      sub->args.push_back(std::move(index));
      BASALT_RETURN_IF_ERROR(ExpectSymbol("]"));
      expr = std::move(sub);
      continue;
    }
    if (AtSymbol("::")) {
      Next();
      auto cast = MakeExpr(ExprKind::kCast, at);
      cast->op = "CAST";
      BASALT_ASSIGN_OR_RETURN(cast->name, ParseTypeName());
      cast->args.push_back(std::move(expr));
      expr = std::move(cast);
      continue;
    }
    return expr;
  }
}

Result<std::string> Parser::ParseTypeName() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kQuotedIdentifier) {
    return Unexpected("a type name");
  }
  Next();
  std::string name = ToUpperAscii(t.text);
  if (name == "DOUBLE" && AtKeyword("PRECISION")) {
    Next();
  }
  // VARCHAR(10) and similar: the length is accepted and ignored.
  if (AtSymbol("(") && Peek(1).kind == TokenKind::kInteger) {
    pos_ += 2;
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  }
  return name;
}

Result<ExprPtr> Parser::ParsePrimary() {
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kInteger: {
      Next();
      auto e = MakeExpr(ExprKind::kLiteral, t);
      e->op = "number";
      e->name = t.text;
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(t.text.c_str(), &end, 10);
      if (errno == ERANGE) {
        if (t.text == "9223372036854775808") {
          e->value = Value::Int(INT64_MAX);  // fixed by a unary minus; else an error below
          if (!(pos_ >= 2 && tokens_[pos_ - 2].IsSymbol("-"))) {
            return ErrorAt(t, "integer literal " + t.text + " is out of range");
          }
          return e;
        }
        return ErrorAt(t, "integer literal " + t.text + " is out of range");
      }
      e->value = Value::Int(v);
      return e;
    }
    case TokenKind::kFloat: {
      Next();
      auto e = MakeExpr(ExprKind::kLiteral, t);
      e->op = "number";
      e->value = Value::Float(std::strtod(t.text.c_str(), nullptr));
      return e;
    }
    case TokenKind::kString: {
      Next();
      auto e = MakeExpr(ExprKind::kLiteral, t);
      e->value = Value::String(t.text);
      return e;
    }
    case TokenKind::kUnicodeString: {
      Next();
      char escape = '\\';
      if (AcceptKeyword("UESCAPE")) {
        const Token& esc = Next();
        if (esc.kind != TokenKind::kString || esc.text.size() != 1) {
          return ErrorAt(esc, "UESCAPE takes a single-character string");
        }
        escape = esc.text[0];
      }
      auto decoded = DecodeUnicodeEscapes(t.text, escape);
      if (!decoded.ok()) {
        return ErrorAt(t, "bad unicode escape in U&'...' literal");
      }
      auto e = MakeExpr(ExprKind::kLiteral, t);
      e->value = Value::String(std::move(decoded).value());
      return e;
    }
    case TokenKind::kBinaryString: {
      Next();
      auto e = MakeExpr(ExprKind::kLiteral, t);
      e->value = Value::Bytes(t.text);
      return e;
    }
    case TokenKind::kQuestion: {
      Next();
      auto e = MakeExpr(ExprKind::kParameter, t);
      e->name = "?" + std::to_string(++positional_parameters_);
      return e;
    }
    case TokenKind::kQuotedIdentifier: {
      Next();
      auto e = MakeExpr(ExprKind::kIdentifier, t);
      e->name = t.text;
      return e;
    }
    case TokenKind::kSymbol:
      break;
    case TokenKind::kIdentifier:
      break;
    case TokenKind::kEnd:
      return Unexpected("an expression");
  }
  if (t.kind == TokenKind::kSymbol) {
    // Named parameter `:name` (a space after the colon is tolerated) or numbered `:1`.
    if (t.text == ":" &&
        (Peek(1).kind == TokenKind::kIdentifier || Peek(1).kind == TokenKind::kQuotedIdentifier ||
         Peek(1).kind == TokenKind::kInteger)) {
      Next();
      auto e = MakeExpr(ExprKind::kParameter, t);
      e->name = Next().text;
      return e;
    }
    if (t.text == "(") {
      Next();
      if (AtKeyword("SELECT") || AtKeyword("WITH") || AtKeyword("VALUES")) {
        auto e = MakeExpr(ExprKind::kSubquery, t);
        BASALT_ASSIGN_OR_RETURN(e->subquery, ParseQuery());
        BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
        return e;
      }
      BASALT_ASSIGN_OR_RETURN(auto inner, ParseExpr());
      if (AtSymbol(",")) {
        // A row constructor (VALUES rows, IN lists written as rows).
        auto row = MakeExpr(ExprKind::kArray, t);
        row->op = "ROW";
        row->args.push_back(std::move(inner));
        while (AcceptSymbol(",")) {
          BASALT_ASSIGN_OR_RETURN(auto item, ParseExpr());
          row->args.push_back(std::move(item));
        }
        BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
        return row;
      }
      BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
      return inner;
    }
    if (t.text == "[") {
      Next();
      auto e = MakeExpr(ExprKind::kArray, t);
      if (!AtSymbol("]")) {
        do {
          BASALT_ASSIGN_OR_RETURN(auto item, ParseExpr());
          e->args.push_back(std::move(item));
        } while (AcceptSymbol(","));
      }
      BASALT_RETURN_IF_ERROR(ExpectSymbol("]"));
      return e;
    }
    if (t.text == "{") {
      Next();
      auto e = MakeExpr(ExprKind::kObject, t);
      if (!AtSymbol("}")) {
        do {
          const Token& key = Peek();
          if (key.kind != TokenKind::kString && key.kind != TokenKind::kQuotedIdentifier &&
              key.kind != TokenKind::kIdentifier) {
            return Unexpected("an object key");
          }
          Next();
          BASALT_RETURN_IF_ERROR(ExpectSymbol(":"));
          BASALT_ASSIGN_OR_RETURN(auto value, ParseExpr());
          e->keys.push_back(key.text);
          e->args.push_back(std::move(value));
        } while (AcceptSymbol(","));
      }
      BASALT_RETURN_IF_ERROR(ExpectSymbol("}"));
      return e;
    }
    return Unexpected("an expression");
  }
  // Identifiers and keywords.
  std::string upper = ToUpperAscii(t.text);
  if (upper == "TRUE" || upper == "FALSE") {
    Next();
    auto e = MakeExpr(ExprKind::kLiteral, t);
    e->value = Value::Bool(upper == "TRUE");
    return e;
  }
  if (upper == "NULL" || upper == "UNDEFINED") {
    Next();
    auto e = MakeExpr(ExprKind::kLiteral, t);
    e->value = upper == "NULL" ? Value::Null() : Value();
    return e;
  }
  if (upper == "CASE") {
    Next();
    return ParseCase(t);
  }
  if (upper == "CAST" || upper == "TRY_CAST" || upper == "STATIC_CAST" ||
      upper == "TRY_STATIC_CAST") {
    if (AtSymbol("(", 1)) {
      Next();
      return ParseCast(t, upper);
    }
  }
  if (upper == "EXISTS") {
    Next();
    auto e = MakeExpr(ExprKind::kExists, t);
    BASALT_ASSIGN_OR_RETURN(e->subquery, ParseParenthesizedQuery());
    return e;
  }
  if (upper == "INTERVAL" && !AtSymbol("(", 1)) {
    Next();
    return ParseInterval(t);
  }
  if (upper == "EXTRACT" && AtSymbol("(", 1)) {
    pos_ += 2;
    auto e = MakeExpr(ExprKind::kExtract, t);
    const Token& unit = Next();
    if (unit.kind != TokenKind::kIdentifier && unit.kind != TokenKind::kString) {
      return ErrorAt(unit, "expected a date part in EXTRACT");
    }
    e->name = ToUpperAscii(unit.text);
    BASALT_RETURN_IF_ERROR(ExpectKeyword("FROM"));
    BASALT_ASSIGN_OR_RETURN(auto arg, ParseExpr());
    e->args.push_back(std::move(arg));
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
    return e;
  }
  if (upper == "ARRAY" && AtSymbol("[", 1)) {
    Next();
    return ParsePrimary();
  }
  // Typed literals: DATE '...', TIMESTAMP '...', BYTES 'x', ...
  if (Peek(1).kind == TokenKind::kString &&
      (upper == "DATE" || upper == "TIME" || upper == "DATETIME" || upper == "TIMESTAMP" ||
       upper == "BYTES" || upper == "U256" || upper == "BOOL" || upper == "BOOLEAN" ||
       upper == "INT" || upper == "INTEGER" || upper == "FLOAT" || upper == "STRING")) {
    Next();
    return ParseTypedLiteral(t, upper);
  }
  if (upper == "CURRENT_DATE" || upper == "CURRENT_TIME" || upper == "CURRENT_TIMESTAMP" ||
      upper == "CURRENT_DATETIME" || upper == "LOCALTIME" || upper == "LOCALTIMESTAMP") {
    Next();
    auto e = MakeExpr(ExprKind::kFunction, t);
    e->name = upper;
    e->spelled = t.text;
    if (AcceptSymbol("(")) {
      if (!AtSymbol(")")) {
        BASALT_ASSIGN_OR_RETURN(auto arg, ParseExpr());
        e->args.push_back(std::move(arg));
      }
      BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
    }
    return e;
  }
  if (t.kind == TokenKind::kIdentifier && AtSymbol("(", 1) && !IsReservedWord(upper)) {
    Next();
    return ParseFunctionCall(t, upper);
  }
  if (t.kind == TokenKind::kIdentifier && AtSymbol("(", 1) &&
      (upper == "LEFT" || upper == "RIGHT" || upper == "GROUPING" || upper == "REPLACE" ||
       upper == "NORMALIZE")) {
    Next();
    return ParseFunctionCall(t, upper);
  }
  if (IsReservedWord(upper)) {
    return Unexpected("an expression");
  }
  Next();
  auto e = MakeExpr(ExprKind::kIdentifier, t);
  e->name = t.text;
  return e;
}

Result<ExprPtr> Parser::ParseFunctionCall(const Token& name_token, std::string name) {
  BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
  auto e = MakeExpr(ExprKind::kFunction, name_token);
  e->name = name;
  e->spelled = name_token.text;
  if (name == "POSITION" || name == "STRPOS_IN") {
    // POSITION(needle IN haystack) or POSITION(a, b).
    BASALT_ASSIGN_OR_RETURN(auto needle, ParseBitwise());
    e->args.push_back(std::move(needle));
    if (AcceptKeyword("IN") || AcceptSymbol(",")) {
      BASALT_ASSIGN_OR_RETURN(auto haystack, ParseExpr());
      e->args.push_back(std::move(haystack));
    }
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
    return e;
  }
  if (name == "SUBSTRING" || name == "SUBSTR") {
    BASALT_ASSIGN_OR_RETURN(auto str, ParseExpr());
    e->args.push_back(std::move(str));
    if (AcceptKeyword("FROM") || AcceptSymbol(",")) {
      BASALT_ASSIGN_OR_RETURN(auto from, ParseExpr());
      e->args.push_back(std::move(from));
      if (AcceptKeyword("FOR") || AcceptSymbol(",")) {
        BASALT_ASSIGN_OR_RETURN(auto len, ParseExpr());
        e->args.push_back(std::move(len));
      }
    }
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
    return e;
  }
  if (name == "NORMALIZE") {
    BASALT_ASSIGN_OR_RETURN(auto str, ParseExpr());
    e->args.push_back(std::move(str));
    if (AcceptSymbol(",")) {
      const Token& form = Next();
      auto lit = MakeExpr(ExprKind::kLiteral, form);
      lit->value = Value::String(ToUpperAscii(form.text));
      e->args.push_back(std::move(lit));
    }
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
    return e;
  }
  if (AtSymbol("*") && AtSymbol(")", 1)) {
    Next();
    Next();
    e->star_arg = true;
  } else {
    if (AcceptKeyword("DISTINCT")) {
      e->distinct = true;
    } else {
      AcceptKeyword("ALL");
    }
    if (!AtSymbol(")")) {
      do {
        BASALT_ASSIGN_OR_RETURN(auto arg, ParseExpr());
        e->args.push_back(std::move(arg));
      } while (AcceptSymbol(","));
    }
    if (AcceptKeyword("ORDER")) {
      BASALT_RETURN_IF_ERROR(ExpectKeyword("BY"));
      BASALT_RETURN_IF_ERROR(ParseOrderBy(&e->within_order));
    }
    if (AcceptKeyword("LIMIT")) {
      BASALT_ASSIGN_OR_RETURN(e->within_limit, ParsePrimary());
    }
    if (AcceptKeyword("OFFSET")) {
      BASALT_ASSIGN_OR_RETURN(e->within_offset, ParsePrimary());
    }
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  }
  if ((AtKeyword("IGNORE") || AtKeyword("RESPECT")) && AtKeyword("NULLS", 1)) {
    e->op = Next().IsKeyword("IGNORE") ? "IGNORE NULLS" : "RESPECT NULLS";
    Next();
  }
  if (AtKeyword("FILTER") && AtSymbol("(", 1)) {
    pos_ += 2;
    BASALT_RETURN_IF_ERROR(ExpectKeyword("WHERE"));
    BASALT_ASSIGN_OR_RETURN(e->filter, ParseExpr());
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  }
  if (AcceptKeyword("OVER")) {
    BASALT_ASSIGN_OR_RETURN(e->over, ParseWindowSpec());
  }
  if (name == "SEARCH" && AtKeyword("OPTION") && AtSymbol("(", 1)) {
    BASALT_RETURN_IF_ERROR(ParseSearchOption(e.get()));
  }
  return e;
}

// `SEARCH(t1, t2, ...) OPTION(match_all = false)`: any term matches, i.e. SEARCH(t1 OR t2 ...)
// (the terms' scores still add up). `match_all = true` is the default.
Status Parser::ParseSearchOption(Expr* search) {
  const Token option = Next();  // OPTION
  BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
  bool match_all = true;
  do {
    const Token& key = Next();
    if (!key.IsKeyword("MATCH_ALL")) {
      return Status(ErrorCode::kQueryError,
                    "Unknown SEARCH option '" + key.text + "' (only match_all is supported)")
          .WithPosition(key.line, key.column);
    }
    BASALT_RETURN_IF_ERROR(ExpectSymbol("="));
    const Token& value = Next();
    if (!value.IsKeyword("TRUE") && !value.IsKeyword("FALSE")) {
      return Status(ErrorCode::kQueryError, "SEARCH option match_all takes true or false")
          .WithPosition(value.line, value.column);
    }
    match_all = value.IsKeyword("TRUE");
  } while (AcceptSymbol(","));
  BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  if (!match_all && search->args.size() > 1) {
    ExprPtr any = std::move(search->args[0]);
    for (size_t idx = 1; idx < search->args.size(); ++idx) {
      any = MakeBinary("OR", std::move(any), std::move(search->args[idx]), option);
    }
    search->args.clear();
    search->args.push_back(std::move(any));
  }
  return Status::Ok();
}

Result<ExprPtr> Parser::ParseCase(const Token& start) {
  auto e = MakeExpr(ExprKind::kCase, start);
  if (!AtKeyword("WHEN")) {
    BASALT_ASSIGN_OR_RETURN(auto operand, ParseExpr());
    e->args.push_back(std::move(operand));
    e->has_operand = true;
  }
  if (!AtKeyword("WHEN")) {
    return Unexpected("WHEN");
  }
  while (AcceptKeyword("WHEN")) {
    BASALT_ASSIGN_OR_RETURN(auto when, ParseExpr());
    BASALT_RETURN_IF_ERROR(ExpectKeyword("THEN"));
    BASALT_ASSIGN_OR_RETURN(auto then, ParseExpr());
    e->args.push_back(std::move(when));
    e->args.push_back(std::move(then));
  }
  if (AcceptKeyword("ELSE")) {
    BASALT_ASSIGN_OR_RETURN(e->else_expr, ParseExpr());
  }
  BASALT_RETURN_IF_ERROR(ExpectKeyword("END"));
  return e;
}

Result<ExprPtr> Parser::ParseCast(const Token& start, std::string kind) {
  BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
  auto e = MakeExpr(ExprKind::kCast, start);
  e->op = std::move(kind);
  BASALT_ASSIGN_OR_RETURN(auto arg, ParseExpr());
  e->args.push_back(std::move(arg));
  BASALT_RETURN_IF_ERROR(ExpectKeyword("AS"));
  BASALT_ASSIGN_OR_RETURN(e->name, ParseTypeName());
  BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  return e;
}

Result<ExprPtr> Parser::ParseInterval(const Token& start) {
  auto e = MakeExpr(ExprKind::kInterval, start);
  BASALT_ASSIGN_OR_RETURN(auto amount, ParseUnary());
  e->args.push_back(std::move(amount));
  if (!IsIntervalUnit(Peek())) {
    return Unexpected("an interval unit");
  }
  e->name = ToUpperAscii(Next().text);
  if (AcceptKeyword("TO")) {
    if (!IsIntervalUnit(Peek())) {
      return Unexpected("an interval unit");
    }
    e->op = ToUpperAscii(Next().text);
  }
  return e;
}

Result<ExprPtr> Parser::ParseTypedLiteral(const Token& type_token, std::string type) {
  const Token& text = Next();
  auto e = MakeExpr(ExprKind::kCast, type_token);
  e->op = "LITERAL";
  e->name = std::move(type);
  auto lit = MakeExpr(ExprKind::kLiteral, text);
  lit->value = Value::String(text.text);
  e->args.push_back(std::move(lit));
  return e;
}

Result<QueryPtr> Parser::ParseParenthesizedQuery() {
  BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
  BASALT_ASSIGN_OR_RETURN(auto query, ParseQuery());
  BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  return query;
}

}  // namespace basalt::sql::internal
