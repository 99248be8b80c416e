#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"

namespace basalt::sql {

// Open-addressing tables that give each distinct key a dense code 0, 1, 2, ... in
// first-seen order: the inner loops of column-scan aggregation (group keys), where
// std::unordered_map's node allocation and hashing dominate. Not thread-safe.

// 64-bit keys.
class DenseIntCodes {
 public:
  DenseIntCodes() : slots_(16, kEmpty) {}

  // The code of `key`, adding it when new; `added` tells which.
  uint32_t FindOrAdd(uint64_t key, bool* added) {
    size_t mask = slots_.size() - 1;
    for (size_t pos = Mix(key) & mask;; pos = (pos + 1) & mask) {
      uint32_t code = slots_[pos];
      if (code == kEmpty) {
        *added = true;
        code = uint32_t(keys_.size());
        keys_.push_back(key);
        slots_[pos] = code;
        if (keys_.size() * 2 > slots_.size()) {
          Grow();
        }
        return code;
      }
      if (keys_[code] == key) {
        *added = false;
        return code;
      }
    }
  }
  size_t size() const { return keys_.size(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static uint64_t Mix(uint64_t key) { return HashInt(0x51ED27, key); }
  void Grow() {
    std::vector<uint32_t> slots(slots_.size() * 2, kEmpty);
    size_t mask = slots.size() - 1;
    for (uint32_t code = 0; code < keys_.size(); ++code) {
      size_t pos = Mix(keys_[code]) & mask;
      while (slots[pos] != kEmpty) {
        pos = (pos + 1) & mask;
      }
      slots[pos] = code;
    }
    slots_ = std::move(slots);
  }
  std::vector<uint32_t> slots_;
  std::vector<uint64_t> keys_;
};

// Byte-string keys (copied into the table).
class DenseStringCodes {
 public:
  DenseStringCodes() : slots_(16, kEmpty) {}

  uint32_t FindOrAdd(std::string_view key, bool* added) {
    uint64_t hash = HashBytes(0x5EED, key);
    size_t mask = slots_.size() - 1;
    for (size_t pos = hash & mask;; pos = (pos + 1) & mask) {
      uint32_t code = slots_[pos];
      if (code == kEmpty) {
        *added = true;
        code = uint32_t(hashes_.size());
        hashes_.push_back(hash);
        bytes_.append(key);
        ends_.push_back(bytes_.size());
        slots_[pos] = code;
        if (hashes_.size() * 2 > slots_.size()) {
          Grow();
        }
        return code;
      }
      if (hashes_[code] == hash && Key(code) == key) {
        *added = false;
        return code;
      }
    }
  }
  std::string_view Key(uint32_t code) const {
    size_t begin = code == 0 ? 0 : ends_[code - 1];
    return std::string_view(bytes_.data() + begin, ends_[code] - begin);
  }
  size_t size() const { return hashes_.size(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  void Grow() {
    std::vector<uint32_t> slots(slots_.size() * 2, kEmpty);
    size_t mask = slots.size() - 1;
    for (uint32_t code = 0; code < hashes_.size(); ++code) {
      size_t pos = hashes_[code] & mask;
      while (slots[pos] != kEmpty) {
        pos = (pos + 1) & mask;
      }
      slots[pos] = code;
    }
    slots_ = std::move(slots);
  }
  std::vector<uint32_t> slots_;
  std::vector<uint64_t> hashes_;
  std::string bytes_;
  std::vector<size_t> ends_;
};

}  // namespace basalt::sql
