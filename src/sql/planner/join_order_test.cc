// Cost-based join ordering: the greedy orderer over abstract graphs, the estimates from the
// collection statistics, and the rewritten plans (same results as the written order).
#include "sql/planner/join_order.h"

#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "common/json.h"
#include "sql/engine.h"
#include "sql/parser/parser.h"
#include "sql/sql_test_util.h"
#include "storage/store_test_util.h"

namespace basalt::sql {
namespace {

using internal::ChooseJoinOrder;
using internal::GreedyOrder;
using internal::JoinEdge;
using internal::JoinGraph;
using internal::JoinOrder;
using internal::JoinRows;
using internal::WrittenOrder;

std::vector<int> Relations(const JoinOrder& order) {
  std::vector<int> out;
  for (const auto& step : order.steps) {
    out.push_back(step.relation);
  }
  return out;
}

TEST(JoinOrderTest, JoinRowsUsesTheLargerDistinctCount) {
  JoinGraph graph;
  graph.rows = {1000, 100};
  graph.edges.push_back(JoinEdge{1, 2, 50, 100});
  bool connected = false;
  EXPECT_DOUBLE_EQ(JoinRows(graph, 1, 1000, 1, &connected), 1000.0 * 100 / 100);
  EXPECT_TRUE(connected);
  // Unknown distinct counts: each side's rows (a key assumed unique).
  graph.edges[0] = JoinEdge{1, 2, 0, 0};
  EXPECT_DOUBLE_EQ(JoinRows(graph, 1, 1000, 1, &connected), 100.0);
  // Distinct counts are capped by the rows left after filters.
  graph.edges[0] = JoinEdge{1, 2, 5000, 5000};
  EXPECT_DOUBLE_EQ(JoinRows(graph, 1, 1000, 1, &connected), 100.0);
  // No condition: a cross product.
  graph.edges.clear();
  EXPECT_DOUBLE_EQ(JoinRows(graph, 1, 1000, 1, &connected), 100000.0);
  EXPECT_FALSE(connected);
}

TEST(JoinOrderTest, GreedyStartsSmallAndFollowsConditions) {
  // big(0) -- mid(1) -- small(2): written big, mid, small.
  JoinGraph graph;
  graph.rows = {100000, 5000, 10};
  graph.edges.push_back(JoinEdge{1, 2, 100000, 5000});  // big.id = mid.big_id
  graph.edges.push_back(JoinEdge{2, 4, 5000, 10});      // mid.id = small.mid_id
  JoinOrder greedy = GreedyOrder(graph);
  EXPECT_EQ(Relations(greedy), (std::vector<int>{2, 1, 0}));
  EXPECT_TRUE(greedy.steps[1].connected);
  EXPECT_TRUE(greedy.steps[2].connected);
  EXPECT_DOUBLE_EQ(greedy.steps[1].rows, 10.0 * 5000 / 5000);
  EXPECT_LT(greedy.cost, WrittenOrder(graph).cost);
  EXPECT_EQ(Relations(ChooseJoinOrder(graph)), (std::vector<int>{2, 1, 0}));
}

TEST(JoinOrderTest, CrossProductsComeLast) {
  // a(0) 10 rows, unrelated b(1) 20 rows, c(2) 1000 rows joined to a.
  JoinGraph graph;
  graph.rows = {10, 20, 1000};
  graph.edges.push_back(JoinEdge{1, 4, 10, 1000});
  JoinOrder greedy = GreedyOrder(graph);
  EXPECT_EQ(Relations(greedy), (std::vector<int>{0, 2, 1}));
  EXPECT_TRUE(greedy.steps[1].connected);
  EXPECT_FALSE(greedy.steps[2].connected);
  // Even when the unrelated relation is the smallest.
  graph.rows = {10, 1, 1000};
  EXPECT_EQ(Relations(GreedyOrder(graph)), (std::vector<int>{0, 2, 1}));
}

TEST(JoinOrderTest, NearTiesKeepTheWrittenOrder) {
  JoinGraph graph;
  graph.rows = {30, 20, 25};  // cross products only: every order costs about the same
  EXPECT_EQ(Relations(ChooseJoinOrder(graph)), (std::vector<int>{0, 1, 2}));
  graph.rows = {100, 100};
  graph.edges.push_back(JoinEdge{1, 2, 100, 100});
  EXPECT_EQ(Relations(ChooseJoinOrder(graph)), (std::vector<int>{0, 1}));
}

using testing::MapCatalog;

class JoinPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // customers: 200, 4 regions; orders: 2000, 10 per customer; regions: 4; notes: 3.
    std::vector<std::string> customers, orders;
    for (int c = 0; c < 200; ++c) {
      customers.push_back(R"({"_id": "c)" + std::to_string(c) + R"(", "region": "r)" +
                          std::to_string(c % 4) + R"(", "tier": )" + std::to_string(c % 50) + "}");
    }
    for (int o = 0; o < 2000; ++o) {
      orders.push_back(R"({"_id": "o)" + std::to_string(o) + R"(", "customer": "c)" +
                       std::to_string(o % 200) + R"(", "amount": )" + std::to_string(o % 97) + "}");
    }
    Load("customers", customers);
    Load("orders", orders);
    Load("regions", {R"({"_id": "r0", "name": "north"})", R"({"_id": "r1", "name": "south"})",
                     R"({"_id": "r2", "name": "east"})", R"({"_id": "r3", "name": "west"})"});
    Load("notes", {R"({"_id": "n1", "text": "a"})", R"({"_id": "n2", "text": "b"})",
                   R"({"_id": "n3", "text": "c"})"});
  }

  void Load(const std::string& name, const std::vector<std::string>& docs) {
    ASSERT_TRUE(testing::LoadJson(temp_.store(), &catalog_.collections, name, docs).ok());
  }

  // Rows as JSON lines, sorted unless `keep_order`.
  std::string Run(const std::string& sql, bool optimize = true, bool keep_order = false,
                  bool use_indexes = true) {
    QueryOptions options;
    options.optimize = optimize;
    options.use_indexes = use_indexes;
    auto result = ExecuteSql(sql, catalog_, temp_.store(), options);
    if (!result.ok()) {
      return "ERROR " + result.status().ToString();
    }
    std::vector<std::string> lines;
    for (const Value& row : result->rows) {
      lines.push_back(ToJson(row));
    }
    if (!keep_order) {
      std::sort(lines.begin(), lines.end());
    }
    std::string out;
    for (const auto& line : lines) {
      out += line + "\n";
    }
    return out;
  }

  std::string Plan(const std::string& sql, bool use_indexes = true) {
    std::string out = Run("EXPLAIN " + sql, true, true, use_indexes);
    auto json = ParseJson(out.substr(0, out.size() - 1));
    return json.ok() ? std::string(json->Get("plan").string_value()) : out;
  }

  storage::testing::TempStore temp_;
  MapCatalog catalog_;
};

