// Interval constructors (MICROSECONDS ... DAYS, WEEKS, MONTHS, YEARS), lengths
// (DURATION_MICROS/MILLIS/SECONDS/MONTHS) and PARSE_DURATION_SECONDS/MONTHS (sql.md §9.9).
#include <cmath>
#include <string>

#include "common/time_util.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/scalar/datetime/datetime_args.h"
#include "sql/functions/temporal.h"

namespace basalt::sql {
namespace {

// n units as a microsecond_interval; a float n is rounded to the microsecond.
template <FnName kName, int64_t kMicrosPerUnit>
Result<Value> MicrosInterval(const Args& args, const FunctionContext&) {
  const Value& n = args[0];
  if (n.type() == ValueType::kInt) {
    int64_t micros;
    if (__builtin_mul_overflow(n.int_value(), kMicrosPerUnit, &micros)) {
      return FunctionError(kName.view(), "interval out of range");
    }
    return Value::MicrosecondInterval(micros);
  }
  if (n.type() == ValueType::kFloat) {
    double micros = std::round(n.float_value() * double(kMicrosPerUnit));
    if (!(std::fabs(micros) < 9.2e18)) {
      return FunctionError(kName.view(), "interval out of range");
    }
    return Value::MicrosecondInterval(int64_t(micros));
  }
  return ArgumentTypeError(kName.view(), 1, n, "a number");
}

template <FnName kName, int64_t kMonthsPerUnit>
Result<Value> MonthInterval(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t n, IntArg(kName.view(), args, 0));
  int64_t months;
  if (__builtin_mul_overflow(n, kMonthsPerUnit, &months)) {
    return FunctionError(kName.view(), "interval out of range");
  }
  return Value::MonthInterval(months);
}

// Length of a microsecond_interval in units, rounded down.
template <FnName kName, int64_t kMicrosPerUnit>
Result<Value> Duration(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t micros,
                          TemporalArg(kName.view(), args, 0, ValueType::kMicrosecondInterval));
  return Value::Int(FloorDiv(micros, kMicrosPerUnit));
}

Result<Value> DurationMonths(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(int64_t months,
                          TemporalArg("DURATION_MONTHS", args, 0, ValueType::kMonthInterval));
  return Value::Int(months);
}

// Reads an unsigned decimal number (digits with an optional fraction) as a double.
bool ReadDecimal(std::string_view s, size_t* pos, double* out) {
  size_t start = *pos;
  while (*pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[*pos])) || s[*pos] == '.')) {
    ++*pos;
  }
  if (*pos == start) {
    return false;
  }
  std::string text(s.substr(start, *pos - start));
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// ISO-8601 duration: [-]P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]. Fills months and micros.
bool ParseIsoDuration(std::string_view s, int64_t* months, double* micros) {
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) {
    negative = s[pos++] == '-';
  }
  if (pos >= s.size() || (s[pos] != 'P' && s[pos] != 'p')) {
    return false;
  }
  ++pos;
  bool in_time = false, any = false;
  double m = 0, us = 0;
  while (pos < s.size()) {
    if (s[pos] == 'T' || s[pos] == 't') {
      in_time = true;
      ++pos;
      continue;
    }
    double n;
    if (!ReadDecimal(s, &pos, &n) || pos >= s.size()) {
      return false;
    }
    char unit = char(std::toupper(static_cast<unsigned char>(s[pos++])));
    any = true;
    if (!in_time && unit == 'Y') {
      m += n * 12;
    } else if (!in_time && unit == 'M') {
      m += n;
    } else if (!in_time && unit == 'W') {
      us += n * 7 * double(kMicrosPerDay);
    } else if (!in_time && unit == 'D') {
      us += n * double(kMicrosPerDay);
    } else if (in_time && unit == 'H') {
      us += n * double(kMicrosPerHour);
    } else if (in_time && unit == 'M') {
      us += n * double(kMicrosPerMinute);
    } else if (in_time && unit == 'S') {
      us += n * double(kMicrosPerSecond);
    } else {
      return false;
    }
  }
  if (!any) {
    return false;
  }
  *months = int64_t(negative ? -m : m);
  *micros = negative ? -us : us;
  return true;
}

