#include "storage/counted_operands.h"

#include "common/coding.h"

namespace basalt::storage {

Result<std::string> CombineCountedOperands(uint8_t version,
                                           const std::vector<std::string_view>& operands,
                                           std::string_view what) {
  uint64_t total = 0;
  std::string body;
  for (std::string_view operand : operands) {
    if (operand.empty() || uint8_t(operand[0]) != version) {
      return Corruption("bad " + std::string(what));
    }
    operand.remove_prefix(1);
    uint64_t count;
    if (!GetVarint64(&operand, &count)) {
      return Corruption("bad " + std::string(what) + " count");
    }
    total += count;
    body.append(operand);
  }
  std::string out;
  out.push_back(char(version));
  PutVarint64(&out, total);
  out += body;
  return out;
}

}  // namespace basalt::storage
