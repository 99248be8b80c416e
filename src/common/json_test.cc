#include "common/json.h"

#include <gtest/gtest.h>

#include "common/time_util.h"

namespace basalt {
namespace {

TEST(JsonTest, ParsesNumbersAsIntOrFloat) {
  auto v = ParseJson(R"({"a": 1, "b": 1.5, "c": 18446744073709551615, "d": [true, null]})");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->Get("a").type(), ValueType::kInt);
  EXPECT_EQ(v->Get("b").type(), ValueType::kFloat);
  EXPECT_EQ(v->Get("c").type(), ValueType::kFloat);
  EXPECT_EQ(ToJson(*v), R"({"a":1,"b":1.5,"c":18446744073709551616.0,"d":[true,null]})");
}

TEST(JsonTest, MalformedIsBadRequest) {
  auto v = ParseJson("{\"a\": ");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), ErrorCode::kBadRequest);
}

TEST(JsonTest, DepthLimit) {
  std::string deep(150, '[');
  deep += std::string(150, ']');
  auto v = ParseJson(deep);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), ErrorCode::kInvalidInput);
}

TEST(JsonTest, ExtendedJsonTypes) {
  auto v = ParseJson(R"({"t": {"__rockset_type": "timestamp", "value": "2024-01-31T10:00:00Z"},
                         "d": {"__rockset_type": "DATE", "value": "2024-01-31"},
                         "b": {"__rockset_type": "bytes", "value": "aGk="}})");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->Get("t").type(), ValueType::kTimestamp);
  EXPECT_EQ(ToJson(v->Get("t")), "\"2024-01-31T10:00:00.000000Z\"");
  EXPECT_EQ(ToJson(v->Get("d")), "\"2024-01-31\"");
  EXPECT_EQ(v->Get("b").string_value(), "hi");
  EXPECT_EQ(ToJson(v->Get("b")), R"({"__rockset_type":"bytes","value":"aGk="})");
}

TEST(JsonTest, FloatsKeepDecimalPoint) {
  EXPECT_EQ(FormatFloat(2.0), "2.0");
  EXPECT_EQ(FormatFloat(2.5), "2.5");
  EXPECT_EQ(FormatFloat(0.1), "0.1");
  EXPECT_EQ(FormatFloat(1e20), "1.0e+20");
  EXPECT_EQ(FormatFloat(1.5e-7), "1.5e-07");
}

TEST(JsonTest, EscapesStrings) {
  EXPECT_EQ(ToJson(Value::String("a\"b\\\n\x01")), R"("a\"b\\\n\u0001")");
}

TEST(TimeTest, ParseAndFormat) {
  EXPECT_EQ(FormatDatetime(*ParseDatetime("2018-05-26 10:30:20.345")), "2018-05-26T10:30:20.345");
  EXPECT_EQ(FormatTime(*ParseTime("10:30:20")), "10:30:20");
  EXPECT_EQ(*ParseTimestamp("1970-01-01T00:00:01+01:00"), -3599 * kMicrosPerSecond);
  EXPECT_EQ(FormatDate(*ParseDate("1969-12-31")), "1969-12-31");
  EXPECT_FALSE(ParseDate("2023-02-29").ok());
  EXPECT_TRUE(ParseDate("2024-02-29").ok());
}

}  // namespace
}  // namespace basalt
