// Views expanded by the binder (api.md §10): derived tables, cycles, parameters, entities.
#include <map>

#include <gtest/gtest.h>

#include "common/json.h"
#include "sql/engine.h"
#include "sql/parser/parser.h"
#include "sql/sql_test_util.h"
#include "storage/store_test_util.h"

namespace basalt::sql {
namespace {

// Collections and views by path; an alias is a second path for a collection.
class ViewCatalog : public CatalogView {
 public:
  Result<ResolvedCollection> ResolveCollection(const std::vector<std::string>& names) override {
    BASALT_ASSIGN_OR_RETURN(ResolvedRelation relation, ResolveRelation(names));
    if (relation.kind == ResolvedRelation::Kind::kView) {
      return NotImplemented("view");
    }
    return relation.collection;
  }
  Result<ResolvedRelation> ResolveRelation(const std::vector<std::string>& names) override {
    std::string path = names.size() == 1 ? "commons." + names[0] : names[0] + "." + names[1];
    ResolvedRelation relation;
    relation.path = path;
    if (auto view = views.find(path); view != views.end()) {
      relation.kind = ResolvedRelation::Kind::kView;
      relation.view_sql = view->second;
      return relation;
    }
    if (auto alias = aliases.find(path); alias != aliases.end()) {
      path = alias->second;
    }
    auto found = collections.find(path);
    if (found == collections.end()) {
      return NotFound("Collection, alias or view '" + relation.path + "' not found");
    }
    relation.collection = ResolvedCollection{found->second, path};
    return relation;
  }
  std::map<std::string, uint32_t> collections;
  std::map<std::string, std::string> aliases;
  std::map<std::string, std::string> views;
};

class BindViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Load("people",
         {R"({"_id": "a", "name": "Ann", "age": 30})", R"({"_id": "b", "name": "Bob", "age": 40})",
          R"({"_id": "c", "name": "Cid", "age": 50})"});
    Load("other", {R"({"_id": "z", "name": "Zed", "age": 99})"});
  }
  void Load(const std::string& name, const std::vector<std::string>& docs) {
    ASSERT_TRUE(testing::LoadJson(temp_.store(), &catalog_.collections, name, docs).ok());
  }
  Result<QueryResult> Execute(const std::string& sql, bool optimize = true) {
    QueryOptions options;
    options.optimize = optimize;
    options.parameters["p"] = Value::Int(1);
    return ExecuteSql(sql, catalog_, temp_.store(), options);
  }
  std::string Run(const std::string& sql, bool optimize = true) {
    return testing::RowsText(Execute(sql, optimize));
  }

  storage::testing::TempStore temp_;
  ViewCatalog catalog_;
};

TEST_F(BindViewTest, ViewsExpandAsDerivedTables) {
  catalog_.views["commons.adults"] = "SELECT name, age FROM people WHERE age >= 40";
  catalog_.views["commons.names"] = "SELECT a.name AS n FROM commons.adults a ORDER BY n DESC";
  for (bool optimize : {true, false}) {
    EXPECT_EQ(Run("SELECT name FROM adults ORDER BY name", optimize),
              "{\"name\":\"Bob\"}\n{\"name\":\"Cid\"}\n");
    EXPECT_EQ(Run("SELECT v.age FROM commons.adults v WHERE v.name = 'Cid'", optimize),
              "{\"age\":50}\n");
    EXPECT_EQ(Run("SELECT COUNT(*) AS c FROM names", optimize), "{\"c\":2}\n");
    // Joined with a collection, and a CTE of the query does not leak into the view.
    EXPECT_EQ(Run("WITH people AS (SELECT 1 AS x) SELECT p.name FROM adults p "
                  "JOIN commons.people q ON p.name = q.name ORDER BY 1",
                  optimize),
              "{\"name\":\"Bob\"}\n{\"name\":\"Cid\"}\n");
  }
  Result<QueryResult> result = Execute("SELECT * FROM names");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  // `collections` names what is read, not the views.
  EXPECT_EQ(result->collections, std::vector<std::string>{"commons.people"});
}

TEST_F(BindViewTest, AliasesReadTheirCollection) {
  catalog_.aliases["commons.current"] = "commons.other";
  catalog_.views["commons.cv"] = "SELECT name FROM current";
  Result<QueryResult> result = Execute("SELECT name FROM cv");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->rows.size(), 1u);
  EXPECT_EQ(result->collections, std::vector<std::string>{"commons.other"});
  catalog_.aliases["commons.current"] = "commons.people";
  EXPECT_EQ(Execute("SELECT name FROM cv")->rows.size(), 3u);
}

