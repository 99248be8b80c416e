#include "sql/functions/temporal.h"

#include <cstdio>

#include "common/time_util.h"
#include "sql/functions/function.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

// Reads between min_digits and max_digits decimal digits.
bool ReadInt(std::string_view s, size_t* pos, int min_digits, int max_digits, int64_t* out) {
  size_t start = *pos;
  int64_t v = 0;
  while (*pos < s.size() && *pos - start < size_t(max_digits) && s[*pos] >= '0' && s[*pos] <= '9') {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
  }
  if (*pos - start < size_t(min_digits)) {
    return false;
  }
  *out = v;
  return true;
}

// Fractional digits after a '.', as micros (extra digits truncate).
bool ReadFraction(std::string_view s, size_t* pos, int64_t* micros) {
  int digits = 0;
  int64_t v = 0;
  while (*pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9') {
    if (digits < 6) {
      v = v * 10 + (s[*pos] - '0');
    }
    ++digits;
    ++*pos;
  }
  if (digits == 0) {
    return false;
  }
  for (int idx = digits; idx < 6; ++idx) {
    v *= 10;
  }
  *micros = v;
  return true;
}

bool ParseDateAt(std::string_view s, size_t* pos, int64_t* days) {
  bool negative = false;
  if (*pos < s.size() && (s[*pos] == '-' || s[*pos] == '+')) {
    negative = s[(*pos)++] == '-';
  }
  int64_t year, month, day;
  if (!ReadInt(s, pos, 4, 4, &year)) {
    return false;
  }
  if (negative) {
    year = -year;
  }
  if (*pos >= s.size() || s[(*pos)++] != '-') {
    return false;
  }
  if (!ReadInt(s, pos, 1, 2, &month)) {
    return false;
  }
  if (*pos >= s.size() || s[(*pos)++] != '-') {
    return false;
  }
  if (!ReadInt(s, pos, 1, 2, &day)) {
    return false;
  }
  if (!ValidCivilDate(year, month, day)) {
    return false;
  }
  *days = DaysFromCivil(year, unsigned(month), unsigned(day));
  return true;
}

std::string Pad(int64_t v, int width, char fill = '0') {
  char buf[32];
  if (fill == '0') {
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%*lld", width, static_cast<long long>(v));
  }
  return buf;
}

std::string OffsetText(int64_t offset, bool colon) {
  int64_t abs = offset < 0 ? -offset : offset;
  return std::string(offset < 0 ? "-" : "+") + Pad(abs / 3600, 2) + (colon ? ":" : "") +
         Pad(abs / 60 % 60, 2);
}

// Matches a name (case-insensitive) at s[*pos]: full names first, then 3-letter prefixes.
int MatchName(std::string_view s, size_t* pos, const char* const* names, int count) {
  for (int pass = 0; pass < 2; ++pass) {
    for (int idx = 0; idx < count; ++idx) {
      std::string_view name = names[idx];
      if (pass == 1) {
        name = name.substr(0, 3);
      }
      if (s.size() - *pos >= name.size() &&
          AsciiLower(s.substr(*pos, name.size())) == AsciiLower(name)) {
        *pos += name.size();
        return idx;
      }
    }
  }
  return -1;
}

}  // namespace

CivilTime SplitCivil(int64_t civil_micros) {
  CivilTime c;
  int64_t days = FloorDiv(civil_micros, kMicrosPerDay);
  int64_t rest = FloorMod(civil_micros, kMicrosPerDay);
  unsigned month, day;
  CivilFromDays(days, &c.year, &month, &day);
  c.month = int(month);
  c.day = int(day);
  c.hour = int(rest / kMicrosPerHour);
  c.minute = int(rest / kMicrosPerMinute % 60);
  c.second = int(rest / kMicrosPerSecond % 60);
  c.micros = int(rest % kMicrosPerSecond);
  return c;
}

int64_t JoinCivil(const CivilTime& c) {
  return DaysFromCivil(c.year, unsigned(c.month), unsigned(c.day)) * kMicrosPerDay +
         c.hour * kMicrosPerHour + c.minute * kMicrosPerMinute + c.second * kMicrosPerSecond +
         c.micros;
}

int WeekdayOfDays(int64_t days) {
  return int(FloorMod(days + 4, 7));
}

