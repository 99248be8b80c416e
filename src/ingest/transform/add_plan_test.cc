#include "ingest/transform/add_plan.h"

#include <thread>

#include <gtest/gtest.h>

#include "common/json.h"
#include "ingest/transform/rollup.h"
#include "ingest/transform/transform_cache.h"
#include "ingest/write_ops.h"
#include "storage/store_test_util.h"

namespace basalt::ingest {
namespace {

constexpr int64_t kNow = 1'700'000'000'000'000;

Value Json(std::string_view text) {
  Result<Value> value = ParseJson(text);
  EXPECT_TRUE(value.ok()) << value.status().ToString() << " in " << text;
  return value.ok() ? *value : Value();
}

std::shared_ptr<const Transformation> Compile(std::string_view sql) {
  auto compiled = Transformation::Compile(sql);
  EXPECT_TRUE(compiled.ok()) << sql << ": " << compiled.status().ToString();
  return compiled.ok() ? *compiled : nullptr;
}

// A collection in a temporary store, written the way the Write API writes.
class Collection {
 public:
  Collection() : id_(*temp_.store().CreateCollection()) {}

  // Writes `items_json` (a JSON array) and returns one line per item: "STATUS id".
  std::vector<std::string> Write(const std::shared_ptr<const Transformation>& transformation,
                                 std::string_view items_json, int64_t now = kNow) {
    Value items = Json(items_json);
    std::vector<storage::Mutation> mutations;
    std::vector<AddItemPlan> plans = PlanAdds(transformation, items.array(), {}, now, &mutations);
    auto summary = temp_.store().Apply(id_, mutations);
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    std::vector<std::string> out;
    for (const AddItemPlan& plan : plans) {
      Status error = plan.error;
      if (error.ok() && plan.mutation_index >= 0) {
        error = summary->results[size_t(plan.mutation_index)].status;
      }
      std::string status = !error.ok()               ? "ERROR " + error.ToString()
                           : plan.is_delete          ? "DELETED"
                           : plan.mutation_index < 0 ? "DROPPED"
                                                     : "ADDED";
      out.push_back(status + " " + plan.id.value_or("-"));
    }
    return out;
  }

  std::string Get(const std::string& id) {
    auto reader = std::move(temp_.store().NewReader(id_)).value();
    auto doc = reader->GetById(id);
    EXPECT_TRUE(doc.ok());
    return doc.ok() && doc->has_value() ? ToJson(**doc) : "absent";
  }
  uint64_t Count() { return *temp_.store().DocumentCount(id_); }
  void Reopen() { temp_.Reopen(); }
  storage::Store& store() { return temp_.store(); }
  uint32_t id() const { return id_; }

 private:
  storage::testing::TempStore temp_;
  uint32_t id_;
};

TEST(AddPlanTest, WithoutTransformationRecordsGoInAsTheyAre) {
  Collection c;
  EXPECT_EQ(c.Write(nullptr, R"([{"_id": "a", "x": 1}, 5, {"_id": "a", "_op": "delete"}])"),
            (std::vector<std::string>{
                "ADDED a", "ERROR INVALIDINPUT: a document must be a JSON object -", "DELETED a"}));
  EXPECT_EQ(c.Count(), 0u);
}

TEST(AddPlanTest, ProjectionRenamesAndComputedSpecialFields) {
  Collection c;
  auto t = Compile(
      "SELECT CAST(user.id AS string) AS _id, PARSE_TIMESTAMP_ISO8601(at) AS _event_time, "
      "user.name AS name, LOWER(country) AS country, price * qty AS total FROM _input");
  EXPECT_EQ(c.Write(t, R"([{"user": {"id": 7, "name": "Ann"}, "at": "2024-05-01T10:00:00Z",
                           "country": "NO", "price": 2.5, "qty": 4, "noise": true}])"),
            (std::vector<std::string>{"ADDED 7"}));
  EXPECT_EQ(c.Get("7"), R"({"_id":"7","_event_time":"2024-05-01T10:00:00.000000Z","name":"Ann",)"
                        R"("country":"no","total":10.0})");
}

TEST(AddPlanTest, OpDerivedFromACdcEnvelopeAndWhereDropsRecords) {
  Collection c;
  auto t = Compile(
      "SELECT after.* , CASE WHEN op = 'd' THEN 'DELETE' ELSE 'UPSERT' END AS _op, "
      "COALESCE(after._id, before._id) AS _id FROM _input WHERE source = 'orders'");
  EXPECT_EQ(
      c.Write(t, R"([{"source": "orders", "op": "c", "after": {"_id": "o1", "n": 1}},
                           {"source": "orders", "op": "c", "after": {"_id": "o2", "n": 2}},
                           {"source": "other", "op": "c", "after": {"_id": "o3", "n": 3}},
                           {"source": "other", "op": "d", "before": {"_id": "o1"}},
                           {"source": "orders", "op": "d", "before": {"_id": "o2"}}])"),
      (std::vector<std::string>{"ADDED o1", "ADDED o2", "DROPPED -", "DROPPED -", "DELETED o2"}));
  EXPECT_EQ(c.Get("o1"), R"({"_id":"o1","_event_time":"2023-11-14T22:13:20.000000Z","n":1})");
  EXPECT_EQ(c.Get("o2"), "absent");
  EXPECT_EQ(c.Get("o3"), "absent");
}

