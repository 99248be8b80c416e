#include "storage/store.h"

#include <gtest/gtest.h>

#include "common/json.h"
#include "storage/store_test_util.h"

namespace basalt::storage {
namespace {

using testing::DeleteDoc;
using testing::PutDoc;
using testing::TempStore;

Value Json(std::string_view text) {
  auto v = ParseJson(text);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return *v;
}

Status Put(Store& store, uint32_t coll, std::vector<Mutation> mutations) {
  auto summary = store.Apply(coll, mutations);
  if (!summary.ok())
    return summary.status();
  for (const auto& r : summary->results)
    BASALT_RETURN_IF_ERROR(r.status);
  return Status::Ok();
}

TEST(StoreTest, WritesReachAllThreeIndexes) {
  TempStore temp;
  auto coll = temp.store().CreateCollection();
  ASSERT_TRUE(coll.ok());
  ASSERT_TRUE(Put(temp.store(), *coll,
                  {PutDoc("a", Json(R"({"name": "Ann", "age": 30, "addr": {"city": "SF"},
                                        "tags": ["x", "y"]})")),
                   PutDoc("b", Json(R"({"name": "Bob", "age": 41.5, "tags": []})"))})
                  .ok());
  auto reader = temp.store().NewReader(*coll);
  ASSERT_TRUE(reader.ok());
  CollectionReader& r = **reader;

  auto doc = r.GetById("a");
  ASSERT_TRUE(doc.ok() && doc->has_value());
  EXPECT_EQ(ToJson(**doc),
            R"({"name":"Ann","age":30,"addr":{"city":"SF"},"tags":["x","y"],"_id":"a"})");
  auto seq_a = r.SeqOfId("a");
  ASSERT_TRUE(seq_a.ok() && seq_a->has_value());

  auto city = r.ColumnValue("addr.city", **seq_a);
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->string_value(), "SF");

  auto by_city = r.LookupEqual("addr.city", Value::String("SF"));
  ASSERT_TRUE(by_city.ok());
  EXPECT_EQ(by_city->ToVector(), std::vector<uint64_t>{**seq_a});

  auto by_tag = r.LookupEqual("tags[*]", Value::String("y"));
  ASSERT_TRUE(by_tag.ok());
  EXPECT_EQ(by_tag->Cardinality(), 1u);

  ValueRange range{.type = ValueType::kInt, .lower = Value::Int(31), .upper = Value::Float(50)};
  auto older = r.LookupRange("age", range);
  ASSERT_TRUE(older.ok());
  EXPECT_EQ(older->Cardinality(), 1u);
  EXPECT_FALSE(older->Contains(**seq_a));

  auto thirty = r.LookupEqual("age", Value::Float(30.0));
  ASSERT_TRUE(thirty.ok());
  EXPECT_TRUE(thirty->Contains(**seq_a));

  auto prefix = r.LookupPrefix("name", "B");
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(prefix->Cardinality(), 1u);

  auto arrays = r.LookupType("tags", ValueType::kArray);
  ASSERT_TRUE(arrays.ok());
  EXPECT_EQ(arrays->Cardinality(), 2u);

  auto count = r.DocumentCount();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2u);

  auto stats = r.GetPathStats("age");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->count_by_type[int(ValueType::kInt)], 1);
  EXPECT_EQ(stats->count_by_type[int(ValueType::kFloat)], 1);
  EXPECT_GT(stats->distinct_estimate, 1.5);
}

TEST(StoreTest, DeleteRemovesEverythingAndReaderKeepsSnapshot) {
  TempStore temp;
  uint32_t coll = *temp.store().CreateCollection();
  ASSERT_TRUE(Put(temp.store(), coll, {PutDoc("a", Json(R"({"x": 1})"))}).ok());
  auto before = temp.store().NewReader(coll);
  ASSERT_TRUE(Put(temp.store(), coll, {DeleteDoc("a")}).ok());
  auto after = temp.store().NewReader(coll);

  EXPECT_TRUE((*before)->GetById("a")->has_value());
  EXPECT_FALSE((*after)->GetById("a")->has_value());
  EXPECT_TRUE((*after)->LookupEqual("x", Value::Int(1))->Empty());
  EXPECT_TRUE((*after)->ColumnValue("x", 0)->is_undefined());
  EXPECT_EQ(*(*after)->DocumentCount(), 0u);
}

