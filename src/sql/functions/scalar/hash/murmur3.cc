// MURMUR3 (sql.md §9.12, unv): 32-bit x86 MurmurHash3 with seed 0.
#include <cstdint>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

uint32_t Rotl32(uint32_t x, int r) {
  return (x << r) | (x >> (32 - r));
}

uint32_t Murmur3X86_32(std::string_view data, uint32_t seed) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const size_t n = data.size();
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  uint32_t h = seed;
  size_t blocks = n / 4;
  for (size_t idx = 0; idx < blocks; ++idx) {
    const unsigned char* b = p + 4 * idx;
    uint32_t k = uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
    k *= c1;
    k = Rotl32(k, 15);
    k *= c2;
    h ^= k;
    h = Rotl32(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  const unsigned char* tail = p + 4 * blocks;
  uint32_t k = 0;
  switch (n & 3) {
    case 3:
      k ^= uint32_t(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      k ^= uint32_t(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      k ^= tail[0];
      k *= c1;
      k = Rotl32(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= uint32_t(n);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

Result<Value> Murmur3(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(std::string_view data, BytesArg("MURMUR3", args, 0));
  return Value::Int(int64_t(Murmur3X86_32(data, 0)));
}

}  // namespace

FunctionDef Murmur3Function() {
  return {.name = "MURMUR3",
          .min_args = 1,
          .max_args = 1,
          .kernel = Murmur3,
          .signature = "MURMUR3(b) -> int",
          .doc =
              "32-bit x86 MurmurHash3 (seed 0) of a string's UTF-8 octets or of bytes, as an "
              "unsigned int in [0, 2^32) (like CRC32). Unverified name; divergence: Presto's "
              "murmur3(varbinary) returns the 16 bytes of the 128-bit x64 variant.",
          .example = "MURMUR3('') = 0 AND MURMUR3(TO_UTF8('hello')) = 613153351"};
}

}  // namespace basalt::sql
