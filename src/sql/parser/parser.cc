#include "sql/parser/parser.h"

#include "sql/parser/parser_internal.h"

namespace basalt::sql {
namespace internal {

ExprPtr MakeExpr(ExprKind kind, const Token& at) {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->line = at.line;
  expr->column = at.column;
  return expr;
}

bool Parser::AcceptKeyword(std::string_view kw) {
  if (!AtKeyword(kw)) {
    return false;
  }
  ++pos_;
  return true;
}

bool Parser::AcceptSymbol(std::string_view sym) {
  if (!AtSymbol(sym)) {
    return false;
  }
  ++pos_;
  return true;
}

Status Parser::ExpectKeyword(std::string_view kw) {
  if (AcceptKeyword(kw)) {
    return Status::Ok();
  }
  return Unexpected(kw);
}

Status Parser::ExpectSymbol(std::string_view sym) {
  if (AcceptSymbol(sym)) {
    return Status::Ok();
  }
  return Unexpected("'" + std::string(sym) + "'");
}

bool Parser::AtName(size_t ahead) const {
  const Token& t = Peek(ahead);
  if (t.kind == TokenKind::kQuotedIdentifier) {
    return true;
  }
  return t.kind == TokenKind::kIdentifier && !IsReservedWord(ToUpperAscii(t.text));
}

Result<std::string> Parser::ExpectName(std::string_view what) {
  if (!AtName()) {
    return Unexpected(what);
  }
  return Next().text;
}

Status Parser::ErrorAt(const Token& token, const std::string& message) const {
  return Status(ErrorCode::kQueryError, message, token.line, token.column)
      .WithErrorId("syntax_error");
}

Status Parser::Unexpected(std::string_view expected) const {
  const Token& t = Peek();
  std::string found = t.kind == TokenKind::kEnd ? "end of input" : "'" + t.text + "'";
  if (t.kind == TokenKind::kString) {
    found = "string '" + t.text + "'";
  }
  return ErrorAt(t, "Syntax error: expected " + std::string(expected) + " but found " + found);
}

Status Parser::ExpectEnd() {
  while (AcceptSymbol(";")) {
  }
  if (Peek().kind != TokenKind::kEnd) {
    return Unexpected("end of statement");
  }
  return Status::Ok();
}

Result<Statement> Parser::ParseStatement() {
  Statement statement;
  if (AcceptKeyword("EXPLAIN")) {
    statement.kind = Statement::Kind::kExplain;
    statement.analyze = AcceptKeyword("ANALYZE");
  } else if (AtKeyword("DESCRIBE") || (AtKeyword("DESC") && AtName(1)) ||
             (AtKeyword("SHOW") && AtKeyword("COLUMNS", 1))) {
    if (AcceptKeyword("SHOW")) {
      Next();
      BASALT_RETURN_IF_ERROR(ExpectKeyword("FROM"));
    } else {
      Next();
    }
    statement.kind = Statement::Kind::kDescribe;
    BASALT_ASSIGN_OR_RETURN(statement.target, ParseQualifiedName());
    if (AcceptKeyword("OPTION")) {
      BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
      int depth = 1;
      while (depth > 0 && Peek().kind != TokenKind::kEnd) {
        if (AtSymbol("(")) {
          ++depth;
        }
        if (AtSymbol(")")) {
          --depth;
        }
        Next();
      }
    }
    BASALT_RETURN_IF_ERROR(ExpectEnd());
    return statement;
  } else if (AcceptKeyword("INSERT")) {
    BASALT_RETURN_IF_ERROR(ExpectKeyword("INTO"));
    statement.kind = Statement::Kind::kInsert;
    BASALT_ASSIGN_OR_RETURN(statement.target, ParseQualifiedName());
    if (AtSymbol("(") && !AtKeyword("SELECT", 1) && !AtKeyword("WITH", 1)) {
      BASALT_ASSIGN_OR_RETURN(statement.insert_columns, ParseNameList());
    }
  }
  BASALT_ASSIGN_OR_RETURN(statement.query, ParseQuery());
  BASALT_RETURN_IF_ERROR(ExpectEnd());
  return statement;
}

Result<std::vector<std::string>> Parser::ParseQualifiedName() {
  std::vector<std::string> names;
  BASALT_ASSIGN_OR_RETURN(std::string first, ExpectName("a name"));
  names.push_back(std::move(first));
  while (AtSymbol(".") && AtName(1)) {
    Next();
    names.push_back(Next().text);
  }
  return names;
}

Result<std::vector<std::string>> Parser::ParseNameList() {
  BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
  std::vector<std::string> names;
  do {
    BASALT_ASSIGN_OR_RETURN(std::string name, ExpectName("a name"));
    names.push_back(std::move(name));
  } while (AcceptSymbol(","));
  BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  return names;
}

Result<QueryPtr> Parser::ParseQuery() {
  auto query = std::make_unique<Query>();
  if (AcceptKeyword("WITH")) {
    query->recursive = AcceptKeyword("RECURSIVE");
    do {
      CommonTableExpr cte;
      BASALT_ASSIGN_OR_RETURN(cte.name, ExpectName("a CTE name"));
      if (AtSymbol("(")) {
        BASALT_ASSIGN_OR_RETURN(cte.columns, ParseNameList());
      }
      BASALT_RETURN_IF_ERROR(ExpectKeyword("AS"));
      BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
      BASALT_ASSIGN_OR_RETURN(cte.query, ParseQuery());
      BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
      query->with.push_back(std::move(cte));
    } while (AcceptSymbol(","));
  }
  BASALT_ASSIGN_OR_RETURN(query->body, ParseSetOperation());
  if (AcceptKeyword("ORDER")) {
    BASALT_RETURN_IF_ERROR(ExpectKeyword("BY"));
    BASALT_RETURN_IF_ERROR(ParseOrderBy(&query->order_by));
  }
  // LIMIT and OFFSET in either order.
  for (int round = 0; round < 2; ++round) {
    if (!query->limit && AcceptKeyword("LIMIT")) {
      if (!AcceptKeyword("ALL")) {
        BASALT_ASSIGN_OR_RETURN(query->limit, ParsePrimary());
      }
    } else if (!query->offset && AcceptKeyword("OFFSET")) {
      BASALT_ASSIGN_OR_RETURN(query->offset, ParsePrimary());
      AcceptKeyword("ROWS") || AcceptKeyword("ROW");
    } else if (AtKeyword("FETCH")) {
      Next();
      if (!AcceptKeyword("FIRST")) {
        BASALT_RETURN_IF_ERROR(ExpectKeyword("NEXT"));
      }
      BASALT_ASSIGN_OR_RETURN(query->limit, ParsePrimary());
      if (!AcceptKeyword("ROWS")) {
        BASALT_RETURN_IF_ERROR(ExpectKeyword("ROW"));
      }
      BASALT_RETURN_IF_ERROR(ExpectKeyword("ONLY"));
    }
  }
  if (AtKeyword("HINT")) {
    BASALT_ASSIGN_OR_RETURN(query->hints, ParseHints());
  }
  return query;
}

Result<std::unique_ptr<QueryBody>> Parser::ParseSetOperation() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseQueryTerm());
  while (AtKeyword("UNION") || AtKeyword("INTERSECT") || AtKeyword("EXCEPT")) {
    auto node = std::make_unique<QueryBody>();
    node->kind = QueryBody::Kind::kSetOp;
    const Token& op = Next();
    node->set_op = op.IsKeyword("UNION")       ? SetOpKind::kUnion
                   : op.IsKeyword("INTERSECT") ? SetOpKind::kIntersect
                                               : SetOpKind::kExcept;
    if (AcceptKeyword("ALL")) {
      node->all = true;
    } else {
      AcceptKeyword("DISTINCT");
    }
    node->left = std::move(left);
    // INTERSECT binds tighter than UNION/EXCEPT.
    BASALT_ASSIGN_OR_RETURN(node->right, ParseQueryTerm());
    while (node->set_op != SetOpKind::kIntersect && AtKeyword("INTERSECT")) {
      auto inner = std::make_unique<QueryBody>();
      inner->kind = QueryBody::Kind::kSetOp;
      Next();
      inner->set_op = SetOpKind::kIntersect;
      if (AcceptKeyword("ALL")) {
        inner->all = true;
      } else {
        AcceptKeyword("DISTINCT");
      }
      inner->left = std::move(node->right);
      BASALT_ASSIGN_OR_RETURN(inner->right, ParseQueryTerm());
      node->right = std::move(inner);
    }
    left = std::move(node);
  }
  return left;
}

