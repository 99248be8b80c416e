// Hidden per-document state (Mutation::apply_with_state): kept beside the document in the
// same batch, invisible to readers, durable, removed with the document.
#include <gtest/gtest.h>

#include "common/json.h"
#include "storage/store.h"
#include "storage/store_test_util.h"

namespace basalt::storage {
namespace {

using testing::TempStore;

// A mutation that records what it saw and answers `kind`, `document`, `state`.
Mutation Stateful(const std::string& id, MutationKind kind, Value document,
                  std::optional<Value> state, std::string* seen) {
  Mutation mutation;
  mutation.id = id;
  mutation.apply_with_state = [=](const Value* current,
                                  const Value* old_state) -> Result<MutationOutcome> {
    *seen = (current ? ToJson(*current) : "-") + " " + (old_state ? ToJson(*old_state) : "-");
    return MutationOutcome{kind, document, state};
  };
  return mutation;
}

Status ApplyOne(Store& store, uint32_t coll, Mutation mutation) {
  std::vector<Mutation> mutations;
  mutations.push_back(std::move(mutation));
  BASALT_ASSIGN_OR_RETURN(WriteSummary summary, store.Apply(coll, mutations));
  return summary.results[0].status;
}

TEST(HiddenStateTest, StateLivesBesideTheDocumentAndSurvivesReopen) {
  TempStore temp;
  uint32_t coll = *temp.store().CreateCollection();
  Value doc = *ParseJson(R"({"_id": "g", "n": 1})");
  std::string seen;
  ASSERT_TRUE(
      ApplyOne(temp.store(), coll, Stateful("g", MutationKind::kPut, doc, Value::Int(1), &seen))
          .ok());
  EXPECT_EQ(seen, "- -");
  temp.Reopen();
  Value doc2 = *ParseJson(R"({"_id": "g", "n": 2})");
  ASSERT_TRUE(
      ApplyOne(temp.store(), coll, Stateful("g", MutationKind::kPut, doc2, Value::Int(2), &seen))
          .ok());
  EXPECT_EQ(seen, R"({"_id":"g","n":1} 1)");
  // The state is not part of the document: readers see only the document's own fields.
  auto reader = std::move(temp.store().NewReader(coll)).value();
  EXPECT_EQ(ToJson(**reader->GetById("g")), R"({"_id":"g","n":2})");
  std::vector<std::string> paths = *reader->ListPaths();
  EXPECT_EQ(paths.size(), 2u);
}

TEST(HiddenStateTest, StateWithoutDocumentAndRemovalOnDelete) {
  TempStore temp;
  uint32_t coll = *temp.store().CreateCollection();
  std::string seen;
  // A no-op outcome may still set the state (a group hidden by HAVING).
  ASSERT_TRUE(ApplyOne(temp.store(), coll,
                       Stateful("h", MutationKind::kNoop, Value(), Value::String("s"), &seen))
                  .ok());
  EXPECT_EQ(*temp.store().DocumentCount(coll), 0u);
  ASSERT_TRUE(
      ApplyOne(temp.store(), coll, Stateful("h", MutationKind::kNoop, Value(), std::nullopt, &seen))
          .ok());
  EXPECT_EQ(seen, R"(- "s")");
  // Undefined removes it.
  ASSERT_TRUE(ApplyOne(temp.store(), coll,
                       Stateful("h", MutationKind::kNoop, Value(), Value::Undefined(), &seen))
                  .ok());
  ASSERT_TRUE(
      ApplyOne(temp.store(), coll, Stateful("h", MutationKind::kNoop, Value(), std::nullopt, &seen))
          .ok());
  EXPECT_EQ(seen, "- -");
  // A plain delete of the document removes its state too.
  Value doc = *ParseJson(R"({"_id": "h"})");
  ASSERT_TRUE(
      ApplyOne(temp.store(), coll, Stateful("h", MutationKind::kPut, doc, Value::Int(5), &seen))
          .ok());
  ASSERT_TRUE(ApplyOne(temp.store(), coll, testing::DeleteDoc("h")).ok());
  ASSERT_TRUE(
      ApplyOne(temp.store(), coll, Stateful("h", MutationKind::kNoop, Value(), std::nullopt, &seen))
          .ok());
  EXPECT_EQ(seen, "- -");
}

TEST(HiddenStateTest, DeleteMayKeepANewState) {
  TempStore temp;
  uint32_t coll = *temp.store().CreateCollection();
  std::string seen;
  Value doc = *ParseJson(R"({"_id": "g"})");
  ASSERT_TRUE(
      ApplyOne(temp.store(), coll, Stateful("g", MutationKind::kPut, doc, Value::Int(1), &seen))
          .ok());
  ASSERT_TRUE(ApplyOne(temp.store(), coll,
                       Stateful("g", MutationKind::kDelete, Value(), Value::Int(2), &seen))
                  .ok());
  EXPECT_EQ(*temp.store().DocumentCount(coll), 0u);
  ASSERT_TRUE(
      ApplyOne(temp.store(), coll, Stateful("g", MutationKind::kNoop, Value(), std::nullopt, &seen))
          .ok());
  EXPECT_EQ(seen, "- 2");
}

TEST(HiddenStateTest, LaterMutationsOfOneBatchSeeEarlierStates) {
  TempStore temp;
  uint32_t coll = *temp.store().CreateCollection();
  std::vector<Mutation> mutations;
  std::string first, second;
  mutations.push_back(Stateful("x", MutationKind::kNoop, Value(), Value::Int(1), &first));
  mutations.push_back(Stateful("x", MutationKind::kNoop, Value(), Value::Int(2), &second));
  ASSERT_TRUE(temp.store().Apply(coll, mutations).ok());
  EXPECT_EQ(first, "- -");
  EXPECT_EQ(second, "- 1");
}

}  // namespace
}  // namespace basalt::storage
