// Date/time functions and time zones: values, null, undefined, wrong types.
#include <gtest/gtest.h>

#include "sql/functions/function_test_util.h"
#include "sql/functions/temporal.h"
#include "sql/functions/time_zone.h"

namespace basalt::sql {
namespace {

using testing::ExpectCases;
using testing::kTypeError;

TEST(TimeZoneTest, IanaZonesAndDst) {
  auto la = FindTimeZone("TEST", "America/Los_Angeles");
  ASSERT_TRUE(la.ok()) << la.status().ToString();
  // 2018-01-15T12:00Z: PST (-8); 2018-07-15T12:00Z: PDT (-7).
  EXPECT_EQ((*la)->OffsetAt(1516017600000000), -8 * 3600);
  EXPECT_EQ((*la)->OffsetAt(1531656000000000), -7 * 3600);
  EXPECT_EQ((*la)->AbbreviationAt(1531656000000000), "PDT");
  // Far future: the POSIX rule of the TZif footer applies.
  EXPECT_EQ((*la)->OffsetAt(4102444800000000 + 180LL * 86400 * 1000000), -7 * 3600);
  // 2018-03-11 02:30 does not exist in Los Angeles: read with the offset before the gap.
  int64_t gap = JoinCivil({2018, 3, 11, 2, 30, 0, 0});
  EXPECT_EQ((*la)->ToUtc(gap), gap + 8 * kMicrosPerHour);
  // 2018-11-04 01:30 happens twice: the earlier (PDT) instant.
  int64_t twice = JoinCivil({2018, 11, 4, 1, 30, 0, 0});
  EXPECT_EQ((*la)->ToUtc(twice), twice + 7 * kMicrosPerHour);
  auto southern = FindTimeZone("TEST", "Australia/Sydney");
  ASSERT_TRUE(southern.ok());
  EXPECT_EQ((*southern)->OffsetAt(4102444800000000), 11 * 3600);  // January 2100: AEDT
  EXPECT_FALSE(FindTimeZone("TEST", "Mars/Olympus_Mons").ok());
  EXPECT_FALSE(FindTimeZone("TEST", "../../etc/passwd").ok());
  auto fixed = FindTimeZone("TEST", "+05:30");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ((*fixed)->OffsetAt(0), 5 * 3600 + 1800);
}

TEST(DatetimeFunctionsTest, AtTimeZone) {
  ExpectCases({{"EXTRACT(HOUR FROM TIMESTAMP_SECONDS(0) AT TIME ZONE 'America/Los_Angeles')", "16"},
               {"UNIX_SECONDS(TIMESTAMP_SECONDS(12345) AT TIME ZONE 'Asia/Tokyo' AT TIME ZONE "
                "'Asia/Tokyo')",
                "12345"},
               {"TIMESTAMP_SECONDS(0) AT TIME ZONE HOURS(2)", "\"1970-01-01T02:00:00\""},
               {"DATETIME '2018-07-01 12:00:00' AT TIME ZONE 'Europe/Paris'",
                "\"2018-07-01T10:00:00.000000Z\""},
               {"TIMESTAMP_SECONDS(0) AT TIME ZONE 'Nowhere/City'", kTypeError},
               {"NULL AT TIME ZONE 'UTC'", "null"}});
}

TEST(DatetimeFunctionsTest, ConstructorsAndEpochs) {
  ExpectCases(
      {{"DATE(2018, 1, 1) = DATE '2018-01-01'", "true"},
       {"DATE(2018, 2, 30)", kTypeError},
       {"DATE(DATETIME '2018-05-26 23:30:00')", "\"2018-05-26\""},
       {"DATE(TIMESTAMP_SECONDS(0), 'Asia/Tokyo')", "\"1970-01-01\""},
       {"DATE(TIMESTAMP_SECONDS(0), 'America/New_York')", "\"1969-12-31\""},
       {"DATE(DATETIME '2018-05-26 10:00:00', 'UTC')", kTypeError},
       {"DATE('2018-05-26')", kTypeError},
       {"DATE(NULL, 1, 1)", "null"},
       {"CAST(TIME(DATETIME '2018-05-26 10:30:20') AS string)", "\"10:30:20\""},
       {"TIME(10, 30, 20, 5)", "\"10:30:20.000005\""},
       {"TIME(24, 0, 0)", kTypeError},
       {"TIME(TIMESTAMP_SECONDS(3600), HOURS(-2))", "\"23:00:00\""},
       {"DATETIME(DATE '2018-05-26', TIME '10:30:20') = DATETIME '2018-05-26 10:30:20'", "true"},
       {"DATETIME(2018, 5, 26, 10, 30, 20, 345000)", "\"2018-05-26T10:30:20.345\""},
       {"DATETIME(TIMESTAMP_SECONDS(0), 'Asia/Kolkata')", "\"1970-01-01T05:30:00\""},
       {"DATETIME(DATE '2018-05-26', 1)", kTypeError},
       {"UNIX_SECONDS(TIMESTAMP_SECONDS(1000))", "1000"},
       {"UNIX_MICROS(TIMESTAMP_SECONDS(1))", "1000000"},
       {"UNIX_MILLIS(TIMESTAMP_SECONDS(2))", "2000"},
       {"UNIX_SECONDS(TIMESTAMP_MICROS(-1))", "-1"},
       {"UNIX_SECONDS(DATE '2018-01-01')", kTypeError},
       {"UNIX_SECONDS(NULL)", "null"},
       {"TIMESTAMP_SECONDS(9223372036854775807)", kTypeError},
       {"TIMESTAMP_SECONDS(1.5)", kTypeError},
       {"UNIX_SECONDS(TIMESTAMP_SECONDS(0) + INTERVAL 1 DAY)", "86400"},
       {"UNIX_SECONDS(TIMESTAMP_SECONDS(7200) - HOURS(1))", "3600"},
       {"UNIX_DATE(DATE '1969-12-31')", "-1"}});
}

TEST(DatetimeFunctionsTest, CurrentValues) {
  // The test `now` is 2024-05-26T10:30:20Z.
  ExpectCases({{"UNIX_SECONDS(CURRENT_TIMESTAMP())", "1716719420"},
               {"CURRENT_DATE()", "\"2024-05-26\""},
               {"CURRENT_TIME()", "\"10:30:20\""},
               {"CURRENT_DATETIME('Asia/Tokyo')", "\"2024-05-26T19:30:20\""},
               {"CURRENT_DATE('Pacific/Kiritimati')", "\"2024-05-27\""},
               {"TYPEOF(CURRENT_TIME())", "\"time\""},
               {"CURRENT_DATE(1)", kTypeError}});
}

TEST(DatetimeFunctionsTest, Intervals) {
  ExpectCases({{"DURATION_MILLIS(SECONDS(3))", "3000"},
               {"DURATION_MICROS(MILLISECONDS(1))", "1000"},
               {"DURATION_SECONDS(HOURS(1))", "3600"},
               {"DURATION_SECONDS(DAYS(1))", "86400"},
               {"DURATION_SECONDS(MILLISECONDS(-1))", "-1"},
               {"DURATION_MONTHS(YEARS(2))", "24"},
               {"DURATION_MONTHS(HOURS(1))", kTypeError},
               {"DURATION_SECONDS(MONTHS(1))", kTypeError},
               {"DURATION_MICROS(SECONDS(0.5))", "500000"},
               {"SECONDS('1')", kTypeError},
               {"MONTHS(1.5)", kTypeError},
               {"HOURS(NULL)", "null"},
               {"DURATION_SECONDS(INTERVAL '2' MINUTE)", "120"},
               {"DURATION_MONTHS(INTERVAL 1 YEAR)", "12"},
               {"PARSE_DURATION_SECONDS('1 02:00:00')",
                "{\"__rockset_type\":\"microsecond_interval\","
                "\"value\":93600000000}"},
               {"DURATION_SECONDS(PARSE_DURATION_SECONDS('-PT1M'))", "-60"},
               {"DURATION_SECONDS(PARSE_DURATION_SECONDS('90'))", "90"},
               {"PARSE_DURATION_SECONDS('P1M')", kTypeError},
               {"PARSE_DURATION_SECONDS('abc')", kTypeError},
               {"DURATION_MONTHS(PARSE_DURATION_MONTHS('-2-3'))", "-27"},
               {"PARSE_DURATION_MONTHS('PT1H')", kTypeError}});
}

TEST(DatetimeFunctionsTest, TruncDiffAddBucket) {
  ExpectCases(
      {{"EXTRACT(DAY FROM DATE_TRUNC('MONTH', DATETIME '2018-05-26 10:30:20'))", "1"},
       {"DATE_TRUNC('quarter', DATE '2018-05-26')", "\"2018-04-01\""},
       {"DATE_TRUNC('Week', DATETIME '2018-05-27 10:30:20')", "\"2018-05-21T00:00:00\""},
       {"DATE_TRUNC('hour', TIME '10:30:20')", "\"10:00:00\""},
       {"DATE_TRUNC('day', TIME '10:30:20')", kTypeError},
       {"DATE_TRUNC('day', TIMESTAMP_SECONDS(0), 'America/Los_Angeles')",
        "\"1969-12-31T08:00:00.000000Z\""},
       {"DATE_TRUNC('second', TIMESTAMP_MILLIS(1500))", "\"1970-01-01T00:00:01.000000Z\""},
       {"DATE_TRUNC('fortnight', DATE '2018-05-26')", kTypeError},
       {"DATE_TRUNC(1, DATE '2018-05-26')", kTypeError},
       {"DATE_TRUNC('day', NULL)", "null"},
       {"DATE_DIFF('day', DATE '2018-05-01', DATE '2018-05-26')", "25"},
       {"DATE_DIFF('second', TIMESTAMP_SECONDS(100), TIMESTAMP_SECONDS(160))", "60"},
       {"DATE_DIFF('hour', TIMESTAMP_SECONDS(7200), TIMESTAMP_SECONDS(0))", "-2"},
       {"DATE_DIFF('year', DATE '2017-12-31', DATE '2018-01-01')", "1"},
       {"DATE_DIFF('week', DATE '2018-05-20', DATE '2018-05-21')", "1"},
       {"DATE_DIFF('quarter', DATETIME '2018-03-31 23:00:00', DATE '2018-04-01')", "1"},
       {"DATE_DIFF('day', TIMESTAMP_SECONDS(0), TIMESTAMP_SECONDS(3600), 'America/Los_Angeles')",
        "0"},
       {"DATE_DIFF('day', DATE '2018-05-01', TIMESTAMP_SECONDS(0))", kTypeError},
       {"DATE_ADD('month', 1, DATE '2018-01-31')", "\"2018-02-28\""},
       {"DATE_ADD('year', 1, DATE '2016-02-29')", "\"2017-02-28\""},
       {"DATE_ADD('hour', 25, DATETIME '2018-05-26 00:00:00')", "\"2018-05-27T01:00:00\""},
       {"DATE_SUB('day', 1, DATE '2018-03-01')", "\"2018-02-28\""},
       {"DATE_ADD('day', 'x', DATE '2018-03-01')", kTypeError},
       {"UNIX_SECONDS(TIME_BUCKET(HOURS(1), TIMESTAMP_SECONDS(5000)))", "3600"},
       {"UNIX_SECONDS(TIME_BUCKET(HOURS(1), TIMESTAMP_SECONDS(-1)))", "-3600"},
       {"UNIX_SECONDS(TIME_BUCKET(MINUTES(15), TIMESTAMP_SECONDS(1000), TIMESTAMP_SECONDS(60)))",
        "960"},
       {"TIME_BUCKET(MONTHS(1), DATETIME '2018-05-26 10:00:00')", "\"2018-05-01T00:00:00\""},
       {"TIME_BUCKET(DAYS(7), DATE '1970-01-09')", "\"1970-01-08\""},
       {"TIME_BUCKET(HOURS(1), DATE '1970-01-09')", kTypeError},
       {"TIME_BUCKET(HOURS(0), TIMESTAMP_SECONDS(1))", kTypeError},
       {"TIME_BUCKET(1, TIMESTAMP_SECONDS(1))", kTypeError}});
}

TEST(DatetimeFunctionsTest, FormatAndParse) {
  ExpectCases(
      {{"FORMAT_DATE('%Y/%m/%d', DATE '2018-05-26')", "\"2018/05/26\""},
       {"FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%S', TIMESTAMP_SECONDS(0))", "\"1970-01-01 00:00:00\""},
       {"FORMAT_TIMESTAMP('%H:%M %Z %z', TIMESTAMP_SECONDS(0), 'America/Los_Angeles')",
        "\"16:00 PST -0800\""},
       {"FORMAT_DATETIME('%Y-%m-%d %H:%M', DATETIME '2018-05-26 10:30:20')",
        "\"2018-05-26 10:30\""},
       {"FORMAT_DATETIME('%a %A %b %B %j %e %I%p %f %%', DATETIME '2018-05-06 15:30:20.5')",
        "\"Sun Sunday May May 126  6 03PM 500000 %\""},
       {"FORMAT_DATE('%G-W%V-%u', DATE '2018-12-31')", "\"2019-W01-1\""},
       {"FORMAT_TIME('%H:%M:%E3S', TIME '10:30:20.123456')", "\"10:30:20.123\""},
       {"FORMAT_DATE('%Y', TIMESTAMP_SECONDS(0))", kTypeError},
       {"FORMAT_DATE(NULL, DATE '2018-05-26')", "null"},
       {"FORMAT_ISO8601(DATETIME '2018-05-26 10:30:20.345')", "\"2018-05-26T10:30:20.345\""},
       {"FORMAT_ISO8601(TIMESTAMP_SECONDS(0), 'Asia/Kolkata')", "\"1970-01-01T05:30:00+05:30\""},
       {"FORMAT_ISO8601(1)", kTypeError},
       {"CAST(PARSE_DATE_ISO8601('2018-05-26') AS string)", "\"2018-05-26\""},
       {"PARSE_DATETIME_ISO8601('2018-05-26T10:30:20') = DATETIME '2018-05-26 10:30:20'", "true"},
       {"CAST(PARSE_TIME_ISO8601('10:30:20') AS string)", "\"10:30:20\""},
       {"PARSE_DATE_ISO8601('2018-13-01')", kTypeError},
       {"UNIX_SECONDS(PARSE_TIMESTAMP_ISO8601('2018-05-26T10:30:20Z'))", "1527330620"},
       {"UNIX_SECONDS(PARSE_TIMESTAMP_ISO8601('2018-05-26T12:30:20+02:00'))", "1527330620"},
       {"PARSE_TIMESTAMP_ISO8601('2018-05-26T10:30:20')", kTypeError},
       {"CAST(PARSE_DATE('%Y/%m/%d', '2018/05/26') AS string)", "\"2018-05-26\""},
       {"PARSE_DATE('%d %B %Y', '6 may 2018')", "\"2018-05-06\""},
       {"PARSE_DATE('%Y-%j', '2018-126')", "\"2018-05-06\""},
       {"PARSE_DATE('%Y/%m/%d', '2018/02/30')", kTypeError},
       {"PARSE_DATE('%Y/%m/%d', '2018-05-26')", kTypeError},
       {"PARSE_TIME('%I:%M %p', '3:05 pm')", "\"15:05:00\""},
       {"PARSE_DATETIME('%Y-%m-%d %H:%M:%S.%f', '2018-05-26 10:30:20.25')",
        "\"2018-05-26T10:30:20.25\""},
       {"UNIX_SECONDS(PARSE_TIMESTAMP('%Y-%m-%d %H:%M %z', '1970-01-01 01:00 +0100'))", "0"},
       {"UNIX_SECONDS(PARSE_TIMESTAMP('%Y-%m-%d %H:%M', '1970-01-01 09:00', 'Asia/Tokyo'))", "0"},
       {"UNIX_SECONDS(PARSE_TIMESTAMP('%Y-%m-%d %H:%M %Z', '1970-01-01 09:00 Asia/Tokyo'))", "0"},
       {"UNIX_SECONDS(PARSE_TIMESTAMP('%s', '1527330620'))", "1527330620"},
       {"PARSE_TIMESTAMP('%Q', '1')", kTypeError},
       {"PARSE_DATE(1, '2018')", kTypeError}});
}

}  // namespace
}  // namespace basalt::sql