Result<std::unique_ptr<QueryBody>> Parser::ParseQueryTerm() {
  auto body = std::make_unique<QueryBody>();
  if (AtSymbol("(")) {
    Next();
    body->kind = QueryBody::Kind::kQuery;
    BASALT_ASSIGN_OR_RETURN(body->query, ParseQuery());
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
    return body;
  }
  if (AcceptKeyword("VALUES")) {
    body->kind = QueryBody::Kind::kValues;
    do {
      BASALT_ASSIGN_OR_RETURN(auto row, ParseExpr());
      body->values.push_back(std::move(row));
    } while (AcceptSymbol(","));
    return body;
  }
  if (AcceptKeyword("TABLE")) {
    body->kind = QueryBody::Kind::kTable;
    BASALT_ASSIGN_OR_RETURN(body->table, ParseQualifiedName());
    return body;
  }
  body->kind = QueryBody::Kind::kSelect;
  BASALT_ASSIGN_OR_RETURN(body->select, ParseSelect());
  return body;
}

Result<std::unique_ptr<Select>> Parser::ParseSelect() {
  BASALT_RETURN_IF_ERROR(ExpectKeyword("SELECT"));
  auto select = std::make_unique<Select>();
  if (AcceptKeyword("DISTINCT")) {
    select->distinct = true;
  } else {
    AcceptKeyword("ALL");
  }
  BASALT_RETURN_IF_ERROR(ParseSelectItems(select.get()));
  if (AcceptKeyword("FROM")) {
    BASALT_ASSIGN_OR_RETURN(select->from, ParseFromList());
  }
  if (AcceptKeyword("WHERE")) {
    BASALT_ASSIGN_OR_RETURN(select->where, ParseExpr());
  }
  if (AcceptKeyword("GROUP")) {
    BASALT_RETURN_IF_ERROR(ExpectKeyword("BY"));
    BASALT_RETURN_IF_ERROR(ParseGroupBy(&select->group_by));
  }
  if (AcceptKeyword("HAVING")) {
    BASALT_ASSIGN_OR_RETURN(select->having, ParseExpr());
  }
  if (AtKeyword("CLUSTER") && AtKeyword("BY", 1)) {
    Next();
    Next();
    do {
      BASALT_ASSIGN_OR_RETURN(auto field, ParseExpr());
      select->cluster_by.push_back(std::move(field));
    } while (AcceptSymbol(","));
  }
  if (AcceptKeyword("WINDOW")) {
    do {
      BASALT_ASSIGN_OR_RETURN(std::string name, ExpectName("a window name"));
      BASALT_RETURN_IF_ERROR(ExpectKeyword("AS"));
      BASALT_ASSIGN_OR_RETURN(auto spec, ParseWindowSpec());
      select->windows.emplace_back(std::move(name), std::move(spec));
    } while (AcceptSymbol(","));
  }
  return select;
}

