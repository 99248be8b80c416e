#include "ingest/document_id.h"

#include <set>

#include <gtest/gtest.h>

#include "common/json.h"

namespace basalt::ingest {
namespace {

std::string IdOf(std::string_view json) {
  Result<Value> value = ParseJson(json);
  EXPECT_TRUE(value.ok()) << value.status().ToString();
  Result<std::string> id = DocumentIdFromValue(*value);
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.ok() ? *id : "<error>";
}

TEST(DocumentIdTest, StringsAreKept) {
  EXPECT_EQ(IdOf(R"("abc")"), "abc");
  EXPECT_EQ(IdOf(R"("1")"), "1");
}

TEST(DocumentIdTest, NumbersUseShortestDecimal) {
  EXPECT_EQ(IdOf("1"), "1");
  EXPECT_EQ(IdOf("-42"), "-42");
  EXPECT_EQ(IdOf("2.5"), "2.5");
  EXPECT_EQ(IdOf("0.1"), "0.1");
  EXPECT_EQ(IdOf("2.0"), "2");
  EXPECT_EQ(IdOf("1e300"), "1e+300");
  EXPECT_EQ(IdOf("9223372036854775807"), "9223372036854775807");
}

TEST(DocumentIdTest, ObjectsAreCompactJsonWithSortedKeys) {
  EXPECT_EQ(IdOf(R"({"b": 2, "a": {"z": 1, "y": [1, "x", 2.50]}})"),
            R"({"a":{"y":[1,"x",2.5],"z":1},"b":2})");
  EXPECT_EQ(IdOf(R"({"a":1,"b":2})"), IdOf(R"({"b":2,"a":1})"));
  EXPECT_EQ(IdOf(R"([true, null, "q\"uote"])"), R"([true,null,"q\"uote"])");
  EXPECT_EQ(IdOf("true"), "true");
}

TEST(DocumentIdTest, RejectsEmptyStringAndTemporalTypes) {
  Result<std::string> empty = DocumentIdFromValue(Value::String(""));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), ErrorCode::kInvalidInput);
  Result<std::string> ts = DocumentIdFromValue(Value::Timestamp(5));
  ASSERT_FALSE(ts.ok());
  EXPECT_EQ(ts.status().code(), ErrorCode::kInvalidInput);
  Result<std::string> nested = DocumentIdFromValue(Value::MakeObject({{"t", Value::Bytes("x")}}));
  EXPECT_FALSE(nested.ok());
}

TEST(DocumentIdTest, UuidV4IsWellFormedAndUnique) {
  std::set<std::string> seen;
  for (int round = 0; round < 1000; ++round) {
    std::string uuid = GenerateUuidV4();
    ASSERT_EQ(uuid.size(), 36u);
    EXPECT_EQ(uuid[8], '-');
    EXPECT_EQ(uuid[13], '-');
    EXPECT_EQ(uuid[14], '4');
    EXPECT_EQ(uuid[18], '-');
    EXPECT_TRUE(uuid[19] == '8' || uuid[19] == '9' || uuid[19] == 'a' || uuid[19] == 'b');
    EXPECT_EQ(uuid[23], '-');
    EXPECT_TRUE(seen.insert(uuid).second);
  }
}

}  // namespace
}  // namespace basalt::ingest