int DayOfYear(const CivilTime& c) {
  return int(DaysFromCivil(c.year, unsigned(c.month), unsigned(c.day)) -
             DaysFromCivil(c.year, 1, 1) + 1);
}

void IsoWeek(int64_t days, int64_t* iso_year, int* iso_week) {
  // The ISO week's Thursday decides its year.
  int iso_weekday = (WeekdayOfDays(days) + 6) % 7;  // Monday = 0
  int64_t thursday = days - iso_weekday + 3;
  int64_t year;
  unsigned month, day;
  CivilFromDays(thursday, &year, &month, &day);
  *iso_year = year;
  *iso_week = int((thursday - DaysFromCivil(year, 1, 1)) / 7 + 1);
}

bool ValidCivilDate(int64_t year, int64_t month, int64_t day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = month == 2 && leap ? 29 : kDays[month - 1];
  return day <= max_day && year >= -9999 && year <= 9999;
}

int64_t AddMonthsToDays(int64_t days, int64_t months) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  int64_t total = year * 12 + (month - 1) + months;
  int64_t new_year = FloorDiv(total, 12);
  int new_month = int(total - new_year * 12) + 1;
  unsigned new_day = day;
  while (!ValidCivilDate(new_year, new_month, new_day) && new_day > 28) {
    --new_day;
  }
  return DaysFromCivil(new_year, unsigned(new_month), new_day);
}

std::optional<TimeUnit> ParseTimeUnit(std::string_view text) {
  std::string unit = AsciiLower(text);
  if (unit == "us") {
    return TimeUnit::kMicrosecond;
  }
  if (unit == "ms") {
    return TimeUnit::kMillisecond;
  }
  if (unit.size() > 1 && unit.back() == 's') {
    unit.pop_back();
  }
  if (unit == "microsecond") {
    return TimeUnit::kMicrosecond;
  }
  if (unit == "millisecond") {
    return TimeUnit::kMillisecond;
  }
  if (unit == "second") {
    return TimeUnit::kSecond;
  }
  if (unit == "minute") {
    return TimeUnit::kMinute;
  }
  if (unit == "hour") {
    return TimeUnit::kHour;
  }
  if (unit == "day") {
    return TimeUnit::kDay;
  }
  if (unit == "week") {
    return TimeUnit::kWeek;
  }
  if (unit == "month") {
    return TimeUnit::kMonth;
  }
  if (unit == "quarter") {
    return TimeUnit::kQuarter;
  }
  if (unit == "year") {
    return TimeUnit::kYear;
  }
  return std::nullopt;
}

int64_t TruncateCivil(int64_t civil_micros, TimeUnit unit) {
  // At the very bottom of the int64 range the floor is not representable: the next step up.
  auto floor_to = [&](int64_t step) {
    int64_t steps = FloorDiv(civil_micros, step);
    int64_t out = 0;
    return __builtin_mul_overflow(steps, step, &out) ? (steps + 1) * step : out;
  };
  switch (unit) {
    case TimeUnit::kMicrosecond:
      return civil_micros;
    case TimeUnit::kMillisecond:
      return floor_to(1000);
    case TimeUnit::kSecond:
      return floor_to(kMicrosPerSecond);
    case TimeUnit::kMinute:
      return floor_to(kMicrosPerMinute);
    case TimeUnit::kHour:
      return floor_to(kMicrosPerHour);
    case TimeUnit::kDay:
      return floor_to(kMicrosPerDay);
    case TimeUnit::kWeek: {
      int64_t days = FloorDiv(civil_micros, kMicrosPerDay);
      return (days - (WeekdayOfDays(days) + 6) % 7) * kMicrosPerDay;
    }
    case TimeUnit::kMonth:
    case TimeUnit::kQuarter:
    case TimeUnit::kYear: {
      CivilTime c = SplitCivil(civil_micros);
      int month = unit == TimeUnit::kMonth     ? c.month
                  : unit == TimeUnit::kQuarter ? (c.month - 1) / 3 * 3 + 1
                                               : 1;
      return DaysFromCivil(c.year, unsigned(month), 1) * kMicrosPerDay;
    }
  }
  return civil_micros;
}