TEST_F(BindViewTest, CyclesAndDepthAreQueryErrors) {
  catalog_.views["commons.v1"] = "SELECT * FROM v2";
  catalog_.views["commons.v2"] = "SELECT * FROM commons.v1";
  Result<QueryResult> result = Execute("SELECT 1 AS one FROM v1");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kQueryError);
  EXPECT_EQ(result.status().message(),
            "View 'commons.v1' refers to itself: commons.v1 -> commons.v2 -> commons.v1");
  EXPECT_EQ(result.status().column(), 22);  // where the query names v1
  catalog_.views["commons.self"] = "SELECT * FROM self";
  EXPECT_EQ(Execute("SELECT * FROM self").status().code(), ErrorCode::kQueryError);
  // A long chain without a cycle is refused past kMaxViewDepth.
  for (int idx = 0; idx <= kMaxViewDepth; ++idx) {
    catalog_.views["commons.d" + std::to_string(idx)] =
        idx == kMaxViewDepth ? "SELECT 1 AS x" : "SELECT * FROM d" + std::to_string(idx + 1);
  }
  EXPECT_EQ(Execute("SELECT * FROM d1").status().code(), ErrorCode::kOk);
  result = Execute("SELECT * FROM d0");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("nest more than"), std::string::npos);
}

TEST_F(BindViewTest, ErrorsInsideAViewNameIt) {
  catalog_.views["commons.broken"] = "SELECT * FROM gone";
  Result<QueryResult> result = Execute("SELECT *\nFROM broken");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(result.status().message(),
            "In view 'commons.broken': Collection, alias or view 'commons.gone' not found");
  EXPECT_EQ(result.status().line(), 2);
  EXPECT_EQ(result.status().column(), 6);
  // A parameter stored in a view is refused even when the query has one of that name.
  catalog_.views["commons.param"] = "SELECT :p AS x";
  result = Execute("SELECT * FROM param");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), ErrorCode::kQueryError);
  EXPECT_EQ(result.status().error_id(), "parameter_in_view");
}

TEST_F(BindViewTest, CheckViewSql) {
  catalog_.aliases["commons.current"] = "commons.other";
  catalog_.views["commons.adults"] = "SELECT name FROM people WHERE age >= 40";
  Result<std::vector<std::string>> entities =
      CheckViewSql("commons.new",
                   "SELECT a.name FROM adults a JOIN current c ON a.name = c.name "
                   "WHERE a.name IN (SELECT name FROM commons.people)",
                   catalog_);
  ASSERT_TRUE(entities.ok()) << entities.status().ToString();
  EXPECT_EQ(*entities,
            (std::vector<std::string>{"commons.adults", "commons.current", "commons.people"}));
  EXPECT_EQ(CheckViewSql("commons.new", "SELECT 1", catalog_)->size(), 0u);
  struct Case {
    const char* sql;
    ErrorCode code;
  };
  for (const Case& c :
       {Case{"SELECT :p", ErrorCode::kQueryError}, Case{"SELEC 1", ErrorCode::kQueryError},
        Case{"EXPLAIN SELECT 1", ErrorCode::kQueryError},
        Case{"DESCRIBE people", ErrorCode::kQueryError},
        Case{"SELECT NOPE(1)", ErrorCode::kQueryError},
        Case{"SELECT * FROM missing", ErrorCode::kNotFound}}) {
    EXPECT_EQ(CheckViewSql("commons.new", c.sql, catalog_).status().code(), c.code) << c.sql;
  }
  // Redefining adults over a view that reads adults: the cycle starts at the view checked.
  catalog_.views["commons.over"] = "SELECT * FROM adults";
  catalog_.views["commons.adults"] = "SELECT * FROM over";  // what the server's override does
  Result<std::vector<std::string>> cycle =
      CheckViewSql("commons.adults", "SELECT * FROM over", catalog_);
  ASSERT_FALSE(cycle.ok());
  EXPECT_EQ(cycle.status().message(),
            "View 'commons.adults' refers to itself: commons.adults -> commons.over -> "
            "commons.adults");
}

}  // namespace
}  // namespace basalt::sql
