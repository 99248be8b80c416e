// Hashing, geography and vector functions: values, null, undefined, wrong types.
#include <gtest/gtest.h>

#include "sql/functions/function_test_util.h"

namespace basalt::sql {
namespace {

using testing::ExpectCases;
using testing::kTypeError;

TEST(HashFunctionsTest, DigestsAndMacs) {
  ExpectCases(
      {{"LOWER(TO_HEX(SHA1(TO_UTF8('abc'))))", "\"a9993e364706816aba3e25717850c26c9cd0d89d\""},
       {"TO_HEX(MD5(TO_UTF8('')))", "\"d41d8cd98f00b204e9800998ecf8427e\""},
       {"TO_HEX(MD5('abc')) = TO_HEX(MD5(TO_UTF8('abc')))", "true"},
       {"TYPEOF(MD5(TO_UTF8('abc')))", "\"bytes\""},
       {"TO_HEX(SHA512(TO_UTF8('abc')))",
        "\"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23"
        "a"
        "3feebbd454d4423643ce80e2a9ac94fa54ca49f\""},
       {"LOWER(TO_HEX(HMAC_MD5(TO_UTF8('The quick brown fox jumps over the lazy dog'), "
        "TO_UTF8('key'))))",
        "\"80070713463e7749b90c2dc24911e275\""},
       {"LOWER(TO_HEX(HMAC_SHA1(TO_UTF8('The quick brown fox jumps over the lazy dog'), "
        "TO_UTF8('key'))))",
        "\"de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9\""},
       {"TO_HEX(HMAC(TO_UTF8('The quick brown fox jumps over the lazy dog'), TO_UTF8('key'), "
        "'SHA256'))",
        "\"f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8\""},
       {"HASH(TO_UTF8('abc'), 'nope')", kTypeError},
       {"MD5(1)", kTypeError},
       {"MD5(NULL)", "null"},
       {"SHA256(UNDEFINED)", "null"},
       {"HMAC_SHA1(TO_UTF8('a'), 1)", kTypeError},
       {"CRC32(TO_UTF8('The quick brown fox jumps over the lazy dog'))", "1095738169"},
       {"TO_HEX(XXHASH64(TO_UTF8('a')))", "\"d24ec4f1a98c6e5b\""},
       {"TO_HEX(XXHASH64(TO_UTF8('The quick brown fox jumps over the lazy dog')))",
        "\"0b242d361fda71bc\""}});
}

TEST(GeoFunctionsTest, PointsAndText) {
  ExpectCases(
      {{"ST_GEOGPOINT(-122.325133, 37.566564)",
        "{\"__rockset_type\":\"GEOGRAPHY\",\"value\":{\"type\":\"Point\",\"coordinates\":["
        "-122.325133,37.566564]}}"},
       {"ST_GEOGPOINT(190, 0)",
        "{\"__rockset_type\":\"GEOGRAPHY\",\"value\":{\"type\":\"Point\",\"coordinates\":["
        "-170.0,0.0]}}"},
       {"ST_GEOGPOINT(10, 100)",
        "{\"__rockset_type\":\"GEOGRAPHY\",\"value\":{\"type\":\"Point\",\"coordinates\":["
        "-170.0,80.0]}}"},
       {"ST_Y(ST_GEOGPOINT(0, -95))", "-85.0"},
       {"ST_GEOGPOINT('a', 1)", kTypeError},
       {"ST_GEOGPOINT(NULL, 1)", "null"},
       {"ST_X(ST_GEOGPOINT(-122.325133, 37.566564))", "-122.325133"},
       {"ST_X(ST_GEOGFROMTEXT('POINT(12 34)'))", "12.0"},
       {"ST_Y(ST_GEOGFROMTEXT('point ( 12 34 )'))", "34.0"},
       {"ST_X(ST_GEOGFROMTEXT('LINESTRING(0 0, 1 1)'))", kTypeError},
       {"ST_X(1)", kTypeError},
       {"ST_GEOGFROMTEXT('POINT(1)')", kTypeError},
       {"ST_GEOGFROMTEXT('CIRCLE(1 2)')", kTypeError},
       {"ST_ASTEXT(ST_GEOGFROMTEXT('POLYGON((0 0, 1 0, 1 1, 0 0))'))",
        "\"POLYGON((0 0, 1 0, 1 1, 0 0))\""},
       {"ST_ASTEXT(ST_GEOGFROMTEXT('MULTIPOINT((1 2), (3 4))'))", "\"MULTIPOINT(1 2, 3 4)\""},
       {"ST_ASTEXT(ST_GEOGFROMTEXT('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 "
        "5)))'))",
        "\"MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))\""},
       {"ST_ASTEXT(ST_GEOGFROMGEOJSON('{\"type\": \"LineString\", \"coordinates\": [[1, 2], [3, "
        "4]]}'))",
        "\"LINESTRING(1 2, 3 4)\""},
       {"ST_GEOGFROMGEOJSON('{\"type\": \"Circle\"}')", kTypeError}});
}

TEST(GeoFunctionsTest, Measures) {
  ExpectCases(
      {{"ROUND(ST_DISTANCE(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(1, 0)))", "111195.0"},
       {"ST_DISTANCE(ST_GEOGPOINT(5, 5), ST_GEOGFROMTEXT('POLYGON((0 0, 10 0, 10 10, 0 10, 0 "
        "0))'))",
        "0.0"},
       {"ROUND(ST_DISTANCE(ST_GEOGPOINT(0.5, 1), ST_GEOGFROMTEXT('LINESTRING(0 0, 1 0)')))",
        "111195.0"},
       {"ST_DWITHIN(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(1, 0), 100000)", "false"},
       {"ST_CONTAINS(ST_GEOGFROMTEXT('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, "
        "4 4))'), ST_GEOGPOINT(5, 5))",
        "false"},
       {"ST_CONTAINS(ST_GEOGFROMTEXT('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))'), "
        "ST_GEOGFROMTEXT('LINESTRING(1 1, 2 2)'))",
        "true"},
       {"ST_CONTAINS(ST_GEOGFROMTEXT('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))'), "
        "ST_GEOGFROMTEXT('LINESTRING(1 1, 20 2)'))",
        "false"},
       {"ST_WITHIN(ST_GEOGPOINT(20, 20), ST_GEOGFROMTEXT('POLYGON((0 0, 10 0, 10 10, 0 10, 0 "
        "0))'))",
        "false"},
       {"ST_INTERSECTS(ST_GEOGFROMTEXT('POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))'), "
        "ST_GEOGFROMTEXT('POLYGON((1 1, 3 1, 3 3, 1 3, 1 1))'))",
        "true"},
       {"ST_INTERSECTS(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(0, 0))", "true"},
       {"ST_INTERSECTS(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(0, 1))", "false"},
       {"ST_AREA(ST_GEOGPOINT(0, 0))", "0.0"},
       {"ROUND(ST_LENGTH(ST_GEOGFROMTEXT('LINESTRING(0 0, 1 0, 2 0)')))", "222390.0"},
       {"ST_DISTANCE(ST_GEOGPOINT(0, 0), 'x')", kTypeError},
       {"ST_DISTANCE(NULL, ST_GEOGPOINT(0, 0))", "null"}});
}

TEST(VectorFunctionsTest, EnforceArithmeticDistances) {
  ExpectCases({{"VECTOR_ENFORCE([1, 2, 3], 3, 'int')", "[1,2,3]"},
               {"VECTOR_ENFORCE([1, 2, 3], 3, 'float')", "null"},
               {"VECTOR_ENFORCE([1.5, 2.6, 3.7, 4.8], 4, 'float')", "[1.5,2.6,3.7,4.8]"},
               {"VECTOR_ENFORCE([1.5, 2.6, 3.7, 4.8], 1, 'float')", "null"},
               {"VECTOR_ENFORCE('x', 1, 'float')", "null"},
               {"VECTOR_ENFORCE([1], 1, 1)", kTypeError},
               {"VECTOR_ENFORCE([1], 1, 'double')", kTypeError},
               {"VECTOR_ADD([1, 2, 3, 4], 4)", "[5,6,7,8]"},
               {"VECTOR_ADD([1, 2, 3, 4], [5, 6, 7, 8])", "[6,8,10,12]"},
               {"VECTOR_ADD([1, 2], [0.5, 1])", "[1.5,3]"},
               {"VECTOR_ADD([1, 2, 3], [1, 2])", kTypeError},
               {"VECTOR_ADD([1, 'a'], 1)", kTypeError},
               {"VECTOR_ADD(NULL, 1)", "null"},
               {"VECTOR_MULTIPLY([1, 2], [3, 4])", "[3,8]"},
               {"VECTOR_DIVIDE([1, 2], 0)", kTypeError},
               {"EUCLIDEAN_DISTANCE([0, 0], [3, 4])", "5.0"},
               {"COSINE_SIMILARITY([1, 0], [0, 3])", "0.0"},
               {"COSINE_SIMILARITY([0, 0], [0, 3])", "null"},
               {"DOT_PRODUCT([1, 2, 3], [4, 5, 6])", "32.0"},
               {"DOT_PRODUCT([1], [1, 2])", kTypeError},
               {"L2_NORM([])", "0.0"}});
}

}  // namespace
}  // namespace basalt::sql
