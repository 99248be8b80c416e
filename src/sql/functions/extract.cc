#include "sql/functions/extract.h"

#include <string>

#include "common/time_util.h"

namespace basalt::sql {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Status BadPart(std::string_view part, const Value& value) {
  return Status(ErrorCode::kQueryError, "EXTRACT: cannot extract " + std::string(part) +
                                            " from a value of type " +
                                            std::string(ValueTypeName(value.type())));
}

// ISO 8601 week number of a date (days since epoch); the ISO year it belongs to goes to
// *iso_year when given.
int64_t IsoWeek(int64_t days, int64_t* iso_year = nullptr) {
  int64_t weekday = ((days + 3) % 7 + 7) % 7;  // Monday = 0
  int64_t thursday = days - weekday + 3;
  int64_t year;
  unsigned month, day;
  CivilFromDays(thursday, &year, &month, &day);
  if (iso_year != nullptr) *iso_year = year;
  int64_t jan1 = DaysFromCivil(year, 1, 1);
  return (thursday - jan1) / 7 + 1;
}

// Week of the year with weeks starting on Sunday; days before the year's first Sunday are
// in week 0 (strftime %U).
int64_t SundayWeek(int64_t days, int64_t year) {
  int64_t yday = days - DaysFromCivil(year, 1, 1);  // 0-based
  int64_t wday = ((days + 4) % 7 + 7) % 7;          // Sunday = 0
  return (yday + 7 - wday) / 7;
}

}  // namespace

Result<Value> ExtractPart(std::string_view part_in, const Value& value) {
  if (value.is_nullish()) return Value::Null();
  std::string part(part_in);
  for (char& c : part) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (!part.empty() && part.back() == 'S' && part != "DOW" && part != "ISODOW") {
    part.pop_back();  // YEARS -> YEAR
  }
  if (value.type() == ValueType::kMonthInterval) {
    int64_t months = value.int_value();
    if (part == "YEAR") return Value::Int(months / 12);
    if (part == "MONTH") return Value::Int(months % 12);
    return BadPart(part, value);
  }
  if (value.type() == ValueType::kMicrosecondInterval) {
    int64_t micros = value.int_value();
    if (part == "DAY") return Value::Int(micros / kMicrosPerDay);
    if (part == "HOUR") return Value::Int(micros / (3600 * kMicrosPerSecond) % 24);
    if (part == "MINUTE") return Value::Int(micros / (60 * kMicrosPerSecond) % 60);
    if (part == "SECOND") return Value::Int(micros / kMicrosPerSecond % 60);
    if (part == "MILLISECOND") return Value::Int(micros / 1000 % 1000);
    if (part == "MICROSECOND") return Value::Int(micros % kMicrosPerSecond);
    return BadPart(part, value);
  }
  bool has_date = false, has_time = false;
  int64_t days = 0, time_micros = 0;
  switch (value.type()) {
    case ValueType::kDate:
      days = value.int_value();
      has_date = true;
      break;
    case ValueType::kTime:
      time_micros = value.int_value();
      has_time = true;
      break;
    case ValueType::kDatetime:
    case ValueType::kTimestamp:
      days = FloorDiv(value.int_value(), kMicrosPerDay);
      // Not value - days * kMicrosPerDay: the product overflows for the earliest instants.
      time_micros = value.int_value() % kMicrosPerDay;
      time_micros += time_micros < 0 ? kMicrosPerDay : 0;
      has_date = has_time = true;
      break;
    default:
      return BadPart(part, value);
  }
  if (has_date) {
    int64_t year;
    unsigned month, day;
    CivilFromDays(days, &year, &month, &day);
    if (part == "YEAR") return Value::Int(year);
    if (part == "MONTH") return Value::Int(month);
    if (part == "DAY") return Value::Int(day);
    if (part == "QUARTER") return Value::Int((month - 1) / 3 + 1);
    if (part == "DOW" || part == "DAYOFWEEK") return Value::Int(((days + 4) % 7 + 7) % 7 + 1);
    if (part == "ISODOW") return Value::Int(((days + 3) % 7 + 7) % 7 + 1);
    if (part == "DOY" || part == "DAYOFYEAR") return Value::Int(days - DaysFromCivil(year, 1, 1) + 1);
    if (part == "WEEK") return Value::Int(SundayWeek(days, year));
    if (part == "ISOWEEK") return Value::Int(IsoWeek(days));
    if (part == "ISOYEAR") {
      int64_t iso_year;
      IsoWeek(days, &iso_year);
      return Value::Int(iso_year);
    }
    if (part == "DATE") return Value::Date(days);
    if (part == "DECADE") return Value::Int(FloorDiv(year, 10));
    if (part == "CENTURY") return Value::Int(year > 0 ? (year - 1) / 100 + 1 : year / 100 - 1);
    if (part == "MILLENNIUM") return Value::Int(year > 0 ? (year - 1) / 1000 + 1 : year / 1000 - 1);
    if (part == "EPOCH" && !has_time) return Value::Int(days * 86400);
  }
  if (has_time) {
    if (part == "HOUR") return Value::Int(time_micros / (3600 * kMicrosPerSecond));
    if (part == "MINUTE") return Value::Int(time_micros / (60 * kMicrosPerSecond) % 60);
    if (part == "SECOND") return Value::Int(time_micros / kMicrosPerSecond % 60);
    if (part == "MILLISECOND") return Value::Int(time_micros / 1000 % 1000);
    if (part == "MICROSECOND") return Value::Int(time_micros % kMicrosPerSecond);
    if (part == "EPOCH" && has_date) return Value::Int(FloorDiv(value.int_value(), kMicrosPerSecond));
    if (part == "TIME") return Value::Time(time_micros);
  }
  return BadPart(part, value);
}

}  // namespace basalt::sql