TEST(StoreTest, ForkedReaderSeesTheSameSnapshotAfterTheOriginalIsGone) {
  TempStore temp;
  uint32_t coll = *temp.store().CreateCollection();
  ASSERT_TRUE(Put(temp.store(), coll, {PutDoc("a", Json(R"({"x": 1})"))}).ok());
  auto original = temp.store().NewReader(coll);
  ASSERT_TRUE(original.ok());
  ASSERT_TRUE(Put(temp.store(), coll, {PutDoc("b", Json(R"({"x": 2})"))}).ok());
  auto fork = (*original)->Fork();
  ASSERT_TRUE(fork.ok());
  original->reset();  // the fork keeps the snapshot alive
  ASSERT_TRUE(Put(temp.store(), coll, {DeleteDoc("a")}).ok());

  EXPECT_TRUE((*fork)->GetById("a")->has_value());
  EXPECT_FALSE((*fork)->GetById("b")->has_value());
  EXPECT_EQ(*(*fork)->DocumentCount(), 1u);
  EXPECT_EQ((*fork)->ColumnValue("x", 0)->int_value(), 1);
}

TEST(StoreTest, MutationSeesEarlierMutationOfSameBatch) {
  TempStore temp;
  uint32_t coll = *temp.store().CreateCollection();
  std::vector<Mutation> mutations;
  mutations.push_back(PutDoc("a", Json(R"({"n": 1})")));
  mutations.push_back(Mutation{"a", [](const Value* current) -> Result<MutationOutcome> {
                                 EXPECT_NE(current, nullptr);
                                 Value next = *current;
                                 next.Set("n", Value::Int(current->Get("n").int_value() + 1));
                                 return MutationOutcome{MutationKind::kPut, next};
                               }});
  mutations.push_back(Mutation{"b", [](const Value*) -> Result<MutationOutcome> {
                                 return Status(ErrorCode::kInvalidInput, "bad document");
                               }});
  auto summary = temp.store().Apply(coll, mutations);
  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(summary->results[0].status.ok());
  EXPECT_FALSE(summary->results[0].existed);
  EXPECT_TRUE(summary->results[1].existed);
  EXPECT_EQ(summary->results[2].status.code(), ErrorCode::kInvalidInput);
  auto reader = temp.store().NewReader(coll);
  EXPECT_EQ((**(*reader)->GetById("a")).Get("n").int_value(), 2);
  EXPECT_EQ(*(*reader)->DocumentCount(), 1u);
}

TEST(StoreTest, DropCollectionRemovesAllKeysAndRecoversAfterReopen) {
  TempStore temp;
  uint32_t keep = *temp.store().CreateCollection();
  uint32_t drop = *temp.store().CreateCollection();
  ASSERT_TRUE(Put(temp.store(), keep, {PutDoc("k", Json(R"({"v": "keep"})"))}).ok());
  ASSERT_TRUE(Put(temp.store(), drop, {PutDoc("d", Json(R"({"v": "drop"})"))}).ok());
  ASSERT_TRUE(temp.store().WriteMeta({{"coll/drop", "x"}}).ok());
  ASSERT_TRUE(temp.store().DropCollection(drop, {"coll/drop"}).ok());
  temp.Reopen();
  auto r = std::move(temp.store().NewReader(drop)).value();
  EXPECT_FALSE(r->GetById("d")->has_value());
  EXPECT_TRUE(r->ListPaths()->empty());
  EXPECT_EQ(*r->DocumentCount(), 0u);
  EXPECT_FALSE(temp.store().GetMeta("coll/drop")->has_value());
  auto k = std::move(temp.store().NewReader(keep)).value();
  EXPECT_TRUE(k->GetById("k")->has_value());
  EXPECT_EQ(k->LookupEqual("v", Value::String("keep"))->Cardinality(), 1u);
}

TEST(StoreTest, MetaScanAndCollectionIds) {
  TempStore temp;
  uint32_t a = *temp.store().CreateCollection();
  uint32_t b = *temp.store().CreateCollection();
  EXPECT_NE(a, b);
  ASSERT_TRUE(temp.store().WriteMeta({{"ws/a", "1"}, {"ws/b", "2"}, {"wt/c", "3"}}).ok());
  auto scanned = temp.store().ScanMeta("ws/");
  ASSERT_TRUE(scanned.ok());
  ASSERT_EQ(scanned->size(), 2u);
  EXPECT_EQ((*scanned)[1].first, "ws/b");
  temp.Reopen();
  EXPECT_GT(*temp.store().CreateCollection(), b);
}

}  // namespace
}  // namespace basalt::storage
