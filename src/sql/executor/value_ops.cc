#include "sql/executor/value_ops.h"

#include <cmath>

#include "common/time_util.h"
#include "sql/executor/u256_ops.h"

namespace basalt::sql {
namespace {

bool IsNumber(const Value& v) {
  return v.is_number();
}

Status Overflow(std::string_view op) {
  return Status(ErrorCode::kQueryError, "integer overflow in " + std::string(op));
}

bool IsInterval(const Value& v) {
  return v.type() == ValueType::kMonthInterval || v.type() == ValueType::kMicrosecondInterval;
}

// Adds months to a civil date (days), clamping the day of month.
int64_t AddMonthsToDays(int64_t days, int64_t months) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  int64_t total = year * 12 + (month - 1) + months;
  int64_t new_year = total >= 0 ? total / 12 : (total - 11) / 12;
  unsigned new_month = unsigned(total - new_year * 12) + 1;
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (new_year % 4 == 0 && new_year % 100 != 0) || new_year % 400 == 0;
  unsigned max_day = new_month == 2 && leap ? 29 : kDays[new_month - 1];
  return DaysFromCivil(new_year, new_month, std::min(day, max_day));
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// temporal + interval (sign = +1 or -1).
// Temporal values stay within about ±290,000 years (what int64 microseconds can hold).
constexpr int64_t kMaxDays = 100'000'000;
constexpr int64_t kMaxMonths = kMaxDays / 28;

Status TemporalOverflow() {
  return Status(ErrorCode::kQueryError, "date/time arithmetic out of range");
}

Result<Value> AddInterval(const Value& t, const Value& iv, int sign) {
  if (iv.int_value() == INT64_MIN) {
    return TemporalOverflow();
  }
  int64_t amount = iv.int_value() * sign;
  bool months = iv.type() == ValueType::kMonthInterval;
  if (months && (amount > kMaxMonths || amount < -kMaxMonths)) {
    return TemporalOverflow();
  }
  auto days_ok = [](int64_t days) { return days <= kMaxDays && days >= -kMaxDays; };
  switch (t.type()) {
    case ValueType::kTimestamp:
    case ValueType::kDatetime: {
      int64_t micros = t.int_value();
      if (months) {
        int64_t days = FloorDiv(micros, kMicrosPerDay);
        int64_t rest = micros - days * kMicrosPerDay;
        int64_t new_days = AddMonthsToDays(days, amount);
        if (!days_ok(new_days)) {
          return TemporalOverflow();
        }
        micros = new_days * kMicrosPerDay + rest;
      } else if (__builtin_add_overflow(micros, amount, &micros) ||
                 !days_ok(FloorDiv(micros, kMicrosPerDay))) {
        return TemporalOverflow();
      }
      return t.type() == ValueType::kTimestamp ? Value::Timestamp(micros) : Value::Datetime(micros);
    }
    case ValueType::kDate: {
      if (!days_ok(t.int_value())) {
        return TemporalOverflow();
      }
      if (months) {
        int64_t new_days = AddMonthsToDays(t.int_value(), amount);
        if (!days_ok(new_days)) {
          return TemporalOverflow();
        }
        return Value::Date(new_days);
      }
      // date + microsecond interval: a whole number of days stays a date; else a datetime.
      int64_t new_days = t.int_value() + amount / kMicrosPerDay;
      if (!days_ok(new_days)) {
        return TemporalOverflow();
      }
      if (amount % kMicrosPerDay == 0) {
        return Value::Date(new_days);
      }
      return Value::Datetime(t.int_value() * kMicrosPerDay + amount);
    }
    case ValueType::kTime: {
      if (months) {
        return TypeError("time arithmetic with a month interval", iv);
      }
      int64_t micros = (t.int_value() + amount) % kMicrosPerDay;
      if (micros < 0) {
        micros += kMicrosPerDay;
      }
      return Value::Time(micros);
    }
    default:
      return TypeError("interval arithmetic", t);
  }
}

}  // namespace

Status TypeError(std::string_view what, const Value& value) {
  return Status(ErrorCode::kQueryError, std::string(what) + " does not accept a value of type " +
                                            std::string(ValueTypeName(value.type())))
      .WithErrorId("type_error");
}

Result<Value> CompareSql(const Value& a, const Value& b, std::string_view op) {
  if (a.is_nullish() || b.is_nullish()) {
    return Value::Null();
  }
  bool numbers = IsNumber(a) && IsNumber(b);
  int64_t a_micros = 0, b_micros = 0;
  if (CrossTemporalComparable(a.type(), b.type()) && TemporalMicros(a, &a_micros) &&
      TemporalMicros(b, &b_micros)) {
    // datetime vs timestamp, date vs datetime: on one time line (docs/sql.md).
    return CompareSql(Value::Timestamp(a_micros), Value::Timestamp(b_micros), op);
  }
  if (!numbers && a.type() != b.type()) {
    return Value::Null();
  }
  bool equality = op == "=" || op == "<>";
  if (a.is_object() && !equality) {
    return Status(ErrorCode::kQueryError, "objects can only be compared for equality");
  }
  if (numbers && (a.type() == ValueType::kFloat || b.type() == ValueType::kFloat)) {
    double x = a.AsDouble(), y = b.AsDouble();
    if (std::isnan(x) || std::isnan(y)) {
      return Value::Bool(op == "<>");
    }
  }
  int c = a.Compare(b);
  bool result = false;
  if (op == "=") {
    result = c == 0;
  } else if (op == "<>") {
    result = c != 0;
  } else if (op == "<") {
    result = c < 0;
  } else if (op == "<=") {
    result = c <= 0;
  } else if (op == ">") {
    result = c > 0;
  } else if (op == ">=") {
    result = c >= 0;
  }
  return Value::Bool(result);
}

Result<Value> Add(const Value& a, const Value& b) {
  if (a.is_nullish() || b.is_nullish()) {
    return Value::Null();
  }
  if (InvolvesU256(a, b)) {
    return U256Arithmetic('+', a, b);
  }
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) {
    int64_t out;
    if (__builtin_add_overflow(a.int_value(), b.int_value(), &out)) {
      return Overflow("+");
    }
    return Value::Int(out);
  }
  if (IsNumber(a) && IsNumber(b)) {
    return Value::Float(a.AsDouble() + b.AsDouble());
  }
  if (IsInterval(b)) {
    if (a.type() == b.type()) {
      return a.type() == ValueType::kMonthInterval
                 ? Value::MonthInterval(a.int_value() + b.int_value())
                 : Value::MicrosecondInterval(a.int_value() + b.int_value());
    }
    return AddInterval(a, b, 1);
  }
  if (IsInterval(a)) {
    return AddInterval(b, a, 1);
  }
  if (a.type() == ValueType::kDate && b.type() == ValueType::kTime) {
    return Value::Datetime(a.int_value() * kMicrosPerDay + b.int_value());
  }
  return TypeError("+", IsNumber(a) ? b : a);
}

