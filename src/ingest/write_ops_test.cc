#include "ingest/write_ops.h"

#include <map>

#include <gtest/gtest.h>

#include "common/json.h"
#include "common/time_util.h"

namespace basalt::ingest {
namespace {

using storage::MutationKind;
using storage::MutationOutcome;

constexpr int64_t kIngestTime = 1'700'000'000'000'000;

Value Json(std::string_view text) {
  Result<Value> value = ParseJson(text);
  EXPECT_TRUE(value.ok()) << value.status().ToString() << " in " << text;
  return value.ok() ? *value : Value();
}

storage::Mutation Add(std::string_view record, int64_t ingest_time = kIngestTime) {
  Result<storage::Mutation> mutation = MakeAddMutation(Json(record), ingest_time);
  EXPECT_TRUE(mutation.ok()) << mutation.status().ToString();
  return mutation.ok() ? *mutation : storage::Mutation{};
}

Status AddError(std::string_view record) {
  Result<storage::Mutation> mutation = MakeAddMutation(Json(record), kIngestTime);
  return mutation.ok() ? Status::Ok() : mutation.status();
}

// A tiny in-memory collection that applies mutations the way storage does.
class FakeCollection {
 public:
  Result<MutationKind> Apply(const storage::Mutation& mutation) {
    auto found = docs_.find(mutation.id);
    const Value* current = found == docs_.end() ? nullptr : &found->second;
    BASALT_ASSIGN_OR_RETURN(MutationOutcome outcome, mutation.apply(current));
    switch (outcome.kind) {
      case MutationKind::kPut:
        EXPECT_TRUE(outcome.document.is_object());
        EXPECT_EQ(outcome.document.Get("_id").string_value(), mutation.id);
        docs_[mutation.id] = outcome.document;
        break;
      case MutationKind::kDelete:
        docs_.erase(mutation.id);
        break;
      case MutationKind::kNoop:
        break;
    }
    return outcome.kind;
  }
  void Add(std::string_view record, int64_t ingest_time = kIngestTime) {
    Result<MutationKind> applied = Apply(basalt::ingest::Add(record, ingest_time));
    ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  }
  // The stored document as JSON, or "absent".
  std::string Doc(const std::string& id) const {
    auto found = docs_.find(id);
    return found == docs_.end() ? "absent" : ToJson(found->second);
  }
  size_t size() const { return docs_.size(); }