Status Parser::ParseSelectItems(Select* select) {
  while (true) {
    SelectItem item;
    const Token& start = Peek();
    if (AtSymbol("*")) {
      Next();
      item.expr = MakeExpr(ExprKind::kStar, start);
    } else {
      BASALT_ASSIGN_OR_RETURN(item.expr, ParseExpr());
    }
    if (item.expr->kind == ExprKind::kStar && AcceptKeyword("EXCEPT")) {
      BASALT_ASSIGN_OR_RETURN(item.expr->keys, ParseNameList());
    }
    if (AcceptKeyword("AS")) {
      BASALT_ASSIGN_OR_RETURN(item.alias, ExpectName("an alias"));
    } else if (AtName() && !AtKeyword("FROM") && !AtKeyword("WINDOW")) {
      item.alias = Next().text;
    } else if (Peek().kind == TokenKind::kString && !AtSymbol(",", 1)) {
      item.alias = Next().text;
    }
    select->items.push_back(std::move(item));
    if (!AcceptSymbol(",")) {
      break;
    }
    // A trailing comma before FROM (or the end of the select list) is allowed.
    if (AtKeyword("FROM") || Peek().kind == TokenKind::kEnd || AtSymbol(")") ||
        AtKeyword("WHERE") || AtKeyword("GROUP") || AtKeyword("ORDER") || AtKeyword("LIMIT") ||
        AtKeyword("UNION") || AtSymbol(";")) {
      break;
    }
  }
  return Status::Ok();
}

