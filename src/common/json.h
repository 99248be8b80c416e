#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "common/value.h"

namespace basalt {

struct JsonParseOptions {
  // Convert objects carrying `__rockset_type` into typed values (sql.md §2.1).
  bool extended_json = true;
  // Deeper nesting is an INVALIDINPUT error (ingest.md §2.5).
  int max_depth = 100;
};

// Parses one JSON text into a Value: integers that fit int64 become int, other numbers float.
// Fails with BADREQUEST on malformed JSON, INVALIDINPUT on a bad typed value or too deep.
Result<Value> ParseJson(std::string_view text, const JsonParseOptions& options = {});

// Converts a parsed `{"__rockset_type": ..., "value": ...}` object into its typed value.
Result<Value> DecodeExtendedJson(const Value& object);

// Renders a value as JSON with Rockset's result conventions: floats keep a decimal point,
// temporal values as ISO strings, bytes/intervals/geography as `__rockset_type` objects.
// Undefined object fields are left out; an undefined top-level value renders as `null`.
std::string ToJson(const Value& value);
void AppendJson(const Value& value, std::string* out);
void AppendJsonString(std::string_view text, std::string* out);

// Renders a float the way results show it: shortest round-trip, always with a '.'.
std::string FormatFloat(double value);

// Base64 (RFC 4648, with padding).
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

}  // namespace basalt
