#include "common/value.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/assert.h"
#include "common/hash.h"
#include "common/json.h"

namespace basalt {
namespace {

const Value& UndefinedRef() {
  static const Value* const kUndefined = new Value();
  return *kUndefined;
}

const Array& EmptyArrayRef() {
  static const Array* const kEmpty = new Array();
  return *kEmpty;
}

const Object& EmptyObjectRef() {
  static const Object* const kEmpty = new Object();
  return *kEmpty;
}

// Rank of a type in the cross-type order: int and float share the number rank.
int TypeRank(ValueType type) {
  int t = static_cast<int>(type);
  return t >= static_cast<int>(ValueType::kFloat) ? t - 1 : t;
}

int CompareNumbers(const Value& a, const Value& b) {
  if (a.type() == ValueType::kInt && b.type() == ValueType::kInt) {
    return a.int_value() < b.int_value() ? -1 : (a.int_value() > b.int_value() ? 1 : 0);
  }
  double x = a.AsDouble();
  double y = b.AsDouble();
  bool x_nan = std::isnan(x);
  bool y_nan = std::isnan(y);
  if (x_nan || y_nan) {
    return x_nan == y_nan ? 0 : (x_nan ? 1 : -1);
  }
  if (x < y) {
    return -1;
  }
  if (x > y) {
    return 1;
  }
  // Equal as doubles: break ties between a large int and its rounded float exactly.
  if (a.type() == ValueType::kInt && b.type() == ValueType::kFloat) {
    if (y >= 9.2233720368547758e18) {
      return -1;
    }
    if (y < -9.2233720368547758e18) {
      return 1;
    }
    int64_t yi = static_cast<int64_t>(y);
    return a.int_value() < yi ? -1 : (a.int_value() > yi ? 1 : 0);
  }
  if (a.type() == ValueType::kFloat && b.type() == ValueType::kInt) {
    return -CompareNumbers(b, a);
  }
  return 0;
}

std::vector<const Field*> SortedFields(const Object& object) {
  std::vector<const Field*> out;
  out.reserve(object.size());
  for (const Field& field : object) {
    out.push_back(&field);
  }
  std::sort(out.begin(), out.end(),
            [](const Field* a, const Field* b) { return a->first < b->first; });
  return out;
}

}  // namespace

std::string_view ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::kUndefined:
      return "undefined";
    case ValueType::kNull:
      return "null";
    case ValueType::kBool:
      return "bool";
    case ValueType::kInt:
      return "int";
    case ValueType::kFloat:
      return "float";
    case ValueType::kString:
      return "string";
    case ValueType::kBytes:
      return "bytes";
    case ValueType::kDate:
      return "date";
    case ValueType::kTime:
      return "time";
    case ValueType::kDatetime:
      return "datetime";
    case ValueType::kTimestamp:
      return "timestamp";
    case ValueType::kMonthInterval:
      return "month_interval";
    case ValueType::kMicrosecondInterval:
      return "microsecond_interval";
    case ValueType::kArray:
      return "array";
    case ValueType::kObject:
      return "object";
    case ValueType::kGeography:
      return "geography";
    case ValueType::kU256:
      return "u256";
  }
  return "undefined";
}

Value::Value(const Value& other) : type_(other.type_), int_(other.int_) {
  Retain();
}

Value::Value(Value&& other) noexcept : type_(other.type_), int_(other.int_) {
  other.type_ = ValueType::kUndefined;
  other.int_ = 0;
}

Value& Value::operator=(const Value& other) {
  if (this != &other) {
    other.Retain();
    Release();
    type_ = other.type_;
    int_ = other.int_;
  }
  return *this;
}

Value& Value::operator=(Value&& other) noexcept {
  if (this != &other) {
    Release();
    type_ = other.type_;
    int_ = other.int_;
    other.type_ = ValueType::kUndefined;
    other.int_ = 0;
  }
  return *this;
}

void Value::Retain() const {
  switch (type_) {
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
    case ValueType::kU256:
      str_->refs.fetch_add(1, std::memory_order_relaxed);
      break;
    case ValueType::kArray:
      arr_->refs.fetch_add(1, std::memory_order_relaxed);
      break;
    case ValueType::kObject:
      obj_->refs.fetch_add(1, std::memory_order_relaxed);
      break;
    default:
      break;
  }
}

