// Current values (CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME, CURRENT_DATETIME, NOW,
// LOCALTIME, LOCALTIMESTAMP), constructors (DATE, TIME, DATETIME) and epoch conversions
// (TIMESTAMP_SECONDS/MILLIS/MICROS, UNIX_SECONDS/MILLIS/MICROS, UNIX_DATE,
// DATE_FROM_UNIX_DATE). Time-zone arguments default to UTC (sql.md §9.9).
#include "common/time_util.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/scalar/datetime/datetime_args.h"
#include "sql/functions/temporal.h"

namespace basalt::sql {
namespace {

enum class Current : uint8_t { kTimestamp, kDate, kTime, kDatetime };

template <FnName kName, Current kWhat>
Result<Value> CurrentValue(const Args& args, const FunctionContext& ctx) {
  if (kWhat == Current::kTimestamp) {
    return Value::Timestamp(ctx.now_micros);
  }
  BASALT_ASSIGN_OR_RETURN(auto zone, OptionalZoneArg(kName.view(), args, 0));
  int64_t local = zone->ToLocal(ctx.now_micros);
  switch (kWhat) {
    case Current::kDate:
      return Value::Date(FloorDiv(local, kMicrosPerDay));
    case Current::kTime:
      return Value::Time(FloorMod(local, kMicrosPerDay));
    default:
      return Value::Datetime(local);
  }
}

Result<int64_t> CivilDays(std::string_view fn, const Args& args, size_t first) {
  BASALT_ASSIGN_OR_RETURN(int64_t year, IntArg(fn, args, first));
  BASALT_ASSIGN_OR_RETURN(int64_t month, IntArg(fn, args, first + 1));
  BASALT_ASSIGN_OR_RETURN(int64_t day, IntArg(fn, args, first + 2));
  if (!ValidCivilDate(year, month, day)) {
    return FunctionError(fn, "invalid date " + std::to_string(year) + "-" + std::to_string(month) +
                                 "-" + std::to_string(day));
  }
  return DaysFromCivil(year, unsigned(month), unsigned(day));
}

Result<int64_t> TimeOfDay(std::string_view fn, const Args& args, size_t first) {
  BASALT_ASSIGN_OR_RETURN(int64_t hour, IntArg(fn, args, first));
  BASALT_ASSIGN_OR_RETURN(int64_t minute, IntArg(fn, args, first + 1));
  BASALT_ASSIGN_OR_RETURN(int64_t second, IntArg(fn, args, first + 2));
  int64_t micros = 0;
  if (args.size() > first + 3) {
    BASALT_ASSIGN_OR_RETURN(micros, IntArg(fn, args, first + 3));
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 ||
      micros < 0 || micros > 999999) {
    return FunctionError(fn, "time field out of range");
  }
  return ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + micros;
}

// Civil micros of a datetime, or of a timestamp seen in the zone of argument `tz_index`.
Result<int64_t> CivilOf(std::string_view fn, const Args& args, size_t tz_index) {
  const Value& v = args[0];
  if (v.type() == ValueType::kDatetime) {
    if (args.size() > tz_index) {
      return FunctionError(fn, "a datetime takes no time zone");
    }
    return v.int_value();
  }
  if (v.type() == ValueType::kTimestamp) {
    BASALT_ASSIGN_OR_RETURN(auto zone, OptionalZoneArg(fn, args, tz_index));
    return zone->ToLocal(v.int_value());
  }
  return ArgumentTypeError(fn, 1, v, "a datetime or a timestamp");
}

Result<Value> Date(const Args& args, const FunctionContext&) {
  if (args.size() == 3) {
    BASALT_ASSIGN_OR_RETURN(int64_t days, CivilDays("DATE", args, 0));
    return Value::Date(days);
  }
  if (args[0].type() == ValueType::kDate && args.size() == 1) {
    return args[0];
  }
  BASALT_ASSIGN_OR_RETURN(int64_t civil, CivilOf("DATE", args, 1));
  return Value::Date(FloorDiv(civil, kMicrosPerDay));
}

Result<Value> Time(const Args& args, const FunctionContext&) {
  if (args.size() >= 3) {
    BASALT_ASSIGN_OR_RETURN(int64_t micros, TimeOfDay("TIME", args, 0));
    return Value::Time(micros);
  }
  if (args[0].type() == ValueType::kTime && args.size() == 1) {
    return args[0];
  }
  BASALT_ASSIGN_OR_RETURN(int64_t civil, CivilOf("TIME", args, 1));
  return Value::Time(FloorMod(civil, kMicrosPerDay));
}

Result<Value> Datetime(const Args& args, const FunctionContext&) {
  if (args.size() >= 6) {
    BASALT_ASSIGN_OR_RETURN(int64_t days, CivilDays("DATETIME", args, 0));
    BASALT_ASSIGN_OR_RETURN(int64_t micros, TimeOfDay("DATETIME", args, 3));
    return Value::Datetime(days * kMicrosPerDay + micros);
  }
  if (args[0].type() == ValueType::kDate) {
    if (args.size() == 1) {
      return Value::Datetime(args[0].int_value() * kMicrosPerDay);
    }
    BASALT_ASSIGN_OR_RETURN(int64_t time, TemporalArg("DATETIME", args, 1, ValueType::kTime));
    return Value::Datetime(args[0].int_value() * kMicrosPerDay + time);
  }
  BASALT_ASSIGN_OR_RETURN(int64_t civil, CivilOf("DATETIME", args, 1));
  return Value::Datetime(civil);
}

template <FnName kName, int64_t kScale>
Result<Value> TimestampFromEpoch(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t n, IntArg(kName.view(), args, 0));
  int64_t micros;
  if (__builtin_mul_overflow(n, kScale, &micros)) {
    return FunctionError(kName.view(), "timestamp out of range");
  }
  return Value::Timestamp(micros);
}

template <FnName kName, int64_t kScale>
Result<Value> EpochFromTimestamp(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t micros,
                          TemporalArg(kName.view(), args, 0, ValueType::kTimestamp));
  return Value::Int(FloorDiv(micros, kScale));
}