TEST_F(JoinPlanTest, ScanEstimatesComeFromTheStatistics) {
  // Equality: the exact posting count; IN: the sum; range: the default selectivity.
  EXPECT_NE(Plan("SELECT * FROM customers WHERE region = 'r1'").find("est_rows=50"),
            std::string::npos);
  EXPECT_NE(Plan("SELECT * FROM customers WHERE region IN ('r1', 'r2')").find("est_rows=100"),
            std::string::npos);
  EXPECT_NE(Plan("SELECT * FROM orders WHERE amount > 5").find("est_rows=600"), std::string::npos);
  EXPECT_NE(Plan("SELECT * FROM orders").find("est_rows=2000"), std::string::npos);
}

TEST_F(JoinPlanTest, BadWrittenOrderIsReordered) {
  std::string sql =
      "SELECT o._id, c._id AS customer, r.name FROM orders o, customers c, regions r "
      "WHERE o.customer = c._id AND c.region = r._id AND r.name = 'north' AND c.tier = 8";
  std::string plan = Plan(sql);
  // regions (1 row) first, then customers, then orders; every join is a hash join.
  EXPECT_NE(plan.find("join order: r, c, o (written: o, c, r)"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("nested-loop"), std::string::npos) << plan;
  std::string rows = Run(sql);
  EXPECT_EQ(rows, Run(sql, false));
  // Customers 8 and 108 (region r0, tier 8), 10 orders each.
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 20) << rows;
}

TEST_F(JoinPlanTest, FewLeftRowsLookUpABigCollectionInItsIndex) {
  // 1 region: its 50 customers looked up by region (200 documents >= 20 x 1), then their
  // 500 orders looked up by customer (2000 documents >= 20 x 50).
  std::string sql =
      "SELECT o._id FROM orders o JOIN customers c ON o.customer = c._id JOIN regions r ON "
      "r._id = c.region WHERE r.name = 'south'";
  std::string plan = Plan(sql);
  EXPECT_NE(plan.find("Join inner index-lookup on region"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Join inner index-lookup on customer"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Scan commons.customers [index look-ups per left row]"), std::string::npos)
      << plan;
  std::string rows = Run(sql);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 500);
  EXPECT_EQ(rows, Run(sql, false));
  // 3 regions: 150 customers, too many to look up 2000 orders: a hash join on them.
  std::string wide =
      "SELECT o._id FROM orders o JOIN customers c ON o.customer = c._id JOIN regions r ON "
      "r._id = c.region WHERE r.name IN ('south', 'east', 'west')";
  plan = Plan(wide);
  EXPECT_NE(plan.find("Join inner index-lookup on region"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Join inner hash keys=1"), std::string::npos) << plan;
  rows = Run(wide);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), '\n'), 1500);
  EXPECT_EQ(rows, Run(wide, false));
  // Without indexes: hash joins only.
  plan = Plan(sql, false);
  EXPECT_EQ(plan.find("index-lookup"), std::string::npos) << plan;
  EXPECT_EQ(Run(sql, true, false, false), Run(sql, false));
}

