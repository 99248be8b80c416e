#include "sql/functions/interval.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/time_util.h"

namespace basalt::sql {
namespace {

std::string Normalize(std::string_view unit) {
  std::string u(unit);
  for (char& c : u) c = char(std::toupper(static_cast<unsigned char>(c)));
  if (u.size() > 1 && u.back() == 'S') u.pop_back();
  return u;
}

int MonthsPerUnit(const std::string& unit) {
  if (unit == "YEAR") return 12;
  if (unit == "QUARTER") return 3;
  if (unit == "MONTH") return 1;
  return 0;
}

Status BadInterval(std::string_view text) {
  return Status(ErrorCode::kQueryError, "Invalid interval literal '" + std::string(text) + "'");
}

}  // namespace

int64_t MicrosPerUnit(std::string_view unit_in) {
  std::string unit = Normalize(unit_in);
  if (unit == "WEEK") return 7 * kMicrosPerDay;
  if (unit == "DAY") return kMicrosPerDay;
  if (unit == "HOUR") return 3600 * kMicrosPerSecond;
  if (unit == "MINUTE") return 60 * kMicrosPerSecond;
  if (unit == "SECOND") return kMicrosPerSecond;
  if (unit == "MILLISECOND") return 1000;
  if (unit == "MICROSECOND") return 1;
  return 0;
}

Result<Value> IntervalLiteral(const Value& amount, std::string_view unit_in,
                              std::string_view to_unit_in) {
  std::string unit = Normalize(unit_in);
  std::string to_unit = Normalize(to_unit_in);
  bool months = MonthsPerUnit(unit) > 0;
  if (!to_unit.empty() && (MonthsPerUnit(to_unit) > 0) != months) {
    return Status(ErrorCode::kQueryError, "Invalid interval unit range " + unit + " TO " + to_unit);
  }
  if (!months && MicrosPerUnit(unit) == 0) {
    return Status(ErrorCode::kQueryError, "Unknown interval unit " + unit);
  }
  if (amount.is_number()) {
    double v = amount.AsDouble();
    if (months) return Value::MonthInterval(int64_t(v * MonthsPerUnit(unit)));
    return Value::MicrosecondInterval(int64_t(std::llround(v * double(MicrosPerUnit(unit)))));
  }
  if (!amount.is_string()) {
    return Status(ErrorCode::kQueryError, "An interval amount must be a number or a string");
  }
  std::string text(amount.string_value());
  bool negative = !text.empty() && text[0] == '-';
  std::string body = negative || (!text.empty() && text[0] == '+') ? text.substr(1) : text;
  if (to_unit.empty()) {
    char* end = nullptr;
    double v = std::strtod(body.c_str(), &end);
    if (body.empty() || end != body.c_str() + body.size()) return BadInterval(text);
    Value number = Value::Float(negative ? -v : v);
    return IntervalLiteral(number, unit, "");
  }
  // Compound: split into numbers on '-', ' ', ':'.
  std::vector<double> parts;
  std::string current;
  for (char c : body) {
    if (c == '-' || c == ' ' || c == ':') {
      if (current.empty()) return BadInterval(text);
      parts.push_back(std::strtod(current.c_str(), nullptr));
      current.clear();
    } else if ((c >= '0' && c <= '9') || c == '.') {
      current.push_back(c);
    } else {
      return BadInterval(text);
    }
  }
  if (current.empty()) return BadInterval(text);
  parts.push_back(std::strtod(current.c_str(), nullptr));
  int sign = negative ? -1 : 1;
  if (months) {
    if (parts.size() != 2 || unit != "YEAR") return BadInterval(text);
    return Value::MonthInterval(sign * int64_t(parts[0] * 12 + parts[1]));
  }
  static const std::vector<std::string> kOrder = {"DAY", "HOUR", "MINUTE", "SECOND"};
  size_t first = 0;
  while (first < kOrder.size() && kOrder[first] != unit) ++first;
  size_t last = first;
  while (last < kOrder.size() && kOrder[last] != to_unit) ++last;
  if (first >= kOrder.size() || last >= kOrder.size() || last < first ||
      parts.size() != last - first + 1) {
    return BadInterval(text);
  }
  double micros = 0;
  for (size_t idx = 0; idx < parts.size(); ++idx) {
    micros += parts[idx] * double(MicrosPerUnit(kOrder[first + idx]));
  }
  return Value::MicrosecondInterval(sign * int64_t(std::llround(micros)));
}

}  // namespace basalt::sql
