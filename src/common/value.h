#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace basalt {

// Rockset's value types (spec/sql.md §2). The enumerator order is the cross-type sort order of
// §4.1, except that kInt and kFloat sort together as numbers.
enum class ValueType : uint8_t {
  kUndefined = 0,
  kNull = 1,
  kBool = 2,
  kInt = 3,
  kFloat = 4,
  kString = 5,
  kBytes = 6,
  kDate = 7,
  kTime = 8,
  kDatetime = 9,
  kTimestamp = 10,
  kMonthInterval = 11,
  kMicrosecondInterval = 12,
  kArray = 13,
  kObject = 14,
  kGeography = 15,
  kU256 = 16,  // unsigned 256-bit integer, held as 32 big-endian bytes
};
inline constexpr int kValueTypeCount = 17;

// The name TYPEOF returns: "int", "float", "microsecond_interval", ...
std::string_view ValueTypeName(ValueType type);

class Value;
using Array = std::vector<Value>;
// Objects keep their fields in insertion order; keys are unique.
using Field = std::pair<std::string, Value>;
using Object = std::vector<Field>;

namespace internal {
struct HeapString;
struct HeapArray;
struct HeapObject;
}  // namespace internal

// One dynamically typed value: a type tag and an 8-byte payload (16 bytes in all). Scalars
// are held inline; strings, bytes, geography, arrays and objects live in an immutable,
// reference-counted heap block, so copies are cheap and a Value may be shared across
// threads. Mutable access (MutableArray/MutableObject) copies the block when shared.
//
// Temporal payloads: date = days since 1970-01-01; time = microseconds since midnight;
// datetime = microseconds since 1970-01-01T00:00:00 (civil, no zone); timestamp =
// microseconds since the Unix epoch (UTC); month_interval = months; microsecond_interval =
// microseconds. Geography holds its GeoJSON text; u256 its 32 big-endian bytes.
class Value {
 public:
  Value() : type_(ValueType::kUndefined), int_(0) {}
  ~Value() { Release(); }
  Value(const Value& other);
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;

  static Value Undefined() { return Value(); }
  static Value Null() { return Value(ValueType::kNull, 0); }
  static Value Bool(bool v) { return Value(ValueType::kBool, v ? 1 : 0); }
  static Value Int(int64_t v) { return Value(ValueType::kInt, v); }
  static Value Float(double v);
  static Value String(std::string_view v);
  static Value String(std::string&& v);
  static Value String(const char* v) { return String(std::string_view(v)); }
  static Value String(const std::string& v) { return String(std::string_view(v)); }
  static Value Bytes(std::string_view v);
  static Value Geography(std::string_view geojson);
  // A u256 from its 32 big-endian bytes (U256::ToBigEndian).
  static Value U256Bytes(std::string_view big_endian);
  static Value Date(int64_t days) { return Value(ValueType::kDate, days); }
  static Value Time(int64_t micros) { return Value(ValueType::kTime, micros); }
  static Value Datetime(int64_t micros) { return Value(ValueType::kDatetime, micros); }
  static Value Timestamp(int64_t micros) { return Value(ValueType::kTimestamp, micros); }
  static Value MonthInterval(int64_t months) { return Value(ValueType::kMonthInterval, months); }
  static Value MicrosecondInterval(int64_t micros) {
    return Value(ValueType::kMicrosecondInterval, micros);
  }
  // A value of an int64-payload type (has_int_payload()) from its payload; undefined for
  // any other type.
  static Value FromIntPayload(ValueType type, int64_t payload);
  static Value MakeArray(Array elements);
  static Value MakeObject(Object fields);
  static Value EmptyArray() { return MakeArray({}); }
  static Value EmptyObject() { return MakeObject({}); }

  ValueType type() const { return type_; }
  bool is_undefined() const { return type_ == ValueType::kUndefined; }
  bool is_null() const { return type_ == ValueType::kNull; }
  // True for null and undefined (what SQL's IS NULL tests).
  bool is_nullish() const { return type_ <= ValueType::kNull; }
  bool is_number() const { return type_ == ValueType::kInt || type_ == ValueType::kFloat; }
  bool is_string() const { return type_ == ValueType::kString; }
  bool is_array() const { return type_ == ValueType::kArray; }
  bool is_object() const { return type_ == ValueType::kObject; }
  // True when the payload is an int64 (int, bool, temporal and interval types).
  bool has_int_payload() const;
  bool has_string_payload() const {
    return type_ == ValueType::kString || type_ == ValueType::kBytes ||
           type_ == ValueType::kGeography || type_ == ValueType::kU256;
  }

  // REQUIRES: the matching type (checked in debug builds).
  bool bool_value() const { return int_ != 0; }
  int64_t int_value() const { return int_; }
  double float_value() const { return float_; }
  // int or float as a double.
  double AsDouble() const { return type_ == ValueType::kFloat ? float_ : double(int_); }
  std::string_view string_value() const;  // string, bytes, geography, u256 (its 32 bytes)
  const Array& array() const;
  const Object& object() const;

  Array& MutableArray();
  Object& MutableObject();

  // Object field lookup; undefined when absent or when this is not an object.
  const Value& Get(std::string_view key) const;
  // Sets (or replaces) an object field. REQUIRES: is_object().
  void Set(std::string_view key, Value value);
  // Removes an object field; returns whether it existed. REQUIRES: is_object().
  bool Erase(std::string_view key);

  // Structural equality where null == null and undefined == undefined, int 1 == float 1.0,
  // objects compare independent of key order. For DISTINCT/GROUP BY, not SQL `=`.
  bool Equals(const Value& other) const;
  bool operator==(const Value& other) const { return Equals(other); }

  // Total order of spec/sql.md §4.1 (ascending): <0, 0, >0.
  int Compare(const Value& other) const;

  // A stable 64-bit hash consistent with Equals.
  uint64_t Hash() const;

  // Approximate heap + inline size in bytes, for limits and stats.
  size_t ApproxSize() const;

  // Debug rendering: JSON for JSON-able values.
  std::string DebugString() const;

 private:
  Value(ValueType type, int64_t payload) : type_(type), int_(payload) {}
  void Release();
  void Retain() const;

  ValueType type_;
  union {
    int64_t int_;
    double float_;
    internal::HeapString* str_;
    internal::HeapArray* arr_;
    internal::HeapObject* obj_;
  };
};

static_assert(sizeof(Value) == 16, "Value must stay compact");

namespace internal {
struct HeapString {
  std::atomic<uint32_t> refs{1};
  std::string data;
};
struct HeapArray {
  std::atomic<uint32_t> refs{1};
  Array data;
};
struct HeapObject {
  std::atomic<uint32_t> refs{1};
  Object data;
};
}  // namespace internal

// SQL compares a datetime with a timestamp (the datetime read as UTC) and a date with a
// datetime (the date at its midnight) on one time line (docs/sql.md); a date against a
// timestamp, like other mixed types, stays null. True for those two pairs of distinct types.
bool CrossTemporalComparable(ValueType a, ValueType b);
// A date, datetime or timestamp as microseconds on that line; false for other types.
bool TemporalMicros(const Value& value, int64_t* micros);

}  // namespace basalt