Result<TableRefPtr> Parser::ParseFromList() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParseJoinedRelation());
  while (AcceptSymbol(",")) {
    BASALT_ASSIGN_OR_RETURN(auto right, ParseJoinedRelation());
    auto join = std::make_unique<TableRef>();
    join->kind = TableRef::Kind::kJoin;
    join->join_type = JoinType::kCross;
    join->line = right->line;
    join->column = right->column;
    join->left = std::move(left);
    join->right = std::move(right);
    left = std::move(join);
  }
  return left;
}

Result<TableRefPtr> Parser::ParseJoinedRelation() {
  BASALT_ASSIGN_OR_RETURN(auto left, ParsePrimaryRelation());
  while (true) {
    const Token& at = Peek();
    JoinType type;
    bool natural = false;
    if (AtKeyword("CROSS") && AtKeyword("JOIN", 1)) {
      pos_ += 2;
      type = JoinType::kCross;
    } else {
      size_t save = pos_;
      natural = AcceptKeyword("NATURAL");
      if (AcceptKeyword("INNER")) {
        type = JoinType::kInner;
      } else if (AcceptKeyword("LEFT")) {
        AcceptKeyword("OUTER");
        type = JoinType::kLeft;
      } else if (AcceptKeyword("RIGHT")) {
        AcceptKeyword("OUTER");
        type = JoinType::kRight;
      } else if (AcceptKeyword("FULL")) {
        AcceptKeyword("OUTER");
        type = JoinType::kFull;
      } else {
        type = JoinType::kInner;
      }
      if (!AcceptKeyword("JOIN")) {
        pos_ = save;
        break;
      }
    }
    auto join = std::make_unique<TableRef>();
    join->kind = TableRef::Kind::kJoin;
    join->line = at.line;
    join->column = at.column;
    join->join_type = type;
    join->natural = natural;
    join->left = std::move(left);
    BASALT_ASSIGN_OR_RETURN(join->right, ParsePrimaryRelation());
    if (type != JoinType::kCross && !natural) {
      if (AcceptKeyword("ON")) {
        BASALT_ASSIGN_OR_RETURN(join->on, ParseExpr());
      } else if (AcceptKeyword("USING")) {
        BASALT_ASSIGN_OR_RETURN(join->using_columns, ParseNameList());
      } else {
        return Unexpected("ON or USING");
      }
      if (AtKeyword("HINT")) {
        BASALT_ASSIGN_OR_RETURN(join->hints, ParseHints());
      }
    }
    left = std::move(join);
  }
  return left;
}