 private:
  std::map<std::string, Value> docs_;
};

std::string Ts(int64_t micros) {
  std::string quoted = "\"";
  quoted += FormatTimestamp(micros);
  quoted += '"';
  return quoted;
}

TEST(AddMutationTest, MergeKeepsOtherFields) {
  FakeCollection coll;
  coll.Add(R"({"_id": 1, "a": 1, "b": 1})");
  coll.Add(R"({"_id": 1, "b": 2})");
  EXPECT_EQ(coll.Doc("1"), R"({"_id":"1","_event_time":)" + Ts(kIngestTime) + R"(,"a":1,"b":2})");
}

TEST(AddMutationTest, InsertPutsIdAndEventTimeFirstAndDropsMetaAndOp) {
  FakeCollection coll;
  coll.Add(R"({"x": true, "_meta": {"s3": 1}, "_id": "k", "_op": "upsert", "y": null})");
  EXPECT_EQ(coll.Doc("k"),
            R"({"_id":"k","_event_time":)" + Ts(kIngestTime) + R"(,"x":true,"y":null})");
}

TEST(AddMutationTest, MissingIdGetsAUuid) {
  storage::Mutation first = Add(R"({"a": 1})");
  storage::Mutation second = Add(R"({"a": 1, "_id": null})");
  EXPECT_EQ(first.id.size(), 36u);
  EXPECT_EQ(second.id.size(), 36u);
  EXPECT_NE(first.id, second.id);
  Result<MutationOutcome> outcome = first.apply(nullptr);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->document.Get("_id").string_value(), first.id);
}

TEST(AddMutationTest, NonStringIdsConvertDeterministically) {
  EXPECT_EQ(Add(R"({"_id": 42})").id, "42");
  EXPECT_EQ(Add(R"({"_id": 2.5})").id, "2.5");
  EXPECT_EQ(Add(R"({"_id": {"b": 1, "a": "x"}})").id, R"({"a":"x","b":1})");
  EXPECT_EQ(AddError(R"({"_id": ""})").code(), ErrorCode::kInvalidInput);
}

TEST(AddMutationTest, RecordMustBeAnObject) {
  for (std::string_view bad : {"1", "\"s\"", "[1]", "null"}) {
    Result<storage::Mutation> mutation = MakeAddMutation(Json(bad), kIngestTime);
    ASSERT_FALSE(mutation.ok()) << bad;
    EXPECT_EQ(mutation.status().code(), ErrorCode::kInvalidInput);
  }
}

TEST(AddMutationTest, EventTimeForms) {
  FakeCollection coll;
  coll.Add(R"({"_id": "int", "_event_time": 1500000000000000})");
  coll.Add(R"({"_id": "iso", "_event_time": "2024-03-01T12:00:00Z"})");
  coll.Add(R"({"_id": "zone", "_event_time": "2024-03-01T14:00:00+02:00"})");
  coll.Add(R"({"_id": "typed", "_event_time": {"__rockset_type": "timestamp", "value": "42"}})");
  coll.Add(R"({"_id": "none"})");
  int64_t noon = *ParseTimestamp("2024-03-01T12:00:00Z");
  EXPECT_EQ(coll.Doc("int"), R"({"_id":"int","_event_time":)" + Ts(1500000000000000) + "}");
  EXPECT_EQ(coll.Doc("iso"), R"({"_id":"iso","_event_time":)" + Ts(noon) + "}");
  EXPECT_EQ(coll.Doc("zone"), R"({"_id":"zone","_event_time":)" + Ts(noon) + "}");
  EXPECT_EQ(coll.Doc("none"), R"({"_id":"none","_event_time":)" + Ts(kIngestTime) + "}");
  Result<storage::Mutation> typed = MakeAddMutation(
      Value::MakeObject({{"_id", Value::String("t")}, {"_event_time", Value::Timestamp(42)}}),
      kIngestTime);
  ASSERT_TRUE(typed.ok());
  EXPECT_EQ(typed->apply(nullptr)->document.Get("_event_time"), Value::Timestamp(42));
  EXPECT_EQ(typed->apply(nullptr)->document.Get("_event_time").type(), ValueType::kTimestamp);
}

TEST(AddMutationTest, BadEventTimeIsARecordError) {
  EXPECT_EQ(AddError(R"({"_event_time": "yesterday"})").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(AddError(R"({"_event_time": 1.5})").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(AddError(R"({"_event_time": true})").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(AddError(R"({"_event_time": {"a": 1}})").code(), ErrorCode::kInvalidInput);
}

TEST(AddMutationTest, UpsertKeepsStoredEventTime) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a", "_event_time": 100, "v": 1})");
  coll.Add(R"({"_id": "a", "_event_time": 200, "v": 2})", kIngestTime + 5);
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(100) + R"(,"v":2})");
  coll.Add(R"({"_id": "a", "_op": "INSERT", "_event_time": 300, "w": 3})");
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(100) + R"(,"v":2,"w":3})");
}

TEST(AddMutationTest, MergeIsTopLevelOnly) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a", "o": {"x": 1, "y": 1}})");
  coll.Add(R"({"_id": "a", "o": {"y": 2}})");
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(kIngestTime) + R"(,"o":{"y":2}})");
}

TEST(AddMutationTest, OpIsCaseInsensitive) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a", "v": 1})");
  coll.Add(R"({"_id": "a", "_op": "dElEtE"})");
  EXPECT_EQ(coll.Doc("a"), "absent");
}

TEST(AddMutationTest, UnknownOrNonStringOpIsAnError) {
  EXPECT_EQ(AddError(R"({"_id": "a", "_op": "MERGE"})").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(AddError(R"({"_id": "a", "_op": 1})").code(), ErrorCode::kInvalidInput);
}

TEST(AddMutationTest, UpdateMergesOnlyWhenPresent) {
  FakeCollection coll;
  Result<MutationKind> absent = coll.Apply(Add(R"({"_id": "a", "_op": "UPDATE", "v": 1})"));
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(*absent, MutationKind::kNoop);
  EXPECT_EQ(coll.Doc("a"), "absent");
  coll.Add(R"({"_id": "a", "v": 1, "w": 1})");
  coll.Add(R"({"_id": "a", "_op": "update", "_event_time": 5, "v": 2})");
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(kIngestTime) + R"(,"v":2,"w":1})");
}

