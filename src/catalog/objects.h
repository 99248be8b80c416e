#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.h"
#include "common/value.h"

namespace basalt::catalog {

// The organization (api.md §4): one per data directory, made at first start.
struct OrgInfo {
  std::string id;
  int64_t created_at_micros = 0;
};

// Who sends a request or performs a catalog change: recorded as created_by /
// created_by_apikey_name. `key_role` is the role of the API key used (empty: the key acts
// with all of its owner's roles); AccessControl decides what the principal may do.
struct Principal {
  std::string email;
  std::string apikey_name;
  std::string key_role;
};

// A workspace (api.md §5).
struct WorkspaceInfo {
  std::string name;
  std::optional<std::string> description;
  int64_t created_at_micros = 0;
  std::string created_by;
  // Collections directly inside; filled by the Catalog when read, not persisted.
  int64_t collection_count = 0;

  // The persisted form (JSON object), and back. FromValue fails with CORRUPTION.
  Value ToValue() const;
  static Result<WorkspaceInfo> FromValue(const Value& value);
};

// What a create-collection request asks for, validated (api.md §6.1).
struct CollectionSpec {
  std::string name;
  std::optional<std::string> description;
  std::optional<int64_t> retention_secs;
  std::string storage_compression_type = "LZ4";
  Value clustering_key = Value::EmptyArray();
  std::optional<int64_t> source_download_soft_limit_bytes;
  // The ingest transformation's SQL (`field_mapping_query.sql`, ingest.md §4). The catalog
  // stores it; the server compiles and validates it first and sets `rollup` when it
  // aggregates (a rollup collection, which is insert-only).
  std::optional<std::string> field_mapping_query;
  bool rollup = false;
};

// A collection's catalog entry (api.md §6.2 without the live parts: status, stats,
// aliases).
struct CollectionInfo {
  std::string workspace;
  std::string name;
  std::optional<std::string> description;
  std::string rrn;
  int64_t created_at_micros = 0;
  std::string created_by;
  std::optional<std::string> created_by_apikey_name;
  std::optional<int64_t> retention_secs;
  std::string storage_compression_type = "LZ4";
  Value clustering_key = Value::EmptyArray();
  std::optional<int64_t> source_download_soft_limit_bytes;
  std::optional<std::string> field_mapping_query;  // see CollectionSpec
  bool rollup = false;                             // shown as `insert_only`
  // The store's numeric id of the collection's data.
  uint32_t storage_id = 0;

  Value ToValue() const;
  static Result<CollectionInfo> FromValue(const Value& value);
};

// Parses a CreateCollectionRequest body. BADREQUEST when the body is not an object;
// INVALIDINPUT for a missing/invalid name, bad retention or wrongly typed fields (a
// `field_mapping_query` that is not `{"sql": "<text>"}`); NOTIMPLEMENTEDYET for what is
// accepted by the API but not built yet (non-empty `sources`, `field_mappings`,
// `event_time_info`), so nothing is faked. The transformation's SQL is not checked here.
Result<CollectionSpec> ParseCreateCollectionRequest(const Value& body);

// What an update-collection request (PUT) asks for.
struct CollectionUpdate {
  std::optional<std::string> description;
  // A new ingest transformation (its SQL checked by the caller, who also sets `rollup`).
  std::optional<std::string> field_mapping_query;
  bool rollup = false;
};
Result<CollectionUpdate> ParseUpdateCollectionRequest(const Value& body);

// A create-workspace request: {name, description?}.
struct WorkspaceSpec {
  std::string name;
  std::optional<std::string> description;
};
Result<WorkspaceSpec> ParseCreateWorkspaceRequest(const Value& body);

}  // namespace basalt::catalog
