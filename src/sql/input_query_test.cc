#include "sql/input_query.h"

#include <gtest/gtest.h>

#include "common/json.h"
#include "sql/functions/function_registry.h"

namespace basalt::sql {
namespace {

const FunctionContext kFunctions{.now_micros = 1700000000000000};

std::unique_ptr<InputQuery> MustCompile(std::string_view sql) {
  auto query = InputQuery::Compile(sql);
  EXPECT_TRUE(query.ok()) << sql << ": " << query.status().ToString();
  return query.ok() ? std::move(query).value() : nullptr;
}

// The output of a non-aggregating query as JSON, "dropped" when WHERE drops it.
std::string ApplyJson(const InputQuery& query, std::string_view input) {
  Result<std::optional<Value>> out = query.Apply(*ParseJson(input), kFunctions);
  if (!out.ok()) {
    return "error: " + out.status().ToString();
  }
  return *out ? ToJson(**out) : "dropped";
}

TEST(InputQueryTest, ProjectionRenameAndComputedFields) {
  auto query = MustCompile("SELECT a AS x, LOWER(s) AS s, a + b AS total, o.k, _id FROM _input");
  ASSERT_NE(query, nullptr);
  EXPECT_FALSE(query->aggregated());
  EXPECT_EQ(ApplyJson(*query, R"({"_id":"1","a":2,"b":3,"s":"AbC","o":{"k":true},"z":9})"),
            R"({"x":2,"s":"abc","total":5,"k":true,"_id":"1"})");
}

TEST(InputQueryTest, WhereDropsRecords) {
  auto query = MustCompile("SELECT * FROM _input WHERE kind = 'keep'");
  ASSERT_NE(query, nullptr);
  EXPECT_EQ(ApplyJson(*query, R"({"kind":"keep","v":1})"), R"({"kind":"keep","v":1})");
  EXPECT_EQ(ApplyJson(*query, R"({"kind":"drop","v":1})"), "dropped");
  EXPECT_EQ(ApplyJson(*query, R"({"v":1})"), "dropped");
}

TEST(InputQueryTest, StarExceptAndObjectStar) {
  auto except = MustCompile("SELECT * EXCEPT (secret, _meta) FROM _input");
  ASSERT_NE(except, nullptr);
  EXPECT_EQ(ApplyJson(*except, R"({"a":1,"secret":"x","_meta":{"m":1}})"), R"({"a":1})");
  auto lift = MustCompile("SELECT id, payload.* EXCEPT (noise) FROM _input");
  ASSERT_NE(lift, nullptr);
  EXPECT_EQ(ApplyJson(*lift, R"({"id":7,"payload":{"a":1,"noise":2,"b":[3]}})"),
            R"({"a":1,"b":[3],"id":7})");
}

TEST(InputQueryTest, ExplicitFieldBeatsStarWhereverItIs) {
  // ingest.md §4.1: input {"a":1,"b":2}, SELECT *, a AS b -> {"a":1,"b":1}.
  auto after = MustCompile("SELECT *, a AS b FROM _input");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(ApplyJson(*after, R"({"a":1,"b":2})"), R"({"a":1,"b":1})");
  auto before = MustCompile("SELECT a AS b, * FROM _input");
  ASSERT_NE(before, nullptr);
  EXPECT_EQ(ApplyJson(*before, R"({"a":1,"b":2})"), R"({"a":1,"b":1})");
}

TEST(InputQueryTest, UndefinedFieldsAreLeftOutNullsKept) {
  auto query = MustCompile("SELECT a, missing, NULL AS n FROM _input");
  ASSERT_NE(query, nullptr);
  EXPECT_EQ(ApplyJson(*query, R"({"a":1})"), R"({"a":1,"n":null})");
}

TEST(InputQueryTest, AliasOfInputRelation) {
  auto query = MustCompile("SELECT i.a FROM _input AS i WHERE i.a > 1");
  ASSERT_NE(query, nullptr);
  EXPECT_EQ(ApplyJson(*query, R"({"a":2})"), R"({"a":2})");
  EXPECT_EQ(ApplyJson(*query, R"({"a":1})"), "dropped");
}

TEST(InputQueryTest, ClusterByIsAcceptedAndChangesNothing) {
  auto query = MustCompile("SELECT * FROM _input WHERE a > 0 CLUSTER BY a, b.c");
  ASSERT_NE(query, nullptr);
  EXPECT_EQ(ApplyJson(*query, R"({"a":1})"), R"({"a":1})");
  auto no_where = MustCompile("SELECT a FROM _input CLUSTER BY a");
  ASSERT_NE(no_where, nullptr);
  EXPECT_FALSE(InputQuery::Compile("SELECT a FROM _input CLUSTER BY a + 1").ok());
}

TEST(InputQueryTest, CurrentTimeIsAllowed) {
  auto query = MustCompile("SELECT CURRENT_TIMESTAMP() AS t FROM _input");
  ASSERT_NE(query, nullptr);
  auto out = query->Apply(Value::EmptyObject(), kFunctions);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out->has_value());
  EXPECT_EQ((**out).Get("t").type(), ValueType::kTimestamp);
  EXPECT_EQ((**out).Get("t").int_value(), kFunctions.now_micros);
}

TEST(InputQueryTest, EvaluationErrorsConcernOneDocument) {
  auto query = MustCompile("SELECT PARSE_TIMESTAMP_ISO8601(t) AS t FROM _input");
  ASSERT_NE(query, nullptr);
  EXPECT_EQ(ApplyJson(*query, R"({"t":"2024-01-02T03:04:05Z"})").rfind("{\"t\"", 0), 0u);
  EXPECT_EQ(ApplyJson(*query, R"({"t":"not a time"})").rfind("error: ", 0), 0u);
}

TEST(InputQueryTest, RefusesWhatATransformationMayNotContain) {
  const char* kRefused[] = {
      "SELECT * FROM people",
      "SELECT * FROM commons._input",
      "SELECT * FROM _input a JOIN _input b ON a.x = b.x",
      "SELECT * FROM _input, UNNEST(_input.tags)",
      "SELECT * FROM _input ORDER BY a",
      "SELECT * FROM _input LIMIT 3",
      "SELECT DISTINCT a FROM _input",
      "SELECT a FROM _input UNION ALL SELECT a FROM _input",
      "WITH t AS (SELECT 1) SELECT * FROM _input",
      "SELECT (SELECT 1) AS x FROM _input",
      "SELECT * FROM _input WHERE a IN (SELECT 1)",
      "SELECT a, ROW_NUMBER() OVER () AS r FROM _input",
      "SELECT * FROM _input WHERE a = :p",
      "SELECT RAND() AS r FROM _input",
      "SELECT UUID() AS u FROM _input",
      "SELECT a, COUNT(*) FROM _input GROUP BY ROLLUP (a)",
      "SELECT 1",
      "EXPLAIN SELECT * FROM _input",
      "SELECT NOPE(a) FROM _input",
      "SELECT FROM _input",
  };
  for (const char* sql : kRefused) {
    auto query = InputQuery::Compile(sql);
    ASSERT_FALSE(query.ok()) << sql;
    EXPECT_EQ(query.status().code(), ErrorCode::kQueryError)
        << sql << ": " << query.status().ToString();
  }
}

TEST(InputQueryTest, AggregationSplitsAtTheGroupBy) {
  auto query = MustCompile(
      "SELECT k, COUNT(*) AS n, SUM(v) AS s, COUNT(*) + 1 AS n1 FROM _input "
      "WHERE v >= 0 GROUP BY k HAVING SUM(v) > 2");
  ASSERT_NE(query, nullptr);
  ASSERT_TRUE(query->aggregated());
  ASSERT_EQ(query->aggregates().size(), 2u);  // COUNT(*) once, SUM(v)
  auto contribution = query->Contribute(*ParseJson(R"({"k":"a","v":5})"), kFunctions);
  ASSERT_TRUE(contribution.ok());
  ASSERT_TRUE(contribution->has_value());
  EXPECT_EQ(ToJson(Value::MakeArray((*contribution)->keys)), R"(["a"])");
  ASSERT_EQ((*contribution)->arguments.size(), 2u);
  EXPECT_TRUE((*contribution)->arguments[0].has_value());
  EXPECT_TRUE((*contribution)->arguments[0]->empty());
  EXPECT_EQ(ToJson(Value::MakeArray(*(*contribution)->arguments[1])), "[5]");

  auto dropped = query->Contribute(*ParseJson(R"({"k":"a","v":-1})"), kFunctions);
  ASSERT_TRUE(dropped.ok());
  EXPECT_FALSE(dropped->has_value());
  auto null_arg = query->Contribute(*ParseJson(R"({"k":"a","v":null})"), kFunctions);
  ASSERT_TRUE(null_arg.ok());
  EXPECT_FALSE(null_arg->has_value());  // null >= 0 is not true: WHERE drops it

  auto output =
      query->GroupOutput({Value::String("a")}, {Value::Int(2), Value::Int(7)}, kFunctions);
  ASSERT_TRUE(output.ok());
  ASSERT_TRUE(output->has_value());
  EXPECT_EQ(ToJson(**output), R"({"k":"a","n":2,"s":7,"n1":3})");
  auto hidden =
      query->GroupOutput({Value::String("a")}, {Value::Int(2), Value::Int(1)}, kFunctions);
  ASSERT_TRUE(hidden.ok());
  EXPECT_FALSE(hidden->has_value());
}

TEST(InputQueryTest, AggregateFilterAndNullSkipping) {
  auto query = MustCompile("SELECT COUNT(x) AS c, SUM(x) FILTER (WHERE x > 1) AS s FROM _input");
  ASSERT_NE(query, nullptr);
  auto with_null = query->Contribute(*ParseJson(R"({"x":null})"), kFunctions);
  ASSERT_TRUE(with_null.ok());
  ASSERT_TRUE(with_null->has_value());
  EXPECT_TRUE((*with_null)->keys.empty());
  EXPECT_FALSE((*with_null)->arguments[0].has_value());
  EXPECT_FALSE((*with_null)->arguments[1].has_value());
  auto small = query->Contribute(*ParseJson(R"({"x":1})"), kFunctions);
  ASSERT_TRUE(small.ok());
  EXPECT_TRUE((*small)->arguments[0].has_value());
  EXPECT_FALSE((*small)->arguments[1].has_value());
}

// Merging saved states gives the state of both row sets (what rollups rely on).
TEST(InputQueryTest, MergeableAggregateStates) {
  struct Case {
    const char* name;
    std::vector<std::vector<Value>> rows;
  };
  const std::vector<Case> cases = {
      {"COUNT", {{Value::Int(1)}, {Value::Int(2)}, {Value::Int(3)}}},
      {"SUM", {{Value::Int(1)}, {Value::Float(2.5)}, {Value::Int(3)}}},
      {"AVG", {{Value::Int(1)}, {Value::Int(2)}, {Value::Int(6)}}},
      {"MIN", {{Value::Int(4)}, {Value::String("a")}, {Value::Int(-2)}}},
      {"MAX", {{Value::Int(4)}, {Value::String("a")}, {Value::Int(-2)}}},
      {"COUNT_IF", {{Value::Bool(true)}, {Value::Bool(false)}, {Value::Bool(true)}}},
      {"BOOL_AND", {{Value::Bool(true)}, {Value::Bool(false)}, {Value::Bool(true)}}},
      {"BOOL_OR", {{Value::Bool(false)}, {Value::Bool(false)}, {Value::Bool(true)}}},
      {"MAX_BY",
       {{Value::String("a"), Value::Int(2)},
        {Value::String("b"), Value::Int(9)},
        {Value::String("c"), Value::Int(9)}}},
      {"MIN_BY",
       {{Value::String("a"), Value::Int(2)},
        {Value::String("b"), Value::Int(1)},
        {Value::String("c"), Value::Int(1)}}},
      {"BITWISE_OR_AGG", {{Value::Int(1)}, {Value::Int(4)}, {Value::Int(8)}}},
      {"VAR_SAMP", {{Value::Int(1)}, {Value::Int(4)}, {Value::Int(8)}, {Value::Int(9)}}},
      {"STDDEV_POP", {{Value::Int(1)}, {Value::Int(4)}, {Value::Int(8)}}},
      {"ARBITRARY", {{Value::Int(4)}, {Value::Int(5)}, {Value::Int(6)}}},
      {"MAP_AGG",
       {{Value::String("a"), Value::Int(1)},
        {Value::String("b"), Value::Int(2)},
        {Value::String("a"), Value::Int(3)}}},
      {"VECTOR_SUM",
       {{Value::MakeArray({Value::Int(1), Value::Float(0.5)})},
        {Value::MakeArray({Value::Int(2), Value::Int(2)})},
        {Value::MakeArray({Value::Int(3), Value::Int(-1)})}}},
      {"GEOMETRIC_MEAN", {{Value::Int(1)}, {Value::Int(4)}, {Value::Int(16)}}},
      {"CORR",
       {{Value::Int(1), Value::Int(2)},
        {Value::Int(4), Value::Int(3)},
        {Value::Int(8), Value::Int(9)},
        {Value::Int(3), Value::Int(1)}}},
      {"COVAR_SAMP",
       {{Value::Int(1), Value::Int(2)},
        {Value::Int(4), Value::Int(3)},
        {Value::Int(8), Value::Int(9)}}},
      {"APPROX_DISTINCT", {{Value::Int(1)}, {Value::String("x")}, {Value::Int(1)}}},
  };
  for (const Case& c : cases) {
    const AggregateDef* def = FunctionRegistry::Get().FindAggregate(c.name);
    ASSERT_NE(def, nullptr) << c.name;
    auto whole = def->create();
    for (const auto& row : c.rows) {
      ASSERT_TRUE(whole->Update(row).ok()) << c.name;
    }
    // Split after every position: first part saved, second part merged into it.
    for (size_t split = 0; split <= c.rows.size(); ++split) {
      auto first = def->create();
      auto second = def->create();
      for (size_t idx = 0; idx < c.rows.size(); ++idx) {
        ASSERT_TRUE((idx < split ? first : second)->Update(c.rows[idx]).ok()) << c.name;
      }
      auto merged = def->create();
      ASSERT_TRUE(merged->MergeState(*first->SaveState()).ok()) << c.name;
      ASSERT_TRUE(merged->MergeState(*second->SaveState()).ok()) << c.name;
      Value expected = *whole->Finalize();
      Value got = *merged->Finalize();
      if (expected.type() == ValueType::kFloat) {
        EXPECT_NEAR(got.AsDouble(), expected.AsDouble(), 1e-12) << c.name << " split " << split;
      } else {
        EXPECT_EQ(ToJson(got), ToJson(expected)) << c.name << " split " << split;
      }
    }
  }
  // Past the exact limit APPROX_DISTINCT merges its HyperLogLog registers: still the same
  // answer as reading every row, however the rows are split.
  {
    const AggregateDef* def = FunctionRegistry::Get().FindAggregate("APPROX_DISTINCT");
    auto whole = def->create();
    auto first = def->create();
    auto second = def->create();
    for (int64_t n = 0; n < 20000; ++n) {
      std::vector<Value> row = {Value::Int(n % 9000), Value::Float(0.01)};
      ASSERT_TRUE(whole->Update(row).ok());
      ASSERT_TRUE((n % 3 == 0 ? first : second)->Update(row).ok());
    }
    auto merged = def->create();
    ASSERT_TRUE(merged->MergeState(*first->SaveState()).ok());
    ASSERT_TRUE(merged->MergeState(*second->SaveState()).ok());
    EXPECT_EQ(ToJson(*merged->Finalize()), ToJson(*whole->Finalize()));
  }
  for (const char* name : {"ARRAY_AGG", "APPROX_PERCENTILE", "PERCENTILE"}) {
    const AggregateDef* def = FunctionRegistry::Get().FindAggregate(name);
    ASSERT_NE(def, nullptr) << name;
    EXPECT_EQ(def->create()->SaveState().status().code(), ErrorCode::kNotImplemented) << name;
  }
}

}  // namespace
}  // namespace basalt::sql
