// Roots, exponentials, logarithms, powers, trigonometry, constants, random numbers and
// float classification. All take int or float and return float (IEEE results for
// out-of-domain input: SQRT(-1) is NaN, LN(0) is -Infinity), except MOD and the IS_*
// predicates.
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "sql/executor/value_ops.h"
#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

template <FnName kName, double (*kFn)(double)>
Result<Value> Unary(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double x, NumberArg(kName.view(), args, 0));
  return Value::Float(kFn(x));
}

template <FnName kName, double (*kFn)(double, double)>
Result<Value> Binary(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double x, NumberArg(kName.view(), args, 0));
  BASALT_ASSIGN_OR_RETURN(double y, NumberArg(kName.view(), args, 1));
  return Value::Float(kFn(x, y));
}

double Sqrt(double x) {
  return std::sqrt(x);
}
// libm's cbrt may be 1 ulp off (cbrt(27) = 3.0000000000000004 in glibc); perfect cubes
// give their exact root.
double Cbrt(double x) {
  double root = std::cbrt(x);
  double nearest = std::nearbyint(root);
  return nearest * nearest * nearest == x ? nearest : root;
}
double Exp(double x) {
  return std::exp(x);
}
double Ln(double x) {
  return std::log(x);
}
double Log10(double x) {
  return std::log10(x);
}
double Log2(double x) {
  return std::log2(x);
}
double LogBase(double base, double x) {
  return std::log(x) / std::log(base);
}
double Pow(double x, double y) {
  return std::pow(x, y);
}
double Sin(double x) {
  return std::sin(x);
}
double Cos(double x) {
  return std::cos(x);
}
double Tan(double x) {
  return std::tan(x);
}
double Asin(double x) {
  return std::asin(x);
}
double Acos(double x) {
  return std::acos(x);
}
double Atan(double x) {
  return std::atan(x);
}
double Sinh(double x) {
  return std::sinh(x);
}
double Cosh(double x) {
  return std::cosh(x);
}
double Tanh(double x) {
  return std::tanh(x);
}
double Asinh(double x) {
  return std::asinh(x);
}
double Acosh(double x) {
  return std::acosh(x);
}
double Atanh(double x) {
  return std::atanh(x);
}
double Atan2(double y, double x) {
  return std::atan2(y, x);
}
double Hypot(double x, double y) {
  return std::hypot(x, y);
}
double Degrees(double x) {
  return x * 180.0 / std::numbers::pi;
}
double Radians(double x) {
  return x * std::numbers::pi / 180.0;
}

Result<Value> Mod(const Args& args, const FunctionContext&) {
  for (size_t idx = 0; idx < 2; ++idx) {
    if (!args[idx].is_number()) {
      return ArgumentTypeError("MOD", int(idx + 1), args[idx], "a number");
    }
  }
  return Modulo(args[0], args[1]);
}

Result<Value> Pi(const Args&, const FunctionContext&) {
  return Value::Float(std::numbers::pi);
}
Result<Value> E(const Args&, const FunctionContext&) {
  return Value::Float(std::numbers::e);
}

Result<Value> Rand(const Args&, const FunctionContext&) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return Value::Float(std::uniform_real_distribution<double>(0.0, 1.0)(engine));
}

enum class FloatClass : uint8_t { kNan, kFinite, kInfinite };

template <FnName kName, FloatClass kClass>
Result<Value> Classify(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double x, NumberArg(kName.view(), args, 0));
  switch (kClass) {
    case FloatClass::kNan:
      return Value::Bool(std::isnan(x));
    case FloatClass::kFinite:
      return Value::Bool(std::isfinite(x));
    case FloatClass::kInfinite:
      return Value::Bool(std::isinf(x));
  }
  return Value::Bool(false);
}

