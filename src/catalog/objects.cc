#include "catalog/objects.h"

#include <string_view>
#include <utility>

#include "catalog/names.h"
#include "catalog/record_fields.h"

namespace basalt::catalog {

using internal::IntOrNull;
using internal::OptionalInt;
using internal::OptionalString;
using internal::ReadInt;
using internal::ReadOptionalInt;
using internal::ReadOptionalString;
using internal::ReadString;
using internal::RequireObjectBody;
using internal::StringOrNull;

namespace {

// `field_mapping_query`: {"sql": "<text>"} (api.md §6.3); explicit null means absent.
Status OptionalFieldMappingQuery(const Value& body, std::optional<std::string>* out) {
  const Value& field = body.Get("field_mapping_query");
  if (field.is_nullish()) {
    return Status::Ok();
  }
  if (!field.is_object() || !field.Get("sql").is_string()) {
    return InvalidInput(
        "field_mapping_query must be an object {\"sql\": \"SELECT ... FROM _input\"}");
  }
  *out = std::string(field.Get("sql").string_value());
  return Status::Ok();
}

}  // namespace

Value WorkspaceInfo::ToValue() const {
  return Value::MakeObject({{"name", Value::String(name)},
                            {"description", StringOrNull(description)},
                            {"created_at_micros", Value::Int(created_at_micros)},
                            {"created_by", Value::String(created_by)}});
}

Result<WorkspaceInfo> WorkspaceInfo::FromValue(const Value& value) {
  WorkspaceInfo info;
  BASALT_RETURN_IF_ERROR(ReadString(value, "name", &info.name));
  ReadOptionalString(value, "description", &info.description);
  BASALT_RETURN_IF_ERROR(ReadInt(value, "created_at_micros", &info.created_at_micros));
  BASALT_RETURN_IF_ERROR(ReadString(value, "created_by", &info.created_by));
  return info;
}

Value CollectionInfo::ToValue() const {
  return Value::MakeObject({
      {"workspace", Value::String(workspace)},
      {"name", Value::String(name)},
      {"description", StringOrNull(description)},
      {"rrn", Value::String(rrn)},
      {"created_at_micros", Value::Int(created_at_micros)},
      {"created_by", Value::String(created_by)},
      {"created_by_apikey_name", StringOrNull(created_by_apikey_name)},
      {"retention_secs", IntOrNull(retention_secs)},
      {"storage_compression_type", Value::String(storage_compression_type)},
      {"clustering_key", clustering_key},
      {"source_download_soft_limit_bytes", IntOrNull(source_download_soft_limit_bytes)},
      {"field_mapping_query", StringOrNull(field_mapping_query)},
      {"rollup", Value::Bool(rollup)},
      {"storage_id", Value::Int(storage_id)},
  });
}

Result<CollectionInfo> CollectionInfo::FromValue(const Value& value) {
  CollectionInfo info;
  BASALT_RETURN_IF_ERROR(ReadString(value, "workspace", &info.workspace));
  BASALT_RETURN_IF_ERROR(ReadString(value, "name", &info.name));
  ReadOptionalString(value, "description", &info.description);
  BASALT_RETURN_IF_ERROR(ReadString(value, "rrn", &info.rrn));
  BASALT_RETURN_IF_ERROR(ReadInt(value, "created_at_micros", &info.created_at_micros));
  BASALT_RETURN_IF_ERROR(ReadString(value, "created_by", &info.created_by));
  ReadOptionalString(value, "created_by_apikey_name", &info.created_by_apikey_name);
  ReadOptionalInt(value, "retention_secs", &info.retention_secs);
  BASALT_RETURN_IF_ERROR(
      ReadString(value, "storage_compression_type", &info.storage_compression_type));
  if (value.Get("clustering_key").is_array()) {
    info.clustering_key = value.Get("clustering_key");
  }
  ReadOptionalInt(value, "source_download_soft_limit_bytes",
                  &info.source_download_soft_limit_bytes);
  ReadOptionalString(value, "field_mapping_query", &info.field_mapping_query);
  info.rollup = value.Get("rollup").type() == ValueType::kBool && value.Get("rollup").bool_value();
  int64_t storage_id = 0;
  BASALT_RETURN_IF_ERROR(ReadInt(value, "storage_id", &storage_id));
  if (storage_id < 0 || storage_id > int64_t(UINT32_MAX)) {
    return Corruption("catalog record has a bad storage_id");
  }
  info.storage_id = static_cast<uint32_t>(storage_id);
  return info;
}

Result<CollectionSpec> ParseCreateCollectionRequest(const Value& body) {
  BASALT_RETURN_IF_ERROR(RequireObjectBody(body));
  CollectionSpec spec;
  const Value& name = body.Get("name");
  if (name.is_nullish()) {
    return InvalidInput("collection name is required");
  }
  if (!name.is_string()) {
    return InvalidInput("collection name must be a string");
  }
  spec.name = std::string(name.string_value());
  BASALT_RETURN_IF_ERROR(ValidateName("collection", spec.name));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "description", &spec.description));

  BASALT_RETURN_IF_ERROR(OptionalInt(body, "retention_secs", &spec.retention_secs));
  if (spec.retention_secs) {
    BASALT_RETURN_IF_ERROR(ValidateRetentionSecs(*spec.retention_secs));
  }

  std::optional<std::string> compression;
  BASALT_RETURN_IF_ERROR(OptionalString(body, "storage_compression_type", &compression));
  if (compression) {
    if (*compression != "LZ4" && *compression != "ZSTD") {
      return InvalidInput("storage_compression_type must be LZ4 or ZSTD, got '" + *compression +
                          "'");
    }
    spec.storage_compression_type = *compression;
  }

  const Value& clustering_key = body.Get("clustering_key");
  if (!clustering_key.is_nullish()) {
    if (!clustering_key.is_array()) {
      return InvalidInput("clustering_key must be an array");
    }
    spec.clustering_key = clustering_key;
  }

  BASALT_RETURN_IF_ERROR(OptionalInt(body, "source_download_soft_limit_bytes",
                                     &spec.source_download_soft_limit_bytes));
  if (spec.source_download_soft_limit_bytes && *spec.source_download_soft_limit_bytes < 0) {
    return InvalidInput("source_download_soft_limit_bytes must not be negative");
  }

  // Accepted by the API but not built yet: refuse rather than store something we ignore.
  const Value& sources = body.Get("sources");
  if (!sources.is_nullish()) {
    if (!sources.is_array()) {
      return InvalidInput("sources must be an array");
    }
    if (!sources.array().empty()) {
      return NotImplemented(
          "collections with sources are not supported yet; create a Write API collection "
          "(no sources, or \"sources\": [])");
    }
  }
  BASALT_RETURN_IF_ERROR(OptionalFieldMappingQuery(body, &spec.field_mapping_query));
  const Value& field_mappings = body.Get("field_mappings");
  if (!field_mappings.is_nullish()) {
    if (!field_mappings.is_array()) {
      return InvalidInput("field_mappings must be an array");
    }
    if (!field_mappings.array().empty()) {
      return NotImplemented("field_mappings are not supported yet");
    }
  }
  if (!body.Get("event_time_info").is_nullish()) {
    return NotImplemented(
        "event_time_info is not supported yet; send _event_time in the documents instead");
  }
  return spec;
}

Result<CollectionUpdate> ParseUpdateCollectionRequest(const Value& body) {
  BASALT_RETURN_IF_ERROR(RequireObjectBody(body));
  CollectionUpdate update;
  BASALT_RETURN_IF_ERROR(OptionalString(body, "description", &update.description));
  BASALT_RETURN_IF_ERROR(OptionalFieldMappingQuery(body, &update.field_mapping_query));
  return update;
}

Result<WorkspaceSpec> ParseCreateWorkspaceRequest(const Value& body) {
  BASALT_RETURN_IF_ERROR(RequireObjectBody(body));
  WorkspaceSpec spec;
  const Value& name = body.Get("name");
  if (name.is_nullish()) {
    return InvalidInput("workspace name is required");
  }
  if (!name.is_string()) {
    return InvalidInput("workspace name must be a string");
  }
  spec.name = std::string(name.string_value());
  BASALT_RETURN_IF_ERROR(ValidateWorkspaceName(spec.name));
  BASALT_RETURN_IF_ERROR(OptionalString(body, "description", &spec.description));
  return spec;
}

}  // namespace basalt::catalog