Result<TableRefPtr> Parser::ParsePrimaryRelation() {
  auto ref = std::make_unique<TableRef>();
  const Token& start = Peek();
  ref->line = start.line;
  ref->column = start.column;
  if (AcceptKeyword("LATERAL")) {
    ref->lateral = true;
  }
  if (AtKeyword("UNNEST")) {
    Next();
    ref->kind = TableRef::Kind::kUnnest;
    BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
    BASALT_ASSIGN_OR_RETURN(ref->expr, ParseExpr());
    if (AcceptKeyword("AS")) {
      BASALT_ASSIGN_OR_RETURN(ref->element_alias, ExpectName("an element alias"));
    } else if (AtName() && !AtKeyword("WITH")) {
      ref->element_alias = Next().text;
    }
    if (AcceptKeyword("WITH")) {
      BASALT_RETURN_IF_ERROR(ExpectKeyword("ORDINALITY"));
      ref->with_ordinality = true;
      if (AcceptKeyword("AS") || AtName()) {
        BASALT_ASSIGN_OR_RETURN(ref->ordinality_alias, ExpectName("an ordinality alias"));
      }
    }
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  } else if (AtSymbol("(")) {
    // A subquery or a parenthesised relation.
    size_t save = pos_;
    Next();
    if (AtKeyword("SELECT") || AtKeyword("WITH") || AtKeyword("VALUES") || AtSymbol("(") ||
        (AtKeyword("TABLE") && !AtSymbol("(", 1))) {
      ref->kind = TableRef::Kind::kSubquery;
      auto query = ParseQuery();
      if (query.ok() && AtSymbol(")")) {
        Next();
        ref->subquery = std::move(query).value();
      } else {
        pos_ = save + 1;
        BASALT_ASSIGN_OR_RETURN(auto inner, ParseFromList());
        BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
        ref = std::move(inner);
      }
    } else {
      BASALT_ASSIGN_OR_RETURN(auto inner, ParseFromList());
      BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
      ref = std::move(inner);
    }
  } else if (AtKeyword("TABLE") && AtSymbol("(", 1)) {
    Next();
    Next();
    ref->kind = TableRef::Kind::kFunction;
    ref->function_name = "TABLE";
    if (!AtSymbol(")")) {
      do {
        BASALT_ASSIGN_OR_RETURN(auto arg, ParseExpr());
        ref->args.push_back(std::move(arg));
      } while (AcceptSymbol(","));
    }
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  } else {
    ref->kind = TableRef::Kind::kNamed;
    if (!AtName() && !AtKeyword("_EVENTS")) {
      return Unexpected("a collection name");
    }
    BASALT_ASSIGN_OR_RETURN(ref->names, ParseQualifiedName());
  }
  BASALT_RETURN_IF_ERROR(ParseRelationSuffix(ref.get()));
  return ref;
}

Status Parser::ParseRelationSuffix(TableRef* ref) {
  static constexpr std::string_view kNotAliases[] = {
      "ON",    "USING",     "WHERE",  "GROUP",  "ORDER",       "LIMIT", "OFFSET", "HAVING",
      "UNION", "INTERSECT", "EXCEPT", "JOIN",   "INNER",       "LEFT",  "RIGHT",  "FULL",
      "CROSS", "NATURAL",   "HINT",   "WINDOW", "TABLESAMPLE", "FETCH", "LATERAL"};
  bool alias_ok = !(AtKeyword("CLUSTER") && AtKeyword("BY", 1));
  for (std::string_view kw : kNotAliases) {
    if (AtKeyword(kw)) {
      alias_ok = false;
    }
  }
  if (AcceptKeyword("AS")) {
    BASALT_ASSIGN_OR_RETURN(ref->alias, ExpectName("an alias"));
  } else if (alias_ok && AtName()) {
    ref->alias = Next().text;
  }
  if (!ref->alias.empty() && AtSymbol("(") && AtName(1)) {
    BASALT_ASSIGN_OR_RETURN(ref->column_aliases, ParseNameList());
  }
  if (AcceptKeyword("TABLESAMPLE")) {
    if (!AcceptKeyword("BERNOULLI")) {
      return ErrorAt(Peek(), "TABLESAMPLE supports BERNOULLI (percentage) only");
    }
    BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
    BASALT_ASSIGN_OR_RETURN(ref->sample_percent, ParseExpr());
    BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  }
  if (AtKeyword("HINT")) {
    BASALT_ASSIGN_OR_RETURN(ref->hints, ParseHints());
  }
  return Status::Ok();
}

