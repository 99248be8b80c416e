#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace basalt::storage {

// Column deltas and posting deltas share one operand shape (docs/formats/): a version byte,
// a varint count of operations, then the operations. Concatenating operands (RocksDB's
// partial merge) is the same for both: add the counts, append the bodies. `what` names the
// operand kind in corruption errors.
Result<std::string> CombineCountedOperands(uint8_t version,
                                           const std::vector<std::string_view>& operands,
                                           std::string_view what);

}  // namespace basalt::storage
