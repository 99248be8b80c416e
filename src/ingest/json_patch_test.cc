#include "ingest/json_patch.h"

#include <gtest/gtest.h>

#include "common/json.h"

namespace basalt::ingest {
namespace {

Value Json(std::string_view text) {
  Result<Value> value = ParseJson(text);
  EXPECT_TRUE(value.ok()) << value.status().ToString() << " in " << text;
  return value.ok() ? *value : Value();
}

// Applies a patch given as JSON text to a document given as JSON text.
Result<Value> Patch(std::string_view document, std::string_view patch) {
  BASALT_ASSIGN_OR_RETURN(std::vector<PatchOp> ops, ParsePatch(Json(patch)));
  return ApplyPatch(ops, Json(document));
}

void ExpectPatched(std::string_view document, std::string_view patch, std::string_view want) {
  Result<Value> got = Patch(document, patch);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(ToJson(*got), ToJson(Json(want))) << patch;
}

void ExpectFails(std::string_view document, std::string_view patch) {
  Result<Value> got = Patch(document, patch);
  ASSERT_FALSE(got.ok()) << "patch " << patch << " gave " << ToJson(*got);
  EXPECT_EQ(got.status().code(), ErrorCode::kInvalidInput);
}

TEST(JsonPointerTest, ParsesTokensAndEscapes) {
  Result<JsonPointer> root = ParseJsonPointer("");
  ASSERT_TRUE(root.ok());
  EXPECT_TRUE(root->tokens.empty());
  Result<JsonPointer> escaped = ParseJsonPointer("/a~1b/m~0n/~01/");
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(escaped->tokens, (std::vector<std::string>{"a/b", "m~n", "~1", ""}));
  EXPECT_FALSE(ParseJsonPointer("a/b").ok());
  EXPECT_FALSE(ParseJsonPointer("/a~2").ok());
  EXPECT_FALSE(ParseJsonPointer("/a~").ok());
}

TEST(JsonPatchTest, OpNamesAreCaseInsensitive) {
  ExpectPatched(R"({"a":1})", R"([{"op":"replace","path":"/a","value":2}])", R"({"a":2})");
  ExpectPatched(R"({"a":1})", R"([{"op":"Replace","path":"/a","value":3}])", R"({"a":3})");
  ExpectFails(R"({"a":1})", R"([{"op":"frobnicate","path":"/a"}])");
}

TEST(JsonPatchTest, AddSetsMembersAndInsertsIntoArrays) {
  ExpectPatched(R"({"a":1})", R"([{"op":"ADD","path":"/b","value":{"c":[]}}])",
                R"({"a":1,"b":{"c":[]}})");
  ExpectPatched(R"({"a":1})", R"([{"op":"ADD","path":"/a","value":5}])", R"({"a":5})");
  ExpectPatched(R"({"t":[1,2]})", R"([{"op":"ADD","path":"/t/0","value":0}])", R"({"t":[0,1,2]})");
  ExpectPatched(R"({"t":[1,2]})", R"([{"op":"ADD","path":"/t/2","value":3}])", R"({"t":[1,2,3]})");
  ExpectPatched(R"({"t":[1,2]})", R"([{"op":"ADD","path":"/t/-","value":3}])", R"({"t":[1,2,3]})");
  ExpectPatched(R"({"o":{}})", R"([{"op":"ADD","path":"/o/a~1b","value":null}])",
                R"({"o":{"a/b":null}})");
  ExpectFails(R"({"t":[1,2]})", R"([{"op":"ADD","path":"/t/3","value":3}])");
  ExpectFails(R"({"t":[1,2]})", R"([{"op":"ADD","path":"/t/01","value":3}])");
  ExpectFails(R"({"t":[1,2]})", R"([{"op":"ADD","path":"/t/x","value":3}])");
  ExpectFails(R"({"a":1})", R"([{"op":"ADD","path":"/missing/b","value":3}])");
  ExpectFails(R"({"a":1})", R"([{"op":"ADD","path":"/a/b","value":3}])");
  ExpectFails(R"({"a":1})", R"([{"op":"ADD","path":"/b"}])");  // no value
}

TEST(JsonPatchTest, RemoveNeedsAnExistingTarget) {
  ExpectPatched(R"({"a":1,"b":2})", R"([{"op":"REMOVE","path":"/a"}])", R"({"b":2})");
  ExpectPatched(R"({"t":[1,2,3]})", R"([{"op":"remove","path":"/t/1"}])", R"({"t":[1,3]})");
  ExpectPatched(R"({"o":{"x":{"y":1}}})", R"([{"op":"remove","path":"/o/x/y"}])",
                R"({"o":{"x":{}}})");
  ExpectFails(R"({"a":1})", R"([{"op":"REMOVE","path":"/b"}])");
  ExpectFails(R"({"t":[1]})", R"([{"op":"REMOVE","path":"/t/1"}])");
  ExpectFails(R"({"t":[1]})", R"([{"op":"REMOVE","path":"/t/-"}])");
  ExpectFails(R"({"a":1})", R"([{"op":"REMOVE","path":""}])");
}

TEST(JsonPatchTest, ReplaceNeedsAnExistingTarget) {
  ExpectPatched(R"({"a":1,"b":2})", R"([{"op":"REPLACE","path":"/b","value":"x"}])",
                R"({"a":1,"b":"x"})");
  ExpectPatched(R"({"t":[1,2]})", R"([{"op":"REPLACE","path":"/t/1","value":[9]}])",
                R"({"t":[1,[9]]})");
  ExpectPatched(R"({"a":1})", R"([{"op":"REPLACE","path":"","value":{"z":0}}])", R"({"z":0})");
  ExpectFails(R"({"a":1})", R"([{"op":"REPLACE","path":"/b","value":1}])");
  ExpectFails(R"({"t":[1]})", R"([{"op":"REPLACE","path":"/t/-","value":1}])");
}

TEST(JsonPatchTest, CopyAndMove) {
  ExpectPatched(R"({"a":{"x":1}})", R"([{"op":"COPY","from":"/a","path":"/b"}])",
                R"({"a":{"x":1},"b":{"x":1}})");
  ExpectPatched(R"({"a":{"x":1},"t":[]})", R"([{"op":"copy","from":"/a/x","path":"/t/-"}])",
                R"({"a":{"x":1},"t":[1]})");
  ExpectPatched(R"({"a":{"x":1}})", R"([{"op":"MOVE","from":"/a/x","path":"/y"}])",
                R"({"a":{},"y":1})");
  ExpectPatched(R"({"t":[1,2,3]})", R"([{"op":"move","from":"/t/0","path":"/t/-"}])",
                R"({"t":[2,3,1]})");
  ExpectPatched(R"({"a":1})", R"([{"op":"MOVE","from":"/a","path":"/a"}])", R"({"a":1})");
  ExpectFails(R"({"a":{"x":1}})", R"([{"op":"MOVE","from":"/a","path":"/a/x"}])");
  ExpectFails(R"({"a":1})", R"([{"op":"COPY","from":"/nope","path":"/b"}])");
  ExpectFails(R"({"a":1})", R"([{"op":"MOVE","from":"/nope","path":"/b"}])");
  ExpectFails(R"({"a":1})", R"([{"op":"COPY","path":"/b"}])");  // no from
}

TEST(JsonPatchTest, TestComparesStructurally) {
  ExpectPatched(R"({"a":{"x":[1,2]},"n":1})",
                R"([{"op":"TEST","path":"/a","value":{"x":[1,2]}},
                    {"op":"test","path":"/n","value":1.0}])",
                R"({"a":{"x":[1,2]},"n":1})");
  ExpectFails(R"({"a":[1,2]})", R"([{"op":"TEST","path":"/a","value":[2,1]}])");
  ExpectFails(R"({"a":1})", R"([{"op":"TEST","path":"/b","value":null}])");
  ExpectFails(R"({"a":null})", R"([{"op":"TEST","path":"/a","value":"null"}])");
}

