#include "sql/functions/scalar/geo/geography.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

#include "common/json.h"
#include "sql/functions/function.h"
#include "sql/functions/function_util.h"

namespace basalt::sql::geo {
namespace {

constexpr double kDegrees = std::numbers::pi / 180.0;
// Distances below this many metres count as touching.
constexpr double kTouchMeters = 1e-6;

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kPoint:
      return "Point";
    case Kind::kMultiPoint:
      return "MultiPoint";
    case Kind::kLineString:
      return "LineString";
    case Kind::kMultiLineString:
      return "MultiLineString";
    case Kind::kPolygon:
      return "Polygon";
    case Kind::kMultiPolygon:
      return "MultiPolygon";
  }
  return "Point";
}

Value PointValue(const Point& p) {
  return Value::MakeArray({Value::Float(p.lon), Value::Float(p.lat)});
}

Value RingValue(const Ring& ring) {
  Array out;
  for (const Point& p : ring) {
    out.push_back(PointValue(p));
  }
  return Value::MakeArray(std::move(out));
}

Value PolygonValue(const std::vector<Ring>& rings) {
  Array out;
  for (const Ring& ring : rings) {
    out.push_back(RingValue(ring));
  }
  return Value::MakeArray(std::move(out));
}

Status Malformed(std::string_view fn, std::string_view what) {
  return FunctionError(fn, "malformed geography: " + std::string(what));
}

// --- GeoJSON reading ---

Result<Point> JsonPoint(std::string_view fn, const Value& v) {
  if (!v.is_array() || v.array().size() < 2 || !v.array()[0].is_number() ||
      !v.array()[1].is_number()) {
    return Malformed(fn, "a position must be [longitude, latitude]");
  }
  return WrapPoint(v.array()[0].AsDouble(), v.array()[1].AsDouble());
}

Result<Ring> JsonRing(std::string_view fn, const Value& v) {
  if (!v.is_array()) {
    return Malformed(fn, "expected an array of positions");
  }
  Ring ring;
  for (const Value& p : v.array()) {
    BASALT_ASSIGN_OR_RETURN(Point point, JsonPoint(fn, p));
    ring.push_back(point);
  }
  return ring;
}

Status CheckPolygon(std::string_view fn, std::vector<Ring>* rings) {
  if (rings->empty()) {
    return Malformed(fn, "a polygon needs a ring");
  }
  for (Ring& ring : *rings) {
    if (!ring.empty() &&
        (ring.front().lon != ring.back().lon || ring.front().lat != ring.back().lat)) {
      ring.push_back(ring.front());
    }
    if (ring.size() < 4) {
      return Malformed(fn, "a polygon ring needs at least 3 distinct points");
    }
  }
  return Status::Ok();
}

Result<std::vector<Ring>> JsonPolygon(std::string_view fn, const Value& v) {
  if (!v.is_array()) {
    return Malformed(fn, "expected an array of rings");
  }
  std::vector<Ring> rings;
  for (const Value& ring : v.array()) {
    BASALT_ASSIGN_OR_RETURN(Ring r, JsonRing(fn, ring));
    rings.push_back(std::move(r));
  }
  BASALT_RETURN_IF_ERROR(CheckPolygon(fn, &rings));
  return rings;
}

// --- WKT reading ---

class WktReader {
 public:
  WktReader(std::string_view fn, std::string_view text) : fn_(fn), text_(text) {}

