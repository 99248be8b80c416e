#include "common/value_codec.h"

#include <algorithm>
#include <cstring>

#include "common/coding.h"

namespace basalt {
namespace {

// Tag bytes: the ValueType, except bool which has one tag per value.
constexpr uint8_t kTagFalse = 0x20;
constexpr uint8_t kTagTrue = 0x21;
constexpr int kMaxDecodeDepth = 200;

Status DecodeAt(std::string_view* in, Value* out, int depth) {
  if (in->empty()) {
    return Corruption("truncated value");
  }
  if (depth > kMaxDecodeDepth) {
    return Corruption("value nested too deeply");
  }
  uint8_t tag = uint8_t(in->front());
  in->remove_prefix(1);
  if (tag == kTagFalse || tag == kTagTrue) {
    *out = Value::Bool(tag == kTagTrue);
    return Status::Ok();
  }
  if (tag >= kValueTypeCount) {
    return Corruption("bad value tag");
  }
  auto type = static_cast<ValueType>(tag);
  uint64_t n = 0;
  std::string_view bytes;
  switch (type) {
    case ValueType::kUndefined:
      *out = Value();
      return Status::Ok();
    case ValueType::kNull:
      *out = Value::Null();
      return Status::Ok();
    case ValueType::kFloat: {
      if (in->size() < 8) {
        return Corruption("truncated float");
      }
      double d;
      std::memcpy(&d, in->data(), 8);
      in->remove_prefix(8);
      *out = Value::Float(d);
      return Status::Ok();
    }
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
    case ValueType::kU256:
      if (!GetLengthPrefixed(in, &bytes)) {
        return Corruption("truncated string");
      }
      if (type == ValueType::kU256 && bytes.size() != 32) {
        return Corruption("bad u256 length");
      }
      *out = type == ValueType::kString  ? Value::String(bytes)
             : type == ValueType::kBytes ? Value::Bytes(bytes)
             : type == ValueType::kU256  ? Value::U256Bytes(bytes)
                                         : Value::Geography(bytes);
      return Status::Ok();
    case ValueType::kArray: {
      if (!GetVarint64(in, &n) || n > in->size()) {
        return Corruption("bad array length");
      }
      Array elements(n);
      for (Value& element : elements) {
        BASALT_RETURN_IF_ERROR(DecodeAt(in, &element, depth + 1));
      }
      *out = Value::MakeArray(std::move(elements));
      return Status::Ok();
    }
    case ValueType::kObject: {
      if (!GetVarint64(in, &n) || n > in->size()) {
        return Corruption("bad object length");
      }
      Object fields(n);
      for (Field& field : fields) {
        if (!GetLengthPrefixed(in, &bytes)) {
          return Corruption("truncated key");
        }
        field.first.assign(bytes);
        BASALT_RETURN_IF_ERROR(DecodeAt(in, &field.second, depth + 1));
      }
      *out = Value::MakeObject(std::move(fields));
      return Status::Ok();
    }
    default: {
      if (!GetVarint64(in, &n)) {
        return Corruption("truncated integer");
      }
      *out = Value::FromIntPayload(type, UnZigZag(n));
      if (out->is_undefined() || type == ValueType::kBool) {  // bools have their own tags
        return Corruption("bad value tag");
      }
      return Status::Ok();
    }
  }
}

// Advances `in` past one encoded value without building it.
Status SkipAt(std::string_view* in, int depth) {
  if (in->empty()) {
    return Corruption("truncated value");
  }
  if (depth > kMaxDecodeDepth) {
    return Corruption("value nested too deeply");
  }
  uint8_t tag = uint8_t(in->front());
  in->remove_prefix(1);
  if (tag == kTagFalse || tag == kTagTrue) {
    return Status::Ok();
  }
  if (tag >= kValueTypeCount || tag == uint8_t(ValueType::kBool)) {
    return Corruption("bad value tag");
  }
  uint64_t n = 0;
  std::string_view bytes;
  switch (static_cast<ValueType>(tag)) {
    case ValueType::kUndefined:
    case ValueType::kNull:
      return Status::Ok();
    case ValueType::kFloat:
      if (in->size() < 8) {
        return Corruption("truncated float");
      }
      in->remove_prefix(8);
      return Status::Ok();
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
    case ValueType::kU256:
      if (!GetLengthPrefixed(in, &bytes)) {
        return Corruption("truncated string");
      }
      return Status::Ok();
    case ValueType::kArray:
      if (!GetVarint64(in, &n) || n > in->size()) {
        return Corruption("bad array length");
      }
      for (uint64_t idx = 0; idx < n; ++idx) {
        BASALT_RETURN_IF_ERROR(SkipAt(in, depth + 1));
      }
      return Status::Ok();
    case ValueType::kObject:
      if (!GetVarint64(in, &n) || n > in->size()) {
        return Corruption("bad object length");
      }
      for (uint64_t idx = 0; idx < n; ++idx) {
        if (!GetLengthPrefixed(in, &bytes)) {
          return Corruption("truncated key");
        }
        BASALT_RETURN_IF_ERROR(SkipAt(in, depth + 1));
      }
      return Status::Ok();
    default:
      if (!GetVarint64(in, &n)) {
        return Corruption("truncated integer");
      }
      return Status::Ok();
  }
}

}  // namespace

Status DecodeFields(std::string_view in, const std::vector<std::string>& keys, Value* out) {
  if (in.empty() || uint8_t(in.front()) != uint8_t(ValueType::kObject)) {
    return DecodeValue(in, out);
  }
  in.remove_prefix(1);
  uint64_t n = 0;
  if (!GetVarint64(&in, &n) || n > in.size()) {
    return Corruption("bad object length");
  }
  Object fields;
  std::string_view key;
  for (uint64_t idx = 0; idx < n; ++idx) {
    if (!GetLengthPrefixed(&in, &key)) {
      return Corruption("truncated key");
    }
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      BASALT_RETURN_IF_ERROR(SkipAt(&in, 1));
      continue;
    }
    fields.emplace_back(std::string(key), Value());
    BASALT_RETURN_IF_ERROR(DecodeAt(&in, &fields.back().second, 1));
  }
  if (!in.empty()) {
    return Corruption("trailing bytes after value");
  }
  *out = Value::MakeObject(std::move(fields));
  return Status::Ok();
}

