// Aggregates over rows of values, as the engine feeds them (null rows skipped unless the
// aggregate sees them): results, empty input, nulls and wrong types.
#include <cmath>

#include <gtest/gtest.h>

#include "sql/functions/function_test_util.h"

namespace basalt::sql {
namespace {

using testing::CallAggregate;
using testing::J;

std::vector<std::vector<Value>> Rows(std::string_view json_array) {
  std::vector<std::vector<Value>> rows;
  Value values = J(json_array);
  for (const Value& v : values.array()) {
    rows.push_back({v});
  }
  return rows;
}

std::vector<std::vector<Value>> Pairs(std::string_view json_array) {
  std::vector<std::vector<Value>> rows;
  Value values = J(json_array);
  for (const Value& v : values.array()) {
    rows.push_back(v.array());
  }
  return rows;
}

std::string Agg(std::string_view name, const std::vector<std::vector<Value>>& rows) {
  auto result = CallAggregate(name, rows);
  if (!result.ok()) {
    return "ERROR";
  }
  return ToJson(*result);
}

// The conformance data set: x = 2, 4, 4, 4, 5, 5, 7, 9.
constexpr std::string_view kXs = "[2, 4, 4, 4, 5, 5, 7, 9]";

TEST(AggregateFunctionsTest, Basic) {
  EXPECT_EQ(Agg("SUM", Rows(kXs)), "40");
  EXPECT_EQ(Agg("SUM", Rows("[1, null, 3]")), "4");
  EXPECT_EQ(Agg("SUM", Rows("[1, 2.5]")), "3.5");
  EXPECT_EQ(Agg("SUM", Rows("[]")), "null");
  EXPECT_EQ(Agg("SUM", Rows("[1, \"a\"]")), "ERROR");
  EXPECT_EQ(Agg("AVG", Rows("[1, 2]")), "1.5");
  EXPECT_EQ(Agg("MAX", Rows(kXs)), "9");
  EXPECT_EQ(Agg("MIN", Rows("[\"b\", \"a\"]")), "\"a\"");
  EXPECT_EQ(Agg("COUNT", Rows("[1, null, 2]")), "2");
  EXPECT_EQ(Agg("COUNT", Rows("[]")), "0");
  EXPECT_EQ(Agg("ARRAY_AGG", Rows("[\"red\", null]")), "[\"red\",null]");
  EXPECT_EQ(Agg("ARRAY_AGG", Rows("[]")), "null");
  EXPECT_EQ(Agg("ARBITRARY", Rows("[null, 7]")), "7");
  EXPECT_EQ(Agg("ARBITRARY", Rows("[null]")), "null");
}

TEST(AggregateFunctionsTest, BooleanAndSelection) {
  EXPECT_EQ(Agg("EVERY", Rows("[true, true]")), "true");
  EXPECT_EQ(Agg("BOOL_AND", Rows("[true, null, false]")), "false");
  EXPECT_EQ(Agg("BOOL_OR", Rows("[false, null, true]")), "true");
  EXPECT_EQ(Agg("BOOL_OR", Rows("[]")), "null");
  EXPECT_EQ(Agg("BOOL_AND", Rows("[1]")), "ERROR");
  EXPECT_EQ(Agg("COUNT_IF", Rows("[true, false, null, true]")), "2");
  EXPECT_EQ(Agg("COUNT_IF", Rows("[]")), "0");
  EXPECT_EQ(Agg("COUNT_IF", Rows("[1]")), "ERROR");
  EXPECT_EQ(Agg("MAX_BY", Pairs("[[\"a\", 3], [\"b\", 9], [\"c\", 5]]")), "\"b\"");
  EXPECT_EQ(Agg("MIN_BY", Pairs("[[\"a\", 3], [\"b\", 9], [\"c\", 5]]")), "\"a\"");
  EXPECT_EQ(Agg("MAX_BY", Pairs("[[\"a\", null], [null, 2], [\"c\", 1]]")), "null");
  EXPECT_EQ(Agg("MAX_BY", Pairs("[[\"a\", null]]")), "null");
  EXPECT_EQ(Agg("MAX_BY", Pairs("[[\"a\", 1], [\"b\", \"x\"]]")), "ERROR");
  EXPECT_EQ(Agg("MAP_AGG", Pairs("[[\"a\", 1], [\"b\", 2], [\"a\", 3]]")), "{\"a\":1,\"b\":2}");
  EXPECT_EQ(Agg("MAP_AGG", Pairs("[[1, 1]]")), "ERROR");
  EXPECT_EQ(Agg("BITWISE_OR_AGG", Rows("[1, 2, 4]")), "7");
  EXPECT_EQ(Agg("BITWISE_AND_AGG", Rows("[7, 3]")), "3");
  EXPECT_EQ(Agg("BITWISE_XOR_AGG", Rows("[7, 3]")), "4");
  EXPECT_EQ(Agg("BITWISE_AND_AGG", Rows("[1.5]")), "ERROR");
}

TEST(AggregateFunctionsTest, Statistics) {
  EXPECT_EQ(Agg("STDDEV_SAMP", Rows(kXs)), "2.138089935299395");
  EXPECT_EQ(Agg("STDDEV_POP", Rows(kXs)), "2.0");
  EXPECT_EQ(Agg("VAR_POP", Rows(kXs)), "4.0");
  EXPECT_EQ(Agg("STDDEV", Rows("[1]")), "null");
  EXPECT_EQ(Agg("VARIANCE", Rows("[1, \"a\"]")), "ERROR");
  auto geometric = CallAggregate("GEOMETRIC_MEAN", Rows("[1, 100]"));
  ASSERT_TRUE(geometric.ok());
  EXPECT_NEAR(geometric->float_value(), 10.0, 1e-9);
  EXPECT_EQ(Agg("CORR", Pairs("[[1, 1], [2, 2], [3, 3], [null, 4]]")), "1.0");
  EXPECT_EQ(Agg("COVAR_POP", Pairs("[[1, 1], [3, 3]]")), "1.0");
  EXPECT_EQ(Agg("COVAR_SAMP", Pairs("[[1, 1], [3, 3]]")), "2.0");
}

TEST(AggregateFunctionsTest, Approximate) {
  EXPECT_EQ(Agg("APPROX_DISTINCT", Rows(kXs)), "5");
  EXPECT_EQ(Agg("APPROX_DISTINCT", Rows("[]")), "0");
  std::vector<std::vector<Value>> many;
  for (int idx = 0; idx < 100000; ++idx) {
    many.push_back({Value::Int(idx % 50000)});
  }
  auto estimate = CallAggregate("APPROX_DISTINCT", many);
  ASSERT_TRUE(estimate.ok());
  EXPECT_NEAR(double(estimate->int_value()), 50000.0, 50000.0 * 0.08);
  EXPECT_EQ(Agg("APPROX_PERCENTILE", Pairs("[[1, 0.5], [2, 0.5], [3, 0.5], [4, 0.5], [5, 0.5]]")),
            "3");
  EXPECT_EQ(Agg("APPROX_PERCENTILE", Pairs("[[1, [0, 1]], [9, [0, 1]]]")), "[1,9]");
  EXPECT_EQ(Agg("APPROX_PERCENTILE", Pairs("[[1, 2]]")), "ERROR");
  EXPECT_EQ(Agg("APPROX_PERCENTILE", Pairs("[[\"a\", 0.5]]")), "ERROR");
}

}  // namespace
}  // namespace basalt::sql