void Value::Release() {
  switch (type_) {
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
    case ValueType::kU256:
      if (str_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        delete str_;
      }
      break;
    case ValueType::kArray:
      if (arr_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        delete arr_;
      }
      break;
    case ValueType::kObject:
      if (obj_->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        delete obj_;
      }
      break;
    default:
      break;
  }
  type_ = ValueType::kUndefined;
  int_ = 0;
}

Value Value::Float(double v) {
  Value out(ValueType::kFloat, 0);
  out.float_ = v;
  return out;
}

Value Value::String(std::string_view v) {
  return String(std::string(v));
}

Value Value::String(std::string&& v) {
  Value out(ValueType::kString, 0);
  out.str_ = new internal::HeapString{{1}, std::move(v)};
  return out;
}

Value Value::Bytes(std::string_view v) {
  Value out(ValueType::kBytes, 0);
  out.str_ = new internal::HeapString{{1}, std::string(v)};
  return out;
}

Value Value::Geography(std::string_view geojson) {
  Value out(ValueType::kGeography, 0);
  out.str_ = new internal::HeapString{{1}, std::string(geojson)};
  return out;
}

Value Value::U256Bytes(std::string_view big_endian) {
  Value out(ValueType::kU256, 0);
  out.str_ = new internal::HeapString{{1}, std::string(big_endian)};
  return out;
}

Value Value::FromIntPayload(ValueType type, int64_t payload) {
  switch (type) {
    case ValueType::kBool:
      return Bool(payload != 0);
    case ValueType::kInt:
    case ValueType::kDate:
    case ValueType::kTime:
    case ValueType::kDatetime:
    case ValueType::kTimestamp:
    case ValueType::kMonthInterval:
    case ValueType::kMicrosecondInterval:
      return Value(type, payload);
    default:
      return Value();
  }
}

Value Value::MakeArray(Array elements) {
  Value out(ValueType::kArray, 0);
  out.arr_ = new internal::HeapArray{{1}, std::move(elements)};
  return out;
}

Value Value::MakeObject(Object fields) {
  Value out(ValueType::kObject, 0);
  out.obj_ = new internal::HeapObject{{1}, std::move(fields)};
  return out;
}

bool Value::has_int_payload() const {
  switch (type_) {
    case ValueType::kBool:
    case ValueType::kInt:
    case ValueType::kDate:
    case ValueType::kTime:
    case ValueType::kDatetime:
    case ValueType::kTimestamp:
    case ValueType::kMonthInterval:
    case ValueType::kMicrosecondInterval:
      return true;
    default:
      return false;
  }
}

std::string_view Value::string_value() const {
  BASALT_DCHECK(has_string_payload()) << ValueTypeName(type_);
  return has_string_payload() ? std::string_view(str_->data) : std::string_view();
}

const Array& Value::array() const {
  BASALT_DCHECK(is_array()) << ValueTypeName(type_);
  return is_array() ? arr_->data : EmptyArrayRef();
}

const Object& Value::object() const {
  BASALT_DCHECK(is_object()) << ValueTypeName(type_);
  return is_object() ? obj_->data : EmptyObjectRef();
}

Array& Value::MutableArray() {
  BASALT_CHECK(is_array());
  if (arr_->refs.load(std::memory_order_acquire) != 1) {
    auto* copy = new internal::HeapArray{{1}, arr_->data};
    Release();
    type_ = ValueType::kArray;
    arr_ = copy;
  }
  return arr_->data;
}

Object& Value::MutableObject() {
  BASALT_CHECK(is_object());
  if (obj_->refs.load(std::memory_order_acquire) != 1) {
    auto* copy = new internal::HeapObject{{1}, obj_->data};
    Release();
    type_ = ValueType::kObject;
    obj_ = copy;
  }
  return obj_->data;
}

const Value& Value::Get(std::string_view key) const {
  if (!is_object()) {
    return UndefinedRef();
  }
  for (const Field& field : obj_->data) {
    if (field.first == key) {
      return field.second;
    }
  }
  return UndefinedRef();
}

void Value::Set(std::string_view key, Value value) {
  Object& fields = MutableObject();
  for (Field& field : fields) {
    if (field.first == key) {
      field.second = std::move(value);
      return;
    }
  }
  fields.emplace_back(std::string(key), std::move(value));
}