  Result<Geometry> Read() {
    std::string keyword = AsciiUpper(Word());
    Geometry g;
    if (keyword == "POINT") {
      g.kind = Kind::kPoint;
      BASALT_RETURN_IF_ERROR(Expect('('));
      BASALT_ASSIGN_OR_RETURN(Point p, ReadPoint());
      g.parts.push_back({{p}});
      BASALT_RETURN_IF_ERROR(Expect(')'));
    } else if (keyword == "MULTIPOINT") {
      g.kind = Kind::kMultiPoint;
      BASALT_RETURN_IF_ERROR(Expect('('));
      do {
        bool wrapped = Accept('(');
        BASALT_ASSIGN_OR_RETURN(Point p, ReadPoint());
        if (wrapped) {
          BASALT_RETURN_IF_ERROR(Expect(')'));
        }
        g.parts.push_back({{p}});
      } while (Accept(','));
      BASALT_RETURN_IF_ERROR(Expect(')'));
    } else if (keyword == "LINESTRING") {
      g.kind = Kind::kLineString;
      BASALT_ASSIGN_OR_RETURN(Ring line, ReadRing());
      if (line.size() < 2) {
        return Malformed(fn_, "a linestring needs two points");
      }
      g.parts.push_back({line});
    } else if (keyword == "MULTILINESTRING") {
      g.kind = Kind::kMultiLineString;
      BASALT_RETURN_IF_ERROR(Expect('('));
      do {
        BASALT_ASSIGN_OR_RETURN(Ring line, ReadRing());
        if (line.size() < 2) {
          return Malformed(fn_, "a linestring needs two points");
        }
        g.parts.push_back({line});
      } while (Accept(','));
      BASALT_RETURN_IF_ERROR(Expect(')'));
    } else if (keyword == "POLYGON") {
      g.kind = Kind::kPolygon;
      BASALT_ASSIGN_OR_RETURN(auto rings, ReadPolygon());
      g.parts.push_back(std::move(rings));
    } else if (keyword == "MULTIPOLYGON") {
      g.kind = Kind::kMultiPolygon;
      BASALT_RETURN_IF_ERROR(Expect('('));
      do {
        BASALT_ASSIGN_OR_RETURN(auto rings, ReadPolygon());
        g.parts.push_back(std::move(rings));
      } while (Accept(','));
      BASALT_RETURN_IF_ERROR(Expect(')'));
    } else {
      return Malformed(fn_, "unknown WKT type '" + keyword + "'");
    }
    SkipSpace();
    if (pos_ != text_.size()) {
      return Malformed(fn_, "trailing text");
    }
    return g;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
  }
  std::string_view Word() {
    SkipSpace();
    size_t start = pos_;
    while (pos_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }
  bool Accept(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  Status Expect(char c) {
    if (!Accept(c)) {
      return Malformed(fn_, std::string("expected '") + c + "'");
    }
    return Status::Ok();
  }
  Result<double> Number() {
    SkipSpace();
    const char* begin = text_.data() + pos_;
    const char* end = text_.data() + text_.size();
    if (begin < end && *begin == '+') {
      ++begin;
    }
    double v = 0;
    auto [ptr, ec] = std::from_chars(begin, end, v);
    if (ec != std::errc() || !std::isfinite(v)) {
      return Malformed(fn_, "expected a number");
    }
    pos_ = size_t(ptr - text_.data());
    return v;
  }
  Result<Point> ReadPoint() {
    BASALT_ASSIGN_OR_RETURN(double lon, Number());
    BASALT_ASSIGN_OR_RETURN(double lat, Number());
    return WrapPoint(lon, lat);
  }
  Result<Ring> ReadRing() {
    BASALT_RETURN_IF_ERROR(Expect('('));
    Ring ring;
    do {
      BASALT_ASSIGN_OR_RETURN(Point p, ReadPoint());
      ring.push_back(p);
    } while (Accept(','));
    BASALT_RETURN_IF_ERROR(Expect(')'));
    return ring;
  }
  Result<std::vector<Ring>> ReadPolygon() {
    BASALT_RETURN_IF_ERROR(Expect('('));
    std::vector<Ring> rings;
    do {
      BASALT_ASSIGN_OR_RETURN(Ring ring, ReadRing());
      rings.push_back(std::move(ring));
    } while (Accept(','));
    BASALT_RETURN_IF_ERROR(Expect(')'));
    BASALT_RETURN_IF_ERROR(CheckPolygon(fn_, &rings));
    return rings;
  }

  std::string_view fn_;
  std::string_view text_;
  size_t pos_ = 0;
};

std::string Number(double v) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ptr);
}

std::string WktCoords(const Ring& ring) {
  std::string out = "(";
  for (size_t idx = 0; idx < ring.size(); ++idx) {
    if (idx > 0) {
      out += ", ";
    }
    out += Number(ring[idx].lon) + " " + Number(ring[idx].lat);
  }
  return out + ")";
}

std::string WktPolygon(const std::vector<Ring>& rings) {
  std::string out = "(";
  for (size_t idx = 0; idx < rings.size(); ++idx) {
    if (idx > 0) {
      out += ", ";
    }
    out += WktCoords(rings[idx]);
  }
  return out + ")";
}

// --- spherical geometry ---

struct Vec3 {
  double x, y, z;
};
Vec3 ToVec(const Point& p) {
  double lat = p.lat * kDegrees, lon = p.lon * kDegrees;
  return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}
