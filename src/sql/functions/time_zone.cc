#include "sql/functions/time_zone.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>

#include "common/time_util.h"
#include "sql/functions/function.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {

// One date rule of a POSIX TZ string: Jn, n or Mm.w.d, plus a local time of day.
struct PosixDateRule {
  char kind = 'M';  // 'J', 'N' (zero-based day), 'M'
  int month = 0, week = 0, weekday = 0, day = 0;
  int64_t time = 2 * 3600;  // seconds after local midnight
};

struct TimeZone::Rule {
  LocalType std_type;
  bool has_dst = false;
  LocalType dst_type;
  PosixDateRule start, end;
};

namespace {

constexpr int64_t kMicros = 1000000;
constexpr int64_t kMaxOffsetSeconds = 24 * 3600;

Status BadZone(std::string_view name) {
  return Status(ErrorCode::kQueryError, "unknown time zone '" + std::string(name) + "'")
      .WithErrorId("invalid_time_zone");
}

int64_t ReadBigEndian(std::string_view data, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int idx = 0; idx < bytes; ++idx) {
    v = (v << 8) | static_cast<unsigned char>(data[pos + idx]);
  }
  if (bytes == 4) {
    return static_cast<int32_t>(static_cast<uint32_t>(v));
  }
  return static_cast<int64_t>(v);
}

// --- POSIX TZ strings ("PST8PDT,M3.2.0,M11.1.0") ---

bool ParseAbbreviation(std::string_view s, size_t* pos, std::string* out) {
  if (*pos < s.size() && s[*pos] == '<') {
    size_t close = s.find('>', *pos);
    if (close == std::string_view::npos) {
      return false;
    }
    *out = std::string(s.substr(*pos + 1, close - *pos - 1));
    *pos = close + 1;
    return true;
  }
  size_t start = *pos;
  while (*pos < s.size() && std::isalpha(static_cast<unsigned char>(s[*pos]))) {
    ++*pos;
  }
  *out = std::string(s.substr(start, *pos - start));
  return *pos - start >= 3;
}

bool ParseNumber(std::string_view s, size_t* pos, int* out) {
  size_t start = *pos;
  int v = 0;
  while (*pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9') {
    v = v * 10 + (s[(*pos)++] - '0');
  }
  *out = v;
  return *pos > start;
}

// [+-]hh[:mm[:ss]] in seconds.
bool ParseClock(std::string_view s, size_t* pos, int64_t* out) {
  int sign = 1;
  if (*pos < s.size() && (s[*pos] == '+' || s[*pos] == '-')) {
    sign = s[(*pos)++] == '-' ? -1 : 1;
  }
  int h = 0, m = 0, sec = 0;
  if (!ParseNumber(s, pos, &h)) {
    return false;
  }
  if (*pos < s.size() && s[*pos] == ':') {
    ++*pos;
    if (!ParseNumber(s, pos, &m)) {
      return false;
    }
    if (*pos < s.size() && s[*pos] == ':') {
      ++*pos;
      if (!ParseNumber(s, pos, &sec)) {
        return false;
      }
    }
  }
  *out = sign * (int64_t(h) * 3600 + m * 60 + sec);
  return true;
}

bool ParseDateRule(std::string_view s, size_t* pos, PosixDateRule* rule) {
  if (*pos >= s.size()) {
    return false;
  }
  if (s[*pos] == 'M') {
    ++*pos;
    rule->kind = 'M';
    if (!ParseNumber(s, pos, &rule->month) || *pos >= s.size() || s[(*pos)++] != '.') {
      return false;
    }
    if (!ParseNumber(s, pos, &rule->week) || *pos >= s.size() || s[(*pos)++] != '.') {
      return false;
    }
    if (!ParseNumber(s, pos, &rule->weekday)) {
      return false;
    }
    if (rule->month < 1 || rule->month > 12 || rule->week < 1 || rule->week > 5) {
      return false;
    }
  } else if (s[*pos] == 'J') {
    ++*pos;
    rule->kind = 'J';
    if (!ParseNumber(s, pos, &rule->day)) {
      return false;
    }
  } else {
    rule->kind = 'N';
    if (!ParseNumber(s, pos, &rule->day)) {
      return false;
    }
  }
  if (*pos < s.size() && s[*pos] == '/') {
    ++*pos;
    if (!ParseClock(s, pos, &rule->time)) {
      return false;
    }
  }
  return true;
}

