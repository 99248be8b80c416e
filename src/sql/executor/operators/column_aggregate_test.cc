// Aggregation pushed into column scans: the same answers as the row-at-a-time aggregate
// (optimizer off), on any number of threads, over enough documents for several morsels.
#include <map>

#include <gtest/gtest.h>

#include "common/json.h"
#include "sql/engine.h"
#include "sql/sql_test_util.h"
#include "storage/store_test_util.h"

namespace basalt::sql {
namespace {

class ColumnAggregateTest : public ::testing::Test {
 protected:
  // 20,000 documents (5 column chunks, 2 morsels). Float values are multiples of 0.25 so
  // that sums are exact whatever the order of additions.
  void SetUp() override {
    id_ = *temp_.store().CreateCollection();
    catalog_.collections["commons.t"] = id_;
    std::vector<storage::Mutation> mutations;
    for (int i = 0; i < kDocs; ++i) {
      Object doc;
      doc.emplace_back("city", Value::String("city" + std::to_string(i % 7)));
      doc.emplace_back("user", Value::String("user" + std::to_string(i % 3001)));
      doc.emplace_back("n", Value::Int(i % 100));
      doc.emplace_back("f", Value::Float((i % 40) * 0.25));
      // Mixed: ints, floats equal to them, strings, nulls, and missing.
      switch (i % 5) {
        case 0:
          doc.emplace_back("m", Value::Int(i % 3));
          break;
        case 1:
          doc.emplace_back("m", Value::Float(double(i % 3)));
          break;
        case 2:
          doc.emplace_back("m", Value::String("s" + std::to_string(i % 2)));
          break;
        case 3:
          doc.emplace_back("m", Value::Null());
          break;
        default:
          break;
      }
      if (i >= 12000) {
        doc.emplace_back("late", Value::Int(i));  // only in the last chunks
      }
      mutations.push_back(storage::testing::PutDoc("d" + std::to_string(i), Value::MakeObject(doc)));
    }
    ASSERT_TRUE(temp_.store().Apply(id_, mutations).ok());
  }

  std::string Run(const std::string& sql, int threads, bool optimize = true,
                  int64_t memory = int64_t(2) << 30) {
    QueryOptions options;
    options.use_indexes = use_indexes_;
    options.threads = threads;
    options.optimize = optimize;
    options.memory_limit_bytes = memory;
    return testing::RowsText(ExecuteSql(sql, catalog_, temp_.store(), options));
  }

  // Pushed down (EXPLAIN says so), and equal to the row-at-a-time result on 1 and 4 threads.
  void ExpectSameAsRowAtATime(const std::string& sql) {
    EXPECT_NE(Run("EXPLAIN " + sql, 1).find("pushed into column scan"), std::string::npos) << sql;
    std::string expected = Run(sql, 1, /*optimize=*/false);
    EXPECT_EQ(expected.rfind("ERROR", 0), std::string::npos) << sql << ": " << expected;
    EXPECT_EQ(Run(sql, 1), expected) << sql;
    EXPECT_EQ(Run(sql, 4), expected) << sql;
  }