Result<std::vector<std::pair<std::string, std::string>>> Parser::ParseHints() {
  BASALT_RETURN_IF_ERROR(ExpectKeyword("HINT"));
  BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
  std::vector<std::pair<std::string, std::string>> hints;
  if (!AtSymbol(")")) {
    do {
      if (Peek().kind != TokenKind::kIdentifier && Peek().kind != TokenKind::kQuotedIdentifier) {
        return Unexpected("a hint name");
      }
      std::string name = Next().text;
      std::string value;
      if (AcceptSymbol("=")) {
        const Token& v = Next();
        if (v.kind == TokenKind::kEnd) {
          return Unexpected("a hint value");
        }
        value = v.text;
      }
      hints.emplace_back(std::move(name), std::move(value));
    } while (AcceptSymbol(","));
  }
  BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  return hints;
}

Status Parser::ParseGroupBy(GroupBy* group_by) {
  group_by->present = true;
  if (!AcceptKeyword("ALL")) {
    AcceptKeyword("DISTINCT");
  }
  auto parse_set = [&](std::vector<ExprPtr>* set) -> Status {
    if (AcceptSymbol("(")) {
      if (!AtSymbol(")")) {
        do {
          BASALT_ASSIGN_OR_RETURN(auto e, ParseExpr());
          set->push_back(std::move(e));
        } while (AcceptSymbol(","));
      }
      return ExpectSymbol(")");
    }
    BASALT_ASSIGN_OR_RETURN(auto e, ParseExpr());
    set->push_back(std::move(e));
    return Status::Ok();
  };
  if (AtKeyword("ROLLUP") || AtKeyword("CUBE")) {
    group_by->kind = Next().IsKeyword("ROLLUP") ? GroupingKind::kRollup : GroupingKind::kCube;
    BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
    do {
      BASALT_ASSIGN_OR_RETURN(auto e, ParseExpr());
      group_by->exprs.push_back(std::move(e));
    } while (AcceptSymbol(","));
    return ExpectSymbol(")");
  }
  if (AtKeyword("GROUPING") && AtKeyword("SETS", 1)) {
    pos_ += 2;
    group_by->kind = GroupingKind::kGroupingSets;
    BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
    do {
      std::vector<ExprPtr> set;
      BASALT_RETURN_IF_ERROR(parse_set(&set));
      group_by->sets.push_back(std::move(set));
    } while (AcceptSymbol(","));
    return ExpectSymbol(")");
  }
  do {
    if (AtSymbol("(") && AtSymbol(")", 1)) {
      pos_ += 2;  // GROUP BY (): one global group
      continue;
    }
    BASALT_ASSIGN_OR_RETURN(auto e, ParseExpr());
    group_by->exprs.push_back(std::move(e));
  } while (AcceptSymbol(","));
  return Status::Ok();
}

Status Parser::ParseOrderBy(std::vector<OrderItem>* items) {
  do {
    OrderItem item;
    BASALT_ASSIGN_OR_RETURN(item.expr, ParseExpr());
    if (AcceptKeyword("DESC")) {
      item.descending = true;
    } else {
      AcceptKeyword("ASC");
    }
    if (AcceptKeyword("NULLS")) {
      if (AcceptKeyword("FIRST")) {
        item.nulls_first = true;
      } else {
        BASALT_RETURN_IF_ERROR(ExpectKeyword("LAST"));
        item.nulls_first = false;
      }
    }
    items->push_back(std::move(item));
  } while (AcceptSymbol(","));
  return Status::Ok();
}

