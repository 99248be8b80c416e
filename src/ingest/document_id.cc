#include "ingest/document_id.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include "common/json.h"

namespace basalt::ingest {
namespace {

void AppendShortestNumber(const Value& number, std::string* out) {
  char buf[64];
  std::to_chars_result converted = number.type() == ValueType::kInt
                                       ? std::to_chars(buf, buf + sizeof buf, number.int_value())
                                       : std::to_chars(buf, buf + sizeof buf, number.float_value());
  out->append(buf, converted.ptr);
}

// Appends the canonical compact JSON of a JSON-shaped value; fails on non-JSON types.
Status AppendCanonical(const Value& value, std::string* out) {
  switch (value.type()) {
    case ValueType::kNull:
      out->append("null");
      return Status::Ok();
    case ValueType::kBool:
      out->append(value.bool_value() ? "true" : "false");
      return Status::Ok();
    case ValueType::kInt:
    case ValueType::kFloat:
      AppendShortestNumber(value, out);
      return Status::Ok();
    case ValueType::kString:
      AppendJsonString(value.string_value(), out);
      return Status::Ok();
    case ValueType::kArray: {
      out->push_back('[');
      bool first = true;
      for (const Value& element : value.array()) {
        if (!first) {
          out->push_back(',');
        }
        first = false;
        BASALT_RETURN_IF_ERROR(AppendCanonical(element, out));
      }
      out->push_back(']');
      return Status::Ok();
    }
    case ValueType::kObject: {
      std::vector<const Field*> fields;
      fields.reserve(value.object().size());
      for (const Field& field : value.object()) {
        if (!field.second.is_undefined()) {
          fields.push_back(&field);
        }
      }
      std::sort(fields.begin(), fields.end(),
                [](const Field* a, const Field* b) { return a->first < b->first; });
      out->push_back('{');
      bool first = true;
      for (const Field* field : fields) {
        if (!first) {
          out->push_back(',');
        }
        first = false;
        AppendJsonString(field->first, out);
        out->push_back(':');
        BASALT_RETURN_IF_ERROR(AppendCanonical(field->second, out));
      }
      out->push_back('}');
      return Status::Ok();
    }
    default:
      return InvalidInput(std::string("`_id` of type ") + std::string(ValueTypeName(value.type())) +
                          " cannot be converted to a string");
  }
}

}  // namespace

Result<std::string> DocumentIdFromValue(const Value& id) {
  std::string out;
  switch (id.type()) {
    case ValueType::kString:
      if (id.string_value().empty()) {
        return InvalidInput("`_id` must not be an empty string");
      }
      return std::string(id.string_value());
    case ValueType::kInt:
    case ValueType::kFloat:
      AppendShortestNumber(id, &out);
      return out;
    case ValueType::kBool:
    case ValueType::kArray:
    case ValueType::kObject:
      BASALT_RETURN_IF_ERROR(AppendCanonical(id, &out));
      return out;
    default:
      return InvalidInput(std::string("`_id` of type ") + std::string(ValueTypeName(id.type())) +
                          " cannot be converted to a string");
  }
}

std::string GenerateUuidV4() {
  // One generator per thread, seeded from the OS entropy source, so threads never contend
  // and two processes never share a sequence.
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  uint64_t high = generator();
  uint64_t low = generator();
  high = (high & ~0xF000ULL) | 0x4000ULL;            // version 4
  low = (low & ~(0xC0ULL << 56)) | (0x80ULL << 56);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) {
      out.push_back('-');
    }
    uint64_t word = nibble < 16 ? high : low;
    int shift = 60 - 4 * (nibble % 16);
    out.push_back(kHex[(word >> shift) & 0xF]);
  }
  return out;
}

}  // namespace basalt::ingest
