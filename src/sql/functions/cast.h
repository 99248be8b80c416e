#pragma once

#include <string_view>

#include "common/result.h"
#include "common/value.h"

namespace basalt::sql {

// CAST / TRY_CAST (spec/sql.md §5): converts `value` to the SQL type named `type_name`
// (upper-case; aliases such as INTEGER, BIGINT, DOUBLE, VARCHAR, BOOLEAN accepted). null
// and undefined cast to null. An unsupported conversion or a bad string is a QUERY_ERROR,
// or null in `try_mode`. `static_cast` selects STATIC_CAST semantics (numeric conversions
// and Python-like truthiness to bool, no string parsing).
Result<Value> CastValue(const Value& value, std::string_view type_name, bool try_mode,
                        bool static_cast_mode = false);

// The canonical type of a SQL type name (aliases resolved), or an error for unknown names.
Result<ValueType> TypeFromName(std::string_view type_name);

// Lenient date/time parsers for literals and casts (sql.md §1.3): one- or two-digit month,
// day, hour, minute and second; up to 9 fractional digits (truncated to microseconds).
Result<int64_t> ParseDateLenient(std::string_view text);
Result<int64_t> ParseTimeLenient(std::string_view text);
Result<int64_t> ParseDatetimeLenient(std::string_view text);
Result<int64_t> ParseTimestampLenient(std::string_view text);

}  // namespace basalt::sql