// [-][D ]H:MM:SS[.f] or [-]H:MM or plain [-]seconds.
bool ParseClockDuration(std::string_view s, double* micros) {
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) {
    negative = s[pos++] == '-';
  }
  double days = 0;
  size_t space = s.find(' ', pos);
  if (space != std::string_view::npos) {
    size_t p = pos;
    if (!ReadDecimal(s, &p, &days) || p != space) {
      return false;
    }
    pos = space + 1;
  }
  std::vector<double> parts;
  while (true) {
    double n;
    if (!ReadDecimal(s, &pos, &n)) {
      return false;
    }
    parts.push_back(n);
    if (pos == s.size()) {
      break;
    }
    if (s[pos] != ':') {
      return false;
    }
    ++pos;
  }
  double total = days * double(kMicrosPerDay);
  if (parts.size() == 1) {
    if (space != std::string_view::npos) {
      return false;
    }
    total += parts[0] * double(kMicrosPerSecond);
  } else if (parts.size() == 2) {
    total += parts[0] * double(kMicrosPerHour) + parts[1] * double(kMicrosPerMinute);
  } else if (parts.size() == 3) {
    total += parts[0] * double(kMicrosPerHour) + parts[1] * double(kMicrosPerMinute) +
             parts[2] * double(kMicrosPerSecond);
  } else {
    return false;
  }
  *micros = negative ? -total : total;
  return true;
}

Result<Value> ParseDurationSeconds(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("PARSE_DURATION_SECONDS", args, 0));
  int64_t months = 0;
  double micros = 0;
  bool ok = ParseIsoDuration(s, &months, &micros) ? months == 0 : ParseClockDuration(s, &micros);
  if (!ok || !(std::fabs(micros) < 9.2e18)) {
    return FunctionError("PARSE_DURATION_SECONDS",
                         "cannot parse '" + std::string(s) + "' as a duration");
  }
  return Value::MicrosecondInterval(int64_t(std::llround(micros)));
}

Result<Value> ParseDurationMonths(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view s, StringArg("PARSE_DURATION_MONTHS", args, 0));
  int64_t months = 0;
  double micros = 0;
  if (ParseIsoDuration(s, &months, &micros) && micros == 0) {
    return Value::MonthInterval(months);
  }
  // [-]Y-M
  size_t pos = 0;
  bool negative = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) {
    negative = s[pos++] == '-';
  }
  size_t dash = s.find('-', pos);
  if (dash != std::string_view::npos) {
    std::string years(s.substr(pos, dash - pos)), rest(s.substr(dash + 1));
    bool digits = !years.empty() && !rest.empty() &&
                  years.find_first_not_of("0123456789") == std::string::npos &&
                  rest.find_first_not_of("0123456789") == std::string::npos && years.size() < 9 &&
                  rest.size() < 9;
    if (digits) {
      int64_t total = std::stoll(years) * 12 + std::stoll(rest);
      return Value::MonthInterval(negative ? -total : total);
    }
  }
  return FunctionError("PARSE_DURATION_MONTHS",
                       "cannot parse '" + std::string(s) + "' as a month duration");
}

