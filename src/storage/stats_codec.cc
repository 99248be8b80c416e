#include "storage/stats_codec.h"

#include <cmath>

#include "common/coding.h"

namespace basalt::storage {
namespace {

Status AddInto(std::string_view bytes, std::vector<int64_t>* sums) {
  if (bytes.size() % 8 != 0) {
    return Corruption("bad counters");
  }
  size_t n = bytes.size() / 8;
  if (sums->size() < n) {
    sums->resize(n, 0);
  }
  for (size_t idx = 0; idx < n; ++idx) {
    (*sums)[idx] += int64_t(DecodeFixed64LE(bytes.data() + idx * 8));
  }
  return Status::Ok();
}

Status ApplyHll(std::string_view operand, std::string* registers) {
  if (operand.size() == size_t(kHllRegisters)) {  // registers (a combined operand)
    for (size_t reg = 0; reg < operand.size(); ++reg) {
      if (uint8_t((*registers)[reg]) < uint8_t(operand[reg])) {
        (*registers)[reg] = operand[reg];
      }
    }
    return Status::Ok();
  }
  if (operand.size() % 3 != 0) {
    return Corruption("bad hll update");
  }
  for (size_t pos = 0; pos < operand.size(); pos += 3) {
    uint16_t reg = DecodeFixed16LE(operand.data() + pos);
    uint8_t rank = uint8_t(operand[pos + 2]);
    if (reg >= kHllRegisters) {
      return Corruption("bad hll register");
    }
    if (uint8_t((*registers)[reg]) < rank) {
      (*registers)[reg] = char(rank);
    }
  }
  return Status::Ok();
}

}  // namespace

std::string EncodeCounters(const std::vector<int64_t>& values) {
  std::string out;
  for (int64_t v : values) {
    PutFixed64LE(&out, uint64_t(v));
  }
  return out;
}

Result<std::vector<int64_t>> DecodeCounters(std::string_view bytes) {
  std::vector<int64_t> out;
  BASALT_RETURN_IF_ERROR(AddInto(bytes, &out));
  return out;
}

Result<std::string> MergeCounters(const std::string_view* existing,
                                  const std::vector<std::string_view>& operands) {
  std::vector<int64_t> sums;
  if (existing != nullptr) {
    BASALT_RETURN_IF_ERROR(AddInto(*existing, &sums));
  }
  for (std::string_view operand : operands) {
    BASALT_RETURN_IF_ERROR(AddInto(operand, &sums));
  }
  return EncodeCounters(sums);
}

void HllUpdate::AddHash(uint64_t hash) {
  uint16_t reg = uint16_t(hash & (kHllRegisters - 1));
  uint64_t rest = hash >> 10;
  uint8_t rank = 1;
  while (rank < 55 && (rest & 1) == 0) {
    ++rank;
    rest >>= 1;
  }
  PutFixed16LE(&body_, reg);
  body_.push_back(char(rank));
}

Result<std::string> MergeHll(const std::string_view* existing,
                             const std::vector<std::string_view>& operands) {
  std::string registers(kHllRegisters, '\0');
  if (existing != nullptr) {
    if (existing->size() != size_t(kHllRegisters)) {
      // An existing value that is still a list of updates (partial merge result).
      BASALT_RETURN_IF_ERROR(ApplyHll(*existing, &registers));
    } else {
      registers.assign(*existing);
    }
  }
  for (std::string_view operand : operands) {
    BASALT_RETURN_IF_ERROR(ApplyHll(operand, &registers));
  }
  return registers;
}

Result<std::string> CombineHll(const std::vector<std::string_view>& operands) {
  size_t total = 0;
  bool has_registers = false;
  for (std::string_view operand : operands) {
    total += operand.size();
    has_registers = has_registers || operand.size() == size_t(kHllRegisters);
  }
  if (total < size_t(kHllRegisters) && !has_registers) {
    std::string out;  // still short: the updates one after another
    for (std::string_view operand : operands) {
      if (operand.size() % 3 != 0) {
        return Corruption("bad hll update");
      }
      out.append(operand);
    }
    return out;
  }
  return MergeHll(nullptr, operands);
}

double HllEstimate(std::string_view registers) {
  if (registers.size() != size_t(kHllRegisters)) {
    return 0;
  }
  double sum = 0;
  int zeros = 0;
  for (char c : registers) {
    uint8_t r = uint8_t(c);
    sum += std::ldexp(1.0, -int(r));
    zeros += r == 0;
  }
  const double m = kHllRegisters;
  const double alpha = 0.7213 / (1 + 1.079 / m);
  double estimate = alpha * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) {
    estimate = m * std::log(m / zeros);
  }
  return estimate;
}

}  // namespace basalt::storage
