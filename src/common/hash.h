#pragma once

#include <cstdint>
#include <string_view>

namespace basalt {

// Mixes a 64-bit integer into a running hash (splitmix64 finaliser).
inline uint64_t HashInt(uint64_t seed, uint64_t value) {
  uint64_t x = seed ^ (value + 0x9E3779B97F4A7C15ULL + (seed << 6) + (seed >> 2));
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}

// Hashes bytes (FNV-1a over 8-byte words, then mixed). Stable across runs and builds.
uint64_t HashBytes(uint64_t seed, std::string_view bytes);

}  // namespace basalt
