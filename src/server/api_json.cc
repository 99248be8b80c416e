#include "server/api_json.h"

#include <charconv>
#include <utility>

#include "catalog/ids.h"
#include "common/json.h"
#include "ingest/retention.h"

namespace basalt::server {
namespace {

constexpr std::string_view kOffsetPrefix = "f1:";

Value StringOrNull(const std::optional<std::string>& text) {
  return text ? Value::String(*text) : Value::Null();
}

Value IntOrNull(const std::optional<int64_t>& number) {
  return number ? Value::Int(*number) : Value::Null();
}

Value Iso(int64_t micros) {
  return Value::String(catalog::FormatIsoSeconds(micros));
}

Result<Value> StatsToApi(ApiContext& context, const catalog::CollectionInfo& info, StatsMode mode) {
  int64_t doc_count = 0;
  storage::Store::SizeStats sizes;
  Value last_updated = Value::Null();
  ingest::PurgeStats purged;
  if (mode == StatsMode::kLive) {
    BASALT_ASSIGN_OR_RETURN(purged, ingest::ReadPurgedStats(context.backend, info.storage_id));
    BASALT_ASSIGN_OR_RETURN(uint64_t count, context.backend.DocumentCount(info.storage_id));
    doc_count = static_cast<int64_t>(count);
    BASALT_ASSIGN_OR_RETURN(sizes, context.backend.Sizes(info.storage_id));
    Result<std::shared_ptr<catalog::CollectionHandle>> handle =
        context.catalog.OpenCollection(info.workspace, info.name);
    if (handle.ok() && (*handle)->last_updated_ms.load() > 0) {
      last_updated = Value::Int((*handle)->last_updated_ms.load());
    }
  }
  auto bytes = [](uint64_t n) { return Value::Int(static_cast<int64_t>(n)); };
  uint64_t total = sizes.row_bytes + sizes.column_bytes + sizes.index_bytes;
  return Value::MakeObject({
      {"doc_count", Value::Int(doc_count)},
      {"purged_doc_count", Value::Int(purged.documents)},
      {"purged_doc_size", Value::Int(purged.bytes)},
      {"total_size", bytes(total)},
      {"total_index_size", bytes(total)},
      {"row_index_size", bytes(sizes.row_bytes)},
      {"column_index_size", bytes(sizes.column_bytes)},
      {"inverted_index_size", bytes(sizes.index_bytes)},
      {"range_index_size", Value::Int(0)},
      {"bytes_inserted", Value::Int(0)},
      {"bytes_overwritten", Value::Int(0)},
      {"bulk_bytes_inserted", Value::Int(0)},
      {"bulk_bytes_overwritten", Value::Int(0)},
      {"fill_progress", Value::Float(1.0)},
      {"last_queried_ms", Value::Null()},
      {"last_updated_ms", last_updated},
  });
}

}  // namespace

Result<Value> ParseJsonBody(const HttpRequest& request, bool empty_as_object) {
  bool blank = true;
  for (char c : request.body) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      blank = false;
      break;
    }
  }
  if (blank) {
    if (empty_as_object) {
      return Value::EmptyObject();
    }
    return BadRequest("the request needs a JSON body");
  }
  Result<Value> parsed = ParseJson(request.body);
  if (!parsed.ok() && parsed.status().code() == ErrorCode::kBadRequest) {
    return BadRequest("Request body is not valid JSON: " + parsed.status().message());
  }
  return parsed;
}

Value WorkspaceToApi(const catalog::WorkspaceInfo& info) {
  return Value::MakeObject({{"name", Value::String(info.name)},
                            {"description", StringOrNull(info.description)},
                            {"created_at", Iso(info.created_at_micros)},
                            {"created_by", Value::String(info.created_by)},
                            {"collection_count", Value::Int(info.collection_count)}});
}

Value AliasToApi(const catalog::AliasInfo& info, std::string_view state) {
  return Value::MakeObject({
      {"name", Value::String(info.name)},
      {"workspace", Value::String(info.workspace)},
      {"description", StringOrNull(info.description)},
      {"collections", Value::MakeArray({Value::String(info.TargetPath())})},
      {"state", Value::String(state)},
      {"created_at", Iso(info.created_at_micros)},
      {"modified_at", Iso(info.modified_at_micros)},
      {"creator_email", Value::String(info.creator_email)},
      {"created_by_apikey_name", StringOrNull(info.created_by_apikey_name)},
  });
}

