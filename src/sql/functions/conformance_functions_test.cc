// The public conformance cases (spec/conformance-public.jsonl) that are constant
// expressions, evaluated through the function library with the test interpreter of
// function_test_util.h: function results must match exactly.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "sql/functions/function_test_util.h"

namespace basalt::sql {
namespace {

struct ConformanceCase {
  const char* id;
  const char* expr;      // the SELECT list of the case
  const char* expected;  // JSON (extended JSON for typed values), or ERROR
};

constexpr ConformanceCase kCases[] = {
    {"array.position.null", "ARRAY_POSITION(ARRAY_CREATE(5, 'hello', null), null)", "3"},
    {"array.remove.int", "ARRAY_REMOVE(ARRAY_CREATE(3, 1, 2), 1)", "[3, 2]"},
    {"array.last_position.found", "ARRAY_LAST_POSITION(ARRAY_CREATE(5, null, 5), 5)", "3"},
    {"array.last_position.absent", "ARRAY_LAST_POSITION(ARRAY_CREATE(5, null, 5), 'hello')", "0"},
    {"array.length.empty", "LENGTH(ARRAY_CREATE())", "0"},
    {"array.length.four", "LENGTH(ARRAY_CREATE(1, 2, 'hello', null))", "4"},
    {"array.length.null", "LENGTH(null)", "null"},
    {"array.subscript.last", "[10, 20, 30][3]", "30"},
    {"array.subscript.out_of_range_undefined", "[10, 20, 30][4] IS UNDEFINED", "true"},
    {"array.subscript.out_of_range_is_null", "[10, 20, 30][4] IS NULL", "true"},
    {"array.slice.from_start", "SLICE([1, 2, 3, 4], 2)", "[2, 3, 4]"},
    {"array.slice.negative_start", "SLICE([1, 2, 3, 4], -2)", "[3, 4]"},
    {"array.slice.length_clamped", "SLICE([1, 2, 3], 2, 10)", "[2, 3]"},
    {"array.contains.true", "ARRAY_CONTAINS([1, 2, 3], 2)", "true"},
    {"array.contains.false", "ARRAY_CONTAINS(['pull', 'trunk'], 'lint')", "false"},
    {"array.array_keyword_literal", "ARRAY[1, 2]", "[1, 2]"},
    {"object.object.construct",
     "OBJECT(ARRAY_CREATE('foo', 'bar', 'baz'), ARRAY_CREATE(25, 'hello world', ARRAY_CREATE(1, 2, "
     "3)))",
     "{\"baz\": [1, 2, 3], \"bar\": \"hello world\", \"foo\": 25}"},
    {"math.abs.0", "ABS(5)", "5"},
    {"math.abs.1", "ABS(-5)", "5"},
    {"math.floor.0", "FLOOR(2.4)", "2.0"},
    {"math.floor.1", "FLOOR(2.6)", "2.0"},
    {"math.truncate.0", "TRUNCATE(2.4)", "2.0"},
    {"math.truncate.1", "TRUNCATE(2.6)", "2.0"},
    {"math.round.3", "ROUND(null)", "null"},
    {"math.greatest.0", "GREATEST(1)", "1"},
    {"math.greatest.1", "GREATEST(1, 2, 3)", "3"},
    {"math.abs.type_preserved", "TYPEOF(ABS(-5))", "\"int\""},
    {"math.least.basic", "LEAST(3, 1, 2)", "1"},
    {"math.pow", "POW(2, 10)", "1024.0"},
    {"math.exp.zero", "EXP(0)", "1.0"},
    {"math.ln.one", "LN(1)", "0.0"},
    {"math.log10", "LOG10(1000)", "3.0"},
    {"math.cos.zero", "COS(0)", "1.0"},
    {"math.null_arg.sqrt", "SQRT(null)", "null"},
    {"math.op.add_int", "1 + 1", "2"},
    {"math.op.add_int_type", "TYPEOF(1 + 1)", "\"int\""},
    {"math.op.sub", "10 - 15", "-5"},
    {"math.op.mod", "17 % 5", "2"},
    {"math.op.unary_minus", "-(3 - 5)", "2"},
    {"math.op.float_div", "7.0 / 2", "3.5"},
    {"math.op.null_propagates", "1 + null", "null"},
    {"math.bitwise_xor", "BITWISE_XOR(5, 3)", "6"},
    {"cast.bool_int", "CAST(true AS int)", "1"},
    {"cast.bool_float", "CAST(true as float)", "1.0"},
    {"cast.bytes_string", "CAST(bytes 'hello' as string)", "\"hello\""},
    {"cast.int_month_interval", "DURATION_MONTHS(CAST(10 as month_interval))", "10"},
    {"cast.int_us_interval", "DURATION_MICROS(CAST(10 as microsecond_interval))", "10"},
    {"cast.string_bytes_roundtrip", "CAST(CAST('hello' AS bytes) AS string)", "\"hello\""},
    {"cast.alias_double", "TYPEOF(CAST(1 AS double))", "\"float\""},
    {"cast.alias_varchar", "CAST(12 AS varchar)", "\"12\""},
    {"cast.try_static_cast_string", "TRY_STATIC_CAST('3' AS int)", "null"},
    {"type.typeof.string", "TYPEOF('a')", "\"string\""},
    {"type.typeof.bytes", "TYPEOF(CAST('x' AS bytes))", "\"bytes\""},
    {"type.typeof.microsecond_interval", "TYPEOF(HOURS(1))", "\"microsecond_interval\""},
    {"type.typeof.geography", "TYPEOF(ST_GEOGPOINT(1, 2))", "\"geography\""},
    {"type.is_scalar.int", "IS_SCALAR(1)", "true"},
    {"type.is_scalar.array", "IS_SCALAR([1])", "false"},
    {"literal.string.quote_escape", "'it''s'", "\"it's\""},
    {"literal.date_constructor_eq", "DATE '2018-01-01' = DATE(2018, 1, 1)", "true"},
    {"literal.bool_true", "true", "true"},
    {"literal.null", "null", "null"},
    {"string.length.foo", "LENGTH('foo')", "3"},
    {"string.concat.two", "CONCAT('foo', 'bar')", "\"foobar\""},
    {"string.concat.three", "CONCAT('a', 'b', 'c')", "\"abc\""},
    {"string.concat.operator", "'foo' || 'bar'", "\"foobar\""},
    {"string.ltrim", "LTRIM('  ab  ')", "\"ab  \""},
    {"string.replace.remove", "REPLACE('abcabc', 'b')", "\"acac\""},
    {"string.split.limit", "SPLIT('a,b,c', ',', 2)", "[\"a\", \"b,c\"]"},
    {"string.split.no_delim", "SPLIT('abc', ',')", "[\"abc\"]"},
    {"string.substr.from", "SUBSTR('hello', 2)", "\"ello\""},
    {"string.position_syntax", "POSITION('l' IN 'hello')", "3"},
    {"string.format_braces", "FORMAT('%{}%', 'abc')", "\"%abc%\""},
    {"string.like.prefix", "'abc' LIKE 'a%'", "true"},
    {"string.like.case_sensitive", "'abc' LIKE 'A%'", "false"},
    {"string.like.anchored", "'xabc' LIKE 'a%'", "false"},
    {"regex.like.no_match", "REGEXP_LIKE('abc', '^b')", "false"},
    {"regex.extract.full", "REGEXP_EXTRACT('abc123def456', '[0-9]+')", "\"123\""},
    {"regex.replace.remove", "REGEXP_REPLACE('a1b2c3', '[0-9]')", "\"abc\""},
    {"regex.split", "REGEXP_SPLIT('a1b22c', '[0-9]+')", "[\"a\", \"b\", \"c\"]"},
    {"cond.if.true", "IF(1 < 2, 'yes', 'no')", "\"yes\""},
    {"cond.coalesce.undefined", "COALESCE(undefined, 'x')", "\"x\""},
    {"cond.case.else", "CASE WHEN false THEN 1 ELSE 2 END", "2"},
    {"cond.nullif.diff", "NULLIF(1, 2)", "1"},
    {"cond.between.in", "5 BETWEEN 1 AND 10", "true"},
    {"cond.not_between", "5 NOT BETWEEN 1 AND 10", "false"},
    {"cmp.eq.int_float", "1 = 1.0", "true"},
    {"cmp.lt.diff_types_null", "1 < 'a'", "null"},
    {"cmp.string_order", "'abc' < 'abd'", "true"},
    {"cmp.null_eq_null", "null = null", "null"},
    {"cmp.array_eq", "[1, 2] = [1, 2]", "true"},
    {"cmp.date_order", "DATE '2018-01-01' < DATE '2018-01-02'", "true"},
    {"logic.or", "false OR true", "true"},
    {"logic.and_null", "true AND null", "null"},
    {"logic.or_undefined", "false OR undefined", "null"},
    {"logic.not_null", "NOT null", "null"},
    {"null.is_null.null", "null IS NULL", "true"},
    {"null.is_undefined.undefined", "undefined IS UNDEFINED", "true"},
    {"null.is_not_null.undefined", "undefined IS NOT NULL", "false"},
    {"null.is_not_undefined.null", "null IS NOT UNDEFINED", "true"},
    {"geo.point.basic", "ST_GEOGPOINT(-122.325133, 37.566564)",
     "{\"__rockset_type\": \"GEOGRAPHY\", \"value\": {\"type\": \"Point\", \"coordinates\": "
     "[-122.325133, 37.566564]}}"},
    {"geo.point.lon_wrap", "ST_GEOGPOINT(190, 0)",
     "{\"__rockset_type\": \"GEOGRAPHY\", \"value\": {\"type\": \"Point\", \"coordinates\": "
     "[-170.0, 0.0]}}"},
    {"geo.point.lat_wrap", "ST_GEOGPOINT(10, 100)",
     "{\"__rockset_type\": \"GEOGRAPHY\", \"value\": {\"type\": \"Point\", \"coordinates\": "
     "[-170.0, 80.0]}}"},
    {"geo.st_x", "ST_X(ST_GEOGPOINT(-122.325133, 37.566564))", "-122.325133"},
    {"geo.fromtext.x", "ST_X(ST_GEOGFROMTEXT('POINT(12 34)'))", "12.0"},
    {"geo.fromtext.y", "ST_Y(ST_GEOGFROMTEXT('POINT(12 34)'))", "34.0"},
    {"vector.enforce.int_ok", "VECTOR_ENFORCE([1, 2, 3], 3, 'int')", "[1, 2, 3]"},
    {"vector.enforce.type_mismatch", "VECTOR_ENFORCE([1, 2, 3], 3, 'float')", "null"},
    {"vector.enforce.float_ok", "VECTOR_ENFORCE([1.5, 2.6, 3.7, 4.8], 4, 'float')",
     "[1.5, 2.6, 3.7, 4.8]"},
    {"vector.enforce.len_mismatch", "VECTOR_ENFORCE([1.5, 2.6, 3.7, 4.8], 1, 'float')", "null"},
    {"vector.add.scalar_int", "VECTOR_ADD([1, 2, 3, 4], 4)", "[5, 6, 7, 8]"},
    {"vector.add.vec_int", "VECTOR_ADD([1, 2, 3, 4], [5, 6, 7, 8])", "[6, 8, 10, 12]"},
    {"vector.add.len_mismatch_error", "VECTOR_ADD([1, 2, 3], [1, 2])", "ERROR"},
    {"vector.euclidean", "EUCLIDEAN_DISTANCE([0, 0], [3, 4])", "5.0"},
    {"vector.cosine_orthogonal", "COSINE_SIMILARITY([1, 0], [0, 3])", "0.0"},
    {"hash.sha1", "LOWER(TO_HEX(SHA1(TO_UTF8('abc'))))",
     "\"a9993e364706816aba3e25717850c26c9cd0d89d\""},
    {"hash.type_bytes", "TYPEOF(MD5(TO_UTF8('abc')))", "\"bytes\""},
    {"json.parse.int_vs_float", "TYPEOF(JSON_PARSE('1.0'))", "\"float\""},
    {"json.parse.int", "TYPEOF(JSON_PARSE('7'))", "\"int\""},
    {"dt.unix_seconds_roundtrip", "UNIX_SECONDS(TIMESTAMP_SECONDS(1000))", "1000"},
    {"dt.unix_micros_from_seconds", "UNIX_MICROS(TIMESTAMP_SECONDS(1))", "1000000"},
    {"dt.unix_millis_from_seconds", "UNIX_MILLIS(TIMESTAMP_SECONDS(2))", "2000"},
    {"dt.duration_millis_seconds", "DURATION_MILLIS(SECONDS(3))", "3000"},
    {"dt.duration_micros_millis", "DURATION_MICROS(MILLISECONDS(1))", "1000"},
    {"dt.duration_seconds_hours", "DURATION_SECONDS(HOURS(1))", "3600"},
    {"dt.duration_seconds_days", "DURATION_SECONDS(DAYS(1))", "86400"},
    {"dt.interval_literal_hour", "DURATION_SECONDS(INTERVAL 1 HOUR)", "3600"},
    {"dt.interval_literal_string", "DURATION_SECONDS(INTERVAL '2' MINUTE)", "120"},
    {"dt.interval_literal_year", "DURATION_MONTHS(INTERVAL 1 YEAR)", "12"},
    {"dt.ts_plus_interval", "UNIX_SECONDS(TIMESTAMP_SECONDS(0) + INTERVAL 1 DAY)", "86400"},
    {"dt.ts_minus_interval", "UNIX_SECONDS(TIMESTAMP_SECONDS(7200) - HOURS(1))", "3600"},
    {"dt.parse_date_iso", "CAST(PARSE_DATE_ISO8601('2018-05-26') AS string)", "\"2018-05-26\""},
    {"dt.format_date", "FORMAT_DATE('%Y/%m/%d', DATE '2018-05-26')", "\"2018/05/26\""},
    {"dt.parse_date_fmt", "CAST(PARSE_DATE('%Y/%m/%d', '2018/05/26') AS string)", "\"2018-05-26\""},
    {"dt.at_time_zone_roundtrip",
     "UNIX_SECONDS(TIMESTAMP_SECONDS(12345) AT TIME ZONE 'Asia/Tokyo' AT TIME ZONE 'Asia/Tokyo')",
     "12345"},
    {"dt.time_bucket", "UNIX_SECONDS(TIME_BUCKET(HOURS(1), TIMESTAMP_SECONDS(5000)))", "3600"},
    {"dt.date_diff_day", "DATE_DIFF('day', DATE '2018-05-01', DATE '2018-05-26')", "25"},
    {"dt.date_diff_second", "DATE_DIFF('second', TIMESTAMP_SECONDS(100), TIMESTAMP_SECONDS(160))",
     "60"},
    {"dt.date_diff_hour_neg", "DATE_DIFF('hour', TIMESTAMP_SECONDS(7200), TIMESTAMP_SECONDS(0))",
     "-2"},
    {"dt.current_date_type", "TYPEOF(CURRENT_DATE())", "\"date\""},
    {"dt.current_time_type", "TYPEOF(CURRENT_TIME())", "\"time\""},
    {"dt.current_timestamp_recent", "UNIX_SECONDS(CURRENT_TIMESTAMP()) > 1600000000", "true"},
};

// Numbers compare numerically with a 1e-9 relative tolerance; everything else structurally.
bool SameValue(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    double x = a.AsDouble(), y = b.AsDouble();
    return x == y || std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
  }
  if (a.is_array() && b.is_array()) {
    if (a.array().size() != b.array().size()) {
      return false;
    }
    for (size_t idx = 0; idx < a.array().size(); ++idx) {
      if (!SameValue(a.array()[idx], b.array()[idx])) {
        return false;
      }
    }
    return true;
  }
  if (a.is_nullish() && b.is_nullish()) {
    return true;
  }
  return a.Equals(b);
}

TEST(ConformanceFunctionsTest, ConstantCasesMatch) {
  int passed = 0;
  for (const ConformanceCase& c : kCases) {
    SCOPED_TRACE(std::string(c.id) + ": " + c.expr);
    auto result = testing::Eval(c.expr);
    if (std::string_view(c.expected) == "ERROR") {
      EXPECT_FALSE(result.ok()) << result->DebugString();
      passed += !result.ok();
      continue;
    }
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    // Temporal results are compared through their ISO rendering, like the runner does.
    Value expected = testing::J(c.expected);
    Value actual = *result;
    if (expected.is_string() && !actual.is_string() && !actual.is_nullish()) {
      actual = testing::J(ToJson(actual));
    }
    bool same = SameValue(actual, expected);
    EXPECT_TRUE(same) << "got " << ToJson(*result) << ", expected " << c.expected;
    passed += same;
  }
  EXPECT_EQ(passed, int(std::size(kCases)));
}

}  // namespace
}  // namespace basalt::sql