bool IsLeap(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Days since the epoch of the rule's date in `year`.
int64_t RuleDay(const PosixDateRule& rule, int64_t year) {
  switch (rule.kind) {
    case 'J':
      return DaysFromCivil(year, 1, 1) + rule.day - 1 + (IsLeap(year) && rule.day >= 60 ? 1 : 0);
    case 'N':
      return DaysFromCivil(year, 1, 1) + rule.day;
    default: {
      int64_t first = DaysFromCivil(year, unsigned(rule.month), 1);
      int64_t first_weekday = FloorMod(first + 4, 7);  // 1970-01-01 was a Thursday
      int64_t day = first + FloorMod(rule.weekday - first_weekday, 7) + (rule.week - 1) * 7;
      int64_t next_month = rule.month == 12 ? DaysFromCivil(year + 1, 1, 1)
                                            : DaysFromCivil(year, unsigned(rule.month + 1), 1);
      while (day >= next_month) {
        day -= 7;
      }
      return day;
    }
  }
}

int64_t CivilYearOfSeconds(int64_t seconds) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(FloorDiv(seconds, 86400), &year, &month, &day);
  return year;
}

std::string FormatOffset(int64_t offset_seconds) {
  char buf[40];
  int64_t abs = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", offset_seconds < 0 ? '-' : '+',
                static_cast<long long>(abs / 3600), static_cast<long long>(abs / 60 % 60));
  return buf;
}

// Fixed offsets written as text: Z, UTC, GMT, +HH, +HH:MM, +HHMM, UTC+HH:MM.
bool ParseFixedOffset(std::string_view text, int64_t* offset) {
  std::string upper = AsciiUpper(text);
  std::string_view s = upper;
  if (s == "Z" || s == "UTC" || s == "GMT" || s == "ETC/UTC" || s == "UCT" || s == "ZULU") {
    *offset = 0;
    return true;
  }
  if (s.substr(0, 3) == "UTC" || s.substr(0, 3) == "GMT") {
    s.remove_prefix(3);
  }
  if (s.empty() || (s[0] != '+' && s[0] != '-')) {
    return false;
  }
  int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  std::string digits;
  for (char c : s) {
    if (c == ':') {
      continue;
    }
    if (c < '0' || c > '9') {
      return false;
    }
    digits.push_back(c);
  }
  int64_t hours = 0, minutes = 0;
  if (digits.size() == 1 || digits.size() == 2) {
    hours = std::stoll(digits);
  } else if (digits.size() == 3 || digits.size() == 4) {
    hours = std::stoll(digits.substr(0, digits.size() - 2));
    minutes = std::stoll(digits.substr(digits.size() - 2));
  } else {
    return false;
  }
  if (hours > 18 || minutes > 59) {
    return false;
  }
  *offset = sign * (hours * 3600 + minutes * 60);
  return true;
}

bool ValidZoneName(std::string_view name) {
  if (name.empty() || name.size() > 128 || name[0] == '/') {
    return false;
  }
  size_t component_start = 0;
  for (size_t pos = 0; pos <= name.size(); ++pos) {
    if (pos == name.size() || name[pos] == '/') {
      if (pos == component_start || name[component_start] == '.') {
        return false;
      }
      component_start = pos + 1;
      continue;
    }
    char c = name[pos];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '+') {
      return false;
    }
  }
  return true;
}

}  // namespace

TimeZone::TimeZone() = default;
TimeZone::~TimeZone() = default;

