#pragma once

#include <string_view>

#include "common/result.h"
#include "sql/parser/ast.h"

namespace basalt::sql {

// Parses one SQL statement of Rockset's dialect (spec/sql.md §1, §7, §8); trailing `;`s are
// allowed. Syntax errors are QUERY_ERROR with the 1-based line and column of the offending
// token and error_id "syntax_error".
Result<Statement> ParseStatement(std::string_view sql);

// Parses a standalone expression (tests, ingest transformations' pieces).
Result<ExprPtr> ParseExpression(std::string_view sql);

}  // namespace basalt::sql
