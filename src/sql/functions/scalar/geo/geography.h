#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"

// Geography values (sql.md §9.13): points, linestrings and polygons on a sphere, stored in a
// Value as GeoJSON text with float coordinates (longitude, latitude in degrees).
namespace basalt::sql::geo {

struct Point {
  double lon = 0;
  double lat = 0;
};
using Ring = std::vector<Point>;  // closed: first == last

enum class Kind : uint8_t {
  kPoint,
  kMultiPoint,
  kLineString,
  kMultiLineString,
  kPolygon,
  kMultiPolygon
};

// A geometry in a uniform shape: `parts` holds points (one per part for (multi)points), lines
// (one per part) or polygons (each a list of rings, outer first).
struct Geometry {
  Kind kind = Kind::kPoint;
  std::vector<std::vector<Ring>> parts;
};

// The radius S2 (the geometry library Rockset's geography functions build on) uses for
// metres on the sphere: S2Earth::RadiusMeters().
inline constexpr double kEarthRadiusMeters = 6371010.0;

// Normalises longitude into [-180, 180] and latitude into [-90, 90] (over the pole shifts
// the longitude by 180°).
Point WrapPoint(double lon, double lat);

Value ToValue(const Geometry& g);
Result<Geometry> FromValue(std::string_view function, const Value& v, int index);
Result<Geometry> ParseWkt(std::string_view function, std::string_view wkt);
Result<Geometry> ParseGeoJson(std::string_view function, std::string_view json);
std::string ToWkt(const Geometry& g);

// Great-circle metrics, metres. Containment treats edges as straight lines in
// longitude/latitude (exact for points and small polygons away from the poles and the
// antimeridian).
double Distance(const Geometry& a, const Geometry& b);
bool Contains(const Geometry& a, const Geometry& b);
bool Intersects(const Geometry& a, const Geometry& b);
double Area(const Geometry& g);
double Length(const Geometry& g);

}  // namespace basalt::sql::geo
