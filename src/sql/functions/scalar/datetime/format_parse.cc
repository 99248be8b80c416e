// FORMAT_ISO8601, FORMAT_TIMESTAMP/DATETIME/DATE/TIME, PARSE_*_ISO8601 and
// PARSE_TIMESTAMP/DATETIME/DATE/TIME with strftime-style patterns (sql.md §9.9).
#include "common/time_util.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/cast.h"
#include "sql/functions/scalar/datetime/datetime_args.h"
#include "sql/functions/temporal.h"

namespace basalt::sql {
namespace {

std::string OffsetSuffix(int64_t offset) {
  if (offset == 0) {
    return "Z";
  }
  int64_t abs = offset < 0 ? -offset : offset;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", offset < 0 ? '-' : '+',
                static_cast<long long>(abs / 3600), static_cast<long long>(abs / 60 % 60));
  return buf;
}

Result<Value> FormatIso8601(const Args& args, const FunctionContext&) {
  const Value& v = args[0];
  if (v.type() != ValueType::kTimestamp && args.size() > 1) {
    return FunctionError("FORMAT_ISO8601", "only a timestamp takes a time zone");
  }
  switch (v.type()) {
    case ValueType::kDate:
      return Value::String(FormatDate(v.int_value()));
    case ValueType::kTime:
      return Value::String(FormatTime(v.int_value()));
    case ValueType::kDatetime:
      return Value::String(FormatDatetime(v.int_value()));
    case ValueType::kTimestamp: {
      BASALT_ASSIGN_OR_RETURN(auto zone, OptionalZoneArg("FORMAT_ISO8601", args, 1));
      int64_t offset = zone->OffsetAt(v.int_value());
      int64_t local = 0;
      if (__builtin_add_overflow(v.int_value(), offset * kMicrosPerSecond, &local)) {
        return FunctionError("FORMAT_ISO8601", "timestamp out of range in this time zone");
      }
      return Value::String(FormatDatetime(local) + OffsetSuffix(offset));
    }
    default:
      return ArgumentTypeError("FORMAT_ISO8601", 1, v, "a date, time, datetime or timestamp");
  }
}

Result<Value> FormatTimestampKernel(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view pattern, StringArg("FORMAT_TIMESTAMP", args, 0));
  BASALT_ASSIGN_OR_RETURN(int64_t ts,
                          TemporalArg("FORMAT_TIMESTAMP", args, 1, ValueType::kTimestamp));
  BASALT_ASSIGN_OR_RETURN(auto zone, OptionalZoneArg("FORMAT_TIMESTAMP", args, 2));
  return Value::String(FormatCivil(pattern, zone->ToLocal(ts), ts, zone.get()));
}

// FORMAT_DATETIME / FORMAT_DATE / FORMAT_TIME: civil values, rendered as if in UTC.
template <FnName kName, ValueType kType>
Result<Value> FormatCivilKernel(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view pattern, StringArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(int64_t payload, TemporalArg(kName.view(), args, 1, kType));
  int64_t civil = kType == ValueType::kDate ? payload * kMicrosPerDay : payload;
  return Value::String(FormatCivil(pattern, civil, civil, nullptr));
}

Status ParseError(std::string_view fn, std::string_view text) {
  return FunctionError(fn, "cannot parse '" + std::string(text) + "'");
}

// True when the text ends with a zone designator: Z, +hh[:mm], -hh[:mm].
bool HasZoneDesignator(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  if (s.back() == 'Z' || s.back() == 'z') {
    return true;
  }
  size_t t = s.find_first_of("Tt ");
  if (t == std::string_view::npos) {
    return false;
  }
  return s.find_first_of("+-", t) != std::string_view::npos;
}

Result<Value> ParseTimestampIso(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("PARSE_TIMESTAMP_ISO8601", args, 0));
  if (!HasZoneDesignator(s)) {
    return FunctionError("PARSE_TIMESTAMP_ISO8601",
                         "'" + std::string(s) + "' has no time zone offset or Z");
  }
  auto micros = ParseTimestampLenient(s);
  if (!micros.ok()) {
    return ParseError("PARSE_TIMESTAMP_ISO8601", s);
  }
  return Value::Timestamp(*micros);
}