Value ViewToApi(const catalog::ViewInfo& info, std::string_view state) {
  Array entities;
  for (const std::string& entity : info.entities) {
    entities.push_back(Value::String(entity));
  }
  return Value::MakeObject({
      {"name", Value::String(info.name)},
      {"workspace", Value::String(info.workspace)},
      {"path", Value::String(info.Path())},
      {"description", StringOrNull(info.description)},
      {"query_sql", Value::String(info.query_sql)},
      {"entities", Value::MakeArray(std::move(entities))},
      {"state", Value::String(state)},
      {"created_at", Iso(info.created_at_micros)},
      {"modified_at", Iso(info.modified_at_micros)},
      {"creator_email", Value::String(info.creator_email)},
      {"created_by_apikey_name", StringOrNull(info.created_by_apikey_name)},
      {"owner_email", Value::Null()},
  });
}

Result<Value> CollectionToApi(ApiContext& context, const catalog::CollectionInfo& info,
                              std::string_view status, StatsMode stats) {
  BASALT_ASSIGN_OR_RETURN(Value stats_value, StatsToApi(context, info, stats));
  Array aliases;
  for (const catalog::AliasInfo& alias : context.catalog.AliasesOf(info.workspace, info.name)) {
    aliases.push_back(AliasToApi(alias, "CREATED"));
  }
  return Value::MakeObject({
      {"name", Value::String(info.name)},
      {"workspace", Value::String(info.workspace)},
      {"description", StringOrNull(info.description)},
      {"rrn", Value::String(info.rrn)},
      {"status", Value::String(status)},
      {"created_at", Iso(info.created_at_micros)},
      {"created_by", Value::String(info.created_by)},
      {"created_by_apikey_name", StringOrNull(info.created_by_apikey_name)},
      {"retention_secs", IntOrNull(info.retention_secs)},
      {"sources", Value::EmptyArray()},
      {"field_mapping_query",
       info.field_mapping_query
           ? Value::MakeObject({{"sql", Value::String(*info.field_mapping_query)}})
           : Value::Null()},
      {"field_mappings", Value::EmptyArray()},
      {"clustering_key", info.clustering_key},
      {"event_time_info", Value::Null()},
      {"aliases", Value::MakeArray(std::move(aliases))},
      {"storage_compression_type", Value::String(info.storage_compression_type)},
      {"source_download_soft_limit_bytes", IntOrNull(info.source_download_soft_limit_bytes)},
      {"insert_only", Value::Bool(info.rollup)},
      {"read_only", Value::Bool(false)},
      {"bulk_stats", Value::EmptyArray()},
      {"stats", std::move(stats_value)},
  });
}

std::string FormatOffset(uint32_t storage_id, uint64_t sequence) {
  return std::string(kOffsetPrefix) + std::to_string(storage_id) + ":" + std::to_string(sequence);
}

Result<uint64_t> ParseOffset(std::string_view offset, uint32_t storage_id) {
  auto refuse = [offset](std::string_view why) {
    std::string message = "'";
    message.append(offset);
    message.append("' ");
    message.append(why);
    return InvalidInput(std::move(message));
  };
  auto bad = [&] { return refuse("is not a valid offset"); };
  if (!offset.starts_with(kOffsetPrefix)) {
    return bad();
  }
  std::string_view rest = offset.substr(kOffsetPrefix.size());
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) {
    return bad();
  }
  uint32_t owner = 0;
  uint64_t sequence = 0;
  std::string_view owner_digits = rest.substr(0, colon);
  std::string_view digits = rest.substr(colon + 1);
  auto [owner_end, owner_error] =
      std::from_chars(owner_digits.data(), owner_digits.data() + owner_digits.size(), owner);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (owner_error != std::errc() || owner_end != owner_digits.data() + owner_digits.size() ||
      owner_digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      digits.empty()) {
    return bad();
  }
  if (owner != storage_id) {
    return refuse("is an offset of another collection");
  }
  return sequence;
}

}  // namespace basalt::server
