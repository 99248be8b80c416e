#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace basalt {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Days since 1970-01-01 of a proleptic Gregorian civil date, and back.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

// Parsers for the ISO-8601 forms Rockset accepts. Date: YYYY-MM-DD. Time: HH:MM[:SS[.f{1,9}]].
// Datetime: date, then 'T' or ' ', then time. Timestamp: a datetime with an optional zone
// suffix (Z, +HH, +HH:MM, +HHMM; none means UTC). Fractions beyond microseconds truncate.
Result<int64_t> ParseDate(std::string_view text);       // days
Result<int64_t> ParseTime(std::string_view text);       // micros since midnight
Result<int64_t> ParseDatetime(std::string_view text);   // civil micros
Result<int64_t> ParseTimestamp(std::string_view text);  // UTC micros

// Renderers for query results (sql.md §2.1): time and datetime print fractional seconds
// only when non-zero, trimmed; timestamps always print six fractional digits and `Z`.
std::string FormatDate(int64_t days);
std::string FormatTime(int64_t micros);
std::string FormatDatetime(int64_t micros);
std::string FormatTimestamp(int64_t micros);

// Microseconds since the Unix epoch, now.
int64_t NowMicros();

}  // namespace basalt
