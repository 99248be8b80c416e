#include "sql/parser/parser.h"

#include <gtest/gtest.h>

namespace basalt::sql {
namespace {

Statement MustParse(std::string_view sql) {
  auto parsed = ParseStatement(sql);
  EXPECT_TRUE(parsed.ok()) << sql << ": " << parsed.status().ToString() << " at "
                           << parsed.status().line() << ":" << parsed.status().column();
  return parsed.ok() ? std::move(parsed).value() : Statement{};
}

TEST(ParserTest, ParsesEveryClause) {
  const char* queries[] = {
      "SELECT 1",
      "select count(*) from _events;",
      "SELECT DISTINCT a, b.c AS x, * EXCEPT (d), t.* FROM commons.people t WHERE a > 1",
      "SELECT a, FROM t",
      "WITH x AS (SELECT 1 AS a), y (b) AS (SELECT 2) SELECT * FROM x, y",
      "SELECT * FROM a JOIN b ON a.id = b.id LEFT OUTER JOIN c USING (k) "
      "HINT(join_strategy=lookup)",
      "SELECT * FROM a CROSS JOIN UNNEST(a.tags AS tag WITH ORDINALITY AS pos) AS u",
      "SELECT * FROM a, UNNEST(a.friends) f WHERE f.age = 61",
      "SELECT g, COUNT(*) FROM t GROUP BY ROLLUP (g, h) HAVING COUNT(*) > 1",
      "SELECT g FROM t GROUP BY GROUPING SETS ((g, h), (g), ())",
      "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC NULLS LAST ROWS BETWEEN "
      "UNBOUNDED PRECEDING AND CURRENT ROW) FROM t",
      "SELECT a FROM t ORDER BY a DESC, 2 LIMIT 10 OFFSET 5",
      "SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4",
      "SELECT (SELECT MAX(x) FROM t), EXISTS (SELECT 1), a IN (SELECT b FROM u) FROM v",
      "SELECT x = ANY (SELECT y FROM t)",
      "SELECT :name, ?, : spaced",
      "SELECT a.b.c, a['b'], arr[1], \"weird-name\".x, `back`",
      "SELECT [1, 'a', null], ARRAY[1, 2], {'a': 1, 'b': [2]}",
      "SELECT DATE '2018-05-26', TIMESTAMP '2018-05-26T10:30:20.345Z', X'6869', U&'\\0041'",
      "SELECT INTERVAL 1 HOUR, INTERVAL '2' DAY, INTERVAL '1:30' HOUR TO MINUTE, INTERVAL -1.5 "
      "SECOND",
      "SELECT CAST(1 AS string), TRY_CAST('x' AS int), 1::float, x::VARCHAR(10)",
      "SELECT CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END, CASE x WHEN 1 THEN 'a' END",
      "SELECT a BETWEEN 1 AND 2, a NOT LIKE 'x%' ESCAPE '!', a IS NOT NULL, a IS UNDEFINED, "
      "a IS DISTINCT FROM b, NOT a AND b OR c",
      "SELECT EXTRACT(YEAR FROM d), SUBSTRING('hello' FROM 2 FOR 3), POSITION('l' IN 'hello')",
      "SELECT ts AT TIME ZONE 'UTC', -9223372036854775808, 1e3, .5, 'it''s'",
      "SELECT ARRAY_AGG(x ORDER BY y DESC), COUNT(DISTINCT x), SUM(x) FILTER (WHERE y > 1)",
      "SELECT * FROM TABLE('people') HINT(access_path=column_scan)",
      "EXPLAIN SELECT * FROM t",
      "DESCRIBE commons.people",
      "SELECT * FROM (SELECT 1 AS a) s (b)",
      "VALUES (1, 'a'), (2, 'b')",
      "SELECT CURRENT_TIMESTAMP(), CURRENT_DATE, date, time FROM t",
      "SELECT 1 -- comment\n /* block */ ;;",
      "SELECT a & b | c ^ d, ~a, a << 2, 'a' || 'b'",
      "SELECT * FROM a NATURAL JOIN b FULL JOIN c ON true RIGHT JOIN d ON false",
  };
  for (const char* sql : queries)
    MustParse(sql);
}

TEST(ParserTest, SyntaxErrorsCarryLineAndColumn) {
  auto parsed = ParseStatement("SELECT a\nFROM t WHERE");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), ErrorCode::kQueryError);
  EXPECT_EQ(parsed.status().line(), 2);
  EXPECT_EQ(parsed.status().column(), 13);
  EXPECT_EQ(parsed.status().error_id(), "syntax_error");

  parsed = ParseStatement("SELECT 'unterminated");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().column(), 8);

  parsed = ParseStatement("SELECT 99999999999999999999");
  ASSERT_FALSE(parsed.ok());

  parsed = ParseStatement("SELECT 1 2");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().column(), 10);

  parsed = ParseStatement("SELECT * FROM t WHERE select");
  ASSERT_FALSE(parsed.ok());
}

TEST(ParserTest, PrecedenceAndShapes) {
  auto expr = ParseExpression("1 + 2 * 3 = 7 AND NOT x OR y");
  ASSERT_TRUE(expr.ok());
  EXPECT_EQ((*expr)->ToString(), "((((1 + (2 * 3)) = 7) AND NOT x) OR y)");
  expr = ParseExpression("-2 * -x");
  ASSERT_TRUE(expr.ok());
  EXPECT_EQ((*expr)->ToString(), "(-2 * -x)");
  expr = ParseExpression("a.b[1].c");
  ASSERT_TRUE(expr.ok());
  EXPECT_EQ((*expr)->kind, ExprKind::kFieldAccess);
  EXPECT_EQ((*expr)->ToString(), "a.b[1].c");

  Statement st = MustParse("SELECT COUNT(*) AS n, Count(x) FROM t LIMIT ALL");
  ASSERT_TRUE(st.query);
  const Select& select = *st.query->body->select;
  EXPECT_EQ(select.items[0].alias, "n");
  EXPECT_TRUE(select.items[0].expr->star_arg);
  EXPECT_EQ(select.items[1].expr->spelled, "Count");
  EXPECT_EQ(st.query->limit, nullptr);
}

}  // namespace
}  // namespace basalt::sql