int64_t DiffCivil(int64_t start, int64_t end, TimeUnit unit) {
  auto steps = [&](int64_t step) { return FloorDiv(end, step) - FloorDiv(start, step); };
  switch (unit) {
    case TimeUnit::kMicrosecond:
      return end - start;
    case TimeUnit::kMillisecond:
      return steps(1000);
    case TimeUnit::kSecond:
      return steps(kMicrosPerSecond);
    case TimeUnit::kMinute:
      return steps(kMicrosPerMinute);
    case TimeUnit::kHour:
      return steps(kMicrosPerHour);
    case TimeUnit::kDay:
      return steps(kMicrosPerDay);
    case TimeUnit::kWeek:
      return (TruncateCivil(end, unit) - TruncateCivil(start, unit)) / (7 * kMicrosPerDay);
    case TimeUnit::kMonth:
    case TimeUnit::kQuarter:
    case TimeUnit::kYear: {
      CivilTime a = SplitCivil(start), b = SplitCivil(end);
      if (unit == TimeUnit::kYear) {
        return b.year - a.year;
      }
      int64_t ma = a.year * 12 + a.month - 1, mb = b.year * 12 + b.month - 1;
      if (unit == TimeUnit::kMonth) {
        return mb - ma;
      }
      return FloorDiv(mb, 3) - FloorDiv(ma, 3);
    }
  }
  return 0;
}