Vec3 Cross(const Vec3& a, const Vec3& b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
double Dot(const Vec3& a, const Vec3& b) {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}
double Norm(const Vec3& a) {
  return std::sqrt(Dot(a, a));
}
double Angle(const Vec3& a, const Vec3& b) {
  return std::atan2(Norm(Cross(a, b)), Dot(a, b));
}

double PointDistance(const Point& a, const Point& b) {
  return Angle(ToVec(a), ToVec(b)) * kEarthRadiusMeters;
}

double PointSegmentDistance(const Point& p, const Point& a, const Point& b) {
  Vec3 vp = ToVec(p), va = ToVec(a), vb = ToVec(b);
  Vec3 n = Cross(va, vb);
  double n_norm = Norm(n);
  double endpoints = std::min(Angle(vp, va), Angle(vp, vb));
  if (n_norm < 1e-15) {
    return endpoints * kEarthRadiusMeters;
  }
  n = {n.x / n_norm, n.y / n_norm, n.z / n_norm};
  double off = Dot(vp, n);
  Vec3 c = {vp.x - off * n.x, vp.y - off * n.y, vp.z - off * n.z};
  // C lies on the arc AB when it is between A and B around the normal.
  if (Dot(Cross(va, c), n) >= 0 && Dot(Cross(c, vb), n) >= 0) {
    return std::min(endpoints, std::asin(std::min(1.0, std::fabs(off)))) * kEarthRadiusMeters;
  }
  return endpoints * kEarthRadiusMeters;
}

// Planar ray casting in longitude/latitude.
bool InRing(const Point& p, const Ring& ring) {
  bool inside = false;
  for (size_t idx = 0, prev = ring.size() - 1; idx < ring.size(); prev = idx++) {
    const Point& a = ring[idx];
    const Point& b = ring[prev];
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      double lon = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon;
      if (p.lon < lon) {
        inside = !inside;
      }
    }
  }
  return inside;
}

bool InPolygon(const Point& p, const std::vector<Ring>& rings) {
  if (!InRing(p, rings[0])) {
    return false;
  }
  for (size_t idx = 1; idx < rings.size(); ++idx) {
    if (InRing(p, rings[idx])) {
      return false;
    }
  }
  return true;
}

bool IsPolygonal(const Geometry& g) {
  return g.kind == Kind::kPolygon || g.kind == Kind::kMultiPolygon;
}
bool IsPointwise(const Geometry& g) {
  return g.kind == Kind::kPoint || g.kind == Kind::kMultiPoint;
}

std::vector<Point> Vertices(const Geometry& g) {
  std::vector<Point> out;
  for (const auto& part : g.parts) {
    for (const Ring& ring : part) {
      out.insert(out.end(), ring.begin(), ring.end());
    }
  }
  return out;
}

// Segments: line parts and polygon rings.
std::vector<std::pair<Point, Point>> Segments(const Geometry& g) {
  std::vector<std::pair<Point, Point>> out;
  if (IsPointwise(g)) {
    return out;
  }
  for (const auto& part : g.parts) {
    for (const Ring& ring : part) {
      for (size_t idx = 1; idx < ring.size(); ++idx) {
        out.emplace_back(ring[idx - 1], ring[idx]);
      }
    }
  }
  return out;
}

bool InsideAny(const Point& p, const Geometry& g) {
  if (!IsPolygonal(g)) {
    return false;
  }
  for (const auto& polygon : g.parts) {
    if (InPolygon(p, polygon)) {
      return true;
    }
  }
  return false;
}

double Orientation(const Point& a, const Point& b, const Point& c) {
  return (b.lon - a.lon) * (c.lat - a.lat) - (b.lat - a.lat) * (c.lon - a.lon);
}

bool SegmentsCross(const std::pair<Point, Point>& s, const std::pair<Point, Point>& t) {
  double d1 = Orientation(t.first, t.second, s.first);
  double d2 = Orientation(t.first, t.second, s.second);
  double d3 = Orientation(s.first, s.second, t.first);
  double d4 = Orientation(s.first, s.second, t.second);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

// Smallest distance from a point to the vertices/segments of g.
double PointToGeometry(const Point& p, const Geometry& g) {
  double best = INFINITY;
  if (InsideAny(p, g)) {
    return 0;
  }
  auto segments = Segments(g);
  if (segments.empty()) {
    for (const Point& q : Vertices(g)) {
      best = std::min(best, PointDistance(p, q));
    }
    return best;
  }
  for (const auto& s : segments) {
    best = std::min(best, PointSegmentDistance(p, s.first, s.second));
  }
  return best;
}

double RingArea(const Ring& ring) {
  double total = 0;
  for (size_t idx = 1; idx < ring.size(); ++idx) {
    const Point& a = ring[idx - 1];
    const Point& b = ring[idx];
    double dlon = (b.lon - a.lon) * kDegrees;
    if (dlon > std::numbers::pi) {
      dlon -= 2 * std::numbers::pi;
    }
    if (dlon < -std::numbers::pi) {
      dlon += 2 * std::numbers::pi;
    }
    total += dlon * (2 + std::sin(a.lat * kDegrees) + std::sin(b.lat * kDegrees));
  }
  return std::fabs(total) * kEarthRadiusMeters * kEarthRadiusMeters / 2;
}

}  // namespace

