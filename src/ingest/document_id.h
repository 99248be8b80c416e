#pragma once

#include <string>

#include "common/result.h"
#include "common/value.h"

namespace basalt::ingest {

// The `_id` a record's `_id` value names (ingest.md §2.1). A string is kept as is; numbers
// become their shortest decimal form ("1", "2.5", "1e+300"); booleans "true"/"false";
// objects and arrays compact JSON with object keys sorted at every level, so the same
// composite key always names the same document. Fails with INVALIDINPUT for an empty
// string and for other types (temporal, bytes, ...). REQUIRES: `id` is neither undefined
// nor null (callers treat those as "no _id").
Result<std::string> DocumentIdFromValue(const Value& id);

// A random (version 4) UUID in canonical lower-case form, e.g.
// "0f8fad5b-d9cb-469f-a165-70867728950e". Thread-safe.
std::string GenerateUuidV4();

}  // namespace basalt::ingest