Result<Value> Subtract(const Value& a, const Value& b) {
  if (a.is_nullish() || b.is_nullish()) {
    return Value::Null();
  }
  if (InvolvesU256(a, b)) {
    return U256Arithmetic('-', a, b);
  }
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) {
    int64_t out;
    if (__builtin_sub_overflow(a.int_value(), b.int_value(), &out)) {
      return Overflow("-");
    }
    return Value::Int(out);
  }
  if (IsNumber(a) && IsNumber(b)) {
    return Value::Float(a.AsDouble() - b.AsDouble());
  }
  if (IsInterval(b)) {
    if (a.type() == b.type()) {
      return a.type() == ValueType::kMonthInterval
                 ? Value::MonthInterval(a.int_value() - b.int_value())
                 : Value::MicrosecondInterval(a.int_value() - b.int_value());
    }
    return AddInterval(a, b, -1);
  }
  if (a.type() == b.type()) {
    switch (a.type()) {
      case ValueType::kTimestamp:
      case ValueType::kDatetime:
      case ValueType::kTime:
        return Value::MicrosecondInterval(a.int_value() - b.int_value());
      case ValueType::kDate:
        return Value::MicrosecondInterval((a.int_value() - b.int_value()) * kMicrosPerDay);
      default:
        break;
    }
  }
  return TypeError("-", IsNumber(a) ? b : a);
}

Result<Value> Multiply(const Value& a, const Value& b) {
  if (a.is_nullish() || b.is_nullish()) {
    return Value::Null();
  }
  if (InvolvesU256(a, b)) {
    return U256Arithmetic('*', a, b);
  }
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) {
    int64_t out;
    if (__builtin_mul_overflow(a.int_value(), b.int_value(), &out)) {
      return Overflow("*");
    }
    return Value::Int(out);
  }
  if (IsNumber(a) && IsNumber(b)) {
    return Value::Float(a.AsDouble() * b.AsDouble());
  }
  // interval * number
  const Value& iv = IsInterval(a) ? a : b;
  const Value& n = IsInterval(a) ? b : a;
  if (IsInterval(iv) && IsNumber(n)) {
    double scaled = double(iv.int_value()) * n.AsDouble();
    return iv.type() == ValueType::kMonthInterval ? Value::MonthInterval(int64_t(scaled))
                                                  : Value::MicrosecondInterval(int64_t(scaled));
  }
  return TypeError("*", IsNumber(a) ? b : a);
}

