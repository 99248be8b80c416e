#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"
#include "common/value.h"

// Field helpers shared by the catalog's object files: reading request bodies (explicit null
// means absent, api.md §1) and reading/writing persisted catalog records.
namespace basalt::catalog::internal {

// --- Request fields: INVALIDINPUT when present with the wrong type.
Status OptionalString(const Value& body, std::string_view key, std::optional<std::string>* out);
Status OptionalInt(const Value& body, std::string_view key, std::optional<int64_t>* out);
// A required non-null string field of kind `kind` ("alias name"): INVALIDINPUT otherwise.
Status RequiredString(const Value& body, std::string_view key, std::string_view what,
                      std::string* out);
// BADREQUEST when the body is not a JSON object.
Status RequireObjectBody(const Value& body);

// --- Persisted fields.
// A catalog record's JSON text, parsed; CORRUPTION naming `key` when it is not JSON.
Result<Value> ParseCatalogRecord(std::string_view key, std::string_view json);
Value StringOrNull(const std::optional<std::string>& text);
Value IntOrNull(const std::optional<int64_t>& number);
// CORRUPTION when the field is missing or has the wrong type.
Status ReadString(const Value& record, std::string_view key, std::string* out);
Status ReadInt(const Value& record, std::string_view key, int64_t* out);
void ReadOptionalString(const Value& record, std::string_view key, std::optional<std::string>* out);
void ReadOptionalInt(const Value& record, std::string_view key, std::optional<int64_t>* out);

}  // namespace basalt::catalog::internal
