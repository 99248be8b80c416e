// ST_GEOGPOINT, ST_X, ST_Y, ST_GEOGFROMTEXT, ST_GEOGFROMGEOJSON, ST_ASTEXT, ST_ASGEOJSON,
// ST_DISTANCE, ST_DWITHIN, ST_CONTAINS, ST_WITHIN, ST_INTERSECTS, ST_AREA, ST_LENGTH
// (sql.md §9.13).
#include <cmath>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"
#include "sql/functions/scalar/geo/geography.h"

namespace basalt::sql {
namespace {

Result<Value> GeogPoint(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double lon, NumberArg("ST_GEOGPOINT", args, 0));
  BASALT_ASSIGN_OR_RETURN(double lat, NumberArg("ST_GEOGPOINT", args, 1));
  if (!std::isfinite(lon) || !std::isfinite(lat)) {
    return FunctionError("ST_GEOGPOINT", "coordinates must be finite");
  }
  geo::Geometry g;
  g.parts.push_back({{geo::WrapPoint(lon, lat)}});
  return geo::ToValue(g);
}

template <FnName kName, bool kX>
Result<Value> Coordinate(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(geo::Geometry g, geo::FromValue(kName.view(), args[0], 1));
  if (g.kind != geo::Kind::kPoint) {
    return FunctionError(kName.view(), "the geography is not a point");
  }
  const geo::Point& p = g.parts[0][0][0];
  return Value::Float(kX ? p.lon : p.lat);
}

Result<Value> FromText(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view wkt, StringArg("ST_GEOGFROMTEXT", args, 0));
  BASALT_ASSIGN_OR_RETURN(geo::Geometry g, geo::ParseWkt("ST_GEOGFROMTEXT", wkt));
  return geo::ToValue(g);
}

Result<Value> FromGeoJson(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view json, StringArg("ST_GEOGFROMGEOJSON", args, 0));
  BASALT_ASSIGN_OR_RETURN(geo::Geometry g, geo::ParseGeoJson("ST_GEOGFROMGEOJSON", json));
  return geo::ToValue(g);
}

Result<Value> AsText(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(geo::Geometry g, geo::FromValue("ST_ASTEXT", args[0], 1));
  return Value::String(geo::ToWkt(g));
}

Result<Value> AsGeoJson(const Args& args, const FunctionContext&) {
  if (args[0].type() != ValueType::kGeography) {
    return ArgumentTypeError("ST_ASGEOJSON", 1, args[0], "a geography");
  }
  return Value::String(args[0].string_value());
}

enum class Relation : uint8_t { kDistance, kContains, kWithin, kIntersects };

template <FnName kName, Relation kRelation>
Result<Value> Binary(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(geo::Geometry a, geo::FromValue(kName.view(), args[0], 1));
  BASALT_ASSIGN_OR_RETURN(geo::Geometry b, geo::FromValue(kName.view(), args[1], 2));
  switch (kRelation) {
    case Relation::kDistance:
      return Value::Float(geo::Distance(a, b));
    case Relation::kContains:
      return Value::Bool(geo::Contains(a, b));
    case Relation::kWithin:
      return Value::Bool(geo::Contains(b, a));
    case Relation::kIntersects:
      return Value::Bool(geo::Intersects(a, b));
  }
  return Value::Null();
}

Result<Value> DWithin(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(geo::Geometry a, geo::FromValue("ST_DWITHIN", args[0], 1));
  BASALT_ASSIGN_OR_RETURN(geo::Geometry b, geo::FromValue("ST_DWITHIN", args[1], 2));
  BASALT_ASSIGN_OR_RETURN(double meters, NumberArg("ST_DWITHIN", args, 2));
  return Value::Bool(geo::Distance(a, b) <= meters);
}

template <FnName kName, bool kArea>
Result<Value> Measure(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(geo::Geometry g, geo::FromValue(kName.view(), args[0], 1));
  return Value::Float(kArea ? geo::Area(g) : geo::Length(g));
}

FunctionDef Def(std::string_view name, int min_args, int max_args, ScalarKernel kernel,
                std::string_view signature, std::string_view doc, std::string_view example) {
  return {.name = name,
          .min_args = min_args,
          .max_args = max_args,
          .kernel = kernel,
          .signature = signature,
          .doc = doc,
          .example = example};
}

}  // namespace

