#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace basalt {

// Compact binary encoding of a Value, used by the row store and column merge operands
// (format in docs/formats/values.md). Not order-preserving; see storage's key codec for that.
void EncodeValue(const Value& value, std::string* out);
std::string EncodeValue(const Value& value);

// Decodes one value from the front of `in`, advancing it. CORRUPTION on malformed bytes.
Status DecodeValue(std::string_view* in, Value* out);
Status DecodeValue(std::string_view in, Value* out);

// Decodes an encoded object keeping only the fields named in `keys` (in their stored order);
// the others are skipped without being built. Any other value is decoded whole.
Status DecodeFields(std::string_view in, const std::vector<std::string>& keys, Value* out);

}  // namespace basalt
