#include "ingest/retention.h"

#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "common/time_util.h"
#include "ingest/write_ops.h"
#include "storage/store_test_util.h"

namespace basalt::ingest {
namespace {

const catalog::Principal kAdmin{.email = "admin@example.com", .apikey_name = "root"};
constexpr int64_t kHour = 3'600'000'000;  // microseconds
constexpr int kOld = 300;                 // more than one delete batch
constexpr int kNew = 200;

Value Json(std::string_view text) {
  Result<Value> parsed = ParseJson(text);
  BASALT_CHECK(parsed.ok()) << parsed.status().ToString();
  return std::move(parsed).value();
}

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = catalog::NewStoreBackend(temp_.store());
    Result<std::unique_ptr<catalog::Catalog>> opened = catalog::Catalog::Open(*backend_, kAdmin);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    catalog_ = std::move(opened).value();
    now_ = NowMicros();
  }

  uint32_t Create(std::string_view spec_json) {
    Result<catalog::CollectionSpec> spec = catalog::ParseCreateCollectionRequest(Json(spec_json));
    BASALT_CHECK(spec.ok()) << spec.status().ToString();
    Result<catalog::CollectionInfo> info = catalog_->CreateCollection("commons", *spec, kAdmin);
    BASALT_CHECK(info.ok()) << info.status().ToString();
    return info->storage_id;
  }

  // Adds documents {_id, kind, n, tags, nested} with the given `_event_time` (micros).
  void Add(uint32_t coll, const std::string& prefix, int count, int64_t event_time,
           const std::string& op = "UPSERT") {
    std::vector<storage::Mutation> mutations;
    for (int doc_idx = 0; doc_idx < count; ++doc_idx) {
      std::string json = R"({"_id": ")" + prefix + std::to_string(doc_idx) + R"(", "_op": ")" + op +
                         R"(", "kind": ")" + prefix + R"(", "n": )" + std::to_string(doc_idx) +
                         R"(, "tags": [")" + prefix + R"(-tag", "shared"], "nested": {"k": ")" +
                         prefix + R"("}, "_event_time": )" + std::to_string(event_time) + "}";
      Result<storage::Mutation> mutation = MakeAddMutation(Json(json), now_);
      ASSERT_TRUE(mutation.ok()) << mutation.status().ToString();
      mutations.push_back(std::move(mutation).value());
    }
    ASSERT_TRUE(temp_.store().Apply(coll, mutations).ok());
  }

  std::unique_ptr<storage::CollectionReader> Reader(uint32_t coll) {
    auto reader = temp_.store().NewReader(coll);
    BASALT_CHECK(reader.ok()) << reader.status().ToString();
    return std::move(reader).value();
  }

  uint64_t Postings(uint32_t coll, std::string_view path, std::string_view value) {
    auto found = Reader(coll)->LookupEqual(path, Value::String(std::string(value)));
    BASALT_CHECK(found.ok());
    return found->Cardinality();
  }

  // Values of `path` in the column store.
  size_t ColumnValues(uint32_t coll, std::string_view path, std::string_view value) {
    size_t count = 0;
    Status scanned = Reader(coll)->ScanColumn(path, [&](const storage::ColumnChunk& chunk) {
      for (size_t idx = 0; idx < chunk.size(); ++idx) {
        if (chunk.ValueAt(idx).Equals(Value::String(std::string(value)))) {
          ++count;
        }
      }
      return Status::Ok();
    });
    BASALT_CHECK(scanned.ok());
    return count;
  }

  storage::testing::TempStore temp_;
  std::unique_ptr<catalog::Backend> backend_;
  std::unique_ptr<catalog::Catalog> catalog_;
  int64_t now_ = 0;
};

