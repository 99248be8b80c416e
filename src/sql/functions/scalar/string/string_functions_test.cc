// String and regular-expression functions: values, null, undefined, wrong types.
#include <gtest/gtest.h>

#include "sql/functions/function_test_util.h"

namespace basalt::sql {
namespace {

using testing::ExpectCases;
using testing::kTypeError;

TEST(StringFunctionsTest, CaseLengthConcat) {
  ExpectCases({{"LOWER('AbC')", "\"abc\""},
               {"LOWER('ÉLODIE Ü')", "\"élodie ü\""},
               {"UPPER('straße ÿ')", "\"STRAßE Ÿ\""},
               {"UPPER('привет')", "\"ПРИВЕТ\""},
               {"LOWER(NULL)", "null"},
               {"LOWER(UNDEFINED)", "null"},
               {"LOWER(1)", kTypeError},
               {"LENGTH('foo')", "3"},
               {"LENGTH('héllo')", "5"},
               {"LENGTH(TO_UTF8('é'))", "2"},
               {"LENGTH([1, 2, 'hello', null])", "4"},
               {"LENGTH({'a': 1, 'b': 2, 'c': 3})", "3"},
               {"LENGTH(null)", "null"},
               {"LENGTH(5)", kTypeError},
               {"CONCAT('foo', 'bar')", "\"foobar\""},
               {"CONCAT('a', 'b', 'c')", "\"abc\""},
               {"CONCAT('a', NULL)", "null"},
               {"CONCAT('a', 1)", kTypeError}});
}

TEST(StringFunctionsTest, TrimAndSubstrings) {
  ExpectCases({{"LTRIM('  ab  ')", "\"ab  \""},
               {"RTRIM('  ab  ')", "\"  ab\""},
               {"TRIM('\tab \n')", "\"ab\""},
               {"TRIM('xxaxx', 'x')", "\"a\""},
               {"TRIM(NULL)", "null"},
               {"TRIM(3)", kTypeError},
               {"SUBSTR('hello', 2)", "\"ello\""},
               {"SUBSTR('hello', 2, 3)", "\"ell\""},
               {"SUBSTR('hello', -3)", "\"llo\""},
               {"SUBSTR('hello', -10)", "\"\""},
               {"SUBSTR('hello', 0)", "\"\""},
               {"SUBSTR('hello', 9)", "\"\""},
               {"SUBSTR('héllo', 2, 2)", "\"él\""},
               {"SUBSTR('hello', 1, -1)", kTypeError},
               {"SUBSTR('hello', '1')", kTypeError},
               {"SUBSTR(NULL, 1)", "null"},
               {"SUBSTRING('hello' FROM 2 FOR 3)", "\"ell\""},
               {"SUBSTRING('hello' FROM 3)", "\"llo\""},
               {"STRPOS('hello', 'l')", "3"},
               {"STRPOS('hello', 'l', 2)", "4"},
               {"STRPOS('héllo', 'l')", "3"},
               {"STRPOS('hello', 'z')", "0"},
               {"STRPOS('hello', NULL)", "null"},
               {"STRPOS(1, 'a')", kTypeError},
               {"POSITION('l' IN 'hello')", "3"},
               {"POSITION('z' IN 'hello')", "0"},
               {"STARTS_WITH('hello', 'he')", "true"},
               {"ENDS_WITH('hello', 'he')", "false"}});
}

TEST(StringFunctionsTest, ReplaceSplitPad) {
  ExpectCases({{"REPLACE('abcabc', 'b')", "\"acac\""},
               {"REPLACE('abcabc', 'bc', 'X')", "\"aXaX\""},
               {"REPLACE('abc', '', 'X')", "\"abc\""},
               {"REPLACE('abc', NULL)", "null"},
               {"REPLACE('abc', 1)", kTypeError},
               {"SPLIT('a,b,c', ',', 2)", "[\"a\",\"b,c\"]"},
               {"SPLIT('abc', ',')", "[\"abc\"]"},
               {"SPLIT('a,,b', ',')", "[\"a\",\"\",\"b\"]"},
               {"SPLIT('', ',')", "[\"\"]"},
               {"SPLIT('abc', '')", "[\"a\",\"b\",\"c\"]"},
               {"SPLIT('a,b', ',', 0)", kTypeError},
               {"SPLIT(NULL, ',')", "null"},
               {"SPLIT_PART('a,b,c', ',', 3)", "\"c\""},
               {"SPLIT_PART('a,b,c', ',', 4)", "null"},
               {"REVERSE('héllo')", "\"olléh\""},
               {"REVERSE([1, 2])", "[2,1]"},
               {"REPEAT('ab', 0)", "\"\""},
               {"LPAD('7', 3, '0')", "\"007\""},
               {"LPAD('hello', 3, '0')", "\"hel\""},
               {"RPAD('a', 4, 'xy')", "\"axyx\""},
               {"LPAD('a', 3, '')", kTypeError},
               {"CHR(233)", "\"é\""},
               {"CHR(-1)", kTypeError},
               {"CODEPOINT('é')", "233"},
               {"LEVENSHTEIN_DISTANCE('kitten', 'sitting')", "3"},
               {"HAMMING_DISTANCE('abc', 'abcd')", kTypeError}});
}

TEST(StringFunctionsTest, FormatAndEncodings) {
  ExpectCases({{"FORMAT('%{}%', 'abc')", "\"%abc%\""},
               {"FORMAT('{} + {} = {}', 1, 2.5, true)", "\"1 + 2.5 = true\""},
               {"FORMAT('{1}{0}', 'a', 'b')", "\"ba\""},
               {"FORMAT('{:.2f}', 3.14159)", "\"3.14\""},
               {"FORMAT('{}', [1, 2])", "\"[1,2]\""},
               {"FORMAT('{', 1)", kTypeError},
               {"FORMAT('{}')", kTypeError},
               {"FORMAT('{}', NULL)", "null"},
               {"TO_HEX(TO_UTF8('AB'))", "\"4142\""},
               {"TO_HEX(FROM_HEX('DEADbeef'))", "\"deadbeef\""},
               {"FROM_HEX('abc')", kTypeError},
               {"FROM_HEX('zz')", kTypeError},
               {"FROM_UTF8(FROM_HEX('ff'))", kTypeError},
               {"FROM_UTF8(TO_UTF8('hé'))", "\"hé\""},
               {"FROM_UTF8('x')", kTypeError},
               {"TO_BASE64(TO_UTF8('hello'))", "\"aGVsbG8=\""},
               {"FROM_UTF8(FROM_BASE64('aGVsbG8='))", "\"hello\""},
               {"FROM_BASE64('!!')", kTypeError},
               {"TO_UTF8(1)", kTypeError},
               {"TO_UTF8(NULL)", "null"}});
}

TEST(RegexFunctionsTest, SearchExtractReplaceSplit) {
  ExpectCases({{"REGEXP_LIKE('abc', '^b')", "false"},
               {"REGEXP_LIKE('user1@x.com', 'user1@')", "true"},
               {"REGEXP_LIKE('abc', '(')", kTypeError},
               {"REGEXP_LIKE(NULL, 'a')", "null"},
               {"REGEXP_EXTRACT('abc123def456', '[0-9]+')", "\"123\""},
               {"REGEXP_EXTRACT('abc', '[0-9]+')", "null"},
               {"REGEXP_EXTRACT('key=val', '(\\w+)=(\\w+)', 2)", "\"val\""},
               {"REGEXP_EXTRACT('ab', '(a)|(x)', 2)", "null"},
               {"REGEXP_EXTRACT('ab', '(a)', 2)", kTypeError},
               {"REGEXP_EXTRACT(1, 'a')", kTypeError},
               {"REGEXP_EXTRACT_ALL('a1b22c333', '[0-9]+')", "[\"1\",\"22\",\"333\"]"},
               {"REGEXP_EXTRACT_ALL('a1b2', '([a-z])([0-9])', 1)", "[\"a\",\"b\"]"},
               {"REGEXP_EXTRACT_ALL('abc', 'x*')", "[\"\",\"\",\"\",\"\"]"},
               {"REGEXP_REPLACE('a1b2c3', '[0-9]')", "\"abc\""},
               {"REGEXP_REPLACE('a1b2', '([a-z])([0-9])', '\\2\\1')", "\"1a2b\""},
               {"REGEXP_REPLACE('abc', 'b', '[\\0]')", "\"a[b]c\""},
               {"REGEXP_REPLACE('abc', 'x*', '-')", "\"-a-b-c-\""},
               {"REGEXP_REPLACE('abc', 'b', '\\1')", kTypeError},
               {"REGEXP_REPLACE('héllo', 'é', 'e')", "\"hello\""},
               {"REGEXP_SPLIT('a1b22c', '[0-9]+')", "[\"a\",\"b\",\"c\"]"},
               {"REGEXP_SPLIT('1a2', '[0-9]')", "[\"\",\"a\",\"\"]"},
               {"REGEXP_SPLIT(NULL, 'a')", "null"},
               {"REGEXP_COUNT('a1b22c333', '[0-9]+')", "3"}});
}

}  // namespace
}  // namespace basalt::sql