std::shared_ptr<const TimeZone> TimeZone::Fixed(int64_t offset_seconds, std::string name) {
  auto zone = std::shared_ptr<TimeZone>(new TimeZone());
  zone->name_ = std::move(name);
  // %Z of a zero offset reads "UTC" (as FORMAT_TIMESTAMP's default zone); others "+hh:mm".
  zone->types_.push_back(
      {offset_seconds, false, offset_seconds == 0 ? "UTC" : FormatOffset(offset_seconds)});
  return zone;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::FromTzif(std::string name,
                                                           std::string_view data) {
  auto bad = [&] { return BadZone(name); };
  if (data.size() < 44 || data.substr(0, 4) != "TZif") {
    return bad();
  }
  char version = data[4];
  auto counts = [&](size_t at, int64_t c[6]) {
    for (int idx = 0; idx < 6; ++idx) {
      c[idx] = ReadBigEndian(data, at + 20 + idx * 4, 4);
    }
  };
  int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  counts(0, c);
  size_t pos = 44;
  int time_size = 4;
  if (version >= '2') {
    // Skip the v1 block, read the 64-bit one.
    pos += c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (data.size() < pos + 44 || data.substr(pos, 4) != "TZif") {
      return bad();
    }
    counts(pos, c);
    pos += 44;
    time_size = 8;
  }
  int64_t timecnt = c[3], typecnt = c[4], charcnt = c[5];
  size_t need = pos + timecnt * time_size + timecnt + typecnt * 6 + charcnt;
  if (typecnt == 0 || data.size() < need) {
    return bad();
  }
  auto zone = std::shared_ptr<TimeZone>(new TimeZone());
  zone->name_ = std::move(name);
  for (int64_t idx = 0; idx < timecnt; ++idx) {
    zone->transitions_.push_back(ReadBigEndian(data, pos + idx * time_size, time_size));
  }
  pos += timecnt * time_size;
  for (int64_t idx = 0; idx < timecnt; ++idx) {
    auto type = static_cast<uint8_t>(data[pos + idx]);
    if (type >= typecnt) {
      return bad();
    }
    zone->transition_types_.push_back(type);
  }
  pos += timecnt;
  size_t abbr_pos = pos + typecnt * 6;
  for (int64_t idx = 0; idx < typecnt; ++idx) {
    size_t at = pos + idx * 6;
    LocalType type;
    type.offset = ReadBigEndian(data, at, 4);
    type.is_dst = data[at + 4] != 0;
    auto abbr_index = static_cast<unsigned char>(data[at + 5]);
    if (abbr_index < charcnt) {
      std::string_view chars = data.substr(abbr_pos, size_t(charcnt));
      size_t end = chars.find('\0', abbr_index);
      type.abbreviation = std::string(chars.substr(
          abbr_index, end == std::string_view::npos ? std::string_view::npos : end - abbr_index));
    }
    zone->types_.push_back(std::move(type));
  }
  // Footer: "\n<POSIX TZ>\n" after the v2 data block.
  if (version >= '2') {
    size_t footer = need + c[2] * 12 + c[1] + c[0];
    if (footer < data.size() && data[footer] == '\n') {
      size_t end = data.find('\n', footer + 1);
      std::string_view tz = data.substr(
          footer + 1, end == std::string_view::npos ? std::string_view::npos : end - footer - 1);
      auto rule = std::make_unique<Rule>();
      size_t p = 0;
      int64_t std_offset = 0;
      if (!tz.empty() && ParseAbbreviation(tz, &p, &rule->std_type.abbreviation) &&
          ParseClock(tz, &p, &std_offset)) {
        rule->std_type.offset = -std_offset;
        rule->std_type.is_dst = false;
        bool ok = true;
        if (p < tz.size()) {
          ok = ParseAbbreviation(tz, &p, &rule->dst_type.abbreviation);
          rule->dst_type.offset = rule->std_type.offset + 3600;
          rule->dst_type.is_dst = true;
          if (ok && p < tz.size() && tz[p] != ',') {
            int64_t dst_offset;
            ok = ParseClock(tz, &p, &dst_offset);
            rule->dst_type.offset = -dst_offset;
          }
          ok = ok && p < tz.size() && tz[p++] == ',' && ParseDateRule(tz, &p, &rule->start) &&
               p < tz.size() && tz[p++] == ',' && ParseDateRule(tz, &p, &rule->end);
          rule->has_dst = ok;
        }
        if (ok) {
          zone->rule_ = std::move(rule);
        }
      }
    }
  }
  return std::shared_ptr<const TimeZone>(std::move(zone));
}

const TimeZone::LocalType& TimeZone::TypeAt(int64_t utc_seconds) const {
  if (!transitions_.empty() && utc_seconds < transitions_.front()) {
    // Before the first transition: the first non-DST type (RFC 8536 §3.2).
    for (const LocalType& type : types_) {
      if (!type.is_dst) {
        return type;
      }
    }
    return types_.front();
  }
  if (!transitions_.empty() && utc_seconds < transitions_.back()) {
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
    size_t idx = size_t(it - transitions_.begin()) - 1;
    return types_[transition_types_[idx]];
  }
  if (rule_ == nullptr) {
    return transitions_.empty() ? types_.front() : types_[transition_types_.back()];
  }
  if (!rule_->has_dst) {
    return rule_->std_type;
  }
  int64_t year = CivilYearOfSeconds(utc_seconds + rule_->std_type.offset);
  int64_t start = RuleDay(rule_->start, year) * 86400 + rule_->start.time - rule_->std_type.offset;
  int64_t end = RuleDay(rule_->end, year) * 86400 + rule_->end.time - rule_->dst_type.offset;
  bool dst = start < end ? (utc_seconds >= start && utc_seconds < end)
                         : !(utc_seconds >= end && utc_seconds < start);
  return dst ? rule_->dst_type : rule_->std_type;
}

int64_t TimeZone::OffsetAt(int64_t utc_micros) const {
  return TypeAt(FloorDiv(utc_micros, kMicros)).offset;
}

std::string TimeZone::AbbreviationAt(int64_t utc_micros) const {
  const LocalType& type = TypeAt(FloorDiv(utc_micros, kMicros));
  return type.abbreviation.empty() ? FormatOffset(type.offset) : type.abbreviation;
}

namespace {

// a + b, saturating at the ends of the int64 range.
int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    return b < 0 ? INT64_MIN : INT64_MAX;
  }
  return sum;
}

}  // namespace

