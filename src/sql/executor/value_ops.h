#pragma once

#include <string_view>

#include "common/result.h"
#include "common/value.h"

namespace basalt::sql {

// Scalar semantics shared by expressions and functions (spec/sql.md §3, §4, §8).

// SQL comparison: null when either side is null/undefined or the types differ (int and float
// compare numerically, so do datetime vs timestamp and date vs datetime: CrossTemporalComparable);
// otherwise -1/0/1. Objects compare only for equality (`equality_only`), otherwise an error.
Result<Value> CompareSql(const Value& a, const Value& b, std::string_view op);

// Arithmetic on int/float (int overflow is an error), and temporal ± interval.
Result<Value> Add(const Value& a, const Value& b);
Result<Value> Subtract(const Value& a, const Value& b);
Result<Value> Multiply(const Value& a, const Value& b);
Result<Value> Divide(const Value& a, const Value& b);
Result<Value> Modulo(const Value& a, const Value& b);
Result<Value> Negate(const Value& a);
Result<Value> Concat(const Value& a, const Value& b);

// Truth value for WHERE/HAVING/ON/CASE: true only for bool true.
inline bool IsTrue(const Value& v) {
  return v.type() == ValueType::kBool && v.bool_value();
}

// LIKE pattern match (`%`, `_`, optional escape character), on code points.
bool LikeMatch(std::string_view text, std::string_view pattern, int escape, bool case_insensitive);

// Number of UTF-8 code points.
size_t Utf8Length(std::string_view text);

// A type error for an operator or function: "<what> does not accept <type>".
Status TypeError(std::string_view what, const Value& value);

}  // namespace basalt::sql
