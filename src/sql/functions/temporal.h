#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/value.h"
#include "sql/functions/time_zone.h"

// Civil date/time helpers for the date/time functions: broken-down civil fields, truncation
// units, and strftime/strptime style patterns. Payload conventions are those of common/value.h.
namespace basalt::sql {

inline constexpr int64_t kMicrosPerMinute = 60'000'000;
inline constexpr int64_t kMicrosPerHour = 3'600'000'000;

// Broken-down civil time.
struct CivilTime {
  int64_t year = 1970;
  int month = 1, day = 1;
  int hour = 0, minute = 0, second = 0;
  int micros = 0;
};
CivilTime SplitCivil(int64_t civil_micros);
int64_t JoinCivil(const CivilTime& c);
// 0 = Sunday ... 6 = Saturday.
int WeekdayOfDays(int64_t days);
int DayOfYear(const CivilTime& c);  // 1-based
// ISO-8601 week number (1..53) and its year.
void IsoWeek(int64_t days, int64_t* iso_year, int* iso_week);
bool ValidCivilDate(int64_t year, int64_t month, int64_t day);
int64_t AddMonthsToDays(int64_t days, int64_t months);

// Date-part units of DATE_TRUNC / DATE_DIFF (case-insensitive, singular or plural).
enum class TimeUnit : uint8_t {
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear
};
std::optional<TimeUnit> ParseTimeUnit(std::string_view text);
// Truncates civil micros to the start of the unit (weeks start on Monday).
int64_t TruncateCivil(int64_t civil_micros, TimeUnit unit);
// Number of unit boundaries crossed from `start` to `end` (civil micros); negative when end
// is earlier.
int64_t DiffCivil(int64_t start, int64_t end, TimeUnit unit);

// strftime-style rendering of civil micros. `zone` supplies %z/%Z (null: UTC).
// Supported: %Y %C %y %G %g %m %d %e %j %H %k %I %l %M %S %f %E<n>S %E*S %p %a %A %b %h %B
// %u %w %U %W %V %Q %z %Ez %Z %s %T %D %F %R %c %x %X %n %t %%.
std::string FormatCivil(std::string_view pattern, int64_t civil_micros, int64_t utc_micros,
                        const TimeZone* zone);

// strptime-style parsing. Fields absent from the pattern default to 1970-01-01 00:00:00.
struct ParsedTemporal {
  CivilTime civil;
  std::optional<int64_t> offset_seconds;  // from %z
  std::shared_ptr<const TimeZone> zone;   // from %Z
  std::optional<int64_t> epoch_seconds;   // from %s
};
Result<ParsedTemporal> ParseWithPattern(std::string_view function, std::string_view pattern,
                                        std::string_view text);

}  // namespace basalt::sql