Result<std::unique_ptr<WindowSpec>> Parser::ParseWindowSpec() {
  auto spec = std::make_unique<WindowSpec>();
  if (AtName() && !AtSymbol("(")) {
    spec->base_name = Next().text;
    return spec;
  }
  BASALT_RETURN_IF_ERROR(ExpectSymbol("("));
  if (AtName() && !AtKeyword("PARTITION") && !AtKeyword("ORDER") && !AtKeyword("ROWS") &&
      !AtKeyword("RANGE")) {
    spec->base_name = Next().text;
  }
  if (AcceptKeyword("PARTITION")) {
    BASALT_RETURN_IF_ERROR(ExpectKeyword("BY"));
    do {
      BASALT_ASSIGN_OR_RETURN(auto e, ParseExpr());
      spec->partition_by.push_back(std::move(e));
    } while (AcceptSymbol(","));
  }
  if (AcceptKeyword("ORDER")) {
    BASALT_RETURN_IF_ERROR(ExpectKeyword("BY"));
    BASALT_RETURN_IF_ERROR(ParseOrderBy(&spec->order_by));
  }
  if (AtKeyword("ROWS") || AtKeyword("RANGE")) {
    WindowFrame frame;
    frame.unit = Next().IsKeyword("ROWS") ? FrameUnit::kRows : FrameUnit::kRange;
    if (AcceptKeyword("BETWEEN")) {
      BASALT_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
      BASALT_RETURN_IF_ERROR(ExpectKeyword("AND"));
      BASALT_ASSIGN_OR_RETURN(frame.end, ParseFrameBound());
    } else {
      BASALT_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
      frame.end.kind = FrameBoundKind::kCurrentRow;
    }
    spec->frame = std::move(frame);
  }
  BASALT_RETURN_IF_ERROR(ExpectSymbol(")"));
  return spec;
}

Result<FrameBound> Parser::ParseFrameBound() {
  FrameBound bound;
  if (AcceptKeyword("UNBOUNDED")) {
    if (AcceptKeyword("PRECEDING")) {
      bound.kind = FrameBoundKind::kUnboundedPreceding;
    } else {
      BASALT_RETURN_IF_ERROR(ExpectKeyword("FOLLOWING"));
      bound.kind = FrameBoundKind::kUnboundedFollowing;
    }
    return bound;
  }
  if (AcceptKeyword("CURRENT")) {
    BASALT_RETURN_IF_ERROR(ExpectKeyword("ROW"));
    bound.kind = FrameBoundKind::kCurrentRow;
    return bound;
  }
  BASALT_ASSIGN_OR_RETURN(bound.offset, ParseAdditive());
  if (AcceptKeyword("PRECEDING")) {
    bound.kind = FrameBoundKind::kPreceding;
  } else {
    BASALT_RETURN_IF_ERROR(ExpectKeyword("FOLLOWING"));
    bound.kind = FrameBoundKind::kFollowing;
  }
  return bound;
}

}  // namespace internal

Result<Statement> ParseStatement(std::string_view sql) {
  BASALT_ASSIGN_OR_RETURN(auto tokens, Tokenize(sql));
  internal::Parser parser(std::move(tokens));
  return parser.ParseStatement();
}

Result<ExprPtr> ParseExpression(std::string_view sql) {
  BASALT_ASSIGN_OR_RETURN(auto tokens, Tokenize(sql));
  internal::Parser parser(std::move(tokens));
  BASALT_ASSIGN_OR_RETURN(auto expr, parser.ParseExpr());
  BASALT_RETURN_IF_ERROR(parser.ExpectEnd());
  return expr;
}

}  // namespace basalt::sql
