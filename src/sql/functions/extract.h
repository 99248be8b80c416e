#pragma once

#include <string_view>

#include "common/result.h"
#include "common/value.h"

namespace basalt::sql {

// EXTRACT(part FROM v) for date, time, datetime, timestamp (UTC) and intervals. Parts:
// MILLENNIUM CENTURY DECADE YEAR QUARTER MONTH WEEK (ISO) DAY DOW (Sunday = 1) ISODOW DOY
// HOUR MINUTE SECOND MILLISECOND MICROSECOND EPOCH. null/undefined -> null.
Result<Value> ExtractPart(std::string_view part, const Value& value);

}  // namespace basalt::sql
