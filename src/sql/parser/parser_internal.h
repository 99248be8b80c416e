#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sql/parser/ast.h"
#include "sql/parser/lexer.h"

namespace basalt::sql::internal {

// Recursive-descent parser over a token vector. Each Parse* method consumes what it parses
// and reports a positioned QUERY_ERROR otherwise.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<Statement> ParseStatement();
  Result<QueryPtr> ParseQuery();
  Result<ExprPtr> ParseExpr();
  Status ExpectEnd();

 private:
  // Queries (parser.cc).
  Result<std::unique_ptr<QueryBody>> ParseSetOperation();
  Result<std::unique_ptr<QueryBody>> ParseQueryTerm();
  Result<std::unique_ptr<Select>> ParseSelect();
  Status ParseSelectItems(Select* select);
  Result<TableRefPtr> ParseFromList();
  Result<TableRefPtr> ParseJoinedRelation();
  Result<TableRefPtr> ParsePrimaryRelation();
  Status ParseRelationSuffix(TableRef* ref);
  Status ParseGroupBy(GroupBy* group_by);
  Status ParseOrderBy(std::vector<OrderItem>* items);
  Result<std::vector<std::pair<std::string, std::string>>> ParseHints();
  Result<std::unique_ptr<WindowSpec>> ParseWindowSpec();
  Result<FrameBound> ParseFrameBound();
  Result<std::vector<std::string>> ParseNameList();
  Result<std::vector<std::string>> ParseQualifiedName();

  // Expressions (expr_parser.cc), lowest precedence first.
  Result<ExprPtr> ParseOr();
  Result<ExprPtr> ParseAnd();
  Result<ExprPtr> ParseNot();
  Result<ExprPtr> ParseComparison();
  Result<ExprPtr> ParseConcat();
  Result<ExprPtr> ParseAdditive();
  Result<ExprPtr> ParseMultiplicative();
  Result<ExprPtr> ParseAtTimeZone();
  Result<ExprPtr> ParseUnary();
  Result<ExprPtr> ParsePostfix();
  Result<ExprPtr> ParsePrimary();
  Result<ExprPtr> ParseFunctionCall(const Token& name_token, std::string name);
  Status ParseSearchOption(Expr* search);
  Result<ExprPtr> ParseCase(const Token& start);
  Result<ExprPtr> ParseCast(const Token& start, std::string kind);
  Result<ExprPtr> ParseInterval(const Token& start);
  Result<ExprPtr> ParseTypedLiteral(const Token& type_token, std::string type);
  Result<std::string> ParseTypeName();
  Result<ExprPtr> ParseBitwise();
  Result<QueryPtr> ParseParenthesizedQuery();

  // Token helpers.
  const Token& Peek(size_t ahead = 0) const {
    size_t at = pos_ + ahead;
    return at < tokens_.size() ? tokens_[at] : tokens_.back();
  }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool AtKeyword(std::string_view kw, size_t ahead = 0) const { return Peek(ahead).IsKeyword(kw); }
  bool AtSymbol(std::string_view sym, size_t ahead = 0) const { return Peek(ahead).IsSymbol(sym); }
  bool AcceptKeyword(std::string_view kw);
  bool AcceptSymbol(std::string_view sym);
  Status ExpectKeyword(std::string_view kw);
  Status ExpectSymbol(std::string_view sym);
  // An identifier usable as a name: unquoted non-reserved word or quoted identifier.
  bool AtName(size_t ahead = 0) const;
  Result<std::string> ExpectName(std::string_view what);
  Status ErrorAt(const Token& token, const std::string& message) const;
  Status Unexpected(std::string_view expected) const;

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int positional_parameters_ = 0;
};

ExprPtr MakeExpr(ExprKind kind, const Token& at);

}  // namespace basalt::sql::internal
