#include "cli/result_format.h"

#include <gtest/gtest.h>

namespace basalt::cli {
namespace {

QueryResult Parse(std::string_view body) {
  Result<QueryResult> result = ParseQueryReply(body);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? *result : QueryResult{};
}

constexpr char kReply[] = R"({
  "results": [
    {"name": "ann", "age": 30, "tags": ["a", "b"], "note": null},
    {"age": 4.5, "name": "bob", "addr": {"city": "x"}}
  ],
  "column_fields": [{"name": "name", "type": ""}, {"name": "age", "type": ""}],
  "results_total_doc_count": 2,
  "stats": {"elapsed_time_ms": 7}
})";

TEST(ResultFormatTest, ColumnsFollowColumnFieldsThenFirstSeenKeys) {
  QueryResult result = Parse(kReply);
  EXPECT_EQ(result.columns, (std::vector<std::string>{"name", "age", "tags", "note", "addr"}));
  EXPECT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.elapsed_ms, 7);
}

TEST(ResultFormatTest, SelectStarUsesTheUnionOfKeys) {
  QueryResult result = Parse(R"({"results":[{"b":1,"a":2},{"c":3,"a":4}],"column_fields":[]})");
  EXPECT_EQ(result.columns, (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_EQ(result.elapsed_ms, -1);
}

TEST(ResultFormatTest, TableAlignsAndRendersEachKindOfValue) {
  EXPECT_EQ(FormatTable(Parse(kReply), true),
            "+------+-----+-----------+------+--------------+\n"
            "| name | age | tags      | note | addr         |\n"
            "+------+-----+-----------+------+--------------+\n"
            "| ann  |  30 | [\"a\",\"b\"] | NULL |              |\n"
            "| bob  | 4.5 |           |      | {\"city\":\"x\"} |\n"
            "+------+-----+-----------+------+--------------+\n"
            "(2 rows, 7 ms)\n");
}

TEST(ResultFormatTest, TableFooterWithoutTimingAndForEmptyResults) {
  EXPECT_EQ(FormatTable(Parse(R"({"results":[{"x":1}]})"), false),
            "+---+\n| x |\n+---+\n| 1 |\n+---+\n(1 row)\n");
  EXPECT_EQ(FormatTable(Parse(R"({"results":[],"column_fields":[{"name":"x"}]})"), false),
            "+---+\n| x |\n+---+\n(0 rows)\n");
  EXPECT_EQ(FormatTable(Parse(R"({"results":[],"stats":{"elapsed_time_ms":3}})"), true),
            "(0 rows, 3 ms)\n");
}

TEST(ResultFormatTest, TableMeasuresUtf8AndEscapesControlCharacters) {
  EXPECT_EQ(FormatTable(Parse(R"({"results":[{"s":"é"},{"s":"漢字"},{"s":"a\nb"}]})"), false),
            "+------+\n"
            "| s    |\n"
            "+------+\n"
            "| é    |\n"
            "| 漢字 |\n"
            "| a\\nb |\n"
            "+------+\n"
            "(3 rows)\n");
}

TEST(ResultFormatTest, TypedValuesStayJson) {
  QueryResult result =
      Parse(R"({"results":[{"b":{"__rockset_type":"bytes","value":"AQI="},"t":true,"f":2.0}]})");
  EXPECT_EQ(FormatJsonLines(result),
            "{\"b\":{\"__rockset_type\":\"bytes\",\"value\":\"AQI=\"},\"t\":true,\"f\":2.0}\n");
  EXPECT_EQ(CellText(result.rows[0].Get("t"), "NULL"), "true");
  EXPECT_EQ(CellText(result.rows[0].Get("f"), "NULL"), "2.0");
}

TEST(ResultFormatTest, JsonLinesIsOneObjectPerRow) {
  EXPECT_EQ(FormatJsonLines(Parse(kReply)),
            "{\"name\":\"ann\",\"age\":30,\"tags\":[\"a\",\"b\"],\"note\":null}\n"
            "{\"age\":4.5,\"name\":\"bob\",\"addr\":{\"city\":\"x\"}}\n");
}

TEST(ResultFormatTest, CsvFollowsRfc4180) {
  EXPECT_EQ(FormatCsv(Parse(kReply)),
            "name,age,tags,note,addr\r\n"
            "ann,30,\"[\"\"a\"\",\"\"b\"\"]\",,\r\n"
            "bob,4.5,,,\"{\"\"city\"\":\"\"x\"\"}\"\r\n");
  EXPECT_EQ(FormatCsv(Parse(R"({"results":[{"a,b":"x\"y","c":"line\nbreak","d":" sp "}]})")),
            "\"a,b\",c,d\r\n\"x\"\"y\",\"line\nbreak\", sp \r\n");
  EXPECT_EQ(FormatCsv(Parse(R"({"results":[]})")), "");
}

TEST(ResultFormatTest, ErrorRepliesBecomeOneLine) {
  EXPECT_EQ(FormatErrorReply(400, R"({"message":"bad thing","type":"QUERY_ERROR",
                                      "line":2,"column":10})"),
            "ERROR QUERY_ERROR at line 2, column 10: bad thing");
  EXPECT_EQ(FormatErrorReply(401, R"({"message":"no","type":"AUTHEXCEPTION","line":null})"),
            "ERROR AUTHEXCEPTION: no");
  EXPECT_EQ(FormatErrorReply(502, "Bad Gateway\n"), "ERROR HTTP 502: Bad Gateway");
}

TEST(ResultFormatTest, BadRepliesAreErrors) {
  EXPECT_FALSE(ParseQueryReply("not json").ok());
  EXPECT_FALSE(ParseQueryReply(R"({"rows":[]})").ok());
}

TEST(ResultFormatTest, FormatNames) {
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(OutputFormatName(*ParseOutputFormat("json")), "json");
  EXPECT_EQ(ParseOutputFormat("xml").status().code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace basalt::cli