std::string FormatCivil(std::string_view pattern, int64_t civil_micros, int64_t utc_micros,
                        const TimeZone* zone) {
  CivilTime c = SplitCivil(civil_micros);
  int64_t days = FloorDiv(civil_micros, kMicrosPerDay);
  int weekday = WeekdayOfDays(days);
  int64_t offset = zone == nullptr ? 0 : zone->OffsetAt(utc_micros);
  std::string out;
  for (size_t pos = 0; pos < pattern.size(); ++pos) {
    char ch = pattern[pos];
    if (ch != '%' || pos + 1 >= pattern.size()) {
      out.push_back(ch);
      continue;
    }
    char spec = pattern[++pos];
    switch (spec) {
      case 'Y':
        out += c.year < 0 ? "-" + Pad(-c.year, 4) : Pad(c.year, 4);
        break;
      case 'C':
        out += Pad(FloorDiv(c.year, 100), 2);
        break;
      case 'y':
        out += Pad(FloorMod(c.year, 100), 2);
        break;
      case 'G':
      case 'g':
      case 'V': {
        int64_t iso_year;
        int iso_week;
        IsoWeek(days, &iso_year, &iso_week);
        out += spec == 'G'   ? Pad(iso_year, 4)
               : spec == 'g' ? Pad(FloorMod(iso_year, 100), 2)
                             : Pad(iso_week, 2);
        break;
      }
      case 'm':
        out += Pad(c.month, 2);
        break;
      case 'd':
        out += Pad(c.day, 2);
        break;
      case 'e':
        out += Pad(c.day, 2, ' ');
        break;
      case 'j':
        out += Pad(DayOfYear(c), 3);
        break;
      case 'H':
        out += Pad(c.hour, 2);
        break;
      case 'k':
        out += Pad(c.hour, 2, ' ');
        break;
      case 'I':
        out += Pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 2);
        break;
      case 'l':
        out += Pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 2, ' ');
        break;
      case 'M':
        out += Pad(c.minute, 2);
        break;
      case 'S':
        out += Pad(c.second, 2);
        break;
      case 'f':
        out += Pad(c.micros, 6);
        break;
      case 'p':
        out += c.hour < 12 ? "AM" : "PM";
        break;
      case 'P':
        out += c.hour < 12 ? "am" : "pm";
        break;
      case 'r':  // %I:%M:%S %p
        out += Pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 2) + ":" + Pad(c.minute, 2) + ":" +
               Pad(c.second, 2) + (c.hour < 12 ? " AM" : " PM");
        break;
      case 'a':
        out += std::string(kDayNames[weekday]).substr(0, 3);
        break;
      case 'A':
        out += kDayNames[weekday];
        break;
      case 'b':
      case 'h':
        out += std::string(kMonthNames[c.month - 1]).substr(0, 3);
        break;
      case 'B':
        out += kMonthNames[c.month - 1];
        break;
      case 'u':
        out += std::to_string(weekday == 0 ? 7 : weekday);
        break;
      case 'w':
        out += std::to_string(weekday);
        break;
      case 'U':
        out += Pad((DayOfYear(c) - 1 + 7 - weekday) / 7, 2);
        break;
      case 'W':
        out += Pad((DayOfYear(c) - 1 + 7 - (weekday + 6) % 7) / 7, 2);
        break;
      case 'Q':
        out += std::to_string((c.month - 1) / 3 + 1);
        break;
      case 'z':
        out += OffsetText(offset, false);
        break;
      case 'Z':
        out += zone == nullptr ? "UTC" : zone->AbbreviationAt(utc_micros);
        break;
      case 's':
        out += std::to_string(FloorDiv(utc_micros, kMicrosPerSecond));
        break;
      case 'T':
        out += Pad(c.hour, 2) + ":" + Pad(c.minute, 2) + ":" + Pad(c.second, 2);
        break;
      case 'X':
        out += Pad(c.hour, 2) + ":" + Pad(c.minute, 2) + ":" + Pad(c.second, 2);
        break;
      case 'R':
        out += Pad(c.hour, 2) + ":" + Pad(c.minute, 2);
        break;
      case 'D':
      case 'x':
        out += Pad(c.month, 2) + "/" + Pad(c.day, 2) + "/" + Pad(FloorMod(c.year, 100), 2);
        break;
      case 'F':
        out += Pad(c.year, 4) + "-" + Pad(c.month, 2) + "-" + Pad(c.day, 2);
        break;
      case 'c':
        out += std::string(kDayNames[weekday]).substr(0, 3) + " " +
               std::string(kMonthNames[c.month - 1]).substr(0, 3) + " " + Pad(c.day, 2, ' ') + " " +
               Pad(c.hour, 2) + ":" + Pad(c.minute, 2) + ":" + Pad(c.second, 2) + " " +
               Pad(c.year, 4);
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 't':
        out.push_back('\t');
        break;
      case '%':
        out.push_back('%');
        break;
      case 'E': {
        // %Ez: +hh:mm; %E<n>S: seconds with n fractional digits; %E*S: full fraction.
        if (pos + 1 < pattern.size() && pattern[pos + 1] == 'z') {
          out += OffsetText(offset, true);
          ++pos;
          break;
        }
        size_t end = pos + 1;
        while (end < pattern.size() &&
               (std::isdigit(static_cast<unsigned char>(pattern[end])) || pattern[end] == '*')) {
          ++end;
        }
        if (end < pattern.size() && pattern[end] == 'S' && end > pos + 1) {
          std::string_view digits = pattern.substr(pos + 1, end - pos - 1);
          out += Pad(c.second, 2);
          std::string frac = Pad(c.micros, 6);
          if (digits == "*") {
            while (!frac.empty() && frac.back() == '0') {
              frac.pop_back();
            }
            if (!frac.empty()) {
              out += "." + frac;
            }
          } else {
            int n = std::min(std::atoi(std::string(digits).c_str()), 6);
            if (n > 0) {
              out += "." + frac.substr(0, size_t(n));
            }
          }
          pos = end;
          break;
        }
        if (end < pattern.size() && pattern[end] == 'Y' && end > pos + 1) {
          out += Pad(c.year, 4);
          pos = end;
          break;
        }
        out += "%E";
        break;
      }
      default:
        out.push_back('%');
        out.push_back(spec);
    }
  }
  return out;
}

