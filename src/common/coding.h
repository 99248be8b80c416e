#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace basalt {

// Byte-level encoders shared by the on-disk formats (docs/formats/).

inline void PutFixed32BE(std::string* out, uint32_t v) {
  char buf[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  out->append(buf, 4);
}
inline void PutFixed64BE(std::string* out, uint64_t v) {
  PutFixed32BE(out, uint32_t(v >> 32));
  PutFixed32BE(out, uint32_t(v));
}
inline uint32_t DecodeFixed32BE(const char* p) {
  auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t(u[0]) << 24) | (uint32_t(u[1]) << 16) | (uint32_t(u[2]) << 8) | uint32_t(u[3]);
}
inline uint64_t DecodeFixed64BE(const char* p) {
  return (uint64_t(DecodeFixed32BE(p)) << 32) | DecodeFixed32BE(p + 4);
}
inline void PutFixed16LE(std::string* out, uint16_t v) {
  char buf[2] = {char(v), char(v >> 8)};
  out->append(buf, 2);
}
inline uint16_t DecodeFixed16LE(const char* p) {
  auto* u = reinterpret_cast<const unsigned char*>(p);
  return uint16_t(u[0] | (u[1] << 8));
}
inline void PutFixed64LE(std::string* out, uint64_t v) {
  char buf[8];
  std::memcpy(buf, &v, 8);
  out->append(buf, 8);
}
inline uint64_t DecodeFixed64LE(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline void PutVarint64(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(char(v | 0x80));
    v >>= 7;
  }
  out->push_back(char(v));
}
// Reads a varint from the front of `in`, advancing it; false on truncated input.
inline bool GetVarint64(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t byte = uint8_t(in->front());
    in->remove_prefix(1);
    result |= uint64_t(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}
inline uint64_t ZigZag(int64_t v) {
  return (uint64_t(v) << 1) ^ uint64_t(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return int64_t(v >> 1) ^ -int64_t(v & 1);
}

// Length-prefixed bytes.
inline void PutLengthPrefixed(std::string* out, std::string_view bytes) {
  PutVarint64(out, bytes.size());
  out->append(bytes);
}
inline bool GetLengthPrefixed(std::string_view* in, std::string_view* bytes) {
  uint64_t len;
  if (!GetVarint64(in, &len) || len > in->size())
    return false;
  *bytes = in->substr(0, len);
  in->remove_prefix(len);
  return true;
}

}  // namespace basalt
