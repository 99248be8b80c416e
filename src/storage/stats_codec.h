#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace basalt::storage {

// Merge values of the per-collection statistics in the meta column family
// (docs/formats/meta.md).

// Counters: an array of little-endian int64; operands are arrays of deltas, added
// element-wise (a shorter array is zero-extended).
std::string EncodeCounters(const std::vector<int64_t>& values);
Result<std::vector<int64_t>> DecodeCounters(std::string_view bytes);
Result<std::string> MergeCounters(const std::string_view* existing,
                                  const std::vector<std::string_view>& operands);

// HyperLogLog with 2^10 registers: the value is 1024 register bytes; an operand is a list of
// (u16 register, u8 rank) updates (never 1024 bytes long, as 1024 is not a multiple of 3)
// or 1024 register bytes (operands combined); merge keeps the maximum per register.
inline constexpr int kHllRegisters = 1024;
class HllUpdate {
 public:
  void AddHash(uint64_t hash);
  bool empty() const { return body_.empty(); }
  std::string Finish() const { return body_; }

 private:
  std::string body_;
};
Result<std::string> MergeHll(const std::string_view* existing,
                             const std::vector<std::string_view>& operands);
// Combines operands into one (partial merge): their updates one after another while short,
// else the registers they set.
Result<std::string> CombineHll(const std::vector<std::string_view>& operands);
double HllEstimate(std::string_view registers);

}  // namespace basalt::storage
