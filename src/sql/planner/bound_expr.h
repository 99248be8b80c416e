#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/value.h"
#include "sql/functions/function.h"

namespace basalt::sql {

struct PlanNode;
struct BoundExpr;
using BoundExprPtr = std::unique_ptr<BoundExpr>;

// A row during execution: one slot per relation in scope (holding the relation's row as an
// object), then computed slots (group keys, aggregates, projections).
using Row = std::vector<Value>;

enum class BoundKind : uint8_t {
  kConstant,   // value
  kSlot,       // row[slot], then `path` (object keys) if any
  kOuterSlot,  // the same in an enclosing query's row: depth levels up
  kField,      // args[0].name
  kSubscript,  // args[0][args[1]] (1-based arrays, object keys)
  kFunction,   // scalar function `function`
  kAnd,
  kOr,
  kNot,
  kCompare,     // op
  kArithmetic,  // op: + - * / %
  kNegate,
  kConcat,
  kBitwise,     // op: & | ^ << >> ~
  kCase,        // args: [operand?] (when, then)*; else in args.back() when has_else
  kCast,        // name = type, op = CAST/TRY_CAST/...
  kIn,          // args[0] IN args[1..]
  kInSubquery,  // args[0] IN (subquery)
  kBetween,
  kLike,  // args: text, pattern[, escape]; op LIKE/ILIKE
  kIs,    // op NULL/UNDEFINED/TRUE/FALSE/DISTINCT
  kExists,
  kScalarSubquery,
  kQuantified,  // args[0] op ANY/ALL (subquery)
  kArray,
  kObject,    // keys
  kInterval,  // args[0] amount; name unit; op to-unit
  kExtract,   // name part
  kAtTimeZone,
  kStarObject,  // a row's object with EXCEPT keys removed (SELECT t.* / a.b.*)
};

struct BoundExpr {
  BoundKind kind = BoundKind::kConstant;
  Value value;
  int slot = 0;
  int depth = 0;
  std::vector<std::string> path;
  std::string name;
  std::string op;
  bool negated = false;
  bool has_operand = false;
  bool has_else = false;
  const FunctionDef* function = nullptr;
  std::vector<BoundExprPtr> args;
  std::vector<std::string> keys;
  // Subqueries: the plan and whether it reads outer rows (then it runs per row).
  std::shared_ptr<PlanNode> subquery;
  bool correlated = false;
  int line = 0;
  int column = 0;

  // True when the value does not depend on the row (constant folding).
  bool IsConstant() const;

  // A deep copy whose constants share no memory with this one's (strings, arrays and
  // objects copied), for another thread to evaluate without touching this tree's reference
  // counts. Subquery plans are shared, not copied.
  BoundExprPtr Clone() const;
};

BoundExprPtr MakeConstant(Value value);
BoundExprPtr MakeSlot(int slot, std::vector<std::string> path = {});

}  // namespace basalt::sql
