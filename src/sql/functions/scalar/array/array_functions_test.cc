// Array, object and JSON functions: values, null, undefined, wrong types.
#include <gtest/gtest.h>

#include "sql/functions/function_test_util.h"

namespace basalt::sql {
namespace {

using testing::ExpectCases;
using testing::kTypeError;

TEST(ArrayFunctionsTest, CreateAndSearch) {
  ExpectCases({{"ARRAY_CREATE()", "[]"},
               {"ARRAY_CREATE(1, NULL, UNDEFINED)", "[1,null,null]"},
               {"CARDINALITY([1, 2])", "2"},
               {"CARDINALITY('ab')", kTypeError},
               {"ARRAY_POSITION(ARRAY_CREATE(5, 'hello', null), null)", "3"},
               {"ARRAY_POSITION([5, 6], UNDEFINED)", "0"},
               {"ARRAY_POSITION([5, 6.0], 6)", "2"},
               {"ARRAY_POSITION([5, 6], '6')", "0"},
               {"ARRAY_POSITION(NULL, 1)", "null"},
               {"ARRAY_POSITION('a', 1)", kTypeError},
               {"ARRAY_LAST_POSITION(ARRAY_CREATE(5, null, 5), 5)", "3"},
               {"ARRAY_LAST_POSITION(ARRAY_CREATE(5, null, 5), 'hello')", "0"},
               {"ARRAY_CONTAINS([1, 2, 3], 2)", "true"},
               {"ARRAY_CONTAINS(['pull', 'trunk'], 'lint')", "false"},
               {"ARRAY_CONTAINS([1, NULL], NULL)", "true"},
               {"ARRAY_CONTAINS(NULL, 1)", "null"},
               {"ARRAY_CONTAINS(1, 1)", kTypeError},
               {"ARRAY_REMOVE(ARRAY_CREATE(3, 1, 2), 1)", "[3,2]"},
               {"ARRAY_REMOVE([1, NULL, 2], NULL)", "[1,2]"},
               {"ARRAY_REMOVE(UNDEFINED, 1)", "null"},
               {"ARRAY_DISTINCT([1, 1.0, 'a', 'a', NULL, NULL])", "[1,\"a\",null]"},
               {"ARRAY_APPEND([1], NULL)", "[1,null]"},
               {"ARRAY_PREPEND([1], 0)", "[0,1]"}});
}

TEST(ArrayFunctionsTest, ElementAtAndSlice) {
  ExpectCases({{"ELEMENT_AT([1, 2, 3], 1)", "1"},
               {"ELEMENT_AT([1, 2, 3], -1)", "3"},
               {"ELEMENT_AT([1, 2, 3], 4)", "null"},
               {"ELEMENT_AT([1, 2, 3], 0)", "null"},
               {"ELEMENT_AT([1, 2, 3], 'a')", kTypeError},
               {"ELEMENT_AT({'a': 1}, 'a')", "1"},
               {"ELEMENT_AT({'a': 1}, 'b')", "null"},
               {"ELEMENT_AT({'a': 1}, NULL)", "null"},
               {"ELEMENT_AT({'a': 1}, 1)", kTypeError},
               {"ELEMENT_AT('abc', 1)", kTypeError},
               {"SLICE([1, 2, 3, 4], 2)", "[2,3,4]"},
               {"SLICE([1, 2, 3, 4], -2)", "[3,4]"},
               {"SLICE([1, 2, 3], 2, 10)", "[2,3]"},
               {"SLICE([1, 2, 3], 5)", "[]"},
               {"SLICE([1, 2, 3], -5)", "[]"},
               {"SLICE([1, 2, 3], 0)", kTypeError},
               {"SLICE([1, 2, 3], 1, -1)", kTypeError},
               {"SLICE(NULL, 1)", "null"}});
}

TEST(ArrayFunctionsTest, Combinators) {
  ExpectCases({{"ARRAY_CONCAT([1], [2, 3], [])", "[1,2,3]"},
               {"ARRAY_CONCAT([1], 2)", kTypeError},
               {"ARRAY_FLATTEN([[1, [2]], 3, []])", "[1,[2],3]"},
               {"ARRAY_JOIN([1, 'a', 2.5, true], ', ')", "\"1, a, 2.5, true\""},
               {"ARRAY_JOIN([1, NULL], '-')", "\"1\""},
               {"ARRAY_JOIN([1, NULL], '-', '?')", "\"1-?\""},
               {"ARRAY_SORT([3, 1.5, NULL, 2])", "[1.5,2,3,null]"},
               {"ARRAY_SORT(['b', 'a'])", "[\"a\",\"b\"]"},
               {"ARRAY_SORT([1, 'a'])", kTypeError},
               {"ARRAY_MAX([1, 3, 2])", "3"},
               {"ARRAY_MIN([])", "null"},
               {"ARRAY_MAX([1, NULL])", "null"},
               {"ARRAY_INTERSECT([1, 2, 2, 3], [2, 3, 4])", "[2,3]"},
               {"ARRAY_UNION([1, 2], [2, 3])", "[1,2,3]"},
               {"ARRAY_EXCEPT([1, 2, 3, 1], [2])", "[1,3]"},
               {"ARRAYS_OVERLAP([1, 2], [2])", "true"},
               {"ARRAYS_OVERLAP([1], [2])", "false"},
               {"ARRAYS_OVERLAP([1, NULL], [2])", "null"},
               {"SEQUENCE(1, 5, 2)", "[1,3,5]"},
               {"SEQUENCE(5, 1, -2)", "[5,3,1]"},
               {"SEQUENCE(1, 5, -1)", kTypeError},
               {"SEQUENCE(DATE '2018-01-30', DATE '2018-02-01')",
                "[\"2018-01-30\",\"2018-01-31\",\"2018-02-01\"]"},
               {"SEQUENCE(1, 100000000)", kTypeError},
               {"ZIP([['a', 1], ['b', 2]])", "{\"a\":1,\"b\":2}"},
               {"ZIP([1, 2], ['x'])", "[[1,\"x\"],[2,null]]"},
               {"ZIP([1])", kTypeError},
               {"LENGTH(ARRAY_SHUFFLE([1, 2, 3]))", "3"}});
}

TEST(ObjectFunctionsTest, ObjectsKeysMerge) {
  ExpectCases(
      {{"OBJECT(['foo', 'bar'], [25, [1, 2]])", "{\"foo\":25,\"bar\":[1,2]}"},
       {"OBJECT(['a', 'b'], [1, UNDEFINED])", "{\"a\":1,\"b\":null}"},  // arrays hold no undefined
       {"OBJECT(['a'], [1, 2])", kTypeError},
       {"OBJECT([1], [1])", kTypeError},
       {"OBJECT(NULL, [1])", "null"},
       {"KEYS({'a': 1, 'b': 2})", "[\"a\",\"b\"]"},
       {"VALUES({'a': 1, 'b': 2})", "[1,2]"},
       {"ITEMS({'a': 1})", "[[\"a\",1]]"},
       {"KEYS([1])", kTypeError},
       {"KEYS(UNDEFINED)", "null"},
       {"OBJECT(KEYS({'x': 1, 'y': 'z'}), VALUES({'x': 1, 'y': 'z'}))", "{\"x\":1,\"y\":\"z\"}"},
       {"MERGE({'a': 1, 'b': 2}, {'b': 3, 'c': 4})", "{\"a\":1,\"b\":3,\"c\":4}"},
       {"MERGE({'a': 1}, 2)", kTypeError},
       {"MERGE({'a': 1}, NULL)", "null"},
       {"ERASE({'a': 1, 'b': 2}, ['a', 'b'])", "{}"},
       {"ERASE({'a': 1}, 1)", kTypeError},
       {"OBJECT_INSERT({'a': 1}, 'a', 2)", "{\"a\":2}"}});
}

TEST(JsonFunctionsTest, ParseAndFormat) {
  ExpectCases({{"JSON_PARSE('{\"a\": 1, \"b\": [true, null]}')", "{\"a\":1,\"b\":[true,null]}"},
               {"TYPEOF(JSON_PARSE('1.0'))", "\"float\""},
               {"TYPEOF(JSON_PARSE('7'))", "\"int\""},
               {"JSON_PARSE('\"s\"')", "\"s\""},
               {"JSON_PARSE('{')", kTypeError},
               {"JSON_PARSE(1)", kTypeError},
               {"JSON_PARSE(NULL)", "null"},
               {"JSON_FORMAT({'a': [1, 2.0, 'x']})", "\"{\\\"a\\\":[1,2.0,\\\"x\\\"]}\""},
               {"JSON_FORMAT(NULL)", "\"null\""},
               {"JSON_FORMAT(UNDEFINED)", "null"},
               {"JSON_FORMAT(DATE '2018-05-26')", "\"\\\"2018-05-26\\\"\""}});
}

}  // namespace
}  // namespace basalt::sql
