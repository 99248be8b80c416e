#include "sql/functions/cast.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "common/json.h"
#include "common/time_util.h"
#include "common/u256.h"

namespace basalt::sql {
namespace {

Status CastError(const Value& value, std::string_view type_name) {
  return Status(ErrorCode::kQueryError, "Cannot cast " + std::string(ValueTypeName(value.type())) +
                                            " value " + value.DebugString() + " to " +
                                            std::string(type_name))
      .WithErrorId("invalid_cast");
}

bool ReadNumber(std::string_view text, size_t* pos, int min_digits, int max_digits, int64_t* out) {
  int digits = 0;
  int64_t v = 0;
  while (*pos < text.size() && digits < max_digits && text[*pos] >= '0' && text[*pos] <= '9') {
    v = v * 10 + (text[*pos] - '0');
    ++*pos;
    ++digits;
  }
  *out = v;
  return digits >= min_digits;
}

bool DateAt(std::string_view text, size_t* pos, int64_t* days) {
  int64_t year, month, day;
  bool negative = *pos < text.size() && text[*pos] == '-';
  if (negative) ++*pos;
  if (!ReadNumber(text, pos, 4, 6, &year)) return false;
  if (negative) year = -year;
  if (*pos >= text.size() || text[*pos] != '-') return false;
  ++*pos;
  if (!ReadNumber(text, pos, 1, 2, &month)) return false;
  if (*pos >= text.size() || text[*pos] != '-') return false;
  ++*pos;
  if (!ReadNumber(text, pos, 1, 2, &day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = month == 2 && leap ? 29 : kDays[month - 1];
  if (day > max_day) return false;
  *days = DaysFromCivil(year, unsigned(month), unsigned(day));
  return true;
}

bool TimeAt(std::string_view text, size_t* pos, int64_t* micros) {
  int64_t hour, minute, second = 0, fraction = 0;
  if (!ReadNumber(text, pos, 1, 2, &hour)) return false;
  if (*pos >= text.size() || text[*pos] != ':') return false;
  ++*pos;
  if (!ReadNumber(text, pos, 1, 2, &minute)) return false;
  if (*pos < text.size() && text[*pos] == ':') {
    ++*pos;
    if (!ReadNumber(text, pos, 1, 2, &second)) return false;
    if (*pos < text.size() && text[*pos] == '.') {
      ++*pos;
      int digits = 0;
      while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
        if (digits < 6) fraction = fraction * 10 + (text[*pos] - '0');
        ++digits;
        ++*pos;
      }
      if (digits == 0 || digits > 9) return false;
      for (int idx = digits; idx < 6; ++idx) fraction *= 10;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return false;
  *micros = ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + fraction;
  return true;
}

Status BadText(std::string_view kind, std::string_view text) {
  return Status(ErrorCode::kQueryError,
                "Cannot parse '" + std::string(text) + "' as " + std::string(kind))
      .WithErrorId("invalid_cast");
}

// days * kMicrosPerDay + micros - offset_micros; false when that leaves the int64 range
// (years beyond ±292,277).
bool CombineMicros(int64_t days, int64_t micros, int64_t offset_micros, int64_t* out) {
  int64_t day_micros = 0;
  return !__builtin_mul_overflow(days, kMicrosPerDay, &day_micros) &&
         !__builtin_add_overflow(day_micros, micros, out) &&
         !__builtin_sub_overflow(*out, offset_micros, out);
}

Result<Value> FromString(std::string_view text, ValueType type, std::string_view type_name) {
  switch (type) {
    case ValueType::kString:
      return Value::String(text);
    case ValueType::kBytes:
      return Value::Bytes(text);
    case ValueType::kInt: {
      int64_t v = 0;
      std::string_view digits = text;
      if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
      if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size()) {
        return BadText("int", text);
      }
      return Value::Int(v);
    }
    case ValueType::kFloat: {
      std::string copy(text);
      char* end = nullptr;
      double d = std::strtod(copy.c_str(), &end);
      if (copy.empty() || end != copy.c_str() + copy.size() || std::isspace(copy[0])) {
        return BadText("float", text);
      }
      return Value::Float(d);
    }
    case ValueType::kBool: {
      std::string lower(text);
      for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "true") return Value::Bool(true);
      if (lower == "false") return Value::Bool(false);
      return BadText("bool", text);
    }
    case ValueType::kDate: {
      BASALT_ASSIGN_OR_RETURN(int64_t days, ParseDateLenient(text));
      return Value::Date(days);
    }
    case ValueType::kTime: {
      BASALT_ASSIGN_OR_RETURN(int64_t micros, ParseTimeLenient(text));
      return Value::Time(micros);
    }
    case ValueType::kDatetime: {
      BASALT_ASSIGN_OR_RETURN(int64_t micros, ParseDatetimeLenient(text));
      return Value::Datetime(micros);
    }
    case ValueType::kTimestamp: {
      BASALT_ASSIGN_OR_RETURN(int64_t micros, ParseTimestampLenient(text));
      return Value::Timestamp(micros);
    }
    case ValueType::kU256: {
      auto parsed = U256::Parse(text);
      if (!parsed.ok()) {
        return BadText("u256", text);
      }
      return Value::U256Bytes(parsed->ToBigEndian());
    }
    default:
      return Status(ErrorCode::kQueryError,
                    "Cannot cast a string to " + std::string(type_name))
          .WithErrorId("invalid_cast");
  }
}

}  // namespace

Result<int64_t> ParseDateLenient(std::string_view text) {
  size_t pos = 0;
  int64_t days;
  if (!DateAt(text, &pos, &days) || pos != text.size()) return BadText("date", text);
  return days;
}

Result<int64_t> ParseTimeLenient(std::string_view text) {
  size_t pos = 0;
  int64_t micros;
  if (!TimeAt(text, &pos, &micros) || pos != text.size()) return BadText("time", text);
  return micros;
}

Result<int64_t> ParseDatetimeLenient(std::string_view text) {
  size_t pos = 0;
  int64_t days, micros = 0;
  if (!DateAt(text, &pos, &days)) return BadText("datetime", text);
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    if (!TimeAt(text, &pos, &micros)) return BadText("datetime", text);
  }
  int64_t out = 0;
  if (pos != text.size() || !CombineMicros(days, micros, 0, &out)) {
    return BadText("datetime", text);
  }
  return out;
}

Result<int64_t> ParseTimestampLenient(std::string_view text) {
  size_t pos = 0;
  int64_t days, micros = 0;
  if (!DateAt(text, &pos, &days)) return BadText("timestamp", text);
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' || text[pos] == ' ')) {
    ++pos;
    if (!TimeAt(text, &pos, &micros)) return BadText("timestamp", text);
  }
  while (pos < text.size() && text[pos] == ' ') ++pos;
  int64_t offset_minutes = 0;
  if (pos < text.size()) {
    char c = text[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      ++pos;
      int64_t hours, minutes = 0;
      if (!ReadNumber(text, &pos, 1, 2, &hours)) return BadText("timestamp", text);
      if (pos < text.size() && text[pos] == ':') ++pos;
      if (pos < text.size() && !ReadNumber(text, &pos, 2, 2, &minutes)) {
        return BadText("timestamp", text);
      }
      offset_minutes = (hours * 60 + minutes) * (c == '-' ? -1 : 1);
    } else if (text.substr(pos) == "UTC") {
      pos += 3;
    }
  }
  int64_t out = 0;
  if (pos != text.size() ||
      !CombineMicros(days, micros, offset_minutes * 60 * kMicrosPerSecond, &out)) {
    return BadText("timestamp", text);
  }
  return out;
}

