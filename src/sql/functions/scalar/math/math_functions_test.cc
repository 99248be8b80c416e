// Math, bitwise, conditional and type functions: values, null, undefined, wrong types.
#include <gtest/gtest.h>

#include "sql/functions/function_test_util.h"

namespace basalt::sql {
namespace {

using testing::ExpectCases;
using testing::kTypeError;

TEST(MathFunctionsTest, AbsKeepsType) {
  ExpectCases({{"ABS(5)", "5"},
               {"ABS(-5)", "5"},
               {"TYPEOF(ABS(-5))", "\"int\""},
               {"ABS(-2.5)", "2.5"},
               {"ABS(NULL)", "null"},
               {"ABS(UNDEFINED)", "null"},
               {"ABS('x')", kTypeError},
               {"ABS(-9223372036854775807 - 1)", kTypeError}});
}

TEST(MathFunctionsTest, RoundingReturnsFloat) {
  ExpectCases({{"FLOOR(2.4)", "2.0"},
               {"FLOOR(2.6)", "2.0"},
               {"FLOOR(-2.5)", "-3.0"},
               {"TYPEOF(FLOOR(2))", "\"float\""},
               {"CEIL(2.1)", "3.0"},
               {"CEILING(-2.1)", "-2.0"},
               {"TRUNCATE(2.4)", "2.0"},
               {"TRUNCATE(2.6)", "2.0"},
               {"TRUNCATE(-2.6)", "-2.0"},
               {"TRUNC(1.999, 2)", "1.99"},
               {"ROUND(2.5)", "3.0"},
               {"ROUND(-2.5)", "-3.0"},
               {"ROUND(2.4)", "2.0"},
               {"ROUND(1234.5678, 2)", "1234.57"},
               {"ROUND(1234.5678, -2)", "1200.0"},
               {"ROUND(null)", "null"},
               {"ROUND(UNDEFINED)", "null"},
               {"ROUND(1.5, null)", "null"},
               {"ROUND('1')", kTypeError},
               {"ROUND(1.5, 1.5)", kTypeError},
               {"FLOOR(true)", kTypeError},
               {"SIGN(-3)", "-1"},
               {"SIGN(0.0)", "0"},
               {"SIGN(7.5)", "1"},
               {"SIGN(NULL)", "null"},
               {"SIGN('a')", kTypeError}});
}

TEST(MathFunctionsTest, Elementary) {
  ExpectCases({{"POW(2, 10)", "1024.0"},
               {"POWER(2.0, -1)", "0.5"},
               {"EXP(0)", "1.0"},
               {"LN(1)", "0.0"},
               {"LOG10(1000)", "3.0"},
               {"LOG2(8)", "3.0"},
               {"LOG(10, 100)", "2.0"},
               {"SQRT(16)", "4.0"},
               {"SQRT(null)", "null"},
               {"IS_NAN(SQRT(-1))", "true"},
               {"LN(0)", "\"-Infinity\""},
               {"COS(0)", "1.0"},
               {"SIN(0)", "0.0"},
               {"ATAN2(1, 1) * 4 = PI()", "true"},
               {"HYPOT(3, 4)", "5.0"},
               {"MOD(17, 5)", "2"},
               {"MOD(-17, 5)", "-2"},
               {"MOD(5.5, 2)", "1.5"},
               {"MOD(1, 0)", kTypeError},
               {"MOD('a', 1)", kTypeError},
               {"SQRT(UNDEFINED)", "null"},
               {"SQRT('4')", kTypeError},
               {"POW(2, 'a')", kTypeError},
               {"IS_FINITE(1)", "true"},
               {"IS_INFINITE(1.0)", "false"},
               {"IS_NAN(null)", "null"},
               {"WIDTH_BUCKET(-1, 0, 10, 5)", "0"},
               {"WIDTH_BUCKET(10, 0, 10, 5)", "6"},
               {"WIDTH_BUCKET(3.3, 0, 10, 5)", "2"},
               {"WIDTH_BUCKET(1, 0, 10, 0)", kTypeError}});
}

TEST(MathFunctionsTest, Bitwise) {
  ExpectCases({{"BITWISE_XOR(5, 3)", "6"},
               {"BITWISE_AND(12, 10)", "8"},
               {"BITWISE_OR(12, 10)", "14"},
               {"BITWISE_NOT(0)", "-1"},
               {"BITWISE_SHIFT_LEFT(1, 63)", "-9223372036854775808"},
               {"BITWISE_SHIFT_LEFT(1, 64)", "0"},
               {"BITWISE_SHIFT_RIGHT(-1, 60)", "15"},
               {"BITWISE_SHIFT_RIGHT_ARITHMETIC(-8, 1)", "-4"},
               {"BIT_COUNT(-1, 64)", "64"},
               {"BIT_COUNT(7, 2)", kTypeError},
               {"BITWISE_XOR(null, 3)", "null"},
               {"BITWISE_XOR(UNDEFINED, 3)", "null"},
               {"BITWISE_XOR(1.0, 3)", kTypeError}});
}

TEST(ConditionalFunctionsTest, NullHandling) {
  ExpectCases({{"COALESCE(undefined, 'x')", "\"x\""},
               {"COALESCE(NULL, UNDEFINED)", "null"},
               {"COALESCE(1, 'a')", "1"},
               {"IFNULL(NULL, 2)", "2"},
               {"IF(1 < 2, 'yes', 'no')", "\"yes\""},
               {"IF(NULL, 'yes', 'no')", "\"no\""},
               {"IF(UNDEFINED, 'yes', 'no')", "\"no\""},
               {"IF(1, 'yes', 'no')", kTypeError},  // no implicit int -> bool
               {"NULLIF(1, 2)", "1"},
               {"NULLIF(1, 1.0)", "null"},
               {"NULLIF(1, '1')", "1"},
               {"NULLIF(NULL, 1)", "null"},
               {"GREATEST(1)", "1"},
               {"GREATEST(1, 2, 3)", "3"},
               {"GREATEST(1, 2.5)", "2.5"},
               {"LEAST(3, 1, 2)", "1"},
               {"LEAST('b', 'a')", "\"a\""},
               {"GREATEST(1, NULL)", "null"},
               {"GREATEST(1, UNDEFINED)", "null"},
               {"GREATEST(1, 'a')", kTypeError},
               {"LEAST(DATE '2018-01-02', DATE '2018-01-01')", "\"2018-01-01\""}});
}

TEST(TypeFunctionsTest, TypeOfAndIsScalar) {
  ExpectCases({{"TYPEOF('a')", "\"string\""},
               {"TYPEOF(NULL)", "\"null\""},
               {"TYPEOF(UNDEFINED)", "\"undefined\""},
               {"TYPEOF(HOURS(1))", "\"microsecond_interval\""},
               {"TYPEOF(ST_GEOGPOINT(1, 2))", "\"geography\""},
               {"IS_SCALAR(1)", "true"},
               {"IS_SCALAR([1])", "false"},
               {"IS_SCALAR({'a': 1})", "false"},
               {"IS_SCALAR(NULL)", "false"},
               {"IS_SCALAR(UNDEFINED)", "false"},
               {"IS_SCALAR(DATE '2018-01-01')", "true"}});
}

}  // namespace
}  // namespace basalt::sql