Point WrapPoint(double lon, double lat) {
  if (lat < -90 || lat > 90) {
    lat = std::fmod(lat, 360.0);
    if (lat > 180) {
      lat -= 360;
    }
    if (lat <= -180) {
      lat += 360;
    }
    // Crossing a pole moves to the opposite meridian; subtracting 180 (not adding) makes
    // longitude 0 land on -180, as Rockset's ST_GEOGPOINT(0, 100) example shows.
    if (lat > 90) {
      lat = 180 - lat;
      lon -= 180;
    } else if (lat < -90) {
      lat = -180 - lat;
      lon -= 180;
    }
  }
  if (lon < -180 || lon > 180) {
    lon = std::fmod(lon + 180, 360.0);
    if (lon < 0) {
      lon += 360;
    }
    lon -= 180;
  }
  return {lon, lat};
}

Value ToValue(const Geometry& g) {
  Value coords;
  switch (g.kind) {
    case Kind::kPoint:
      coords = PointValue(g.parts[0][0][0]);
      break;
    case Kind::kMultiPoint: {
      Array points;
      for (const auto& part : g.parts) {
        points.push_back(PointValue(part[0][0]));
      }
      coords = Value::MakeArray(std::move(points));
      break;
    }
    case Kind::kLineString:
      coords = RingValue(g.parts[0][0]);
      break;
    case Kind::kMultiLineString: {
      Array lines;
      for (const auto& part : g.parts) {
        lines.push_back(RingValue(part[0]));
      }
      coords = Value::MakeArray(std::move(lines));
      break;
    }
    case Kind::kPolygon:
      coords = PolygonValue(g.parts[0]);
      break;
    case Kind::kMultiPolygon: {
      Array polygons;
      for (const auto& part : g.parts) {
        polygons.push_back(PolygonValue(part));
      }
      coords = Value::MakeArray(std::move(polygons));
      break;
    }
  }
  Value object = Value::MakeObject(
      {{"type", Value::String(KindName(g.kind))}, {"coordinates", std::move(coords)}});
  return Value::Geography(ToJson(object));
}

Result<Geometry> ParseGeoJson(std::string_view fn, std::string_view json) {
  JsonParseOptions options;
  options.extended_json = false;
  auto parsed = ParseJson(json, options);
  if (!parsed.ok()) {
    return Malformed(fn, "invalid GeoJSON");
  }
  const Value& type = parsed->Get("type");
  const Value& coords = parsed->Get("coordinates");
  if (!type.is_string() || !coords.is_array()) {
    return Malformed(fn, "GeoJSON needs type and coordinates");
  }
  Geometry g;
  std::string_view t = type.string_value();
  if (t == "Point") {
    g.kind = Kind::kPoint;
    BASALT_ASSIGN_OR_RETURN(Point p, JsonPoint(fn, coords));
    g.parts.push_back({{p}});
  } else if (t == "MultiPoint") {
    g.kind = Kind::kMultiPoint;
    for (const Value& c : coords.array()) {
      BASALT_ASSIGN_OR_RETURN(Point p, JsonPoint(fn, c));
      g.parts.push_back({{p}});
    }
  } else if (t == "LineString") {
    g.kind = Kind::kLineString;
    BASALT_ASSIGN_OR_RETURN(Ring line, JsonRing(fn, coords));
    if (line.size() < 2) {
      return Malformed(fn, "a linestring needs two points");
    }
    g.parts.push_back({line});
  } else if (t == "MultiLineString") {
    g.kind = Kind::kMultiLineString;
    for (const Value& c : coords.array()) {
      BASALT_ASSIGN_OR_RETURN(Ring line, JsonRing(fn, c));
      if (line.size() < 2) {
        return Malformed(fn, "a linestring needs two points");
      }
      g.parts.push_back({line});
    }
  } else if (t == "Polygon") {
    g.kind = Kind::kPolygon;
    BASALT_ASSIGN_OR_RETURN(auto rings, JsonPolygon(fn, coords));
    g.parts.push_back(std::move(rings));
  } else if (t == "MultiPolygon") {
    g.kind = Kind::kMultiPolygon;
    for (const Value& c : coords.array()) {
      BASALT_ASSIGN_OR_RETURN(auto rings, JsonPolygon(fn, c));
      g.parts.push_back(std::move(rings));
    }
  } else {
    return Malformed(fn, "unsupported GeoJSON type '" + std::string(t) + "'");
  }
  if (g.parts.empty()) {
    return Malformed(fn, "empty geometry");
  }
  return g;
}