Result<ValueType> TypeFromName(std::string_view type_name) {
  std::string n(type_name);
  for (char& c : n) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (n == "INT" || n == "INTEGER" || n == "INT64" || n == "BIGINT") return ValueType::kInt;
  if (n == "FLOAT" || n == "DOUBLE" || n == "REAL") return ValueType::kFloat;
  if (n == "BOOL" || n == "BOOLEAN") return ValueType::kBool;
  if (n == "STRING" || n == "VARCHAR" || n == "CHAR" || n == "TEXT") return ValueType::kString;
  if (n == "BYTES" || n == "BINARY" || n == "VARBINARY") return ValueType::kBytes;
  if (n == "DATE") return ValueType::kDate;
  if (n == "TIME") return ValueType::kTime;
  if (n == "DATETIME") return ValueType::kDatetime;
  if (n == "TIMESTAMP") return ValueType::kTimestamp;
  if (n == "MONTH_INTERVAL") return ValueType::kMonthInterval;
  if (n == "MICROSECOND_INTERVAL") return ValueType::kMicrosecondInterval;
  if (n == "ARRAY") return ValueType::kArray;
  if (n == "OBJECT") return ValueType::kObject;
  if (n == "NULL") return ValueType::kNull;
  if (n == "U256") return ValueType::kU256;
  return Status(ErrorCode::kQueryError, "Unknown type '" + std::string(type_name) + "'")
      .WithErrorId("unknown_type");
}