int64_t TimeZone::ToUtc(int64_t local_micros) const {
  int64_t before = OffsetAt(SaturatingAdd(local_micros, -86400 * kMicros));
  int64_t after = OffsetAt(SaturatingAdd(local_micros, 86400 * kMicros));
  int64_t t1 = SaturatingAdd(local_micros, -before * kMicros);
  int64_t t2 = SaturatingAdd(local_micros, -after * kMicros);
  bool ok1 = OffsetAt(t1) == before;
  bool ok2 = OffsetAt(t2) == after;
  if (ok1 && ok2) {
    return std::min(t1, t2);
  }
  if (ok1) {
    return t1;
  }
  if (ok2) {
    return t2;
  }
  return t1;  // in a gap: the offset before it
}

Result<std::shared_ptr<const TimeZone>> FindTimeZone(std::string_view function,
                                                     std::string_view name) {
  static std::mutex mu;
  static auto* cache = new std::unordered_map<std::string, std::shared_ptr<const TimeZone>>();
  std::string key(name);
  {
    std::lock_guard<std::mutex> lock(mu);
    auto found = cache->find(key);
    if (found != cache->end()) {
      return found->second;
    }
  }
  std::shared_ptr<const TimeZone> zone;
  int64_t offset = 0;
  if (ParseFixedOffset(name, &offset)) {
    zone = TimeZone::Fixed(offset, key);
  } else {
    if (!ValidZoneName(name)) {
      return FunctionError(function, "unknown time zone '" + key + "'");
    }
    std::ifstream in("/usr/share/zoneinfo/" + key, std::ios::binary);
    if (!in) {
      return FunctionError(function, "unknown time zone '" + key + "'");
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto loaded = TimeZone::FromTzif(key, buffer.str());
    if (!loaded.ok()) {
      return FunctionError(function, "unknown time zone '" + key + "'");
    }
    zone = *loaded;
  }
  std::lock_guard<std::mutex> lock(mu);
  if (cache->size() > 1000) {
    cache->clear();
  }
  cache->emplace(key, zone);
  return zone;
}

Result<std::shared_ptr<const TimeZone>> TimeZoneArg(std::string_view function, const Value& tz,
                                                    int index) {
  if (tz.is_string()) {
    return FindTimeZone(function, tz.string_value());
  }
  if (tz.type() == ValueType::kMicrosecondInterval) {
    int64_t seconds = FloorDiv(tz.int_value(), kMicros);
    if (seconds < -kMaxOffsetSeconds || seconds > kMaxOffsetSeconds) {
      return FunctionError(function, "a time zone offset must be within 24 hours of UTC");
    }
    return TimeZone::Fixed(seconds, FormatOffset(seconds));
  }
  return ArgumentTypeError(function, index, tz, "a time zone name or a microsecond_interval");
}

Result<Value> AtTimeZone(const Value& v, const Value& tz) {
  if (v.is_nullish() || tz.is_nullish()) {
    return Value::Null();
  }
  BASALT_ASSIGN_OR_RETURN(auto zone, TimeZoneArg("AT TIME ZONE", tz, 2));
  if (v.type() == ValueType::kTimestamp) {
    return Value::Datetime(zone->ToLocal(v.int_value()));
  }
  if (v.type() == ValueType::kDatetime) {
    return Value::Timestamp(zone->ToUtc(v.int_value()));
  }
  return ArgumentTypeError("AT TIME ZONE", 1, v, "a timestamp or a datetime");
}

}  // namespace basalt::sql