FunctionDef Def(std::string_view name, ScalarKernel kernel, std::string_view signature,
                std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = 1,
          .max_args = 1,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef MicrosecondsFunction() {
  return Def("MICROSECONDS", MicrosInterval<"MICROSECONDS", 1>,
             "MICROSECONDS(n) -> microsecond_interval", "An interval of n microseconds.",
             "DURATION_MICROS(MICROSECONDS(10)) = 10");
}
FunctionDef MillisecondsFunction() {
  return Def("MILLISECONDS", MicrosInterval<"MILLISECONDS", 1000>,
             "MILLISECONDS(n) -> microsecond_interval", "An interval of n milliseconds.",
             "DURATION_MICROS(MILLISECONDS(1)) = 1000");
}
FunctionDef SecondsFunction() {
  return Def("SECONDS", MicrosInterval<"SECONDS", 1000000>, "SECONDS(n) -> microsecond_interval",
             "An interval of n seconds (a float n is rounded to the microsecond).",
             "DURATION_MILLIS(SECONDS(3)) = 3000 AND DURATION_MILLIS(SECONDS(1.5)) = 1500");
}
FunctionDef MinutesFunction() {
  return Def("MINUTES", MicrosInterval<"MINUTES", 60000000>, "MINUTES(n) -> microsecond_interval",
             "An interval of n minutes.", "DURATION_SECONDS(MINUTES(2)) = 120");
}
FunctionDef HoursFunction() {
  return Def("HOURS", MicrosInterval<"HOURS", 3600000000>, "HOURS(n) -> microsecond_interval",
             "An interval of n hours.", "DURATION_SECONDS(HOURS(1)) = 3600");
}
FunctionDef DaysFunction() {
  return Def("DAYS", MicrosInterval<"DAYS", 86400000000>, "DAYS(n) -> microsecond_interval",
             "An interval of n days (24 hours each).", "DURATION_SECONDS(DAYS(1)) = 86400");
}
FunctionDef WeeksFunction() {
  return Def("WEEKS", MicrosInterval<"WEEKS", 604800000000>, "WEEKS(n) -> microsecond_interval",
             "An interval of n weeks.", "WEEKS(1) = DAYS(7)");
}
FunctionDef MonthsFunction() {
  return Def("MONTHS", MonthInterval<"MONTHS", 1>, "MONTHS(n) -> month_interval",
             "An interval of n months.", "DURATION_MONTHS(MONTHS(10)) = 10");
}
FunctionDef YearsFunction() {
  return Def("YEARS", MonthInterval<"YEARS", 12>, "YEARS(n) -> month_interval",
             "An interval of n years (12 months each).", "DURATION_MONTHS(YEARS(2)) = 24");
}
FunctionDef DurationMicrosFunction() {
  return Def("DURATION_MICROS", Duration<"DURATION_MICROS", 1>, "DURATION_MICROS(iv) -> int",
             "Length of a microsecond_interval in microseconds.",
             "DURATION_MICROS(SECONDS(1)) = 1000000");
}
FunctionDef DurationMillisFunction() {
  return Def("DURATION_MILLIS", Duration<"DURATION_MILLIS", 1000>, "DURATION_MILLIS(iv) -> int",
             "Length of a microsecond_interval in milliseconds, rounded down.",
             "DURATION_MILLIS(SECONDS(3)) = 3000");
}
FunctionDef DurationSecondsFunction() {
  return Def("DURATION_SECONDS", Duration<"DURATION_SECONDS", 1000000>,
             "DURATION_SECONDS(iv) -> int",
             "Length of a microsecond_interval in seconds, rounded down.",
             "DURATION_SECONDS(HOURS(1)) = 3600");
}
FunctionDef DurationMonthsFunction() {
  return Def("DURATION_MONTHS", DurationMonths, "DURATION_MONTHS(iv) -> int",
             "Length of a month_interval in months.", "DURATION_MONTHS(YEARS(1)) = 12");
}
FunctionDef ParseDurationSecondsFunction() {
  return Def("PARSE_DURATION_SECONDS", ParseDurationSeconds,
             "PARSE_DURATION_SECONDS(s) -> microsecond_interval",
             "Parses '[-][D ]H:MM[:SS[.f]]', plain seconds, or an ISO-8601 duration without "
             "year/month parts ('PT1H30M').",
             "PARSE_DURATION_SECONDS('1:30:00') = MINUTES(90) AND "
             "PARSE_DURATION_SECONDS('PT1.5S') = MILLISECONDS(1500)");
}
FunctionDef ParseDurationMonthsFunction() {
  return Def("PARSE_DURATION_MONTHS", ParseDurationMonths,
             "PARSE_DURATION_MONTHS(s) -> month_interval",
             "Parses '[-]Y-M' or an ISO-8601 duration of years and months ('P1Y6M').",
             "PARSE_DURATION_MONTHS('1-6') = MONTHS(18) AND "
             "PARSE_DURATION_MONTHS('P2Y') = YEARS(2)");
}

}  // namespace basalt::sql
