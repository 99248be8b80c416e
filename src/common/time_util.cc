#include "common/time_util.h"

#include <chrono>
#include <cstdio>

namespace basalt {
namespace {

// Floor division for negative values.
int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// a - FloorDiv(a, b) * b for b > 0, without the multiplication (which overflows near the
// ends of the int64 range).
int64_t FloorMod(int64_t a, int64_t b) {
  int64_t rest = a % b;
  return rest < 0 ? rest + b : rest;
}

bool ReadDigits(std::string_view text, size_t* pos, int count, int64_t* out) {
  if (*pos + count > text.size()) {
    return false;
  }
  int64_t v = 0;
  for (int idx = 0; idx < count; ++idx) {
    char c = text[*pos + idx];
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + (c - '0');
  }
  *pos += count;
  *out = v;
  return true;
}

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool ParseDateAt(std::string_view text, size_t* pos, int64_t* days) {
  int64_t year, month, day;
  bool negative = false;
  if (*pos < text.size() && text[*pos] == '-') {
    negative = true;
    ++*pos;
  }
  if (!ReadDigits(text, pos, 4, &year)) {
    return false;
  }
  if (negative) {
    year = -year;
  }
  if (*pos >= text.size() || text[*pos] != '-') {
    return false;
  }
  ++*pos;
  if (!ReadDigits(text, pos, 2, &month)) {
    return false;
  }
  if (*pos >= text.size() || text[*pos] != '-') {
    return false;
  }
  ++*pos;
  if (!ReadDigits(text, pos, 2, &day)) {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, unsigned(month))) {
    return false;
  }
  *days = DaysFromCivil(year, unsigned(month), unsigned(day));
  return true;
}

bool ParseTimeAt(std::string_view text, size_t* pos, int64_t* micros) {
  int64_t hour, minute, second = 0, fraction = 0;
  if (!ReadDigits(text, pos, 2, &hour)) {
    return false;
  }
  if (*pos >= text.size() || text[*pos] != ':') {
    return false;
  }
  ++*pos;
  if (!ReadDigits(text, pos, 2, &minute)) {
    return false;
  }
  if (*pos < text.size() && text[*pos] == ':') {
    ++*pos;
    if (!ReadDigits(text, pos, 2, &second)) {
      return false;
    }
    if (*pos < text.size() && text[*pos] == '.') {
      ++*pos;
      int digits = 0;
      while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
        if (digits < 6) {
          fraction = fraction * 10 + (text[*pos] - '0');
        }
        ++digits;
        ++*pos;
      }
      if (digits == 0) {
        return false;
      }
      for (int idx = digits; idx < 6; ++idx) {
        fraction *= 10;
      }
    }
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  *micros = ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + fraction;
  return true;
}

Status BadTemporal(std::string_view kind, std::string_view text) {
  return InvalidInput("cannot parse '" + std::string(text) + "' as " + std::string(kind));
}

std::string FractionSuffix(int64_t micros_of_second, bool fixed_six) {
  if (!fixed_six && micros_of_second == 0) {
    return "";
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(micros_of_second));
  std::string frac(buf);
  if (!fixed_six) {
    while (!frac.empty() && frac.back() == '0') {
      frac.pop_back();
    }
  }
  return "." + frac;
}

}  // namespace

int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = FloorDiv(year, 400);
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day) {
  days += 719468;
  const int64_t era = FloorDiv(days, 146097);
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *day = unsigned(doy - (153 * mp + 2) / 5 + 1);
  *month = unsigned(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2);
}

Result<int64_t> ParseDate(std::string_view text) {
  size_t pos = 0;
  int64_t days;
  if (!ParseDateAt(text, &pos, &days) || pos != text.size()) {
    return BadTemporal("date", text);
  }
  return days;
}

Result<int64_t> ParseTime(std::string_view text) {
  size_t pos = 0;
  int64_t micros;
  if (!ParseTimeAt(text, &pos, &micros) || pos != text.size()) {
    return BadTemporal("time", text);
  }
  return micros;
}

Result<int64_t> ParseDatetime(std::string_view text) {
  size_t pos = 0;
  int64_t days, micros = 0;
  if (!ParseDateAt(text, &pos, &days)) {
    return BadTemporal("datetime", text);
  }
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != ' ' && text[pos] != 't') {
      return BadTemporal("datetime", text);
    }
    ++pos;
    if (!ParseTimeAt(text, &pos, &micros)) {
      return BadTemporal("datetime", text);
    }
  }
  if (pos != text.size()) {
    return BadTemporal("datetime", text);
  }
  return days * kMicrosPerDay + micros;
}

Result<int64_t> ParseTimestamp(std::string_view text) {
  size_t pos = 0;
  int64_t days, micros = 0;
  if (!ParseDateAt(text, &pos, &days)) {
    return BadTemporal("timestamp", text);
  }
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ' || text[pos] == 't')) {
    ++pos;
    if (!ParseTimeAt(text, &pos, &micros)) {
      return BadTemporal("timestamp", text);
    }
  }
  int64_t offset_minutes = 0;
  if (pos < text.size() && text[pos] == ' ') {
    ++pos;
  }
  if (pos < text.size()) {
    char c = text[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      ++pos;
      int64_t hours, minutes = 0;
      if (!ReadDigits(text, &pos, 2, &hours)) {
        return BadTemporal("timestamp", text);
      }
      if (pos < text.size() && text[pos] == ':') {
        ++pos;
      }
      if (pos < text.size() && !ReadDigits(text, &pos, 2, &minutes)) {
        return BadTemporal("timestamp", text);
      }
      offset_minutes = (hours * 60 + minutes) * (c == '-' ? -1 : 1);
    }
  }
  if (pos != text.size()) {
    return BadTemporal("timestamp", text);
  }
  return days * kMicrosPerDay + micros - offset_minutes * 60 * kMicrosPerSecond;
}

std::string FormatDate(int64_t days) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
  return buf;
}

std::string FormatTime(int64_t micros) {
  int64_t secs = micros / kMicrosPerSecond;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf + FractionSuffix(micros % kMicrosPerSecond, false);
}

std::string FormatDatetime(int64_t micros) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  return FormatDate(days) + "T" + FormatTime(FloorMod(micros, kMicrosPerDay));
}

std::string FormatTimestamp(int64_t micros) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rest = FloorMod(micros, kMicrosPerDay);
  int64_t secs = rest / kMicrosPerSecond;
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return FormatDate(days) + buf + FractionSuffix(rest % kMicrosPerSecond, true) + "Z";
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace basalt