TEST(AddMutationTest, ReplaceReplacesOnlyWhenPresent) {
  FakeCollection coll;
  Result<MutationKind> absent = coll.Apply(Add(R"({"_id": "a", "_op": "REPLACE", "v": 1})"));
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(*absent, MutationKind::kNoop);
  EXPECT_EQ(coll.size(), 0u);
  coll.Add(R"({"_id": "a", "v": 1, "w": 1})");
  coll.Add(R"({"_id": "a", "_op": "replace", "_event_time": 5, "v": 2})");
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(5) + R"(,"v":2})");
  // Without an _event_time in the record, a replace takes the ingest time.
  coll.Add(R"({"_id": "a", "_op": "REPLACE", "z": 0})", kIngestTime + 9);
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(kIngestTime + 9) + R"(,"z":0})");
}

TEST(AddMutationTest, RepsertReplacesOrInserts) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a", "_op": "REPSERT", "v": 1, "w": 1})");
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(kIngestTime) + R"(,"v":1,"w":1})");
  coll.Add(R"({"_id": "a", "_op": "Repsert", "_event_time": 7, "v": 2})");
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(7) + R"(,"v":2})");
}

TEST(AddMutationTest, InsertIsUpsert) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a", "_op": "INSERT", "v": 1, "w": 1})");
  coll.Add(R"({"_id": "a", "_op": "insert", "v": 2})");
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(kIngestTime) + R"(,"v":2,"w":1})");
}

TEST(AddMutationTest, DeleteRemovesAndIgnoresOtherFields) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a", "v": 1})");
  Result<MutationKind> deleted =
      coll.Apply(Add(R"({"_id": "a", "_op": "DELETE", "_event_time": "garbage", "x": 1})"));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, MutationKind::kDelete);
  EXPECT_EQ(coll.Doc("a"), "absent");
  Result<MutationKind> again = coll.Apply(Add(R"({"_id": "a", "_op": "DELETE"})"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(coll.Doc("a"), "absent");
}

TEST(AddMutationTest, OpsThatNeedAnIdRejectRecordsWithout) {
  for (std::string_view op : {"UPDATE", "REPLACE", "DELETE"}) {
    std::string record = R"({"_op": ")" + std::string(op) + R"(", "v": 1})";
    EXPECT_EQ(AddError(record).code(), ErrorCode::kInvalidInput) << op;
  }
  EXPECT_TRUE(AddError(R"({"_op": "REPSERT", "v": 1})").ok());
}

TEST(AddMutationTest, ReportsTheOp) {
  Result<AddMutation> add =
      MakeAddMutationWithOp(Json(R"({"_id": "a", "_op": "delete"})"), kIngestTime);
  ASSERT_TRUE(add.ok());
  EXPECT_EQ(add->op, RecordOp::kDelete);
  EXPECT_EQ(RecordOpName(add->op), "DELETE");
}

// --- Patch.

Status PatchInto(FakeCollection* coll, std::string_view item) {
  Result<storage::Mutation> mutation = MakePatchMutation(Json(item));
  if (!mutation.ok()) {
    return mutation.status();
  }
  Result<MutationKind> applied = coll->Apply(*mutation);
  return applied.ok() ? Status::Ok() : applied.status();
}

TEST(PatchMutationTest, AppliesOperationsToTheStoredDocument) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a", "n": 1, "tags": ["x"], "addr": {"city": "Paris"}})");
  Status patched = PatchInto(&coll, R"({"_id": "a", "patch": [
      {"op": "INCREMENT", "path": "/n", "value": 2},
      {"op": "add", "path": "/tags/-", "value": "y"},
      {"op": "replace", "path": "/addr/city", "value": "Lyon"},
      {"op": "COPY", "from": "/addr", "path": "/old"},
      {"op": "MOVE", "from": "/old/city", "path": "/city"},
      {"op": "REMOVE", "path": "/old"},
      {"op": "TEST", "path": "/_id", "value": "a"}]})");
  ASSERT_TRUE(patched.ok()) << patched.ToString();
  EXPECT_EQ(coll.Doc("a"), R"({"_id":"a","_event_time":)" + Ts(kIngestTime) +
                               R"(,"n":3,"tags":["x","y"],"addr":{"city":"Lyon"},"city":"Lyon"})");
}

