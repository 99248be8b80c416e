#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace basalt::catalog {

// A 5-field cron schedule, `minute hour day-of-month month day-of-week`, evaluated in UTC
// (scheduled lambdas, api.md §9.1). Each field is `*`, a number, a range `a-b`, a step
// `*/n`, `a-b/n` or `a/n`, or a comma list of those. Months and weekdays also take
// three-letter English names (JAN, MON); weekday 0 and 7 are Sunday; `?` means `*` in the
// day fields. `@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`, `@yearly`/`@annually`
// are shorthands. As in Vixie cron, when both day fields are restricted a day matches
// either. Immutable; safe to share.
class CronSchedule {
 public:
  // INVALIDINPUT (naming the field) for malformed text, out-of-range values and schedules
  // that never fire (e.g. `0 0 30 2 *`).
  static Result<CronSchedule> Parse(std::string_view text);

  // The first matching minute strictly after `after_micros` (epoch microseconds), as epoch
  // microseconds; -1 when there is none within eight years.
  int64_t NextAfter(int64_t after_micros) const;

  const std::string& text() const { return text_; }

 private:
  CronSchedule() = default;
  bool DayMatches(int64_t days, unsigned day_of_month) const;

  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // 1-31
  std::bitset<13> months_;         // 1-12
  std::bitset<7> weekdays_;        // 0 = Sunday
  bool day_of_month_any_ = false;
  bool weekday_any_ = false;
};

}  // namespace basalt::catalog
