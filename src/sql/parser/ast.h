#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/value.h"

namespace basalt::sql {

struct Expr;
struct Query;
struct TableRef;
using ExprPtr = std::unique_ptr<Expr>;
using QueryPtr = std::unique_ptr<Query>;
using TableRefPtr = std::unique_ptr<TableRef>;

enum class ExprKind : uint8_t {
  kLiteral,      // value
  kParameter,    // name (":name"); positional `?` gets name "?N"
  kIdentifier,   // name: a field of a relation in scope, or a relation's alias
  kFieldAccess,  // args[0].name
  kSubscript,    // args[0][args[1]]
  kStar,         // `*` or `args[0].*`; except: names after EXCEPT
  kUnary,        // op: "-", "+", "NOT", "~"
  kBinary,       // op: + - * / % || = <> < <= > >= AND OR & | ^ << >>
  kFunction,     // name (upper-case), args; distinct; star_arg for COUNT(*); filter; over
  kCase,         // operand (may be null), whens/thens in args pairs, else_expr
  kCast,         // op: CAST | TRY_CAST | STATIC_CAST | TRY_STATIC_CAST; name = type
  kIn,           // args[0] IN (args[1..]) or IN (subquery); negated
  kBetween,      // args[0] BETWEEN args[1] AND args[2]; negated
  kLike,         // args[0] LIKE args[1] [ESCAPE args[2]]; negated; op "LIKE"/"ILIKE"
  kIs,           // args[0] IS [NOT] op: NULL | UNDEFINED | TRUE | FALSE | DISTINCT (args[1])
  kExists,       // EXISTS (subquery)
  kSubquery,     // scalar subquery
  kArray,        // [args...]
  kObject,       // {'k': v, ...}: keys in `keys`, values in args
  kInterval,     // INTERVAL args[0] unit [TO unit2]: name = unit, op = unit2 (or "")
  kExtract,      // EXTRACT(name FROM args[0])
  kAtTimeZone,   // args[0] AT TIME ZONE args[1]
  kQuantified,   // args[0] op ANY|SOME|ALL (subquery): name = ANY|ALL
};

struct OrderItem {
  ExprPtr expr;
  bool descending = false;
  // Nulls placement when given: NULLS FIRST (true) / LAST (false).
  std::optional<bool> nulls_first;
};

enum class FrameUnit : uint8_t { kRows, kRange };
enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing
};
struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  ExprPtr offset;
};
struct WindowFrame {
  FrameUnit unit = FrameUnit::kRange;
  FrameBound start;
  FrameBound end;
};
struct WindowSpec {
  std::string base_name;  // OVER w / OVER (w ...)
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  std::optional<WindowFrame> frame;
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  int line = 0;
  int column = 0;
  Value value;
  std::string name;
  std::string op;
  std::vector<ExprPtr> args;
  std::vector<std::string> keys;  // object literal keys; EXCEPT names of a star
  QueryPtr subquery;
  ExprPtr else_expr;                    // CASE ... ELSE
  ExprPtr filter;                       // agg(...) FILTER (WHERE ...)
  std::unique_ptr<WindowSpec> over;     // fn(...) OVER (...)
  std::vector<OrderItem> within_order;  // ARRAY_AGG(x ORDER BY ... [LIMIT n [OFFSET m]])
  ExprPtr within_limit;
  ExprPtr within_offset;
  std::string spelled;  // a function's name as the query spelled it (output names)
  bool distinct = false;
  bool star_arg = false;  // COUNT(*)
  bool negated = false;
  bool has_operand = false;  // CASE x WHEN ...: args[0] is the operand

  // SQL text of the expression, for default output names and EXPLAIN.
  std::string ToString() const;
};

struct SelectItem {
  ExprPtr expr;       // a kStar expression for `*`, `t.*`, `a.b.*`
  std::string alias;  // empty when none
};

enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kCross };

struct TableRef {
  enum class Kind : uint8_t { kNamed, kSubquery, kUnnest, kJoin, kValues, kFunction };
  Kind kind = Kind::kNamed;
  int line = 0;
  int column = 0;
  // kNamed: path of names, e.g. {"commons", "people"}; the last is the collection.
  std::vector<std::string> names;
  // kSubquery / kValues (values stored as a query).
  QueryPtr subquery;
  // kUnnest: the array expression, optional element alias (UNNEST(x AS e)), WITH ORDINALITY.
  // kFunction: TABLE('name') and other table functions: name + args.
  ExprPtr expr;
  std::vector<ExprPtr> args;
  std::string function_name;
  std::string element_alias;
  bool with_ordinality = false;
  std::string ordinality_alias;
  // kJoin.
  JoinType join_type = JoinType::kInner;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr on;
  std::vector<std::string> using_columns;
  bool natural = false;
  bool lateral = false;
  // Correlation name and optional column names: `AS t (a, b)`.
  std::string alias;
  std::vector<std::string> column_aliases;
  // Hints attached to the table: HINT(access_path=column_scan) etc.
  std::vector<std::pair<std::string, std::string>> hints;
  // TABLESAMPLE BERNOULLI (percentage) after a collection name.
  ExprPtr sample_percent;
};

enum class GroupingKind : uint8_t { kPlain, kRollup, kCube, kGroupingSets };
struct GroupBy {
  GroupingKind kind = GroupingKind::kPlain;
  std::vector<ExprPtr> exprs;              // plain, ROLLUP, CUBE
  std::vector<std::vector<ExprPtr>> sets;  // GROUPING SETS
  bool present = false;
};

struct Select {
  bool distinct = false;
  std::vector<SelectItem> items;
  TableRefPtr from;  // null for SELECT without FROM
  ExprPtr where;
  GroupBy group_by;
  ExprPtr having;
  std::vector<std::pair<std::string, std::unique_ptr<WindowSpec>>> windows;
  // CLUSTER BY fields: only ingest transformations take it (ingest.md §4.3).
  std::vector<ExprPtr> cluster_by;
};

enum class SetOpKind : uint8_t { kUnion, kIntersect, kExcept };

// A query body: a SELECT, a set operation of two bodies, a parenthesised query, VALUES,
// or TABLE name.
struct QueryBody {
  enum class Kind : uint8_t { kSelect, kSetOp, kQuery, kValues, kTable };
  Kind kind = Kind::kSelect;
  std::unique_ptr<Select> select;
  SetOpKind set_op = SetOpKind::kUnion;
  bool all = false;
  std::unique_ptr<QueryBody> left;
  std::unique_ptr<QueryBody> right;
  QueryPtr query;                  // kQuery
  std::vector<ExprPtr> values;     // kValues: each a row (kArray of columns, or scalar)
  std::vector<std::string> table;  // kTable
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> columns;
  QueryPtr query;
};

struct Query {
  std::vector<CommonTableExpr> with;
  bool recursive = false;
  std::unique_ptr<QueryBody> body;
  std::vector<OrderItem> order_by;
  ExprPtr limit;  // null: no limit (LIMIT ALL too)
  ExprPtr offset;
  std::vector<std::pair<std::string, std::string>> hints;
};

// One statement: a query, or EXPLAIN / DESCRIBE of one.
struct Statement {
  enum class Kind : uint8_t { kQuery, kExplain, kDescribe, kInsert };
  Kind kind = Kind::kQuery;
  QueryPtr query;
  bool analyze = false;             // EXPLAIN ANALYZE
  std::vector<std::string> target;  // DESCRIBE / INSERT INTO name path
  std::vector<std::string> insert_columns;
};

}  // namespace basalt::sql
