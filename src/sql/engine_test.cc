#include "sql/engine.h"

#include <map>

#include <gtest/gtest.h>

#include "common/json.h"
#include "sql/sql_test_util.h"
#include "storage/store_test_util.h"

namespace basalt::sql {
namespace {

using testing::MapCatalog;

class EngineTest : public ::testing::Test {
 protected:
  void Load(const std::string& name, const std::vector<std::string>& docs) {
    ASSERT_TRUE(testing::LoadJson(temp_.store(), &catalog_.collections, name, docs).ok());
  }

  // mode 0: indexes and columns; 1: columns only; 2: whole documents only.
  std::string Run(const std::string& sql, int mode = 0) {
    QueryOptions options;
    options.use_indexes = mode == 0;
    options.use_column_store = mode <= 1;
    return testing::RowsText(ExecuteSql(sql, catalog_, temp_.store(), options));
  }

  storage::testing::TempStore temp_;
  MapCatalog catalog_;
};

TEST_F(EngineTest, ConstantsAndSemantics) {
  EXPECT_EQ(Run("SELECT 1 + 2 AS x, 'a' || 'b' AS s, 7 / 2 AS d, 7.0 / 2 AS f"),
            "{\"x\":3,\"s\":\"ab\",\"d\":3,\"f\":3.5}\n");
  EXPECT_EQ(Run("SELECT 1 = 'a' AS m, NULL IS NULL AS n, UNDEFINED IS NULL AS u"),
            "{\"m\":null,\"n\":true,\"u\":true}\n");
  EXPECT_EQ(Run("SELECT [1,2,3][1] AS first, [1,2][5] AS missing"), "{\"first\":1}\n");
  EXPECT_EQ(Run("SELECT COUNT(*)"), "{\"?COUNT\":1}\n");
  EXPECT_EQ(Run("SELECT CAST('2018-05-26 10:30:20.345' AS datetime) AS dt"),
            "{\"dt\":\"2018-05-26T10:30:20.345\"}\n");
  EXPECT_EQ(Run("SELECT DURATION_SECONDS_X(1)").substr(0, 5), "ERROR");
}

TEST_F(EngineTest, QueriesOverCollections) {
  Load("people", {R"({"_id": "a", "name": "Ann", "age": 30, "city": "SF", "tags": ["x", "y"]})",
                  R"({"_id": "b", "name": "Bob", "age": 40, "city": "LA", "tags": ["y"]})",
                  R"({"_id": "c", "name": "Cid", "age": 50, "city": "SF"})"});
  for (int idx : {0, 1, 2}) {
    EXPECT_EQ(Run("SELECT name FROM people WHERE city = 'SF' ORDER BY name", idx),
              "{\"name\":\"Ann\"}\n{\"name\":\"Cid\"}\n");
    EXPECT_EQ(
        Run("SELECT city, COUNT(*) AS n, AVG(age) AS a FROM people GROUP BY city ORDER BY city",
            idx),
        "{\"city\":\"LA\",\"n\":1,\"a\":40.0}\n{\"city\":\"SF\",\"n\":2,\"a\":40.0}\n");
    EXPECT_EQ(Run("SELECT _id FROM people WHERE ARRAY_CONTAINS(tags, 'y') ORDER BY _id", idx),
              "{\"_id\":\"a\"}\n{\"_id\":\"b\"}\n");
    EXPECT_EQ(
        Run("SELECT p._id, t.tag FROM people p, UNNEST(p.tags AS tag) t WHERE t.tag = 'x'", idx),
        "{\"_id\":\"a\",\"tag\":\"x\"}\n");
    EXPECT_EQ(Run("SELECT name FROM people WHERE age BETWEEN 35 AND 60 AND name LIKE 'B%'", idx),
              "{\"name\":\"Bob\"}\n");
    EXPECT_EQ(Run("SELECT name FROM people WHERE city = 'LA' OR ARRAY_CONTAINS(tags, 'x') "
                  "ORDER BY name", idx),
              "{\"name\":\"Ann\"}\n{\"name\":\"Bob\"}\n");
  }
  EXPECT_EQ(Run("SELECT a.name, b.name AS other FROM people a JOIN people b ON a.city = b.city "
                "WHERE a._id < b._id"),
            "{\"name\":\"Ann\",\"other\":\"Cid\"}\n");
  EXPECT_EQ(Run("SELECT a.name, b.name AS other FROM people a JOIN people b ON a.city = b.city "
                "HINT(join_strategy=lookup) WHERE a._id < b._id"),
            "{\"name\":\"Ann\",\"other\":\"Cid\"}\n");
  EXPECT_NE(Run("EXPLAIN SELECT a.name FROM people a LEFT JOIN people b ON a.city = b.city "
                "HINT(join_strategy=lookup)")
                .find("index-lookup on city"),
            std::string::npos);
  EXPECT_EQ(
      Run("SELECT a._id, b._id AS other FROM people a LEFT JOIN people b ON a.age = b.age + 10 "
          "HINT(join_strategy=lookup) ORDER BY a._id"),
      "{\"_id\":\"a\"}\n{\"_id\":\"b\",\"other\":\"a\"}\n{\"_id\":\"c\",\"other\":\"b\"}\n");
  EXPECT_EQ(Run("SELECT name, ROW_NUMBER() OVER (ORDER BY age DESC) AS r FROM people ORDER BY r"),
            "{\"name\":\"Cid\",\"r\":1}\n{\"name\":\"Bob\",\"r\":2}\n{\"name\":\"Ann\",\"r\":3}\n");
  EXPECT_EQ(Run("SELECT * EXCEPT (_id, tags) FROM people WHERE _id = 'b'"),
            "{\"name\":\"Bob\",\"age\":40,\"city\":\"LA\"}\n");
  EXPECT_EQ(Run("WITH t AS (SELECT 1 AS a) SELECT a, b FROM t"), "{\"a\":1}\n");
  EXPECT_EQ(Run("SELECT name FROM people WHERE age = (SELECT MAX(age) FROM people)"),
            "{\"name\":\"Cid\"}\n");
  EXPECT_EQ(Run("SELECT name FROM people p WHERE EXISTS (SELECT 1 FROM people q WHERE q.age > "
                "p.age) ORDER BY name"),
            "{\"name\":\"Ann\"}\n{\"name\":\"Bob\"}\n");
  EXPECT_EQ(Run("SELECT 1 AS v UNION SELECT 1 UNION ALL SELECT 2"), "{\"v\":1}\n{\"v\":2}\n");
  EXPECT_EQ(Run("EXPLAIN SELECT * FROM people WHERE city = 'SF'").find("[index: city =") !=
                std::string::npos,
            true);
  EXPECT_EQ(Run("SELECT * FROM nope").substr(0, 15), "ERROR NOTFOUND:");
  std::string described = Run("DESCRIBE people");
  EXPECT_NE(described.find(R"({"field":["tags","*"],"type":"string","occurrences":2,"total":3})"),
            std::string::npos)
      << described;
  EXPECT_NE(described.find(R"({"field":["age"],"type":"int","occurrences":3,"total":3})"),
            std::string::npos);
  EXPECT_NE(described.find(R"({"field":["tags"],"type":"array","occurrences":2,"total":3})"),
            std::string::npos);
  EXPECT_NE(Run("EXPLAIN SELECT COUNT(*) FROM people WHERE age > 1").find("[column scan: age]"),
            std::string::npos);
  EXPECT_NE(Run("EXPLAIN SELECT name FROM people WHERE city = 'LA' OR name = 'Cid'")
                .find("(city = \\\"LA\\\" OR name = \\\"Cid\\\")"),
            std::string::npos);
  EXPECT_EQ(Run("SELECT COUNT(*) AS n, COUNT(tags) AS t FROM people"), "{\"n\":3,\"t\":2}\n");
  EXPECT_EQ(Run("SELECT DISTINCT p.city FROM people p ORDER BY p.city"),
            "{\"city\":\"LA\"}\n{\"city\":\"SF\"}\n");
}

}  // namespace
}  // namespace basalt::sql