TEST(AddPlanTest, StarExceptDropsFieldsAndInputMetaIsNotSeen) {
  Collection c;
  auto t = Compile("SELECT * EXCEPT (password) FROM _input");
  EXPECT_EQ(c.Write(t, R"([{"_id": "u", "name": "x", "password": "p", "_meta": {"m": 1}}])"),
            (std::vector<std::string>{"ADDED u"}));
  EXPECT_EQ(c.Get("u"), R"({"_id":"u","_event_time":"2023-11-14T22:13:20.000000Z","name":"x"})");
}

TEST(AddPlanTest, BadRecordsAreStoredWithMetaBadAndDoNotStopTheOthers) {
  Collection c;
  auto t = Compile("SELECT _id, UPPER(name) AS name, _op FROM _input");
  std::vector<std::string> got = c.Write(t, R"([{"_id": "ok1", "name": "a"},
                                                {"_id": "bad", "name": 5},
                                                {"_id": "op", "name": "b", "_op": "EXPLODE"},
                                                {"_id": "ok2", "name": "c"}])");
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], "ADDED ok1");
  EXPECT_EQ(got[3], "ADDED ok2");
  for (size_t idx : {1, 2}) {
    ASSERT_TRUE(got[idx].starts_with("ERROR ")) << got[idx];
    std::string id = got[idx].substr(got[idx].rfind(' ') + 1);
    std::string stored = c.Get(id);
    EXPECT_NE(stored.find(R"("_meta":{"bad":{"message":)"), std::string::npos) << stored;
  }
  EXPECT_NE(got[1].find("QUERY_ERROR"), std::string::npos);
  EXPECT_NE(got[2].find("INVALIDINPUT"), std::string::npos);
  EXPECT_EQ(c.Count(), 4u);
}

TEST(AddPlanTest, RollupFoldsRecordsIncrementallyAcrossWrites) {
  Collection c;
  auto t = Compile(
      "SELECT k, COUNT(*) AS n, COUNT(v) AS nv, SUM(v) AS s, AVG(v) AS a, MIN(v) AS lo, "
      "MAX(v) AS hi, COUNT_IF(v > 1) AS big, MAX_BY(who, v) AS top, BOOL_OR(v < 0) AS neg "
      "FROM _input GROUP BY k");
  ASSERT_TRUE(t->is_rollup());
  std::string a = RollupGroupId({Value::String("a")});
  EXPECT_EQ(c.Write(t, R"([{"k": "a", "v": 1, "who": "x"}, {"k": "a", "v": 3, "who": "y"},
                           {"k": "a"}])"),
            (std::vector<std::string>{"ADDED " + a, "ADDED " + a, "ADDED " + a}));
  EXPECT_EQ(c.Get(a), R"({"_id":")" + a +
                          R"(","_event_time":"2023-11-14T22:13:20.000000Z","k":"a","n":3,"nv":2,)"
                          R"("s":4,"a":2.0,"lo":1,"hi":3,"big":1,"top":"y","neg":false})");
  c.Reopen();  // the states are durable
  c.Write(t, R"([{"k": "a", "v": -2, "who": "z"}, {"k": "a", "v": 7, "who": "w"}])", kNow + 1000);
  EXPECT_EQ(c.Get(a), R"({"_id":")" + a +
                          R"(","_event_time":"2023-11-14T22:13:20.000000Z","k":"a","n":5,"nv":4,)"
                          R"("s":9,"a":2.25,"lo":-2,"hi":7,"big":2,"top":"w","neg":true})");
  EXPECT_EQ(c.Count(), 1u);
}

TEST(AddPlanTest, RollupGroupsByEventTimeBucketAndHidesGroupsWhileHavingIsFalse) {
  Collection c;
  auto t = Compile(
      "SELECT DATE_TRUNC('HOUR', PARSE_TIMESTAMP_ISO8601(ts)) AS _event_time, dim, "
      "SUM(v) AS s FROM _input WHERE v IS NOT NULL GROUP BY _event_time, dim HAVING SUM(v) > 0");
  c.Write(t, R"([{"ts": "2024-01-01T10:05:00Z", "dim": "d", "v": 5},
                 {"ts": "2024-01-01T10:55:00Z", "dim": "d", "v": -1},
                 {"ts": "2024-01-01T11:05:00Z", "dim": "d", "v": -4},
                 {"ts": "2024-01-01T11:05:00Z", "dim": "d"}])");
  EXPECT_EQ(c.Count(), 1u);  // the 11:00 bucket has SUM -4: kept, hidden
  // Late data for the 11:00 bucket makes it visible; the 10:00 bucket goes negative.
  c.Write(t, R"([{"ts": "2024-01-01T11:59:00Z", "dim": "d", "v": 10},
                 {"ts": "2024-01-01T10:00:00Z", "dim": "d", "v": -4}])");
  EXPECT_EQ(c.Count(), 1u);
  Value eleven = *ResolveEventTime(Value::String("2024-01-01T11:00:00Z"), 0);
  std::string id = RollupGroupId({eleven, Value::String("d")});
  EXPECT_EQ(c.Get(id), R"({"_id":")" + id +
                           R"(","_event_time":"2024-01-01T11:00:00.000000Z","dim":"d","s":6})");
}