// Presto's width_bucket: 0 below lo, n + 1 at or above hi.
Result<Value> WidthBucket(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double x, NumberArg("WIDTH_BUCKET", args, 0));
  BASALT_ASSIGN_OR_RETURN(double lo, NumberArg("WIDTH_BUCKET", args, 1));
  BASALT_ASSIGN_OR_RETURN(double hi, NumberArg("WIDTH_BUCKET", args, 2));
  BASALT_ASSIGN_OR_RETURN(int64_t n, IntArg("WIDTH_BUCKET", args, 3));
  if (n <= 0 || n == std::numeric_limits<int64_t>::max()) {
    return FunctionError("WIDTH_BUCKET", "bucket count must be positive and below 2^63 - 1");
  }
  if (!std::isfinite(x) || !std::isfinite(lo) || !std::isfinite(hi) || lo == hi) {
    return FunctionError("WIDTH_BUCKET", "bounds and operand must be finite, bounds distinct");
  }
  double fraction = (x - lo) / (hi - lo);
  if (fraction < 0) {
    return Value::Int(0);
  }
  if (fraction >= 1) {
    return Value::Int(n + 1);
  }
  // fraction * n rounds in double: keep the bucket below n (and the cast in range).
  double bucket = std::floor(fraction * double(n));
  return Value::Int((bucket >= double(n) ? n - 1 : int64_t(bucket)) + 1);
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example,
                bool deterministic = true) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .kernel = kernel,
          .deterministic = deterministic,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef SqrtFunction() {
  return Def("SQRT", 1, 1, Unary<"SQRT", Sqrt>, "SQRT(x) -> float", "Square root.",
             "SQRT(16) = 4.0");
}
FunctionDef CbrtFunction() {
  return Def("CBRT", 1, 1, Unary<"CBRT", Cbrt>, "CBRT(x) -> float", "Cube root.",
             "CBRT(27) = 3.0 AND CBRT(-8) = -2.0");
}
FunctionDef ExpFunction() {
  return Def("EXP", 1, 1, Unary<"EXP", Exp>, "EXP(x) -> float", "e raised to x.", "EXP(0) = 1.0");
}
FunctionDef LnFunction() {
  return Def("LN", 1, 1, Unary<"LN", Ln>, "LN(x) -> float", "Natural logarithm.", "LN(1) = 0.0");
}
FunctionDef Log10Function() {
  return Def("LOG10", 1, 1, Unary<"LOG10", Log10>, "LOG10(x) -> float", "Base-10 logarithm.",
             "LOG10(1000) = 3.0");
}
FunctionDef Log2Function() {
  return Def("LOG2", 1, 1, Unary<"LOG2", Log2>, "LOG2(x) -> float", "Base-2 logarithm.",
             "LOG2(8) = 3.0");
}
FunctionDef LogFunction() {
  return Def("LOG", 2, 2, Binary<"LOG", LogBase>, "LOG(b, x) -> float", "Logarithm of x to base b.",
             "LOG(2, 1024) = 10.0");
}
FunctionDef PowFunction() {
  return Def("POW", 2, 2, Binary<"POW", Pow>, "POW(x, y) -> float", "x raised to y.",
             "POW(2, 10) = 1024.0");
}
FunctionDef PowerFunction() {
  return Def("POWER", 2, 2, Binary<"POWER", Pow>, "POWER(x, y) -> float", "Same as POW.",
             "POWER(3, 2) = 9.0");
}
FunctionDef ModFunction() {
  return Def("MOD", 2, 2, Mod, "MOD(x, y) -> int | float",
             "Remainder of x / y with the sign of x (same as %).", "MOD(17, 5) = 2");
}
FunctionDef SinFunction() {
  return Def("SIN", 1, 1, Unary<"SIN", Sin>, "SIN(x) -> float", "Sine (radians).", "SIN(0) = 0.0");
}
FunctionDef CosFunction() {
  return Def("COS", 1, 1, Unary<"COS", Cos>, "COS(x) -> float", "Cosine (radians).",
             "COS(0) = 1.0");
}
FunctionDef TanFunction() {
  return Def("TAN", 1, 1, Unary<"TAN", Tan>, "TAN(x) -> float", "Tangent (radians).",
             "TAN(0) = 0.0");
}
FunctionDef AsinFunction() {
  return Def("ASIN", 1, 1, Unary<"ASIN", Asin>, "ASIN(x) -> float", "Arc sine.", "ASIN(0) = 0.0");
}
FunctionDef AcosFunction() {
  return Def("ACOS", 1, 1, Unary<"ACOS", Acos>, "ACOS(x) -> float", "Arc cosine.", "ACOS(1) = 0.0");
}
FunctionDef AtanFunction() {
  return Def("ATAN", 1, 1, Unary<"ATAN", Atan>, "ATAN(x) -> float", "Arc tangent.",
             "ATAN(0) = 0.0");
}
FunctionDef SinhFunction() {
  return Def("SINH", 1, 1, Unary<"SINH", Sinh>, "SINH(x) -> float", "Hyperbolic sine.",
             "SINH(0) = 0.0");
}
FunctionDef CoshFunction() {
  return Def("COSH", 1, 1, Unary<"COSH", Cosh>, "COSH(x) -> float", "Hyperbolic cosine.",
             "COSH(0) = 1.0");
}
FunctionDef TanhFunction() {
  return Def("TANH", 1, 1, Unary<"TANH", Tanh>, "TANH(x) -> float", "Hyperbolic tangent.",
             "TANH(0) = 0.0");
}
FunctionDef AsinhFunction() {
  return Def("ASINH", 1, 1, Unary<"ASINH", Asinh>, "ASINH(x) -> float", "Inverse hyperbolic sine.",
             "ASINH(0) = 0.0");
}
FunctionDef AcoshFunction() {
  return Def("ACOSH", 1, 1, Unary<"ACOSH", Acosh>, "ACOSH(x) -> float",
             "Inverse hyperbolic cosine.", "ACOSH(1) = 0.0");
}
FunctionDef AtanhFunction() {
  return Def("ATANH", 1, 1, Unary<"ATANH", Atanh>, "ATANH(x) -> float",
             "Inverse hyperbolic tangent.", "ATANH(0) = 0.0");
}
FunctionDef Atan2Function() {
  return Def("ATAN2", 2, 2, Binary<"ATAN2", Atan2>, "ATAN2(y, x) -> float",
             "Quadrant-correct arc tangent of y / x.", "ATAN2(0, 1) = 0.0");
}
FunctionDef HypotFunction() {
  return Def("HYPOT", 2, 2, Binary<"HYPOT", Hypot>, "HYPOT(x, y) -> float", "sqrt(x² + y²).",
             "HYPOT(3, 4) = 5.0");
}
FunctionDef DegreesFunction() {
  return Def("DEGREES", 1, 1, Unary<"DEGREES", Degrees>, "DEGREES(x) -> float",
             "Radians to degrees.", "DEGREES(PI()) > 179.99 AND DEGREES(PI()) < 180.01");
}
FunctionDef RadiansFunction() {
  return Def("RADIANS", 1, 1, Unary<"RADIANS", Radians>, "RADIANS(x) -> float",
             "Degrees to radians.", "RADIANS(180) > 3.14 AND RADIANS(180) < 3.15");
}
FunctionDef PiFunction() {
  return Def("PI", 0, 0, Pi, "PI() -> float", "The constant π.", "PI() > 3.14 AND PI() < 3.15");
}
FunctionDef EFunction() {
  return Def("E", 0, 0, E, "E() -> float", "Euler's number e.", "E() > 2.71 AND E() < 2.72");
}
FunctionDef RandFunction() {
  return Def("RAND", 0, 0, Rand, "RAND() -> float", "A uniform random float in [0, 1).",
             "RAND() >= 0.0 AND RAND() < 1.0", false);
}
FunctionDef RandomFunction() {
  return Def("RANDOM", 0, 0, Rand, "RANDOM() -> float", "Same as RAND.",
             "RANDOM() >= 0.0 AND RANDOM() < 1.0", false);
}
FunctionDef IsNanFunction() {
  return Def("IS_NAN", 1, 1, Classify<"IS_NAN", FloatClass::kNan>, "IS_NAN(x) -> bool",
             "Whether x is NaN.", "IS_NAN(SQRT(-1)) AND NOT IS_NAN(1)");
}
FunctionDef IsFiniteFunction() {
  return Def("IS_FINITE", 1, 1, Classify<"IS_FINITE", FloatClass::kFinite>, "IS_FINITE(x) -> bool",
             "Whether x is neither infinite nor NaN.", "IS_FINITE(1.5) AND NOT IS_FINITE(LN(0))");
}
FunctionDef IsInfiniteFunction() {
  return Def("IS_INFINITE", 1, 1, Classify<"IS_INFINITE", FloatClass::kInfinite>,
             "IS_INFINITE(x) -> bool", "Whether x is +Infinity or -Infinity.",
             "IS_INFINITE(LN(0))");
}
FunctionDef WidthBucketFunction() {
  return Def("WIDTH_BUCKET", 4, 4, WidthBucket, "WIDTH_BUCKET(x, lo, hi, n) -> int",
             "Bucket number of x among n equal-width buckets over [lo, hi); 0 below lo, n + 1 "
             "at or above hi.",
             "WIDTH_BUCKET(5.5, 0, 10, 5) = 3");
}

}  // namespace basalt::sql