TEST_F(RetentionTest, PurgesExpiredDocumentsFromEveryIndex) {
  uint32_t coll = Create(R"({"name": "events", "retention_secs": 3600})");
  uint32_t keep_all = Create(R"({"name": "forever"})");
  Add(coll, "old", kOld, now_ - 2 * kHour);
  Add(coll, "new", kNew, now_ - kHour / 2);
  // Old at first, then replaced (REPSERT may move _event_time) with a recent time: stays.
  Add(coll, "renewed", 5, now_ - 3 * kHour);
  Add(coll, "renewed", 5, now_, "REPSERT");
  Add(keep_all, "old", 10, now_ - 2 * kHour);

  RetentionPurger purger(*catalog_, *backend_, temp_.store(), RetentionOptions{});
  Result<PurgeStats> purged = purger.PurgeOnce(now_);
  ASSERT_TRUE(purged.ok()) << purged.status().ToString();
  EXPECT_EQ(purged->documents, kOld);
  EXPECT_GT(purged->bytes, kOld * 50);

  auto reader = Reader(coll);
  EXPECT_EQ(*reader->DocumentCount(), uint64_t(kNew + 5));
  EXPECT_EQ(*temp_.store().DocumentCount(coll), uint64_t(kNew + 5));
  EXPECT_EQ(reader->AllDocuments()->Cardinality(), uint64_t(kNew + 5));
  EXPECT_FALSE(reader->GetById("old0")->has_value());
  EXPECT_FALSE(reader->GetById("old299")->has_value());
  EXPECT_TRUE(reader->GetById("new0")->has_value());
  EXPECT_TRUE(reader->GetById("renewed4")->has_value());
  // Inverted index: top-level, nested and array-element values of purged documents are gone.
  EXPECT_EQ(Postings(coll, "kind", "old"), 0u);
  EXPECT_EQ(Postings(coll, "nested.k", "old"), 0u);
  EXPECT_EQ(Postings(coll, "tags[*]", "old-tag"), 0u);
  EXPECT_EQ(Postings(coll, "tags[*]", "shared"), uint64_t(kNew + 5));
  EXPECT_EQ(Postings(coll, "kind", "new"), uint64_t(kNew));
  // Column store and per-path counters.
  EXPECT_EQ(ColumnValues(coll, "kind", "old"), 0u);
  EXPECT_EQ(ColumnValues(coll, "kind", "new"), size_t(kNew));
  auto stats = reader->GetPathStats("kind");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->TotalCount(), kNew + 5);
  storage::ValueRange before_cutoff;
  before_cutoff.type = ValueType::kTimestamp;
  before_cutoff.upper = Value::Timestamp(now_ - kHour);
  EXPECT_TRUE(reader->LookupRange("_event_time", before_cutoff)->Empty());

  // The collection without retention keeps everything; totals are recorded.
  EXPECT_EQ(*temp_.store().DocumentCount(keep_all), 10u);
  Result<PurgeStats> recorded = ReadPurgedStats(*backend_, coll);
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(recorded->documents, kOld);
  EXPECT_EQ(recorded->bytes, purged->bytes);
  EXPECT_EQ(ReadPurgedStats(*backend_, keep_all)->documents, 0);

  // A second pass finds nothing more; the totals stay.
  EXPECT_EQ(purger.PurgeOnce(now_)->documents, 0);
  EXPECT_EQ(ReadPurgedStats(*backend_, coll)->documents, kOld);

  // Dropping the collection forgets its totals at the next pass.
  ASSERT_TRUE(catalog_->DropCollection("commons", "events").ok());
  ASSERT_TRUE(purger.PurgeOnce(now_).ok());
  EXPECT_TRUE(backend_->ScanMeta(PurgedStatsKey(coll))->empty());
}

TEST_F(RetentionTest, BackgroundPassesRunUntilStopped) {
  uint32_t coll = Create(R"({"name": "events", "retention_secs": 3600})");
  RetentionPurger purger(*catalog_, *backend_, temp_.store(),
                         RetentionOptions{.interval = std::chrono::milliseconds(20)});
  purger.Start();
  Add(coll, "new", 20, now_);
  Add(coll, "old", 20, now_ - 2 * kHour);
  int64_t deadline = NowMicros() + 10'000'000;
  while (*temp_.store().DocumentCount(coll) != 20u && NowMicros() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(*temp_.store().DocumentCount(coll), 20u);
  EXPECT_EQ(Postings(coll, "kind", "old"), 0u);
  purger.Stop();
  // Stopped: nothing is purged any more.
  Add(coll, "old", 20, now_ - 2 * kHour);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(*temp_.store().DocumentCount(coll), 40u);
}

}  // namespace
}  // namespace basalt::ingest
