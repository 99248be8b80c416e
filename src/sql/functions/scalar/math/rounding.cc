// FLOOR, CEIL/CEILING, ROUND, TRUNCATE/TRUNC, SIGN. Rounding functions return float even
// for int input (sql.md §10.5); SIGN returns int.
#include <cmath>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

double RoundHalfAway(double x) {
  return std::round(x);
}  // std::round rounds halves away

// Applies `fn` at `digits` decimal places (negative digits round left of the point).
template <double (*kFn)(double)>
double AtDigits(double x, int64_t digits) {
  if (digits == 0 || !std::isfinite(x)) {
    return kFn(x);
  }
  if (digits > 300) {
    return x;
  }
  if (digits < -300) {
    return kFn(0.0) * 0.0;
  }
  double scale = std::pow(10.0, double(digits < 0 ? -digits : digits));
  if (digits > 0) {
    double scaled = x * scale;
    if (!std::isfinite(scaled)) {
      return x;
    }
    return kFn(scaled) / scale;
  }
  return kFn(x / scale) * scale;
}

template <FnName kName, double (*kFn)(double)>
Result<Value> RoundingKernel(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double x, NumberArg(kName.view(), args, 0));
  int64_t digits = 0;
  if (args.size() > 1) {
    BASALT_ASSIGN_OR_RETURN(digits, IntArg(kName.view(), args, 1));
  }
  return Value::Float(AtDigits<kFn>(x, digits));
}

double Floor(double x) {
  return std::floor(x);
}
double Ceil(double x) {
  return std::ceil(x);
}
double Trunc(double x) {
  return std::trunc(x);
}

Result<Value> Sign(const Args& args, const FunctionContext&) {
  const Value& v = args[0];
  if (v.type() == ValueType::kInt) {
    return Value::Int(v.int_value() > 0 ? 1 : v.int_value() < 0 ? -1 : 0);
  }
  if (v.type() == ValueType::kFloat) {
    double x = v.float_value();
    if (std::isnan(x)) {
      return FunctionError("SIGN", "NaN has no sign");
    }
    return Value::Int(x > 0 ? 1 : x < 0 ? -1 : 0);
  }
  return ArgumentTypeError("SIGN", 1, v, "a number");
}

FunctionDef Rounding(std::string_view name, ScalarKernel kernel, int max_args,
                     std::string_view signature, std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = 1,
          .max_args = max_args,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef FloorFunction() {
  return Rounding("FLOOR", RoundingKernel<"FLOOR", Floor>, 1, "FLOOR(x) -> float",
                  "Largest integral value not greater than x, as a float.",
                  "FLOOR(2.6) = 2.0 AND TYPEOF(FLOOR(2)) = 'float'");
}

FunctionDef CeilFunction() {
  return Rounding("CEIL", RoundingKernel<"CEIL", Ceil>, 1, "CEIL(x) -> float",
                  "Smallest integral value not less than x, as a float.", "CEIL(2.1) = 3.0");
}

FunctionDef CeilingFunction() {
  return Rounding("CEILING", RoundingKernel<"CEILING", Ceil>, 1, "CEILING(x) -> float",
                  "Same as CEIL.", "CEILING(-2.1) = -2.0");
}

FunctionDef RoundFunction() {
  return Rounding("ROUND", RoundingKernel<"ROUND", RoundHalfAway>, 2, "ROUND(x[, d]) -> float",
                  "Rounds to the nearest integral value (or to d decimal places), halves away "
                  "from zero.",
                  "ROUND(2.5) = 3.0 AND ROUND(-2.5) = -3.0 AND ROUND(1.234, 2) = 1.23");
}

FunctionDef TruncateFunction() {
  return Rounding("TRUNCATE", RoundingKernel<"TRUNCATE", Trunc>, 2, "TRUNCATE(x[, d]) -> float",
                  "Rounds toward zero (optionally at d decimal places), as a float.",
                  "TRUNCATE(-2.6) = -2.0");
}

FunctionDef TruncFunction() {
  return Rounding("TRUNC", RoundingKernel<"TRUNC", Trunc>, 2, "TRUNC(x[, d]) -> float",
                  "Same as TRUNCATE.", "TRUNC(2.6) = 2.0");
}

FunctionDef SignFunction() {
  return {.name = "SIGN",
          .min_args = 1,
          .max_args = 1,
          .kernel = Sign,
          .signature = "SIGN(x) -> int",
          .doc = "-1, 0 or 1 according to the sign of x.",
          .example = "SIGN(-2.5) = -1 AND SIGN(0) = 0"};
}

}  // namespace basalt::sql
