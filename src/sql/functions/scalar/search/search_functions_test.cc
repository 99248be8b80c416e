// Text search predicates (per row), SLEEP, MURMUR3, OBJECT_REMOVE/PICK, FLATTEN, and the
// PERCENTILE and VECTOR_SUM aggregates: values, null, undefined, wrong types.
#include <chrono>

#include <gtest/gtest.h>

#include "common/json.h"
#include "sql/functions/function_test_util.h"

namespace basalt::sql {
namespace {

using testing::CallAggregate;
using testing::ExpectCases;
using testing::J;
using testing::kTypeError;

TEST(SearchFunctionsTest, Tokenize) {
  ExpectCases({{"TOKENIZE('Hello, World-42!')", "[\"hello\",\"world\",\"42\"]"},
               {"TOKENIZE('')", "[]"},
               {"TOKENIZE('--- ...')", "[]"},
               {"TOKENIZE('ÀB ÇD', 'fr')", "[\"àb\",\"çd\"]"},
               {"TOKENIZE('snake_case x.y')", "[\"snake\",\"case\",\"x\",\"y\"]"},
               {"TOKENIZE(NULL)", "null"},
               {"TOKENIZE(UNDEFINED)", "null"},
               {"TOKENIZE(1)", kTypeError},
               {"TOKENIZE('a', 1)", kTypeError}});
}

TEST(SearchFunctionsTest, HasTermAndContains) {
  ExpectCases({{"HAS_TERM('The Quick fox', 'QUICK')", "true"},
               {"HAS_TERM('quickly', 'quick')", "false"},
               {"HAS_TERM(['a b', 'c d'], 'd')", "true"},
               {"HAS_TERM([1, 2], '1')", "false"},
               {"HAS_TERM(5, '5')", "false"},
               {"HAS_TERM(NULL, 'a')", "null"},
               {"HAS_TERM('a', UNDEFINED)", "null"},
               {"HAS_TERM('a', 1)", kTypeError},
               {"CONTAINS('the quick brown fox', 'Fox, quick!')", "true"},
               {"CONTAINS('the fox', 'fox dog')", "false"},
               {"CONTAINS(['red fox', 'blue'], 'fox blue')", "true"},
               {"CONTAINS('a b', '')", "false"},
               {"CONTAINS('a b', 'a', 'en')", "true"},
               {"CONTAINS(NULL, 'a')", "null"},
               {"CONTAINS('a', 1)", kTypeError},
               {"CONTAINS('a', 'a', 2)", kTypeError}});
}

TEST(SearchFunctionsTest, SearchTerms) {
  ExpectCases({{"BOOST(2.0, true)", "true"},
               {"BOOST(2, false)", "false"},
               {"BOOST(2, NULL)", "null"},
               {"BOOST('a', true)", kTypeError},
               {"PROXIMITY(true, true)", "true"},
               {"PROXIMITY(true, false)", "false"},
               {"PROXIMITY(true, NULL)", "null"},
               {"PROXIMITY(false, UNDEFINED)", "false"},
               {"PROXIMITY(1)", kTypeError},
               {"PROXIMITY_BOOST(2.0, 5)", "true"},
               {"PROXIMITY_BOOST(2.0, 'a')", kTypeError},
               {"SEARCH(HAS_TERM('a b', 'a'), CONTAINS('a b', 'b'))", "true"},
               {"SEARCH(true, false)", "false"},
               {"SEARCH(true, NULL)", "false"},
               {"SEARCH(UNDEFINED)", "false"},
               {"SEARCH('x')", kTypeError}});
}

TEST(SearchFunctionsTest, Sleep) {
  auto start = std::chrono::steady_clock::now();
  ExpectCases({{"SLEEP(20)", "null"}, {"SLEEP(NULL)", "null"}, {"SLEEP(-1)", kTypeError},
               {"SLEEP('a')", kTypeError}});
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));
}

