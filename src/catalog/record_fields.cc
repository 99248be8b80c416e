#include "catalog/record_fields.h"

#include "common/json.h"

namespace basalt::catalog::internal {

Result<Value> ParseCatalogRecord(std::string_view key, std::string_view json) {
  Result<Value> parsed = ParseJson(json, JsonParseOptions{.extended_json = false});
  if (!parsed.ok()) {
    return Corruption("catalog record '" + std::string(key) + "': " + parsed.status().message());
  }
  return parsed;
}

// --- Request fields. Explicit null means absent (api.md §1).

Status OptionalString(const Value& body, std::string_view key, std::optional<std::string>* out) {
  const Value& field = body.Get(key);
  if (field.is_nullish()) {
    return Status::Ok();
  }
  if (!field.is_string()) {
    return InvalidInput(std::string(key) + " must be a string");
  }
  *out = std::string(field.string_value());
  return Status::Ok();
}

Status OptionalInt(const Value& body, std::string_view key, std::optional<int64_t>* out) {
  const Value& field = body.Get(key);
  if (field.is_nullish()) {
    return Status::Ok();
  }
  if (field.type() != ValueType::kInt) {
    return InvalidInput(std::string(key) + " must be an integer");
  }
  *out = field.int_value();
  return Status::Ok();
}

Status RequireObjectBody(const Value& body) {
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  return Status::Ok();
}

// --- Persisted fields.

Value StringOrNull(const std::optional<std::string>& text) {
  return text ? Value::String(*text) : Value::Null();
}

Value IntOrNull(const std::optional<int64_t>& number) {
  return number ? Value::Int(*number) : Value::Null();
}

Status ReadString(const Value& record, std::string_view key, std::string* out) {
  const Value& field = record.Get(key);
  if (!field.is_string()) {
    return Corruption("catalog record lacks string field " + std::string(key));
  }
  *out = std::string(field.string_value());
  return Status::Ok();
}

Status ReadInt(const Value& record, std::string_view key, int64_t* out) {
  const Value& field = record.Get(key);
  if (field.type() != ValueType::kInt) {
    return Corruption("catalog record lacks integer field " + std::string(key));
  }
  *out = field.int_value();
  return Status::Ok();
}

void ReadOptionalString(const Value& record, std::string_view key,
                        std::optional<std::string>* out) {
  const Value& field = record.Get(key);
  if (field.is_string()) {
    *out = std::string(field.string_value());
  }
}

void ReadOptionalInt(const Value& record, std::string_view key, std::optional<int64_t>* out) {
  const Value& field = record.Get(key);
  if (field.type() == ValueType::kInt) {
    *out = field.int_value();
  }
}

Status RequiredString(const Value& body, std::string_view key, std::string_view what,
                      std::string* out) {
  const Value& field = body.Get(key);
  if (field.is_nullish()) {
    return InvalidInput(std::string(what) + " is required");
  }
  if (!field.is_string()) {
    return InvalidInput(std::string(what) + " must be a string");
  }
  *out = std::string(field.string_value());
  return Status::Ok();
}

}  // namespace basalt::catalog::internal