Result<Value> Divide(const Value& a, const Value& b) {
  if (a.is_nullish() || b.is_nullish()) {
    return Value::Null();
  }
  if (InvolvesU256(a, b)) {
    return U256Arithmetic('/', a, b);
  }
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) {
    if (b.int_value() == 0) {
      return Status(ErrorCode::kQueryError, "division by zero");
    }
    if (a.int_value() == INT64_MIN && b.int_value() == -1) {
      return Overflow("/");
    }
    return Value::Int(a.int_value() / b.int_value());
  }
  if (IsNumber(a) && IsNumber(b)) {
    return Value::Float(a.AsDouble() / b.AsDouble());
  }
  if (IsInterval(a) && IsNumber(b)) {
    double scaled = double(a.int_value()) / b.AsDouble();
    return a.type() == ValueType::kMonthInterval ? Value::MonthInterval(int64_t(scaled))
                                                 : Value::MicrosecondInterval(int64_t(scaled));
  }
  return TypeError("/", IsNumber(a) ? b : a);
}

Result<Value> Modulo(const Value& a, const Value& b) {
  if (a.is_nullish() || b.is_nullish()) {
    return Value::Null();
  }
  if (InvolvesU256(a, b)) {
    return U256Arithmetic('%', a, b);
  }
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) {
    if (b.int_value() == 0) {
      return Status(ErrorCode::kQueryError, "division by zero");
    }
    if (b.int_value() == -1) {
      return Value::Int(0);
    }
    return Value::Int(a.int_value() % b.int_value());
  }
  if (IsNumber(a) && IsNumber(b)) {
    return Value::Float(std::fmod(a.AsDouble(), b.AsDouble()));
  }
  return TypeError("%", IsNumber(a) ? b : a);
}

Result<Value> Negate(const Value& a) {
  if (a.is_nullish()) {
    return Value::Null();
  }
  if (a.type() == ValueType::kInt) {
    if (a.int_value() == INT64_MIN) {
      return Overflow("-");
    }
    return Value::Int(-a.int_value());
  }
  if (a.type() == ValueType::kFloat) {
    return Value::Float(-a.float_value());
  }
  if (a.type() == ValueType::kMonthInterval) {
    return Value::MonthInterval(-a.int_value());
  }
  if (a.type() == ValueType::kMicrosecondInterval) {
    return Value::MicrosecondInterval(-a.int_value());
  }
  return TypeError("unary -", a);
}

Result<Value> Concat(const Value& a, const Value& b) {
  if (a.is_nullish() || b.is_nullish()) {
    return Value::Null();
  }
  if (a.is_string() && b.is_string()) {
    std::string out(a.string_value());
    out.append(b.string_value());
    return Value::String(std::move(out));
  }
  if (a.is_array() && b.is_array()) {
    Array out = a.array();
    out.insert(out.end(), b.array().begin(), b.array().end());
    return Value::MakeArray(std::move(out));
  }
  return TypeError("||", a.is_string() || a.is_array() ? b : a);
}

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return n;
}

namespace {

// Decodes the code point at text[*pos], advancing *pos.
uint32_t NextCodePoint(std::string_view text, size_t* pos) {
  auto c = static_cast<unsigned char>(text[*pos]);
  int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (int idx = 1; idx < len && *pos + idx < text.size(); ++idx) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[*pos + idx]) & 0x3F);
  }
  *pos += len;
  return cp;
}

uint32_t FoldCase(uint32_t cp) {
  return cp < 128 ? uint32_t(std::tolower(int(cp))) : cp;
}

bool LikeAt(const std::vector<uint32_t>& text, size_t ti, const std::vector<uint32_t>& pat,
            size_t pi, int escape) {
  while (pi < pat.size()) {
    uint32_t p = pat[pi];
    if (escape >= 0 && p == uint32_t(escape) && pi + 1 < pat.size()) {
      if (ti >= text.size() || text[ti] != pat[pi + 1]) {
        return false;
      }
      ti++;
      pi += 2;
      continue;
    }
    if (p == '%') {
      while (pi < pat.size() && pat[pi] == '%') {
        ++pi;
      }
      if (pi == pat.size()) {
        return true;
      }
      for (size_t start = ti; start <= text.size(); ++start) {
        if (LikeAt(text, start, pat, pi, escape)) {
          return true;
        }
      }
      return false;
    }
    if (ti >= text.size()) {
      return false;
    }
    if (p != '_' && p != text[ti]) {
      return false;
    }
    ++ti;
    ++pi;
  }
  return ti == text.size();
}

}  // namespace

bool LikeMatch(std::string_view text, std::string_view pattern, int escape, bool case_insensitive) {
  std::vector<uint32_t> t, p;
  for (size_t pos = 0; pos < text.size();) {
    uint32_t cp = NextCodePoint(text, &pos);
    t.push_back(case_insensitive ? FoldCase(cp) : cp);
  }
  for (size_t pos = 0; pos < pattern.size();) {
    uint32_t cp = NextCodePoint(pattern, &pos);
    p.push_back(case_insensitive ? FoldCase(cp) : cp);
  }
  return LikeAt(t, 0, p, 0, escape);
}

}  // namespace basalt::sql