TEST(PatchMutationTest, FailedOperationLeavesDocumentUnchanged) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a", "n": 1})");
  std::string before = coll.Doc("a");
  Status failed = PatchInto(&coll, R"({"_id": "a", "patch": [
      {"op": "REPLACE", "path": "/n", "value": 5},
      {"op": "TEST", "path": "/n", "value": 1}]})");
  EXPECT_EQ(failed.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(coll.Doc("a"), before);
  Status bad_path = PatchInto(&coll, R"({"_id": "a", "patch": [
      {"op": "ADD", "path": "/x", "value": 5},
      {"op": "REMOVE", "path": "/missing"}]})");
  EXPECT_EQ(bad_path.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(coll.Doc("a"), before);
}

TEST(PatchMutationTest, SpecialFieldsAndRootAreRefused) {
  for (std::string_view item : {
           R"({"_id": "a", "patch": [{"op": "REPLACE", "path": "/_id", "value": "b"}]})",
           R"({"_id": "a", "patch": [{"op": "REMOVE", "path": "/_event_time"}]})",
           R"({"_id": "a", "patch": [{"op": "INCREMENT", "path": "/_event_time", "value": 1}]})",
           R"({"_id": "a", "patch": [{"op": "MOVE", "from": "/_id", "path": "/x"}]})",
           R"({"_id": "a", "patch": [{"op": "COPY", "from": "/v", "path": "/_id"}]})",
           R"({"_id": "a", "patch": [{"op": "REPLACE", "path": "", "value": {}}]})",
       }) {
    Result<storage::Mutation> mutation = MakePatchMutation(Json(item));
    ASSERT_FALSE(mutation.ok()) << item;
    EXPECT_EQ(mutation.status().code(), ErrorCode::kInvalidInput) << item;
  }
  // Reading them is fine.
  EXPECT_TRUE(
      MakePatchMutation(
          Json(R"({"_id": "a", "patch": [{"op": "COPY", "from": "/_id", "path": "/id_copy"}]})"))
          .ok());
}

TEST(PatchMutationTest, UnknownIdIsNotFound) {
  FakeCollection coll;
  Status missing = PatchInto(&coll, R"({"_id": "nope", "patch": []})");
  EXPECT_EQ(missing.code(), ErrorCode::kNotFound);
  EXPECT_EQ(coll.size(), 0u);
}

TEST(PatchMutationTest, MalformedItemsAreInvalidInput) {
  for (std::string_view item : {
           R"([1])",
           R"({"patch": []})",
           R"({"_id": "a"})",
           R"({"_id": "a", "patch": {}})",
           R"({"_id": "a", "patch": [{"op": "JUMP", "path": "/x"}]})",
           R"({"_id": "a", "patch": [{"op": "ADD", "path": "x", "value": 1}]})",
       }) {
    Result<storage::Mutation> mutation = MakePatchMutation(Json(item));
    ASSERT_FALSE(mutation.ok()) << item;
    EXPECT_EQ(mutation.status().code(), ErrorCode::kInvalidInput) << item;
  }
}

TEST(PatchMutationTest, NumericIdNamesTheSameDocumentAsAdd) {
  FakeCollection coll;
  coll.Add(R"({"_id": 7, "n": 1})");
  ASSERT_TRUE(PatchInto(&coll, R"({"_id": 7, "patch": [
      {"op": "increment", "path": "/n", "value": 1}]})")
                  .ok());
  EXPECT_EQ(coll.Doc("7"), R"({"_id":"7","_event_time":)" + Ts(kIngestTime) + R"(,"n":2})");
}

// --- Delete.

TEST(DeleteMutationTest, DeletesExistingAndIgnoresAbsent) {
  FakeCollection coll;
  coll.Add(R"({"_id": "a"})");
  Result<storage::Mutation> mutation = MakeDeleteMutation(Json(R"({"_id": "a"})"));
  ASSERT_TRUE(mutation.ok());
  EXPECT_EQ(mutation->id, "a");
  ASSERT_TRUE(coll.Apply(*mutation).ok());
  EXPECT_EQ(coll.Doc("a"), "absent");
  ASSERT_TRUE(coll.Apply(*mutation).ok());
  EXPECT_EQ(coll.size(), 0u);
}

TEST(DeleteMutationTest, NeedsAnId) {
  EXPECT_EQ(MakeDeleteMutation(Json(R"({})")).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(MakeDeleteMutation(Json(R"("a")")).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(MakeDeleteMutation(Json(R"({"_id": 3})"))->id, "3");
}

}  // namespace
}  // namespace basalt::ingest
