#include "common/value.h"

#include <gtest/gtest.h>

#include "common/json.h"
#include "common/value_codec.h"

namespace basalt {
namespace {

TEST(ValueTest, IsCompactAndCopiesShareHeap) {
  Value s = Value::String("hello");
  Value copy = s;
  EXPECT_EQ(copy.string_value(), "hello");
  EXPECT_EQ(sizeof(Value), 16u);
}

TEST(ValueTest, MutableObjectCopiesOnWrite) {
  Value a = Value::MakeObject({{"x", Value::Int(1)}});
  Value b = a;
  b.Set("x", Value::Int(2));
  EXPECT_EQ(a.Get("x").int_value(), 1);
  EXPECT_EQ(b.Get("x").int_value(), 2);
  EXPECT_TRUE(a.Get("missing").is_undefined());
}

TEST(ValueTest, CrossTypeOrder) {
  std::vector<Value> ascending = {
      Value(),           Value::Null(),       Value::Bool(false),  Value::Int(-3),
      Value::Float(2.5), Value::Int(3),       Value::String("a"),  Value::Bytes("a"),
      Value::Date(1),    Value::Timestamp(0), Value::EmptyArray(), Value::EmptyObject()};
  for (size_t idx = 0; idx + 1 < ascending.size(); ++idx) {
    EXPECT_LT(ascending[idx].Compare(ascending[idx + 1]), 0) << idx;
  }
  EXPECT_TRUE(Value::Int(1).Equals(Value::Float(1.0)));
  EXPECT_EQ(Value::Int(1).Hash(), Value::Float(1.0).Hash());
}

TEST(ValueTest, ObjectEqualityIgnoresKeyOrder) {
  Value a = Value::MakeObject({{"x", Value::Int(1)}, {"y", Value::Int(2)}});
  Value b = Value::MakeObject({{"y", Value::Int(2)}, {"x", Value::Int(1)}});
  EXPECT_TRUE(a.Equals(b));
  EXPECT_EQ(a.Hash(), b.Hash());
}

TEST(ValueCodecTest, RoundTripsEveryType) {
  Value doc = Value::MakeObject({
      {"n", Value::Null()},
      {"b", Value::Bool(true)},
      {"i", Value::Int(-1234567890123)},
      {"f", Value::Float(3.25)},
      {"s", Value::String("héllo")},
      {"by", Value::Bytes(std::string("\0\1\2", 3))},
      {"d", Value::Date(-5)},
      {"t", Value::Time(123)},
      {"dt", Value::Datetime(456)},
      {"ts", Value::Timestamp(789)},
      {"mi", Value::MonthInterval(14)},
      {"ui", Value::MicrosecondInterval(-9)},
      {"a", Value::MakeArray({Value::Int(1), Value::MakeArray({})})},
      {"o", Value::MakeObject({{"k", Value::String("v")}})},
  });
  Value decoded;
  ASSERT_TRUE(DecodeValue(EncodeValue(doc), &decoded).ok());
  EXPECT_TRUE(decoded.Equals(doc));
  EXPECT_EQ(ToJson(decoded), ToJson(doc));
}

TEST(ValueCodecTest, DecodeFieldsKeepsOnlyTheNamedTopLevelFields) {
  Value doc = Value::MakeObject({
      {"skip_array", Value::MakeArray({Value::Int(1), Value::MakeObject({{"x", Value::Null()}}),
                                       Value::MakeArray({Value::Bool(true)})})},
      {"b", Value::Float(2.5)},
      {"skip_object", Value::MakeObject({{"k", Value::String("v")}, {"f", Value::Float(1)}})},
      {"a", Value::MakeObject({{"c", Value::Int(-7)}})},
      {"skip_scalars", Value::MakeArray({Value::Bool(false), Value::Null(), Value::Date(3),
                                         Value::Bytes("\x01"), Value::Timestamp(9)})},
      {"s", Value::String("text")},
  });
  std::string bytes = EncodeValue(doc);
  Value decoded;
  ASSERT_TRUE(DecodeFields(bytes, {"s", "a", "b", "missing"}, &decoded).ok());
  EXPECT_EQ(ToJson(decoded), R"({"b":2.5,"a":{"c":-7},"s":"text"})");
  ASSERT_TRUE(DecodeFields(bytes, {}, &decoded).ok());
  EXPECT_EQ(ToJson(decoded), "{}");
  // Not an object: decoded whole.
  ASSERT_TRUE(DecodeFields(EncodeValue(Value::Int(4)), {"a"}, &decoded).ok());
  EXPECT_TRUE(decoded.Equals(Value::Int(4)));
  // Malformed bytes in a skipped field are still found.
  std::string truncated = bytes.substr(0, bytes.size() - 3);
  EXPECT_FALSE(DecodeFields(truncated, {"b"}, &decoded).ok());
  EXPECT_FALSE(DecodeFields(bytes + "x", {"b"}, &decoded).ok());
}

TEST(ValueCodecTest, RejectsGarbage) {
  Value out;
  EXPECT_FALSE(DecodeValue(std::string_view("\x05\x09", 2), &out).ok());
  EXPECT_FALSE(DecodeValue(std::string_view("\x7f", 1), &out).ok());
}

}  // namespace
}  // namespace basalt
