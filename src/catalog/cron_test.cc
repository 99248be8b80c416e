#include "catalog/cron.h"

#include <gtest/gtest.h>

#include "common/time_util.h"

namespace basalt::catalog {
namespace {

int64_t At(std::string_view timestamp) {
  Result<int64_t> micros = ParseTimestamp(timestamp);
  BASALT_CHECK(micros.ok()) << micros.status().ToString();
  return *micros;
}

std::string Next(std::string_view cron, std::string_view after) {
  Result<CronSchedule> schedule = CronSchedule::Parse(cron);
  if (!schedule.ok()) {
    return "error: " + schedule.status().message();
  }
  int64_t next = schedule->NextAfter(At(after));
  return next < 0 ? "never" : FormatTimestamp(next);
}

TEST(CronTest, EveryMinuteIsTheNextWholeMinute) {
  EXPECT_EQ(Next("* * * * *", "2024-03-01T12:00:00Z"), "2024-03-01T12:01:00.000000Z");
  EXPECT_EQ(Next("* * * * *", "2024-03-01T12:00:59.999Z"), "2024-03-01T12:01:00.000000Z");
}

TEST(CronTest, StepsRangesAndLists) {
  EXPECT_EQ(Next("*/15 * * * *", "2024-03-01T12:16:00Z"), "2024-03-01T12:30:00.000000Z");
  EXPECT_EQ(Next("5,50 9-17 * * *", "2024-03-01T17:51:00Z"), "2024-03-02T09:05:00.000000Z");
  EXPECT_EQ(Next("0 8-18/5 * * *", "2024-03-01T13:00:00Z"), "2024-03-01T18:00:00.000000Z");
  EXPECT_EQ(Next("10/20 * * * *", "2024-03-01T12:31:00Z"), "2024-03-01T12:50:00.000000Z");
}

TEST(CronTest, MonthsWeekdaysAndNames) {
  // 2024-03-01 is a Friday.
  EXPECT_EQ(Next("0 9 * * MON", "2024-03-01T00:00:00Z"), "2024-03-04T09:00:00.000000Z");
  EXPECT_EQ(Next("0 9 * * 7", "2024-03-01T00:00:00Z"), "2024-03-03T09:00:00.000000Z");
  EXPECT_EQ(Next("0 9 * * 0", "2024-03-01T00:00:00Z"), "2024-03-03T09:00:00.000000Z");
  EXPECT_EQ(Next("0 0 1 jan *", "2024-03-01T00:00:00Z"), "2025-01-01T00:00:00.000000Z");
  EXPECT_EQ(Next("0 0 29 2 *", "2024-03-01T00:00:00Z"), "2028-02-29T00:00:00.000000Z");
  EXPECT_EQ(Next("0 0 ? * SAT", "2024-03-01T00:00:00Z"), "2024-03-02T00:00:00.000000Z");
}

TEST(CronTest, RestrictedDayFieldsMatchEither) {
  // The 15th or any Monday: Monday 2024-03-04 comes first.
  EXPECT_EQ(Next("0 0 15 * 1", "2024-03-01T00:00:00Z"), "2024-03-04T00:00:00.000000Z");
  EXPECT_EQ(Next("0 0 15 * 1", "2024-03-12T00:00:00Z"), "2024-03-15T00:00:00.000000Z");
}

TEST(CronTest, Shorthands) {
  EXPECT_EQ(Next("@hourly", "2024-03-01T12:00:00Z"), "2024-03-01T13:00:00.000000Z");
  EXPECT_EQ(Next("@daily", "2024-03-01T12:00:00Z"), "2024-03-02T00:00:00.000000Z");
  EXPECT_EQ(Next("@monthly", "2024-03-01T12:00:00Z"), "2024-04-01T00:00:00.000000Z");
}

TEST(CronTest, BadSchedulesAreInvalidInput) {
  for (std::string_view bad :
       {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *",
        "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *", "* * * FOO *", "0 0 30 2 *",
        "1,,2 * * * *", "? * * * *"}) {
    Result<CronSchedule> schedule = CronSchedule::Parse(bad);
    EXPECT_FALSE(schedule.ok()) << "'" << bad << "'";
    if (!schedule.ok()) {
      EXPECT_EQ(schedule.status().code(), ErrorCode::kInvalidInput) << bad;
    }
  }
}

}  // namespace
}  // namespace basalt::catalog