TEST(SearchFunctionsTest, Murmur3) {
  ExpectCases({{"MURMUR3(TO_UTF8(''))", "0"},
               {"MURMUR3('hello')", "613153351"},
               {"MURMUR3(TO_UTF8('The quick brown fox jumps over the lazy dog'))", "776992547"},
               {"MURMUR3('abc')", "3017643002"},
               {"MURMUR3(NULL)", "null"},
               {"MURMUR3(1)", kTypeError}});
}

TEST(SearchFunctionsTest, ObjectsAndFlatten) {
  ExpectCases({{"OBJECT_REMOVE({'a': 1, 'b': 2, 'c': 3}, 'a', 'c')", "{\"b\":2}"},
               {"OBJECT_REMOVE({'a': 1, 'b': 2}, ['a', 'b'])", "{}"},
               {"OBJECT_REMOVE(NULL, 'a')", "null"},
               {"OBJECT_REMOVE({'a': 1}, 1)", kTypeError},
               {"OBJECT_PICK({'a': 1, 'b': 2, 'c': 3}, 'c', 'a')", "{\"a\":1,\"c\":3}"},
               {"OBJECT_PICK({'a': 1}, 'z')", "{}"},
               {"OBJECT_PICK([1], 'a')", kTypeError},
               {"FLATTEN([[1, 2], NULL, [3, [4]]])", "[1,2,3,[4]]"},
               {"FLATTEN([])", "[]"},
               {"FLATTEN(NULL)", "null"},
               {"FLATTEN([[1], 2])", kTypeError},
               {"FLATTEN('a')", kTypeError}});
}

std::string Agg(std::string_view name, const std::vector<std::vector<Value>>& rows) {
  auto result = CallAggregate(name, rows);
  return result.ok() ? ToJson(*result) : "ERROR";
}

std::vector<std::vector<Value>> Rows(std::string_view json_array, const char* extra = nullptr) {
  std::vector<std::vector<Value>> rows;
  Value values = J(json_array);
  for (const Value& v : values.array()) {
    rows.push_back({v});
    if (extra != nullptr) {
      rows.back().push_back(J(extra));
    }
  }
  return rows;
}

TEST(SearchFunctionsTest, PercentileAndVectorSum) {
  EXPECT_EQ(Agg("PERCENTILE", Rows("[5, 1, 4, 2, 3]", "0.5")), "3");
  EXPECT_EQ(Agg("PERCENTILE", Rows("[5, 1, 4, 2, 3]", "[0, 1]")), "[1,5]");
  EXPECT_EQ(Agg("PERCENTILE", Rows("[null, 7]", "0.5")), "7");
  EXPECT_EQ(Agg("PERCENTILE", Rows("[]", "0.5")), "null");
  EXPECT_EQ(Agg("PERCENTILE", Rows("[\"a\"]", "0.5")), "ERROR");
  EXPECT_EQ(Agg("PERCENTILE", Rows("[1]", "2")), "ERROR");
  EXPECT_EQ(Agg("VECTOR_SUM", Rows("[[1, 2], [3, 4]]")), "[4,6]");
  EXPECT_EQ(Agg("VECTOR_SUM", Rows("[[1, 2], null, [0.5, 0.5]]")), "[1.5,2.5]");
  EXPECT_EQ(Agg("VECTOR_SUM", Rows("[]")), "null");
  EXPECT_EQ(Agg("VECTOR_SUM", Rows("[[1, 2], [3]]")), "ERROR");
  EXPECT_EQ(Agg("VECTOR_SUM", Rows("[[1, \"a\"]]")), "ERROR");
  EXPECT_EQ(Agg("VECTOR_SUM", Rows("[1]")), "ERROR");
  EXPECT_EQ(Agg("VECTOR_SUM", Rows("[[9223372036854775807], [1]]")), "ERROR");
}

}  // namespace
}  // namespace basalt::sql