void EncodeValue(const Value& value, std::string* out) {
  ValueType type = value.type();
  switch (type) {
    case ValueType::kUndefined:
    case ValueType::kNull:
      out->push_back(char(type));
      return;
    case ValueType::kBool:
      out->push_back(char(value.bool_value() ? kTagTrue : kTagFalse));
      return;
    case ValueType::kFloat: {
      out->push_back(char(type));
      double d = value.float_value();
      char buf[8];
      std::memcpy(buf, &d, 8);
      out->append(buf, 8);
      return;
    }
    case ValueType::kString:
    case ValueType::kBytes:
    case ValueType::kGeography:
    case ValueType::kU256:
      out->push_back(char(type));
      PutLengthPrefixed(out, value.string_value());
      return;
    case ValueType::kArray:
      out->push_back(char(type));
      PutVarint64(out, value.array().size());
      for (const Value& element : value.array()) {
        EncodeValue(element, out);
      }
      return;
    case ValueType::kObject: {
      out->push_back(char(type));
      size_t count = 0;
      for (const Field& field : value.object()) {
        count += !field.second.is_undefined();
      }
      PutVarint64(out, count);
      for (const Field& field : value.object()) {
        if (field.second.is_undefined()) {
          continue;
        }
        PutLengthPrefixed(out, field.first);
        EncodeValue(field.second, out);
      }
      return;
    }
    default:
      out->push_back(char(type));
      PutVarint64(out, ZigZag(value.int_value()));
      return;
  }
}

std::string EncodeValue(const Value& value) {
  std::string out;
  EncodeValue(value, &out);
  return out;
}

Status DecodeValue(std::string_view* in, Value* out) {
  return DecodeAt(in, out, 0);
}

Status DecodeValue(std::string_view in, Value* out) {
  BASALT_RETURN_IF_ERROR(DecodeAt(&in, out, 0));
  if (!in.empty()) {
    return Corruption("trailing bytes after value");
  }
  return Status::Ok();
}

}  // namespace basalt