  static constexpr int kDocs = 20000;
  bool use_indexes_ = true;
  storage::testing::TempStore temp_;
  uint32_t id_ = 0;
  testing::MapCatalog catalog_;
};

TEST_F(ColumnAggregateTest, GroupByStringKeys) {
  // Dictionary-coded keys (7 cities), plain keys (3,001 users: past the direct table), two
  // and three keys.
  ExpectSameAsRowAtATime(
      "SELECT city, COUNT(*) AS c, SUM(n) AS s, AVG(f) AS a, MIN(n) AS lo, MAX(f) AS hi "
      "FROM t GROUP BY city");
  ExpectSameAsRowAtATime("SELECT user, COUNT(*) AS c, MAX(n) AS hi FROM t GROUP BY user");
  ExpectSameAsRowAtATime("SELECT city, n, COUNT(*) AS c FROM t GROUP BY city, n");
  ExpectSameAsRowAtATime(
      "SELECT city, n, user, COUNT(*) AS c, AVG(f) AS a FROM t GROUP BY city, n, user");
}

TEST_F(ColumnAggregateTest, MixedTypesNullsAndMissingValues) {
  // Keys: 1 and 1.0 group together, null and missing group together as null.
  ExpectSameAsRowAtATime("SELECT m, COUNT(*) AS c, COUNT(m) AS cm, MIN(n) AS lo FROM t GROUP BY m");
  // Aggregates over mixed values (MIN/MAX order types; COUNT skips nulls).
  ExpectSameAsRowAtATime(
      "SELECT city, COUNT(m) AS c, MIN(m) AS lo, MAX(m) AS hi, COUNT(late) AS cl, "
      "MAX(late) AS ml, AVG(late) AS al FROM t GROUP BY city");
  // A global aggregate, and one over a field no document has.
  ExpectSameAsRowAtATime("SELECT COUNT(*) AS c, AVG(n) AS a, MAX(user) AS u FROM t");
  ExpectSameAsRowAtATime("SELECT COUNT(nothing) AS c, MAX(nothing) AS m FROM t");
  ExpectSameAsRowAtATime("SELECT nothing, COUNT(*) AS c FROM t GROUP BY nothing");
}

TEST_F(ColumnAggregateTest, ErrorsAreTheRowAtATimeErrors) {
  std::string sql = "SELECT city, AVG(m) AS a FROM t GROUP BY city";
  std::string expected = Run(sql, 1, /*optimize=*/false);
  EXPECT_EQ(expected.rfind("ERROR", 0), 0u) << expected;
  EXPECT_EQ(Run(sql, 1), expected);
  EXPECT_EQ(Run(sql, 4), expected);
}

TEST_F(ColumnAggregateTest, GroupsCountAgainstTheMemoryLimit) {
  std::string sql = "SELECT user, COUNT(*) AS c FROM t GROUP BY user";
  std::string out = Run(sql, 2, true, /*memory=*/64 << 10);
  EXPECT_NE(out.find("memory limit"), std::string::npos) << out;
}

TEST_F(ColumnAggregateTest, NotPushedDownWhereColumnsCannotServe) {
  // DISTINCT, an expression key, a non-mergeable aggregate: the usual operator.
  for (const char* sql : {"SELECT city, COUNT(DISTINCT n) AS c FROM t GROUP BY city",
                          "SELECT LOWER(city) AS l, COUNT(*) AS c FROM t GROUP BY 1",
                          "SELECT city, ARRAY_AGG(n) AS a FROM t GROUP BY city"}) {
    EXPECT_EQ(Run(std::string("EXPLAIN ") + sql, 1).find("pushed into column scan"),
              std::string::npos)
        << sql;
    EXPECT_EQ(Run(sql, 4), Run(sql, 1, /*optimize=*/false)) << sql;
  }
}

TEST_F(ColumnAggregateTest, FiltersRunOnTheColumns) {
  use_indexes_ = false;  // else equalities become index look-ups
  const char* kAggregates = "SELECT city, COUNT(*) AS c, SUM(n) AS s, MAX(f) AS hi FROM t WHERE ";
  for (const char* where : {
           "n > 5",                          // typed ints
           "f BETWEEN 1.5 AND 4",            // typed floats
           "city = 'city3'",                 // dictionary-coded strings
           "user >= 'user2' AND n <> 7",     // plain strings
           "7 < n",                          // constant first
           "m = 1",                          // mixed chunk: row by row (1 and 1.0 match)
           "n > 5.5",                        // int field, float constant: row by row
           "LOWER(city) = 'city1'",          // an expression
           "late IS NULL",                   // absent in the first chunks
           "nothing = 1",                    // no such field: nothing passes
           "city = 'city1' OR n = 3",        // OR: row by row
           "n BETWEEN NULL AND 5",           // a null bound
           "n BETWEEN 5 AND 2",              // empty range
           "f < 9 AND city <> 'city2' AND n >= 10 AND late > 15000",
       }) {
    ExpectSameAsRowAtATime(std::string(kAggregates) + where + " GROUP BY city");
  }
  ExpectSameAsRowAtATime("SELECT COUNT(*) AS c FROM t WHERE n < 3");
  // A non-boolean operand of AND is AND's error, unless an earlier operand is false; alone,
  // it is simply not true.
  for (const char* where : {"n = 5 AND COALESCE(late, 0)", "n = 500 AND COALESCE(late, 0)",
                            "COALESCE(late, 0)"}) {
    std::string sql = std::string("SELECT COUNT(*) AS c FROM t WHERE ") + where;
    EXPECT_NE(Run("EXPLAIN " + sql, 1).find("pushed into column scan"), std::string::npos);
    std::string expected = Run(sql, 1, /*optimize=*/false);
    EXPECT_EQ(Run(sql, 1), expected) << sql;
    EXPECT_EQ(Run(sql, 4), expected) << sql;
  }
  // An error raised by a filter is the row-at-a-time error.
  std::string sql = "SELECT city, COUNT(*) AS c FROM t WHERE CAST(m AS int) > 0 GROUP BY city";
  EXPECT_NE(Run("EXPLAIN " + sql, 1).find("pushed into column scan"), std::string::npos);
  EXPECT_EQ(Run(sql, 4), Run(sql, 1, /*optimize=*/false));
}

TEST_F(ColumnAggregateTest, DocumentsAnIndexSelects) {
  // Dense selections read columns (exact probes leave no filter, others leave theirs);
  // sparse ones fetch the documents: the same answers either way.
  for (const char* where : {"n = 5", "n IN (1, 2, 3) AND f > 2", "city = 'city3'",
                            "city = 'city3' AND n BETWEEN 10 AND 40", "user = 'user7'",
                            "m = 1", "n = 5 AND LOWER(city) = 'city5'"}) {
    std::string sql = std::string("SELECT city, COUNT(*) AS c, AVG(f) AS a, MAX(n) AS m FROM t ") +
                      "WHERE " + where + " GROUP BY city";
    EXPECT_NE(Run("EXPLAIN " + sql, 1).find("[index:"), std::string::npos) << sql;
    EXPECT_NE(Run("EXPLAIN " + sql, 1).find("pushed into column scan"), std::string::npos) << sql;
    std::string expected = Run(sql, 1, /*optimize=*/false);
    EXPECT_EQ(Run(sql, 1), expected) << sql;
    EXPECT_EQ(Run(sql, 4), expected) << sql;
  }
}

TEST_F(ColumnAggregateTest, KeyHoldingObjectsFallsBackToDocuments) {
  std::vector<storage::Mutation> mutations;
  mutations.push_back(
      storage::testing::PutDoc("obj", *ParseJson(R"({"city": {"name": "x"}, "n": 1})")));
  ASSERT_TRUE(temp_.store().Apply(id_, mutations).ok());
  ExpectSameAsRowAtATime("SELECT city, COUNT(*) AS c, MAX(n) AS m FROM t GROUP BY city");
}

}  // namespace
}  // namespace basalt::sql
