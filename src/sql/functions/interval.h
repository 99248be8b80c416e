#pragma once

#include <string_view>

#include "common/result.h"
#include "common/value.h"

namespace basalt::sql {

// The value of an interval literal (spec/sql.md §1.3): `INTERVAL amount unit [TO unit2]`.
// YEAR/QUARTER/MONTH units give a month_interval, WEEK/DAY/HOUR/MINUTE/SECOND/MILLISECOND/
// MICROSECOND a microsecond_interval. `amount` is a number, or a string such as '2',
// '1:30' (HOUR TO MINUTE), '1-6' (YEAR TO MONTH), '1 2:03:04.5' (DAY TO SECOND).
Result<Value> IntervalLiteral(const Value& amount, std::string_view unit,
                              std::string_view to_unit);

// Microseconds in one unit (DAY, HOUR, ...); 0 for month units and unknown names.
int64_t MicrosPerUnit(std::string_view unit);

}  // namespace basalt::sql
