#include "catalog/cron.h"

#include <array>
#include <cctype>
#include <vector>

#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kSearchDays = 8 * 366;

struct FieldSpec {
  const char* name;
  int min;
  int max;
  const char* const* names;  // names[i] is the value min + i, or null
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",  "JUL",
                                       "AUG", "SEP", "OCT", "NOV", "DEC", nullptr};
constexpr const char* kWeekdayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", nullptr};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) {
      return parts;
    }
    start = at + 1;
  }
}

Status FieldError(const FieldSpec& field, std::string_view text, std::string_view why) {
  return InvalidInput("Invalid cron_string: " + std::string(field.name) + " field '" +
                      std::string(text) + "' " + std::string(why));
}

Result<int> ParseValue(const FieldSpec& field, std::string_view text) {
  if (text.empty()) {
    return FieldError(field, text, "is empty");
  }
  if (field.names != nullptr && std::isalpha(static_cast<unsigned char>(text[0]))) {
    std::string upper;
    for (char c : text) {
      upper.push_back(char(std::toupper(static_cast<unsigned char>(c))));
    }
    for (int name_idx = 0; field.names[name_idx] != nullptr; ++name_idx) {
      if (upper == field.names[name_idx]) {
        return field.min + name_idx;
      }
    }
    return FieldError(field, text, "is not a known name");
  }
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > 1000) {
      return FieldError(field, text, "is not a number");
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

// Parses one field into `bits` (indexed by value); `max_value` may exceed field.max for
// weekday 7 (Sunday), which the caller folds.
template <size_t N>
Status ParseField(const FieldSpec& field, std::string_view text, int max_value,
                  std::bitset<N>* bits, bool* any) {
  *any = text == "*";
  for (std::string_view item : Split(text, ',')) {
    std::string_view range = item;
    int step = 1;
    size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      range = item.substr(0, slash);
      BASALT_ASSIGN_OR_RETURN(
          step, ParseValue(FieldSpec{field.name, 1, 1000, nullptr}, item.substr(slash + 1)));
      if (step <= 0) {
        return FieldError(field, item, "has a zero step");
      }
    }
    int low = field.min;
    int high = max_value;
    if (range != "*") {
      size_t dash = range.find('-');
      BASALT_ASSIGN_OR_RETURN(low, ParseValue(field, range.substr(0, dash)));
      if (dash != std::string_view::npos) {
        BASALT_ASSIGN_OR_RETURN(high, ParseValue(field, range.substr(dash + 1)));
      } else if (slash == std::string_view::npos) {
        high = low;
      }
    }
    if (low < field.min || high > max_value || low > high) {
      return FieldError(
          field, item,
          "is out of range " + std::to_string(field.min) + "-" + std::to_string(field.max));
    }
    for (int value = low; value <= high; value += step) {
      bits->set(size_t(value));
    }
  }
  return Status::Ok();
}

std::string_view Shorthand(std::string_view text) {
  if (text == "@hourly") {
    return "0 * * * *";
  }
  if (text == "@daily" || text == "@midnight") {
    return "0 0 * * *";
  }
  if (text == "@weekly") {
    return "0 0 * * 0";
  }
  if (text == "@monthly") {
    return "0 0 1 * *";
  }
  if (text == "@yearly" || text == "@annually") {
    return "0 0 1 1 *";
  }
  return text;
}

}  // namespace

Result<CronSchedule> CronSchedule::Parse(std::string_view text) {
  CronSchedule schedule;
  schedule.text_ = std::string(text);
  std::string_view expanded = Shorthand(text);
  std::vector<std::string_view> fields;
  for (std::string_view part : Split(expanded, ' ')) {
    for (std::string_view piece : Split(part, '\t')) {
      if (!piece.empty()) {
        fields.push_back(piece);
      }
    }
  }
  if (fields.size() != 5) {
    return InvalidInput("Invalid cron_string '" + std::string(text) +
                        "': expected 5 fields (minute hour day-of-month month day-of-week)");
  }
  for (size_t day_field : {size_t(2), size_t(4)}) {
    if (fields[day_field] == "?") {
      fields[day_field] = "*";
    }
  }
  bool unused = false;
  static constexpr FieldSpec kMinute{"minute", 0, 59, nullptr};
  static constexpr FieldSpec kHour{"hour", 0, 23, nullptr};
  static constexpr FieldSpec kDay{"day-of-month", 1, 31, nullptr};
  static constexpr FieldSpec kMonth{"month", 1, 12, kMonthNames};
  static constexpr FieldSpec kWeekday{"day-of-week", 0, 7, kWeekdayNames};
  BASALT_RETURN_IF_ERROR(ParseField(kMinute, fields[0], 59, &schedule.minutes_, &unused));
  BASALT_RETURN_IF_ERROR(ParseField(kHour, fields[1], 23, &schedule.hours_, &unused));
  BASALT_RETURN_IF_ERROR(
      ParseField(kDay, fields[2], 31, &schedule.days_of_month_, &schedule.day_of_month_any_));
  BASALT_RETURN_IF_ERROR(ParseField(kMonth, fields[3], 12, &schedule.months_, &unused));
  std::bitset<8> weekdays;
  BASALT_RETURN_IF_ERROR(ParseField(kWeekday, fields[4], 7, &weekdays, &schedule.weekday_any_));
  for (size_t day = 0; day < 7; ++day) {
    schedule.weekdays_.set(day, weekdays.test(day));
  }
  if (weekdays.test(7)) {
    schedule.weekdays_.set(0);
  }
  if (schedule.NextAfter(0) < 0) {
    return InvalidInput("Invalid cron_string '" + std::string(text) + "': it never fires");
  }
  return schedule;
}

bool CronSchedule::DayMatches(int64_t days, unsigned day_of_month) const {
  // 1970-01-01 was a Thursday (weekday 4).
  size_t weekday = size_t(((days % 7) + 7 + 4) % 7);
  bool dom = days_of_month_.test(day_of_month);
  bool dow = weekdays_.test(weekday);
  if (day_of_month_any_ || weekday_any_) {
    return dom && dow;
  }
  return dom || dow;
}

int64_t CronSchedule::NextAfter(int64_t after_micros) const {
  int64_t minute = after_micros >= 0 ? after_micros / kMicrosPerMinute + 1
                                     : -((-after_micros) / kMicrosPerMinute);
  int64_t days = minute >= 0 ? minute / 1440 : -((-minute + 1439) / 1440);
  int64_t minute_of_day = minute - days * 1440;
  for (int64_t day_idx = 0; day_idx <= kSearchDays; ++day_idx, ++days, minute_of_day = 0) {
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    CivilFromDays(days, &year, &month, &day);
    if (!months_.test(month) || !DayMatches(days, day)) {
      continue;
    }
    for (int64_t at = minute_of_day; at < 1440; ++at) {
      if (hours_.test(size_t(at / 60)) && minutes_.test(size_t(at % 60))) {
        return (days * 1440 + at) * kMicrosPerMinute;
      }
    }
  }
  return -1;
}

}  // namespace basalt::catalog