TEST(AddPlanTest, RollupRefusesNonInsertsAndBadValuesWithoutTouchingGroups) {
  Collection c;
  auto t = Compile("SELECT k, COUNT(*) AS n, SUM(v) AS s FROM _input GROUP BY k");
  std::string a = RollupGroupId({Value::String("a")});
  std::vector<std::string> got = c.Write(t, R"([{"k": "a", "v": 1}, {"k": "a", "v": "x"},
                                                {"k": "a", "v": 2, "_op": "DELETE"},
                                                {"k": "a", "v": 2, "_op": "insert"}])");
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], "ADDED " + a);
  EXPECT_TRUE(got[1].starts_with("ERROR QUERY_ERROR")) << got[1];
  EXPECT_TRUE(got[2].starts_with("ERROR INVALIDINPUT")) << got[2];
  EXPECT_EQ(got[3], "ADDED " + a);
  // COUNT(*) did not count the record SUM refused.
  EXPECT_EQ(c.Get(a), R"({"_id":")" + a +
                          R"(","_event_time":"2023-11-14T22:13:20.000000Z","k":"a","n":2,"s":3})");
}

TEST(AddPlanTest, ConcurrentWritesToOneRollupLoseNothing) {
  Collection c;
  auto t = Compile("SELECT k, COUNT(*) AS n, SUM(v) AS s FROM _input GROUP BY k");
  constexpr int kThreads = 4;
  constexpr int kWrites = 50;
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int write_idx = 0; write_idx < kWrites; ++write_idx) {
        Value items = Json(R"([{"k": "a", "v": 1}, {"k": "b", "v": 2}])");
        std::vector<storage::Mutation> mutations;
        PlanAdds(t, items.array(), {}, kNow + thread_idx, &mutations);
        ASSERT_TRUE(c.store().Apply(c.id(), mutations).ok());
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  std::string b = c.Get(RollupGroupId({Value::String("b")}));
  EXPECT_NE(b.find(R"("n":200,"s":400)"), std::string::npos) << b;
}

TEST(AddPlanTest, RollupGroupIdIsCanonical) {
  EXPECT_EQ(RollupGroupId({Value::Int(1)}), RollupGroupId({Value::Float(1.0)}));
  EXPECT_NE(RollupGroupId({Value::Int(1)}), RollupGroupId({Value::String("1")}));
  EXPECT_EQ(RollupGroupId({Json(R"({"a": 1, "b": 2})")}),
            RollupGroupId({Json(R"({"b": 2, "a": 1})")}));
  EXPECT_EQ(RollupGroupId({}).size(), 32u);
}

TEST(TransformationTest, RollupRules) {
  for (const char* sql : {"SELECT k AS _id, COUNT(*) AS n FROM _input GROUP BY k",
                          "SELECT 'INSERT' AS _op, COUNT(*) AS n FROM _input",
                          "SELECT k, COUNT(DISTINCT v) AS n FROM _input GROUP BY k",
                          "SELECT k, ARRAY_AGG(v) AS vs FROM _input GROUP BY k",
                          "SELECT k, APPROX_PERCENTILE(v, 0.5) AS p FROM _input GROUP BY k",
                          "SELECT k, PERCENTILE(v, 50) AS m FROM _input GROUP BY k"}) {
    auto compiled = Transformation::Compile(sql);
    ASSERT_FALSE(compiled.ok()) << sql;
    EXPECT_EQ(compiled.status().code(), ErrorCode::kQueryError) << sql;
  }
  auto global = Transformation::Compile("SELECT COUNT(*) AS n, STDDEV(v) AS sd FROM _input");
  ASSERT_TRUE(global.ok()) << global.status().ToString();
  EXPECT_TRUE((*global)->is_rollup());
}

TEST(TransformCacheTest, RecompilesWhenTheSqlChanges) {
  TransformCache cache;
  auto first = cache.Get(1, "SELECT a FROM _input");
  ASSERT_TRUE(first.ok());
  auto again = cache.Get(1, "SELECT a FROM _input");
  EXPECT_EQ(first->get(), again->get());
  auto changed = cache.Get(1, "SELECT b FROM _input");
  ASSERT_TRUE(changed.ok());
  EXPECT_NE(first->get(), changed->get());
  EXPECT_EQ((*changed)->sql(), "SELECT b FROM _input");
  EXPECT_FALSE(cache.Get(2, "SELECT nope(").ok());
}

}  // namespace
}  // namespace basalt::ingest