Result<ParsedTemporal> ParseWithPattern(std::string_view function, std::string_view pattern,
                                        std::string_view text) {
  ParsedTemporal parsed;
  CivilTime& c = parsed.civil;
  size_t pos = 0;
  int pm = -1;  // -1: no %p; 0 AM; 1 PM
  std::optional<int> day_of_year;
  auto fail = [&]() {
    return FunctionError(function, "cannot parse '" + std::string(text) + "' with format '" +
                                       std::string(pattern) + "'");
  };
  auto read = [&](int min_digits, int max_digits, int64_t* out) {
    return ReadInt(text, &pos, min_digits, max_digits, out);
  };
  for (size_t fpos = 0; fpos < pattern.size(); ++fpos) {
    char ch = pattern[fpos];
    if (std::isspace(static_cast<unsigned char>(ch))) {
      while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) {
        ++pos;
      }
      continue;
    }
    if (ch != '%' || fpos + 1 >= pattern.size()) {
      if (pos >= text.size() || text[pos] != ch) {
        return fail();
      }
      ++pos;
      continue;
    }
    char spec = pattern[++fpos];
    int64_t v = 0;
    switch (spec) {
      case 'Y': {
        bool negative = pos < text.size() && text[pos] == '-';
        if (negative || (pos < text.size() && text[pos] == '+')) {
          ++pos;
        }
        if (!read(1, 4, &v)) {
          return fail();
        }
        c.year = negative ? -v : v;
        break;
      }
      case 'y':
        if (!read(1, 2, &v)) {
          return fail();
        }
        c.year = v < 69 ? 2000 + v : 1900 + v;
        break;
      case 'C':
        if (!read(1, 2, &v)) {
          return fail();
        }
        c.year = v * 100 + FloorMod(c.year, 100);
        break;
      case 'm':
        if (!read(1, 2, &v) || v < 1 || v > 12) {
          return fail();
        }
        c.month = int(v);
        break;
      case 'd':
      case 'e':
        while (spec == 'e' && pos < text.size() && text[pos] == ' ') {
          ++pos;
        }
        if (!read(1, 2, &v) || v < 1 || v > 31) {
          return fail();
        }
        c.day = int(v);
        break;
      case 'j':
        if (!read(1, 3, &v) || v < 1 || v > 366) {
          return fail();
        }
        day_of_year = int(v);
        break;
      case 'H':
      case 'k':
        while (spec == 'k' && pos < text.size() && text[pos] == ' ') {
          ++pos;
        }
        if (!read(1, 2, &v) || v > 23) {
          return fail();
        }
        c.hour = int(v);
        break;
      case 'I':
      case 'l':
        while (spec == 'l' && pos < text.size() && text[pos] == ' ') {
          ++pos;
        }
        if (!read(1, 2, &v) || v < 1 || v > 12) {
          return fail();
        }
        c.hour = int(v);
        break;
      case 'M':
        if (!read(1, 2, &v) || v > 59) {
          return fail();
        }
        c.minute = int(v);
        break;
      case 'S':
        if (!read(1, 2, &v) || v > 60) {
          return fail();
        }
        c.second = int(std::min<int64_t>(v, 59));
        break;
      case 'f': {
        int64_t micros;
        if (!ReadFraction(text, &pos, &micros)) {
          return fail();
        }
        c.micros = int(micros);
        break;
      }
      case 'p':
      case 'P': {
        std::string two = pos + 2 <= text.size() ? AsciiUpper(text.substr(pos, 2)) : "";
        if (two != "AM" && two != "PM") {
          return fail();
        }
        pm = two == "PM" ? 1 : 0;
        pos += 2;
        break;
      }
      case 'a':
      case 'A':
        if (MatchName(text, &pos, kDayNames, 7) < 0) {
          return fail();
        }
        break;
      case 'b':
      case 'B':
      case 'h': {
        int month = MatchName(text, &pos, kMonthNames, 12);
        if (month < 0) {
          return fail();
        }
        c.month = month + 1;
        break;
      }
      case 'z': {
        if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
          ++pos;
          parsed.offset_seconds = 0;
          break;
        }
        if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
          return fail();
        }
        int sign = text[pos++] == '-' ? -1 : 1;
        int64_t hours, minutes = 0;
        if (!read(2, 2, &hours)) {
          return fail();
        }
        if (pos < text.size() && text[pos] == ':') {
          ++pos;
        }
        if (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) &&
            !read(2, 2, &minutes)) {
          return fail();
        }
        parsed.offset_seconds = sign * (hours * 3600 + minutes * 60);
        break;
      }
      case 'Z': {
        size_t start = pos;
        while (pos < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '/' ||
                text[pos] == '_' || text[pos] == '+' || text[pos] == '-' || text[pos] == ':')) {
          ++pos;
        }
        if (pos == start) {
          return fail();
        }
        BASALT_ASSIGN_OR_RETURN(parsed.zone,
                                FindTimeZone(function, text.substr(start, pos - start)));
        break;
      }
      case 's': {
        bool negative = pos < text.size() && text[pos] == '-';
        if (negative) {
          ++pos;
        }
        if (!read(1, 18, &v)) {
          return fail();
        }
        parsed.epoch_seconds = negative ? -v : v;
        break;
      }
      case 'r': {  // %I:%M:%S %p
        int64_t h, m, sec;
        if (!read(1, 2, &h) || pos >= text.size() || text[pos++] != ':' || !read(1, 2, &m) ||
            pos >= text.size() || text[pos++] != ':' || !read(1, 2, &sec) ||
            pos >= text.size() || text[pos++] != ' ' || h < 1 || h > 12 || m > 59 || sec > 59) {
          return fail();
        }
        std::string two = pos + 2 <= text.size() ? AsciiUpper(text.substr(pos, 2)) : "";
        if (two != "AM" && two != "PM") {
          return fail();
        }
        pm = two == "PM" ? 1 : 0;
        pos += 2;
        c.hour = int(h);
        c.minute = int(m);
        c.second = int(sec);
        break;
      }
      case 'T':
      case 'R':
      case 'X': {
        int64_t h, m, s = 0;
        if (!read(1, 2, &h) || pos >= text.size() || text[pos++] != ':' || !read(1, 2, &m)) {
          return fail();
        }
        if (spec != 'R') {
          if (pos >= text.size() || text[pos++] != ':' || !read(1, 2, &s)) {
            return fail();
          }
        }
        if (h > 23 || m > 59 || s > 59) {
          return fail();
        }
        c.hour = int(h);
        c.minute = int(m);
        c.second = int(s);
        break;
      }
      case 'F': {
        int64_t days;
        if (!ParseDateAt(text, &pos, &days)) {
          return fail();
        }
        CivilTime d = SplitCivil(days * kMicrosPerDay);
        c.year = d.year;
        c.month = d.month;
        c.day = d.day;
        break;
      }
      case 'D':
      case 'x': {
        int64_t m, d, y;
        if (!read(1, 2, &m) || pos >= text.size() || text[pos++] != '/' || !read(1, 2, &d) ||
            pos >= text.size() || text[pos++] != '/' || !read(2, 2, &y)) {
          return fail();
        }
        c.month = int(m);
        c.day = int(d);
        c.year = y < 69 ? 2000 + y : 1900 + y;
        break;
      }
      case 'n':
      case 't':
        while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) {
          ++pos;
        }
        break;
      case '%':
        if (pos >= text.size() || text[pos] != '%') {
          return fail();
        }
        ++pos;
        break;
      case 'E': {
        // %Ez, %E*S, %E<n>S
        if (fpos + 1 < pattern.size() && pattern[fpos + 1] == 'z') {
          ++fpos;
          if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
            ++pos;
            parsed.offset_seconds = 0;
            break;
          }
          if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) {
            return fail();
          }
          int sign = text[pos++] == '-' ? -1 : 1;
          int64_t hours, minutes = 0;
          if (!read(2, 2, &hours)) {
            return fail();
          }
          if (pos < text.size() && text[pos] == ':') {
            ++pos;
          }
          if (!read(2, 2, &minutes)) {
            return fail();
          }
          parsed.offset_seconds = sign * (hours * 3600 + minutes * 60);
          break;
        }
        size_t end = fpos + 1;
        while (end < pattern.size() &&
               (std::isdigit(static_cast<unsigned char>(pattern[end])) || pattern[end] == '*')) {
          ++end;
        }
        if (end >= pattern.size() || pattern[end] != 'S') {
          return fail();
        }
        fpos = end;
        if (!read(1, 2, &v) || v > 59) {
          return fail();
        }
        c.second = int(v);
        if (pos < text.size() && text[pos] == '.') {
          ++pos;
          int64_t micros;
          if (!ReadFraction(text, &pos, &micros)) {
            return fail();
          }
          c.micros = int(micros);
        }
        break;
      }
      default:
        return FunctionError(function, std::string("unsupported format element %") + spec);
    }
  }
  if (pos != text.size()) {
    return fail();
  }
  if (pm >= 0) {
    c.hour = c.hour % 12 + (pm == 1 ? 12 : 0);
  }
  if (day_of_year) {
    int64_t days = DaysFromCivil(c.year, 1, 1) + *day_of_year - 1;
    CivilTime d = SplitCivil(days * kMicrosPerDay);
    if (d.year != c.year) {
      return fail();
    }
    c.month = d.month;
    c.day = d.day;
  }
  if (!ValidCivilDate(c.year, c.month, c.day)) {
    return fail();
  }
  return parsed;
}

}  // namespace basalt::sql