Result<Geometry> FromValue(std::string_view fn, const Value& v, int index) {
  if (v.type() != ValueType::kGeography) {
    return ArgumentTypeError(fn, index, v, "a geography");
  }
  return ParseGeoJson(fn, v.string_value());
}

Result<Geometry> ParseWkt(std::string_view fn, std::string_view wkt) {
  WktReader reader(fn, wkt);
  return reader.Read();
}

std::string ToWkt(const Geometry& g) {
  switch (g.kind) {
    case Kind::kPoint: {
      const Point& p = g.parts[0][0][0];
      return "POINT(" + Number(p.lon) + " " + Number(p.lat) + ")";
    }
    case Kind::kMultiPoint: {
      Ring points;
      for (const auto& part : g.parts) {
        points.push_back(part[0][0]);
      }
      return "MULTIPOINT" + WktCoords(points);
    }
    case Kind::kLineString:
      return "LINESTRING" + WktCoords(g.parts[0][0]);
    case Kind::kMultiLineString: {
      std::string out = "MULTILINESTRING(";
      for (size_t idx = 0; idx < g.parts.size(); ++idx) {
        if (idx > 0) {
          out += ", ";
        }
        out += WktCoords(g.parts[idx][0]);
      }
      return out + ")";
    }
    case Kind::kPolygon:
      return "POLYGON" + WktPolygon(g.parts[0]);
    case Kind::kMultiPolygon: {
      std::string out = "MULTIPOLYGON(";
      for (size_t idx = 0; idx < g.parts.size(); ++idx) {
        if (idx > 0) {
          out += ", ";
        }
        out += WktPolygon(g.parts[idx]);
      }
      return out + ")";
    }
  }
  return "";
}

bool Intersects(const Geometry& a, const Geometry& b) {
  for (const Point& p : Vertices(a)) {
    if (InsideAny(p, b)) {
      return true;
    }
  }
  for (const Point& p : Vertices(b)) {
    if (InsideAny(p, a)) {
      return true;
    }
  }
  auto sa = Segments(a), sb = Segments(b);
  for (const auto& s : sa) {
    for (const auto& t : sb) {
      if (SegmentsCross(s, t)) {
        return true;
      }
    }
  }
  // Touching: a vertex on the other's boundary or points.
  for (const Point& p : Vertices(a)) {
    if (PointToGeometry(p, b) <= kTouchMeters) {
      return true;
    }
  }
  for (const Point& p : Vertices(b)) {
    if (PointToGeometry(p, a) <= kTouchMeters) {
      return true;
    }
  }
  return false;
}

double Distance(const Geometry& a, const Geometry& b) {
  if (Intersects(a, b)) {
    return 0;
  }
  double best = INFINITY;
  for (const Point& p : Vertices(a)) {
    best = std::min(best, PointToGeometry(p, b));
  }
  for (const Point& p : Vertices(b)) {
    best = std::min(best, PointToGeometry(p, a));
  }
  return best;
}

bool Contains(const Geometry& a, const Geometry& b) {
  std::vector<Point> inner = Vertices(b);
  if (IsPolygonal(a)) {
    for (const Point& p : inner) {
      if (!InsideAny(p, a) && PointToGeometry(p, a) > kTouchMeters) {
        return false;
      }
    }
    for (const auto& s : Segments(b)) {
      for (const auto& t : Segments(a)) {
        if (SegmentsCross(s, t)) {
          return false;
        }
      }
    }
    return true;
  }
  // Points and lines contain only what lies on them.
  for (const Point& p : inner) {
    if (PointToGeometry(p, a) > kTouchMeters) {
      return false;
    }
  }
  return !IsPolygonal(b);
}

double Area(const Geometry& g) {
  if (!IsPolygonal(g)) {
    return 0;
  }
  double total = 0;
  for (const auto& polygon : g.parts) {
    total += RingArea(polygon[0]);
    for (size_t idx = 1; idx < polygon.size(); ++idx) {
      total -= RingArea(polygon[idx]);
    }
  }
  return total;
}

double Length(const Geometry& g) {
  if (g.kind != Kind::kLineString && g.kind != Kind::kMultiLineString) {
    return 0;
  }
  double total = 0;
  for (const auto& s : Segments(g)) {
    total += PointDistance(s.first, s.second);
  }
  return total;
}

}  // namespace basalt::sql::geo