TEST(JsonPatchTest, IncrementAddsNumbers) {
  ExpectPatched(R"({"n":1})", R"([{"op":"INCREMENT","path":"/n","value":2}])", R"({"n":3})");
  ExpectPatched(R"({"n":1})", R"([{"op":"increment","path":"/n","value":-5}])", R"({"n":-4})");
  ExpectPatched(R"({"n":1})", R"([{"op":"INCREMENT","path":"/n","value":0.5}])", R"({"n":1.5})");
  ExpectPatched(R"({"n":1.5})", R"([{"op":"INCREMENT","path":"/n","value":1}])", R"({"n":2.5})");
  ExpectPatched(R"({})", R"([{"op":"INCREMENT","path":"/n","value":7}])", R"({"n":7})");
  ExpectPatched(R"({"t":[1]})", R"([{"op":"INCREMENT","path":"/t/0","value":1},
                                     {"op":"INCREMENT","path":"/t/-","value":4}])",
                R"({"t":[2,4]})");
  Result<Value> as_int = Patch(R"({"n":1})", R"([{"op":"INCREMENT","path":"/n","value":2}])");
  ASSERT_TRUE(as_int.ok());
  EXPECT_EQ(as_int->Get("n").type(), ValueType::kInt);
  Result<Value> as_float = Patch(R"({"n":1})", R"([{"op":"INCREMENT","path":"/n","value":1.0}])");
  ASSERT_TRUE(as_float.ok());
  EXPECT_EQ(as_float->Get("n").type(), ValueType::kFloat);
  ExpectFails(R"({"n":"1"})", R"([{"op":"INCREMENT","path":"/n","value":1}])");
  ExpectFails(R"({"n":1})", R"([{"op":"INCREMENT","path":"/n","value":"1"}])");
  ExpectFails(R"({"n":9223372036854775807})", R"([{"op":"INCREMENT","path":"/n","value":1}])");
  ExpectFails(R"({})", R"([{"op":"INCREMENT","path":"/a/n","value":1}])");
}