FunctionDef StGeogPointFunction() {
  return Def("ST_GEOGPOINT", 2, 2, GeogPoint, "ST_GEOGPOINT(lon, lat) -> geography",
             "A point; longitude outside [-180, 180] wraps, latitude outside [-90, 90] wraps "
             "over the pole (shifting the longitude by 180°).",
             "ST_X(ST_GEOGPOINT(190, 0)) = -170.0 AND ST_Y(ST_GEOGPOINT(10, 100)) = 80.0");
}
FunctionDef StXFunction() {
  return Def("ST_X", 1, 1, Coordinate<"ST_X", true>, "ST_X(p) -> float",
             "Longitude of a point; an error for other geographies.",
             "ST_X(ST_GEOGPOINT(-122.325133, 37.566564)) = -122.325133");
}
FunctionDef StYFunction() {
  return Def("ST_Y", 1, 1, Coordinate<"ST_Y", false>, "ST_Y(p) -> float",
             "Latitude of a point; an error for other geographies.",
             "ST_Y(ST_GEOGFROMTEXT('POINT(12 34)')) = 34.0");
}
FunctionDef StGeogFromTextFunction() {
  return Def("ST_GEOGFROMTEXT", 1, 1, FromText, "ST_GEOGFROMTEXT(wkt) -> geography",
             "Geography from WKT: POINT, MULTIPOINT, LINESTRING, MULTILINESTRING, POLYGON, "
             "MULTIPOLYGON; malformed text is an error.",
             "ST_X(ST_GEOGFROMTEXT('POINT(12 34)')) = 12.0");
}
FunctionDef StGeogFromGeoJsonFunction() {
  return Def("ST_GEOGFROMGEOJSON", 1, 1, FromGeoJson, "ST_GEOGFROMGEOJSON(s) -> geography",
             "Geography from GeoJSON geometry text.",
             "ST_Y(ST_GEOGFROMGEOJSON('{\"type\": \"Point\", \"coordinates\": [1, 2]}')) = 2.0");
}
FunctionDef StAsTextFunction() {
  return Def("ST_ASTEXT", 1, 1, AsText, "ST_ASTEXT(g) -> string", "WKT text of a geography.",
             "ST_ASTEXT(ST_GEOGPOINT(1.5, 2)) = 'POINT(1.5 2)'");
}
FunctionDef StAsGeoJsonFunction() {
  return Def("ST_ASGEOJSON", 1, 1, AsGeoJson, "ST_ASGEOJSON(g) -> string",
             "GeoJSON text of a geography.",
             "ST_ASGEOJSON(ST_GEOGPOINT(1, 2)) = '{\"type\":\"Point\",\"coordinates\":[1.0,2.0]}'");
}
FunctionDef StDistanceFunction() {
  return Def("ST_DISTANCE", 2, 2, Binary<"ST_DISTANCE", Relation::kDistance>,
             "ST_DISTANCE(a, b) -> float",
             "Shortest great-circle distance in metres (0 when they intersect).",
             "ST_DISTANCE(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(0, 1)) BETWEEN 111194 AND 111196");
}
FunctionDef StDWithinFunction() {
  return Def("ST_DWITHIN", 3, 3, DWithin, "ST_DWITHIN(a, b, meters) -> bool",
             "Whether a and b are within the given distance in metres.",
             "ST_DWITHIN(ST_GEOGPOINT(0, 0), ST_GEOGPOINT(0, 1), 200000)");
}
FunctionDef StContainsFunction() {
  return Def("ST_CONTAINS", 2, 2, Binary<"ST_CONTAINS", Relation::kContains>,
             "ST_CONTAINS(a, b) -> bool", "Whether b lies entirely within a.",
             "ST_CONTAINS(ST_GEOGFROMTEXT('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))'), "
             "ST_GEOGPOINT(5, 5))");
}
FunctionDef StWithinFunction() {
  return Def("ST_WITHIN", 2, 2, Binary<"ST_WITHIN", Relation::kWithin>, "ST_WITHIN(a, b) -> bool",
             "Whether a lies entirely within b.",
             "ST_WITHIN(ST_GEOGPOINT(5, 5), "
             "ST_GEOGFROMTEXT('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))'))");
}
FunctionDef StIntersectsFunction() {
  return Def("ST_INTERSECTS", 2, 2, Binary<"ST_INTERSECTS", Relation::kIntersects>,
             "ST_INTERSECTS(a, b) -> bool", "Whether a and b share at least one point.",
             "ST_INTERSECTS(ST_GEOGFROMTEXT('LINESTRING(0 -1, 0 1)'), "
             "ST_GEOGFROMTEXT('LINESTRING(-1 0, 1 0)'))");
}
FunctionDef StAreaFunction() {
  return Def("ST_AREA", 1, 1, Measure<"ST_AREA", true>, "ST_AREA(g) -> float",
             "Area in square metres of polygons (0 for points and lines).",
             "ST_AREA(ST_GEOGFROMTEXT('POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))')) BETWEEN 1.23e10 "
             "AND 1.24e10");
}
FunctionDef StLengthFunction() {
  return Def("ST_LENGTH", 1, 1, Measure<"ST_LENGTH", false>, "ST_LENGTH(g) -> float",
             "Length in metres of lines (0 for points and polygons).",
             "ST_LENGTH(ST_GEOGFROMTEXT('LINESTRING(0 0, 0 1)')) BETWEEN 111194 AND 111196");
}

}  // namespace basalt::sql
