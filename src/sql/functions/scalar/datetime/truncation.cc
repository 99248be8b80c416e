// DATE_TRUNC, DATE_DIFF, DATE_ADD, DATE_SUB, TIME_BUCKET (sql.md §9.9). Timestamps are
// handled on the wall clock of the time-zone argument (default UTC); weeks start on Monday.
#include "common/time_util.h"
#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/scalar/datetime/datetime_args.h"
#include "sql/functions/temporal.h"

namespace basalt::sql {
namespace {

Result<TimeUnit> UnitArg(std::string_view fn, const Args& args, size_t index) {
  BASALT_ASSIGN_OR_RETURN(std::string_view text, StringArg(fn, args, index));
  std::optional<TimeUnit> unit = ParseTimeUnit(text);
  if (!unit) {
    return FunctionError(fn, "unknown date part '" + std::string(text) + "'");
  }
  return *unit;
}

bool IsSubDay(TimeUnit unit) {
  return unit < TimeUnit::kDay;
}

Result<Value> DateTrunc(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(TimeUnit unit, UnitArg("DATE_TRUNC", args, 0));
  const Value& v = args[1];
  if (v.type() != ValueType::kTimestamp && args.size() > 2) {
    return FunctionError("DATE_TRUNC", "only a timestamp takes a time zone");
  }
  switch (v.type()) {
    case ValueType::kDate:
      return Value::Date(
          FloorDiv(TruncateCivil(v.int_value() * kMicrosPerDay, unit), kMicrosPerDay));
    case ValueType::kDatetime:
      return Value::Datetime(TruncateCivil(v.int_value(), unit));
    case ValueType::kTime:
      if (!IsSubDay(unit)) {
        return FunctionError("DATE_TRUNC", "a time truncates to hours at most");
      }
      return Value::Time(TruncateCivil(v.int_value(), unit));
    case ValueType::kTimestamp: {
      BASALT_ASSIGN_OR_RETURN(auto zone, OptionalZoneArg("DATE_TRUNC", args, 2));
      if (unit <= TimeUnit::kMinute) {
        // Offsets are whole minutes: truncate the instant itself (no DST ambiguity).
        return Value::Timestamp(TruncateCivil(v.int_value(), unit));
      }
      int64_t local = TruncateCivil(zone->ToLocal(v.int_value()), unit);
      return Value::Timestamp(zone->ToUtc(local));
    }
    default:
      return ArgumentTypeError("DATE_TRUNC", 2, v, "a date, time, datetime or timestamp");
  }
}

// Civil micros of a DATE_DIFF operand; `zone` applies to timestamps.
Result<int64_t> DiffOperand(const Value& v, int index, const TimeZone& zone) {
  switch (v.type()) {
    case ValueType::kDate:
      return v.int_value() * kMicrosPerDay;
    case ValueType::kDatetime:
    case ValueType::kTime:
      return v.int_value();
    case ValueType::kTimestamp:
      return zone.ToLocal(v.int_value());
    default:
      return ArgumentTypeError("DATE_DIFF", index, v, "a date, time, datetime or timestamp");
  }
}

Result<Value> DateDiff(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(TimeUnit unit, UnitArg("DATE_DIFF", args, 0));
  const Value& start = args[1];
  const Value& end = args[2];
  bool date_like = [&] {
    auto civil = [](ValueType t) { return t == ValueType::kDate || t == ValueType::kDatetime; };
    return civil(start.type()) && civil(end.type());
  }();
  if (start.type() != end.type() && !date_like) {
    return ArgumentTypeError("DATE_DIFF", 3, end, "of the same type as argument 2");
  }
  BASALT_ASSIGN_OR_RETURN(auto zone, OptionalZoneArg("DATE_DIFF", args, 3));
  if (start.type() == ValueType::kTimestamp && IsSubDay(unit)) {
    // Exact instants: no wall-clock detour for units below a day.
    return Value::Int(DiffCivil(start.int_value(), end.int_value(), unit));
  }
  BASALT_ASSIGN_OR_RETURN(int64_t a, DiffOperand(start, 2, *zone));
  BASALT_ASSIGN_OR_RETURN(int64_t b, DiffOperand(end, 3, *zone));
  return Value::Int(DiffCivil(a, b, unit));
}

// DATE_ADD(unit, n, v) / DATE_SUB: v + n units (months clamp the day of month).
template <FnName kName, int kSign>
Result<Value> DateAdd(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(TimeUnit unit, UnitArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(int64_t n, IntArg(kName.view(), args, 1));
  int64_t amount;
  Value interval;
  auto overflow = [&] { return FunctionError(kName.view(), "interval out of range"); };
  switch (unit) {
    case TimeUnit::kMonth:
    case TimeUnit::kQuarter:
    case TimeUnit::kYear: {
      int64_t per = unit == TimeUnit::kMonth ? 1 : unit == TimeUnit::kQuarter ? 3 : 12;
      if (__builtin_mul_overflow(n, per * kSign, &amount)) {
        return overflow();
      }
      interval = Value::MonthInterval(amount);
      break;
    }
    default: {
      static constexpr int64_t kPer[] = {1,
                                         1000,
                                         kMicrosPerSecond,
                                         kMicrosPerMinute,
                                         kMicrosPerHour,
                                         kMicrosPerDay,
                                         7 * kMicrosPerDay};
      if (__builtin_mul_overflow(n, kPer[int(unit)] * kSign, &amount)) {
        return overflow();
      }
      interval = Value::MicrosecondInterval(amount);
    }
  }
  const Value& v = args[2];
  switch (v.type()) {
    case ValueType::kDate:
    case ValueType::kDatetime:
    case ValueType::kTimestamp:
    case ValueType::kTime:
      return Add(v, interval);
    default:
      return ArgumentTypeError(kName.view(), 3, v, "a date, time, datetime or timestamp");
  }
}

// TIME_BUCKET(iv, v[, origin]): start of the iv-sized bucket holding v, aligned to origin
// (default 1970-01-01T00:00:00 of v's type).
Result<Value> TimeBucket(const Args& args, const FunctionContext&) {
  const Value& iv = args[0];
  const Value& v = args[1];
  if (iv.type() != ValueType::kMicrosecondInterval && iv.type() != ValueType::kMonthInterval) {
    return ArgumentTypeError("TIME_BUCKET", 1, iv, "an interval");
  }
  if (iv.int_value() <= 0) {
    return FunctionError("TIME_BUCKET", "the interval must be positive");
  }
  int64_t t;
  switch (v.type()) {
    case ValueType::kTimestamp:
    case ValueType::kDatetime:
      t = v.int_value();
      break;
    case ValueType::kDate:
      t = v.int_value() * kMicrosPerDay;
      break;
    default:
      return ArgumentTypeError("TIME_BUCKET", 2, v, "a date, datetime or timestamp");
  }
  int64_t origin = 0;
  if (args.size() > 2) {
    const Value& o = args[2];
    if (o.type() != v.type()) {
      return ArgumentTypeError("TIME_BUCKET", 3, o, ValueTypeName(v.type()));
    }
    origin = v.type() == ValueType::kDate ? o.int_value() * kMicrosPerDay : o.int_value();
  }
  // Buckets beyond the int64 range of microseconds (±292,277 years) are an error.
  auto out_of_range = [] { return FunctionError("TIME_BUCKET", "bucket out of range"); };
  int64_t bucket = 0;
  if (iv.type() == ValueType::kMicrosecondInterval) {
    int64_t step = iv.int_value();
    if (v.type() == ValueType::kDate && step % kMicrosPerDay != 0) {
      return FunctionError("TIME_BUCKET", "a date needs an interval of whole days");
    }
    int64_t diff = 0;
    int64_t offset = 0;
    if (__builtin_sub_overflow(t, origin, &diff) ||
        __builtin_mul_overflow(FloorDiv(diff, step), step, &offset) ||
        __builtin_add_overflow(origin, offset, &bucket)) {
      return out_of_range();
    }
  } else {
    constexpr int64_t kMaxMonths = 12 * 300'000;
    int64_t step = iv.int_value();
    CivilTime a = SplitCivil(origin), b = SplitCivil(t);
    int64_t months = (b.year - a.year) * 12 + (b.month - a.month);
    int64_t k = FloorDiv(months, step) * step;
    int64_t origin_days = FloorDiv(origin, kMicrosPerDay);
    int64_t rest = FloorMod(origin, kMicrosPerDay);
    auto bucket_at = [&](int64_t bucket_months, int64_t* out) {
      if (bucket_months < -kMaxMonths || bucket_months > kMaxMonths) {
        return false;
      }
      int64_t day_micros = 0;
      return !__builtin_mul_overflow(AddMonthsToDays(origin_days, bucket_months), kMicrosPerDay,
                                     &day_micros) &&
             !__builtin_add_overflow(day_micros, rest, out);
    };
    if (!bucket_at(k, &bucket)) {
      return out_of_range();
    }
    if (bucket > t && !bucket_at(k - step, &bucket)) {
      return out_of_range();
    }
  }
  switch (v.type()) {
    case ValueType::kTimestamp:
      return Value::Timestamp(bucket);
    case ValueType::kDatetime:
      return Value::Datetime(bucket);
    default:
      return Value::Date(FloorDiv(bucket, kMicrosPerDay));
  }
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef DateTruncFunction() {
  return Def("DATE_TRUNC", 2, 3, DateTrunc, "DATE_TRUNC(unit, v[, tz]) -> same type as v",
             "Truncates a date, time, datetime or timestamp (on tz's wall clock) to the start "
             "of 'microsecond' 'millisecond' 'second' 'minute' 'hour' 'day' 'week' (Monday) "
             "'month' 'quarter' or 'year'.",
             "DATE_TRUNC('MONTH', DATETIME '2018-05-26 10:30:20') = DATETIME '2018-05-01 "
             "00:00:00' AND DATE_TRUNC('week', DATE '2018-05-26') = DATE '2018-05-21'");
}
FunctionDef DateDiffFunction() {
  return Def("DATE_DIFF", 3, 4, DateDiff, "DATE_DIFF(unit, start, end[, tz]) -> int",
             "Number of unit boundaries crossed from start to end (negative when end is "
             "earlier); timestamps are read on tz's wall clock for day and longer units.",
             "DATE_DIFF('day', DATE '2018-05-01', DATE '2018-05-26') = 25 AND "
             "DATE_DIFF('month', DATE '2018-01-31', DATE '2018-02-01') = 1");
}
FunctionDef DateAddFunction() {
  return Def("DATE_ADD", 3, 3, DateAdd<"DATE_ADD", 1>, "DATE_ADD(unit, n, v) -> same type as v",
             "v plus n units; month, quarter and year units clamp the day of month.",
             "DATE_ADD('month', 1, DATE '2018-01-31') = DATE '2018-02-28'");
}
FunctionDef DateSubFunction() {
  return Def("DATE_SUB", 3, 3, DateAdd<"DATE_SUB", -1>, "DATE_SUB(unit, n, v) -> same type as v",
             "v minus n units; month, quarter and year units clamp the day of month.",
             "DATE_SUB('day', 1, DATE '2018-03-01') = DATE '2018-02-28'");
}
FunctionDef TimeBucketFunction() {
  return Def("TIME_BUCKET", 2, 3, TimeBucket, "TIME_BUCKET(iv, v[, origin]) -> same type as v",
             "Start of the iv-sized bucket containing v; buckets are aligned to origin "
             "(default the Unix epoch).",
             "UNIX_SECONDS(TIME_BUCKET(HOURS(1), TIMESTAMP_SECONDS(5000))) = 3600 AND "
             "TIME_BUCKET(MONTHS(3), DATE '2018-05-26') = DATE '2018-04-01'");
}

}  // namespace basalt::sql