template <FnName kName, ValueType kType>
Result<Value> ParseIso(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg(kName.view(), args, 0));
  Result<int64_t> parsed = kType == ValueType::kDate   ? ParseDateLenient(s)
                           : kType == ValueType::kTime ? ParseTimeLenient(s)
                                                       : ParseDatetimeLenient(s);
  if (!parsed.ok() && kType == ValueType::kDatetime && HasZoneDesignator(s)) {
    // Text with Z or an offset (as JavaScript's toISOString() writes it): the UTC civil time.
    parsed = ParseTimestampLenient(s);
  }
  if (!parsed.ok()) {
    return ParseError(kName.view(), s);
  }
  switch (kType) {
    case ValueType::kDate:
      return Value::Date(*parsed);
    case ValueType::kTime:
      return Value::Time(*parsed);
    default:
      return Value::Datetime(*parsed);
  }
}

Result<Value> ParseTimestampPattern(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view pattern, StringArg("PARSE_TIMESTAMP", args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view text, StringArg("PARSE_TIMESTAMP", args, 1));
  BASALT_ASSIGN_OR_RETURN(ParsedTemporal parsed,
                          ParseWithPattern("PARSE_TIMESTAMP", pattern, text));
  if (parsed.epoch_seconds) {
    return Value::Timestamp(*parsed.epoch_seconds * kMicrosPerSecond);
  }
  int64_t local = JoinCivil(parsed.civil);
  if (parsed.offset_seconds) {
    return Value::Timestamp(local - *parsed.offset_seconds * kMicrosPerSecond);
  }
  if (parsed.zone) {
    return Value::Timestamp(parsed.zone->ToUtc(local));
  }
  BASALT_ASSIGN_OR_RETURN(auto zone, OptionalZoneArg("PARSE_TIMESTAMP", args, 2));
  return Value::Timestamp(zone->ToUtc(local));
}