TEST(JsonPatchTest, OperationsApplyInOrderAndAtomically) {
  ExpectPatched(R"({"a":1})",
                R"([{"op":"ADD","path":"/b","value":[]},
                    {"op":"ADD","path":"/b/-","value":"x"},
                    {"op":"MOVE","from":"/a","path":"/b/0"},
                    {"op":"TEST","path":"/b","value":[1,"x"]}])",
                R"({"b":[1,"x"]})");
  // A failure after successful operations leaves the input untouched.
  Value original = Json(R"({"a":{"x":1},"t":[1]})");
  Result<std::vector<PatchOp>> ops = ParsePatch(Json(
      R"([{"op":"REPLACE","path":"/a/x","value":2},{"op":"ADD","path":"/t/-","value":2},
          {"op":"TEST","path":"/a/x","value":1}])"));
  ASSERT_TRUE(ops.ok());
  Result<Value> failed = ApplyPatch(*ops, original);
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(ToJson(original), R"({"a":{"x":1},"t":[1]})");
}

TEST(JsonPatchTest, RejectsMalformedPatches) {
  EXPECT_FALSE(ParsePatch(Json(R"({"op":"ADD"})")).ok());
  EXPECT_FALSE(ParsePatch(Json(R"([1])")).ok());
  EXPECT_FALSE(ParsePatch(Json(R"([{"path":"/a","value":1}])")).ok());
  EXPECT_FALSE(ParsePatch(Json(R"([{"op":"ADD","path":3,"value":1}])")).ok());
  EXPECT_FALSE(ParsePatch(Json(R"([{"op":"ADD","path":"a","value":1}])")).ok());
  EXPECT_TRUE(ParsePatch(Json(R"([])")).ok());
}

}  // namespace
}  // namespace basalt::ingest
