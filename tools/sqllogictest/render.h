#pragma once

#include <string>
#include <vector>

#include "common/value.h"

namespace basalt::slt {

// How a .test file writes one result value: `NULL` for null, `undefined` for an absent
// field, strings raw (`(empty)` for the empty string; tab, newline and backslash escaped as
// \t \n \\), booleans `true`/`false`, numbers as JSON (floats keep a '.'), temporal values
// as their ISO text without quotes, arrays/objects/bytes/intervals as compact JSON.
std::string RenderValue(const Value& value);

// One result row as columns: the named fields of `row` in order, or, when `column_names`
// is empty (a `SELECT *` projection), the whole row as one compact JSON column.
std::vector<std::string> RenderRow(const Value& row, const std::vector<std::string>& column_names);

// Splits an expected line into columns: on tabs when it has any, otherwise on runs of
// spaces when that yields exactly `column_count` columns, otherwise the line is one column.
std::vector<std::string> SplitExpected(const std::string& line, size_t column_count);

}  // namespace basalt::slt
