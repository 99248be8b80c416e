#pragma once

#include "common/result.h"
#include "common/value.h"

namespace basalt::sql {

// True when `a` or `b` is a u256: arithmetic then goes through U256Arithmetic.
inline bool InvolvesU256(const Value& a, const Value& b) {
  return a.type() == ValueType::kU256 || b.type() == ValueType::kU256;
}

// `a op b` for op in + - * / % when at least one side is a u256 (sql.md §2): the other side
// may be a u256 or a non-negative int (promoted); a float on either side makes the result a
// float. Overflow, a negative result, a negative int operand and division by zero are
// errors, never wrap-around. REQUIRES: neither side is null or undefined.
Result<Value> U256Arithmetic(char op, const Value& a, const Value& b);

// Bitwise AND/OR/XOR (op '&', '|', '^') on u256 operands (an int operand must be
// non-negative). REQUIRES: InvolvesU256(a, b).
Result<Value> U256Bitwise(char op, const Value& a, const Value& b);

}  // namespace basalt::sql
