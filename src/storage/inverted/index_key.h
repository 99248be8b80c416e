#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/value.h"

namespace basalt::storage {

// Order-preserving encoding of one scalar value for index keys (docs/formats/index.md):
// a type byte (ValueType) followed by bytes whose memcmp order is the value order within
// that type. Strings are escaped and terminated, so the encoding is prefix-free and a block
// number may follow it. Arrays and objects encode as the type byte alone (type-only entry).
void EncodeIndexValue(const Value& value, std::string* out);

// Appends the encoding of a string prefix without its terminator, for prefix seeks.
void EncodeIndexStringPrefix(std::string_view prefix, std::string* out);

// Decodes a value from the front of `in`, advancing it.
Status DecodeIndexValue(std::string_view* in, Value* out);

}  // namespace basalt::storage
