#include "storage/inverted/index_key.h"

#include <cmath>
#include <cstring>

#include "common/coding.h"

namespace basalt::storage {
namespace {

uint64_t OrderedFloatBits(double d) {
  if (d == 0) {
    d = 0;  // -0.0 sorts as 0.0
  }
  if (std::isnan(d)) {
    return ~uint64_t(0);  // NaN after every number
  }
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return (bits & (uint64_t(1) << 63)) ? ~bits : bits | (uint64_t(1) << 63);
}

double FloatFromOrderedBits(uint64_t bits) {
  if (bits == ~uint64_t(0)) {
    return std::nan("");
  }
  bits = (bits & (uint64_t(1) << 63)) ? bits & ~(uint64_t(1) << 63) : ~bits;
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}

void EscapeString(std::string_view s, std::string* out) {
  for (char c : s) {
    out->push_back(c);
    if (c == '\0') {
      out->push_back('\xFF');
    }
  }
}

}  // namespace

void EncodeIndexValue(const Value& value, std::string* out) {
  ValueType type = value.type();
  out->push_back(char(type));
  switch (type) {
    case ValueType::kUndefined:
    case ValueType::kNull:
    case ValueType::kArray:
    case ValueType::kObject:
      return;
    case ValueType::kBool:
      out->push_back(value.bool_value() ? '\x01' : '\x00');
      return;
    case ValueType::kFloat:
      PutFixed64BE(out, OrderedFloatBits(value.float_value()));
      return;
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
      EscapeString(value.string_value(), out);
      out->append("\x00\x01", 2);
      return;
    case ValueType::kU256:
      out->append(value.string_value());  // 32 big-endian bytes: byte order is numeric order
      return;
    default:
      PutFixed64BE(out, uint64_t(value.int_value()) ^ (uint64_t(1) << 63));
      return;
  }
}

void EncodeIndexStringPrefix(std::string_view prefix, std::string* out) {
  out->push_back(char(ValueType::kString));
  EscapeString(prefix, out);
}

Status DecodeIndexValue(std::string_view* in, Value* out) {
  if (in->empty()) {
    return Corruption("empty index value");
  }
  auto type = ValueType(uint8_t(in->front()));
  in->remove_prefix(1);
  switch (type) {
    case ValueType::kUndefined:
      *out = Value();
      return Status::Ok();
    case ValueType::kNull:
      *out = Value::Null();
      return Status::Ok();
    case ValueType::kArray:
      *out = Value::EmptyArray();
      return Status::Ok();
    case ValueType::kObject:
      *out = Value::EmptyObject();
      return Status::Ok();
    case ValueType::kBool:
      if (in->empty()) {
        return Corruption("truncated index bool");
      }
      *out = Value::Bool(in->front() != 0);
      in->remove_prefix(1);
      return Status::Ok();
    case ValueType::kFloat:
      if (in->size() < 8) {
        return Corruption("truncated index float");
      }
      *out = Value::Float(FloatFromOrderedBits(DecodeFixed64BE(in->data())));
      in->remove_prefix(8);
      return Status::Ok();
    case ValueType::kU256:
      if (in->size() < 32) {
        return Corruption("truncated index u256");
      }
      *out = Value::U256Bytes(in->substr(0, 32));
      in->remove_prefix(32);
      return Status::Ok();
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography: {
      std::string s;
      size_t pos = 0;
      while (true) {
        if (pos + 1 >= in->size()) {
          return Corruption("unterminated index string");
        }
        char c = (*in)[pos];
        if (c == '\0') {
          char next = (*in)[pos + 1];
          if (next == '\x01') {
            break;
          }
          if (next != '\xFF') {
            return Corruption("bad index string escape");
          }
          s.push_back('\0');
          pos += 2;
          continue;
        }
        s.push_back(c);
        ++pos;
      }
      in->remove_prefix(pos + 2);
      *out = type == ValueType::kString  ? Value::String(std::move(s))
             : type == ValueType::kBytes ? Value::Bytes(s)
                                         : Value::Geography(s);
      return Status::Ok();
    }
    default: {
      if (int(type) >= kValueTypeCount) {
        return Corruption("bad index type");
      }
      if (in->size() < 8) {
        return Corruption("truncated index integer");
      }
      int64_t v = int64_t(DecodeFixed64BE(in->data()) ^ (uint64_t(1) << 63));
      in->remove_prefix(8);
      *out = Value::FromIntPayload(type, v);
      if (out->is_undefined() || type == ValueType::kBool) {
        return Corruption("bad index type");
      }
      return Status::Ok();
    }
  }
}

}  // namespace basalt::storage