bool Value::Erase(std::string_view key) {
  if (!is_object()) {
    return false;
  }
  const Object& current = obj_->data;
  auto found =
      std::find_if(current.begin(), current.end(), [&](const Field& f) { return f.first == key; });
  if (found == current.end()) {
    return false;
  }
  size_t index = found - current.begin();
  Object& fields = MutableObject();
  fields.erase(fields.begin() + static_cast<ptrdiff_t>(index));
  return true;
}

bool Value::Equals(const Value& other) const {
  return Compare(other) == 0;
}

int Value::Compare(const Value& other) const {
  int rank_a = TypeRank(type_);
  int rank_b = TypeRank(other.type_);
  if (rank_a != rank_b) {
    return rank_a < rank_b ? -1 : 1;
  }
  switch (type_) {
    case ValueType::kUndefined:
    case ValueType::kNull:
      return 0;
    case ValueType::kInt:
    case ValueType::kFloat:
      return CompareNumbers(*this, other);
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
    case ValueType::kU256: {
      int c = string_value().compare(other.string_value());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case ValueType::kArray: {
      const Array& a = array();
      const Array& b = other.array();
      size_t n = std::min(a.size(), b.size());
      for (size_t idx = 0; idx < n; ++idx) {
        int c = a[idx].Compare(b[idx]);
        if (c != 0) {
          return c;
        }
      }
      return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
    }
    case ValueType::kObject: {
      auto a = SortedFields(object());
      auto b = SortedFields(other.object());
      size_t n = std::min(a.size(), b.size());
      for (size_t idx = 0; idx < n; ++idx) {
        int c = a[idx]->first.compare(b[idx]->first);
        if (c != 0) {
          return c < 0 ? -1 : 1;
        }
        c = a[idx]->second.Compare(b[idx]->second);
        if (c != 0) {
          return c;
        }
      }
      return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
    }
    default:
      return int_ < other.int_ ? -1 : (int_ > other.int_ ? 1 : 0);
  }
}

uint64_t Value::Hash() const {
  uint64_t seed = static_cast<uint64_t>(TypeRank(type_)) * 0x9E3779B97F4A7C15ULL;
  switch (type_) {
    case ValueType::kUndefined:
    case ValueType::kNull:
      return seed;
    case ValueType::kFloat: {
      double d = float_;
      if (d == std::trunc(d) && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18) {
        return HashInt(seed, static_cast<uint64_t>(static_cast<int64_t>(d)));
      }
      if (std::isnan(d)) {
        return HashInt(seed, 0x7FF8000000000000ULL);
      }
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return HashInt(seed, bits);
    }
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
    case ValueType::kU256:
      return HashBytes(seed, string_value());
    case ValueType::kArray: {
      uint64_t h = seed;
      for (const Value& v : array()) {
        h = HashInt(h, v.Hash());
      }
      return h;
    }
    case ValueType::kObject: {
      // Order-independent: sum of per-field hashes.
      uint64_t sum = 0;
      for (const Field& f : object()) {
        sum += HashInt(HashBytes(0, f.first), f.second.Hash());
      }
      return HashInt(seed, sum);
    }
    default:
      return HashInt(seed, static_cast<uint64_t>(int_));
  }
}

size_t Value::ApproxSize() const {
  switch (type_) {
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
    case ValueType::kU256:
      return sizeof(Value) + str_->data.size();
    case ValueType::kArray: {
      size_t total = sizeof(Value);
      for (const Value& v : array()) {
        total += v.ApproxSize();
      }
      return total;
    }
    case ValueType::kObject: {
      size_t total = sizeof(Value);
      for (const Field& f : object()) {
        total += f.first.size() + f.second.ApproxSize();
      }
      return total;
    }
    default:
      return sizeof(Value);
  }
}

std::string Value::DebugString() const {
  if (is_undefined()) {
    return "undefined";
  }
  return ToJson(*this);
}

bool CrossTemporalComparable(ValueType a, ValueType b) {
  auto pair = [&](ValueType x, ValueType y) { return (a == x && b == y) || (a == y && b == x); };
  return pair(ValueType::kDatetime, ValueType::kTimestamp) ||
         pair(ValueType::kDate, ValueType::kDatetime);
}

bool TemporalMicros(const Value& value, int64_t* micros) {
  switch (value.type()) {
    case ValueType::kDate:
      *micros = value.int_value() * int64_t(86'400'000'000);
      return true;
    case ValueType::kDatetime:
    case ValueType::kTimestamp:
      *micros = value.int_value();
      return true;
    default:
      return false;
  }
}

}  // namespace basalt
