#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace basalt::storage {

// Merge operands that add or remove sequence numbers in one posting block (the low 16 bits
// of each seq; docs/formats/index.md).
class PostingDelta {
 public:
  void Add(uint16_t low) { Append(kAdd, low); }
  void Remove(uint16_t low) { Append(kRemove, low); }
  bool empty() const { return count_ == 0; }
  std::string Finish() const;

 private:
  static constexpr uint8_t kAdd = 1;
  static constexpr uint8_t kRemove = 0;
  void Append(uint8_t op, uint16_t low);
  std::string body_;
  uint64_t count_ = 0;
};

// Folds operands (oldest first) into an existing block bitmap (or none). The result is a
// portable roaring bitmap of the block's low 16-bit values; it may be empty.
Result<std::string> MergePostingBlock(const std::string_view* existing,
                                      const std::vector<std::string_view>& operands);
Result<std::string> CombinePostingDeltas(const std::vector<std::string_view>& operands);

}  // namespace basalt::storage