TEST_F(JoinPlanTest, ResultsMatchTheWrittenOrder) {
  const char* queries[] = {
      "SELECT * FROM orders o JOIN customers c ON o.customer = c._id JOIN regions r ON "
      "r._id = c.region WHERE o.amount = 3",
      "SELECT o._id, n.text FROM orders o CROSS JOIN notes n JOIN customers c ON "
      "c._id = o.customer WHERE c.tier = 1 AND o.amount < 20",
      "SELECT c._id, o._id AS o FROM customers c JOIN orders o USING (_id)",
      "SELECT r.name, COUNT(*) AS n FROM orders o, customers c, regions r WHERE "
      "o.customer = c._id AND c.region = r._id GROUP BY r.name",
      "SELECT c._id, o._id AS oid, r.name FROM orders o LEFT JOIN customers c ON "
      "o.customer = c._id AND c.tier = 3 JOIN regions r ON r._id = 'r1' WHERE o.amount = 1",
      "SELECT n.text, c._id FROM notes n, customers c, UNNEST([1, 2]) u WHERE c.tier = 5",
      "SELECT * FROM (SELECT _id FROM regions) x, customers c, notes n WHERE "
      "c.region = x._id AND c.tier = 9",
      "SELECT o._id FROM orders o, customers c WHERE o.customer = c._id AND "
      "c._id IN (SELECT 'c3')",
  };
  for (const char* sql : queries) {
    std::string optimized = Run(sql);
    EXPECT_EQ(optimized, Run(sql, false)) << sql;
    EXPECT_EQ(optimized.substr(0, 5) == "ERROR", false) << sql << optimized;
  }
}

TEST_F(JoinPlanTest, SelectStarKeepsTheWrittenColumnOrder) {
  // The order of a joined row's fields in SELECT * follows FROM as written.
  std::string sql =
      "SELECT * FROM regions r, customers c, notes n WHERE c.region = r._id AND "
      "c._id = 'c5' AND n._id = 'n1'";
  EXPECT_EQ(Run(sql, true, true), Run(sql, false, true));
  std::string stars =
      "SELECT r.*, n.* FROM orders o, regions r, notes n WHERE o._id = 'o1' AND n._id = 'n2' "
      "AND r._id = 'r3'";
  EXPECT_EQ(Run(stars, true, true), Run(stars, false, true));
}

TEST_F(JoinPlanTest, NoStatisticsOrNoOptimizerKeepsTheWrittenOrder) {
  std::string sql =
      "SELECT o._id FROM orders o, customers c, regions r WHERE o.customer = c._id AND "
      "c.region = r._id AND r.name = 'north'";
  auto statement = ParseStatement("EXPLAIN " + sql);
  ASSERT_TRUE(statement.ok());
  BindOptions options;  // no statistics
  auto bound = BindStatement(*statement, catalog_, options);
  ASSERT_TRUE(bound.ok());
  std::string plan = bound->plan->Explain();
  EXPECT_EQ(plan.find("join order"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("est_rows"), std::string::npos) << plan;
  QueryOptions off;
  off.optimize = false;
  auto result = ExecuteSql("EXPLAIN " + sql, catalog_, temp_.store(), off);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(ToJson(result->rows[0]).find("join order"), std::string::npos);
}

TEST_F(JoinPlanTest, LookupHintKeepsItsJoin) {
  std::string sql =
      "SELECT o._id FROM orders o JOIN customers c ON c._id = o.customer "
      "HINT(join_strategy=lookup) JOIN regions r ON r._id = c.region WHERE r.name = 'east'";
  std::string plan = Plan(sql);
  EXPECT_NE(plan.find("index-lookup on _id"), std::string::npos) << plan;
  EXPECT_EQ(Run(sql), Run(sql, false));
}

}  // namespace
}  // namespace basalt::sql