template <FnName kName, ValueType kType>
Result<Value> ParseCivilPattern(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view pattern, StringArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(std::string_view text, StringArg(kName.view(), args, 1));
  BASALT_ASSIGN_OR_RETURN(ParsedTemporal parsed, ParseWithPattern(kName.view(), pattern, text));
  int64_t civil =
      parsed.epoch_seconds ? *parsed.epoch_seconds * kMicrosPerSecond : JoinCivil(parsed.civil);
  switch (kType) {
    case ValueType::kDate:
      return Value::Date(FloorDiv(civil, kMicrosPerDay));
    case ValueType::kTime:
      return Value::Time(FloorMod(civil, kMicrosPerDay));
    default:
      return Value::Datetime(civil);
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

FunctionDef FormatIso8601Function() {
  return Def("FORMAT_ISO8601", 1, 2, FormatIso8601, "FORMAT_ISO8601(v[, tz]) -> string",
             "ISO-8601 extended text of a date, time, datetime or timestamp; a timestamp is "
             "shown on tz's wall clock (default UTC) with its offset ('Z' for UTC).",
             "FORMAT_ISO8601(TIMESTAMP_SECONDS(0)) = '1970-01-01T00:00:00Z' AND "
             "FORMAT_ISO8601(TIMESTAMP_SECONDS(0), 'Asia/Tokyo') = '1970-01-01T09:00:00+09:00'");
}
FunctionDef FormatTimestampFunction() {
  return Def("FORMAT_TIMESTAMP", 2, 3, FormatTimestampKernel,
             "FORMAT_TIMESTAMP(fmt, ts[, tz]) -> string",
             "Renders a timestamp on tz's wall clock (default UTC) with a strftime-style "
             "pattern (%Y %m %d %H %M %S %f %z %Z %j %a %b ...).",
             "FORMAT_TIMESTAMP('%Y-%m-%d %H:%M:%S', TIMESTAMP_SECONDS(0)) = "
             "'1970-01-01 00:00:00'");
}
FunctionDef FormatDatetimeFunction() {
  return Def("FORMAT_DATETIME", 2, 2, FormatCivilKernel<"FORMAT_DATETIME", ValueType::kDatetime>,
             "FORMAT_DATETIME(fmt, dt) -> string", "Renders a datetime with a pattern.",
             "FORMAT_DATETIME('%Y-%m-%d %H:%M', DATETIME '2018-05-26 10:30:20') = "
             "'2018-05-26 10:30'");
}
FunctionDef FormatDateFunction() {
  return Def("FORMAT_DATE", 2, 2, FormatCivilKernel<"FORMAT_DATE", ValueType::kDate>,
             "FORMAT_DATE(fmt, d) -> string", "Renders a date with a pattern.",
             "FORMAT_DATE('%Y/%m/%d', DATE '2018-05-26') = '2018/05/26'");
}
FunctionDef FormatTimeFunction() {
  return Def("FORMAT_TIME", 2, 2, FormatCivilKernel<"FORMAT_TIME", ValueType::kTime>,
             "FORMAT_TIME(fmt, t) -> string", "Renders a time of day with a pattern.",
             "FORMAT_TIME('%I:%M %p', TIME '15:30:00') = '03:30 PM'");
}
FunctionDef ParseTimestampIso8601Function() {
  return Def("PARSE_TIMESTAMP_ISO8601", 1, 1, ParseTimestampIso,
             "PARSE_TIMESTAMP_ISO8601(s) -> timestamp",
             "Parses ISO-8601 text that carries a zone offset or Z.",
             "UNIX_SECONDS(PARSE_TIMESTAMP_ISO8601('1970-01-01T01:00:00+01:00')) = 0");
}
FunctionDef ParseDatetimeIso8601Function() {
  return Def("PARSE_DATETIME_ISO8601", 1, 1,
             ParseIso<"PARSE_DATETIME_ISO8601", ValueType::kDatetime>,
             "PARSE_DATETIME_ISO8601(s) -> datetime",
             "Parses ISO-8601 date-time text; a Z or offset gives the UTC reading.",
             "PARSE_DATETIME_ISO8601('2018-05-26T10:30:20') = DATETIME '2018-05-26 10:30:20'");
}
FunctionDef ParseDateIso8601Function() {
  return Def("PARSE_DATE_ISO8601", 1, 1, ParseIso<"PARSE_DATE_ISO8601", ValueType::kDate>,
             "PARSE_DATE_ISO8601(s) -> date", "Parses ISO-8601 date text.",
             "PARSE_DATE_ISO8601('2018-05-26') = DATE '2018-05-26'");
}
FunctionDef ParseTimeIso8601Function() {
  return Def("PARSE_TIME_ISO8601", 1, 1, ParseIso<"PARSE_TIME_ISO8601", ValueType::kTime>,
             "PARSE_TIME_ISO8601(s) -> time", "Parses ISO-8601 time-of-day text.",
             "PARSE_TIME_ISO8601('10:30:20') = TIME '10:30:20'");
}
FunctionDef ParseTimestampFunction() {
  return Def("PARSE_TIMESTAMP", 2, 3, ParseTimestampPattern,
             "PARSE_TIMESTAMP(fmt, s[, default_tz]) -> timestamp",
             "Parses text with a strftime-style pattern; without %z/%Z/%s in the text the "
             "wall-clock time is read in default_tz (default UTC).",
             "UNIX_SECONDS(PARSE_TIMESTAMP('%Y-%m-%d %H:%M:%S', '1970-01-01 00:01:40')) = 100");
}
FunctionDef ParseDatetimeFunction() {
  return Def("PARSE_DATETIME", 2, 2, ParseCivilPattern<"PARSE_DATETIME", ValueType::kDatetime>,
             "PARSE_DATETIME(fmt, s) -> datetime", "Parses a datetime with a pattern.",
             "PARSE_DATETIME('%d/%m/%Y %H:%M', '26/05/2018 10:30') = "
             "DATETIME '2018-05-26 10:30:00'");
}
FunctionDef ParseDateFunction() {
  return Def("PARSE_DATE", 2, 2, ParseCivilPattern<"PARSE_DATE", ValueType::kDate>,
             "PARSE_DATE(fmt, s) -> date", "Parses a date with a pattern.",
             "PARSE_DATE('%Y/%m/%d', '2018/05/26') = DATE '2018-05-26'");
}
FunctionDef ParseTimeFunction() {
  return Def("PARSE_TIME", 2, 2, ParseCivilPattern<"PARSE_TIME", ValueType::kTime>,
             "PARSE_TIME(fmt, s) -> time", "Parses a time of day with a pattern.",
             "PARSE_TIME('%H.%M', '10.30') = TIME '10:30:00'");
}

}  // namespace basalt::sql