Result<Value> CastValue(const Value& value, std::string_view type_name, bool try_mode,
                        bool static_cast_mode) {
  BASALT_ASSIGN_OR_RETURN(ValueType target, TypeFromName(type_name));
  if (value.is_nullish()) return Value::Null();
  auto fail = [&]() -> Result<Value> {
    if (try_mode) return Value::Null();
    return CastError(value, type_name);
  };
  if (value.type() == target) return value;
  const ValueType from = value.type();
  if (static_cast_mode) {
    if (from == ValueType::kString || target == ValueType::kString) return fail();
  }
  switch (target) {
    case ValueType::kU256:
      if (from == ValueType::kInt) {
        if (value.int_value() < 0) return fail();
        return Value::U256Bytes(U256::FromUint64(uint64_t(value.int_value())).ToBigEndian());
      }
      if (from == ValueType::kFloat) {
        std::optional<U256> converted = U256::FromDouble(value.float_value());
        if (!converted) return fail();
        return Value::U256Bytes(converted->ToBigEndian());
      }
      break;
    case ValueType::kInt:
      if (from == ValueType::kU256) {
        std::optional<int64_t> narrowed = U256::FromBigEndian(value.string_value()).ToInt64();
        if (!narrowed) return fail();
        return Value::Int(*narrowed);
      }
      if (from == ValueType::kFloat) {
        double d = std::trunc(value.float_value());
        if (!std::isfinite(d) || d >= 9.2233720368547758e18 || d < -9.2233720368547758e18) {
          return fail();
        }
        return Value::Int(int64_t(d));
      }
      if (from == ValueType::kBool) return Value::Int(value.bool_value() ? 1 : 0);
      break;
    case ValueType::kFloat:
      if (from == ValueType::kInt) return Value::Float(double(value.int_value()));
      if (from == ValueType::kU256) {
        return Value::Float(U256::FromBigEndian(value.string_value()).ToDouble());
      }
      if (from == ValueType::kBool) return Value::Float(value.bool_value() ? 1.0 : 0.0);
      break;
    case ValueType::kBool:
      if (from == ValueType::kInt) return Value::Bool(value.int_value() != 0);
      if (from == ValueType::kFloat) return Value::Bool(value.float_value() != 0);
      if (static_cast_mode) {
        if (from == ValueType::kArray) return Value::Bool(!value.array().empty());
        if (from == ValueType::kObject) return Value::Bool(!value.object().empty());
      }
      break;
    case ValueType::kString:
      switch (from) {
        case ValueType::kBool: return Value::String(value.bool_value() ? "true" : "false");
        case ValueType::kInt: return Value::String(std::to_string(value.int_value()));
        case ValueType::kFloat: return Value::String(FormatFloat(value.float_value()));
        case ValueType::kDate: return Value::String(FormatDate(value.int_value()));
        case ValueType::kTime: return Value::String(FormatTime(value.int_value()));
        case ValueType::kDatetime: return Value::String(FormatDatetime(value.int_value()));
        case ValueType::kTimestamp: return Value::String(FormatTimestamp(value.int_value()));
        case ValueType::kBytes: {
          // Must be valid UTF-8.
          std::string_view bytes = value.string_value();
          size_t pos = 0;
          while (pos < bytes.size()) {
            auto c = static_cast<unsigned char>(bytes[pos]);
            int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
            if (len == 0 || pos + len > bytes.size()) return fail();
            for (int k = 1; k < len; ++k) {
              if ((static_cast<unsigned char>(bytes[pos + k]) & 0xC0) != 0x80) return fail();
            }
            pos += len;
          }
          return Value::String(bytes);
        }
        case ValueType::kMonthInterval:
        case ValueType::kMicrosecondInterval:
          return Value::String(std::to_string(value.int_value()));
        case ValueType::kU256:
          return Value::String(U256::FromBigEndian(value.string_value()).ToDecimal());
        default:
          break;
      }
      break;
    case ValueType::kMicrosecondInterval:
      if (from == ValueType::kInt) return Value::MicrosecondInterval(value.int_value());
      if (from == ValueType::kFloat) return Value::MicrosecondInterval(int64_t(value.float_value()));
      break;
    case ValueType::kMonthInterval:
      if (from == ValueType::kInt) return Value::MonthInterval(value.int_value());
      if (from == ValueType::kFloat) return Value::MonthInterval(int64_t(value.float_value()));
      break;
    case ValueType::kDate:
      if (from == ValueType::kDatetime || from == ValueType::kTimestamp) {
        int64_t micros = value.int_value();
        int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0);
        return Value::Date(days);
      }
      break;
    case ValueType::kTime:
      if (from == ValueType::kDatetime || from == ValueType::kTimestamp) {
        int64_t rest = value.int_value() % kMicrosPerDay;
        if (rest < 0) rest += kMicrosPerDay;
        return Value::Time(rest);
      }
      break;
    case ValueType::kDatetime:
      if (from == ValueType::kDate) return Value::Datetime(value.int_value() * kMicrosPerDay);
      if (from == ValueType::kTimestamp) return Value::Datetime(value.int_value());  // UTC
      break;
    case ValueType::kTimestamp:
      if (from == ValueType::kDatetime) return Value::Timestamp(value.int_value());  // as UTC
      if (from == ValueType::kDate) return Value::Timestamp(value.int_value() * kMicrosPerDay);
      break;
    default:
      break;
  }
  if (from == ValueType::kString) {
    auto parsed = FromString(value.string_value(), target, type_name);
    if (!parsed.ok() && try_mode) return Value::Null();
    return parsed;
  }
  return fail();
}

}  // namespace basalt::sql
