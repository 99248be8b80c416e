#include "common/hash.h"

#include <cstring>

namespace basalt {

uint64_t HashBytes(uint64_t seed, std::string_view bytes) {
  uint64_t h = seed ^ 0xCBF29CE484222325ULL ^ bytes.size();
  size_t pos = 0;
  while (pos + 8 <= bytes.size()) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + pos, 8);
    h = (h ^ word) * 0x100000001B3ULL;
    h ^= h >> 29;
    pos += 8;
  }
  uint64_t tail = 0;
  if (pos < bytes.size()) {
    std::memcpy(&tail, bytes.data() + pos, bytes.size() - pos);
  }
  return HashInt(h, tail);
}

}  // namespace basalt