Result<Value> UnixDate(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t days, TemporalArg("UNIX_DATE", args, 0, ValueType::kDate));
  return Value::Int(days);
}

Result<Value> DateFromUnixDate(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t days, IntArg("DATE_FROM_UNIX_DATE", args, 0));
  if (days < -4'000'000 || days > 4'000'000) {
    return FunctionError("DATE_FROM_UNIX_DATE", "date out of range");
  }
  return Value::Date(days);
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example,
                bool deterministic = true) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .kernel = kernel,
          .deterministic = deterministic,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef CurrentTimestampFunction() {
  return Def("CURRENT_TIMESTAMP", 0, 0, CurrentValue<"CURRENT_TIMESTAMP", Current::kTimestamp>,
             "CURRENT_TIMESTAMP() -> timestamp",
             "The query's start time (the same for every call in a query).",
             "UNIX_SECONDS(CURRENT_TIMESTAMP()) > 1500000000", false);
}
FunctionDef NowFunction() {
  return Def("NOW", 0, 0, CurrentValue<"NOW", Current::kTimestamp>, "NOW() -> timestamp",
             "Same as CURRENT_TIMESTAMP().", "NOW() = CURRENT_TIMESTAMP()", false);
}
FunctionDef CurrentDateFunction() {
  return Def("CURRENT_DATE", 0, 1, CurrentValue<"CURRENT_DATE", Current::kDate>,
             "CURRENT_DATE([tz]) -> date", "Today's date in tz (default UTC).",
             "TYPEOF(CURRENT_DATE('America/Los_Angeles')) = 'date'", false);
}
FunctionDef CurrentTimeFunction() {
  return Def("CURRENT_TIME", 0, 1, CurrentValue<"CURRENT_TIME", Current::kTime>,
             "CURRENT_TIME([tz]) -> time", "The time of day now in tz (default UTC).",
             "TYPEOF(CURRENT_TIME()) = 'time'", false);
}
FunctionDef CurrentDatetimeFunction() {
  return Def("CURRENT_DATETIME", 0, 1, CurrentValue<"CURRENT_DATETIME", Current::kDatetime>,
             "CURRENT_DATETIME([tz]) -> datetime",
             "The wall-clock date and time now in tz "
             "(default UTC).",
             "DATE(CURRENT_DATETIME()) = CURRENT_DATE()", false);
}
FunctionDef LocaltimeFunction() {
  return Def("LOCALTIME", 0, 1, CurrentValue<"LOCALTIME", Current::kTime>,
             "LOCALTIME([tz]) -> time", "Same as CURRENT_TIME.", "LOCALTIME() = CURRENT_TIME()",
             false);
}
FunctionDef LocaltimestampFunction() {
  return Def("LOCALTIMESTAMP", 0, 1, CurrentValue<"LOCALTIMESTAMP", Current::kDatetime>,
             "LOCALTIMESTAMP([tz]) -> datetime", "Same as CURRENT_DATETIME.",
             "LOCALTIMESTAMP() = CURRENT_DATETIME()", false);
}
FunctionDef DateFunction() {
  return Def("DATE", 1, 3, Date, "DATE(y, m, d) | DATE(dt) | DATE(ts[, tz]) -> date",
             "A date from its parts, the date part of a datetime, or the date of an instant "
             "in tz (default UTC).",
             "DATE(2018, 5, 26) = DATE '2018-05-26' AND "
             "DATE(TIMESTAMP_SECONDS(0), 'America/Los_Angeles') = DATE '1969-12-31'");
}
FunctionDef TimeFunction() {
  return Def("TIME", 1, 4, Time, "TIME(h, mi, s[, us]) | TIME(dt) | TIME(ts[, tz]) -> time",
             "A time of day from its parts, the time part of a datetime, or the time of an "
             "instant in tz (default UTC).",
             "TIME(10, 30, 20) = TIME '10:30:20' AND "
             "TIME(DATETIME '2018-05-26 10:30:20') = TIME '10:30:20'");
}
FunctionDef DatetimeFunction() {
  return Def("DATETIME", 1, 7, Datetime,
             "DATETIME(y, mo, d, h, mi, s[, us]) | DATETIME(d[, t]) | DATETIME(ts[, tz]) -> "
             "datetime",
             "A civil datetime from its parts, from a date and a time, or the wall-clock time "
             "of an instant in tz (default UTC).",
             "DATETIME(2018, 5, 26, 10, 30, 20) = DATETIME '2018-05-26 10:30:20' AND "
             "DATETIME(DATE '2018-05-26', TIME '10:30:20') = DATETIME '2018-05-26 10:30:20'");
}
FunctionDef TimestampSecondsFunction() {
  return Def("TIMESTAMP_SECONDS", 1, 1, TimestampFromEpoch<"TIMESTAMP_SECONDS", 1000000>,
             "TIMESTAMP_SECONDS(n) -> timestamp", "The instant n seconds after the Unix epoch.",
             "UNIX_MILLIS(TIMESTAMP_SECONDS(2)) = 2000");
}
FunctionDef TimestampMillisFunction() {
  return Def("TIMESTAMP_MILLIS", 1, 1, TimestampFromEpoch<"TIMESTAMP_MILLIS", 1000>,
             "TIMESTAMP_MILLIS(n) -> timestamp", "The instant n milliseconds after the Unix epoch.",
             "UNIX_SECONDS(TIMESTAMP_MILLIS(5000)) = 5");
}
FunctionDef TimestampMicrosFunction() {
  return Def("TIMESTAMP_MICROS", 1, 1, TimestampFromEpoch<"TIMESTAMP_MICROS", 1>,
             "TIMESTAMP_MICROS(n) -> timestamp", "The instant n microseconds after the Unix epoch.",
             "UNIX_MICROS(TIMESTAMP_MICROS(7)) = 7");
}
FunctionDef UnixSecondsFunction() {
  return Def("UNIX_SECONDS", 1, 1, EpochFromTimestamp<"UNIX_SECONDS", 1000000>,
             "UNIX_SECONDS(ts) -> int", "Seconds since the Unix epoch, rounded down.",
             "UNIX_SECONDS(TIMESTAMP_MILLIS(-1)) = -1");
}
FunctionDef UnixMillisFunction() {
  return Def("UNIX_MILLIS", 1, 1, EpochFromTimestamp<"UNIX_MILLIS", 1000>, "UNIX_MILLIS(ts) -> int",
             "Milliseconds since the Unix epoch, rounded down.",
             "UNIX_MILLIS(TIMESTAMP_SECONDS(1)) = 1000");
}
FunctionDef UnixMicrosFunction() {
  return Def("UNIX_MICROS", 1, 1, EpochFromTimestamp<"UNIX_MICROS", 1>, "UNIX_MICROS(ts) -> int",
             "Microseconds since the Unix epoch.", "UNIX_MICROS(TIMESTAMP_SECONDS(1)) = 1000000");
}
FunctionDef UnixDateFunction() {
  return Def("UNIX_DATE", 1, 1, UnixDate, "UNIX_DATE(d) -> int", "Days since 1970-01-01.",
             "UNIX_DATE(DATE '1970-01-11') = 10");
}
FunctionDef DateFromUnixDateFunction() {
  return Def("DATE_FROM_UNIX_DATE", 1, 1, DateFromUnixDate, "DATE_FROM_UNIX_DATE(n) -> date",
             "The date n days after 1970-01-01.", "DATE_FROM_UNIX_DATE(10) = DATE '1970-01-11'");
}

}  // namespace basalt::sql
