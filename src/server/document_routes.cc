#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "catalog/ids.h"
#include "common/json.h"
#include "common/time_util.h"
#include "ingest/transform/add_plan.h"
#include "ingest/transform/transform_cache.h"
#include "ingest/write_ops.h"
#include "server/api_json.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

enum class WriteKind { kAdd, kPatch, kDelete };

// What happens to one input item of a Write API request.
struct ItemPlan {
  std::string id;  // the document's _id, when known
  bool has_id = false;
  Status error;             // refused before storage (then no mutation)
  int mutation_index = -1;  // index into the batch's mutations
  bool is_delete = false;   // an add whose _op is DELETE
};

// The `_id` to report for an item refused before it became a mutation.
void ReportedIdOf(const Value& item, ItemPlan* plan) {
  const Value& id = item.Get("_id");
  if (id.is_string()) {
    plan->id = std::string(id.string_value());
    plan->has_id = true;
  }
}

Status PlanItem(WriteKind kind, const Value& item, std::vector<storage::Mutation>* mutations,
                ItemPlan* plan) {
  Result<storage::Mutation> mutation = Status(ErrorCode::kInternal, "unreachable");
  switch (kind) {
    case WriteKind::kAdd:
      return Internal("adds are planned by ingest::PlanAdds");
    case WriteKind::kPatch:
      mutation = ingest::MakePatchMutation(item);
      break;
    case WriteKind::kDelete:
      mutation = ingest::MakeDeleteMutation(item);
      break;
  }
  if (!mutation.ok()) {
    return mutation.status();
  }
  plan->id = mutation->id;
  plan->has_id = true;
  plan->mutation_index = static_cast<int>(mutations->size());
  mutations->push_back(std::move(mutation).value());
  return Status::Ok();
}

void AppendStatus(std::string_view collection, const ItemPlan& plan, std::string_view status,
                  const Status* error, bool with_patch_id, const std::string& trace_id,
                  std::string* out) {
  out->append("{\"_collection\":");
  AppendJsonString(collection, out);
  out->append(",\"_id\":");
  if (plan.has_id) {
    AppendJsonString(plan.id, out);
  } else {
    out->append("null");
  }
  out->append(",\"status\":\"");
  out->append(status);
  out->append("\",\"error\":");
  if (error != nullptr) {
    AppendErrorBody(*error, trace_id, out);
  } else {
    out->append("null");
  }
  out->append(",\"patch_id\":");
  if (with_patch_id) {
    AppendJsonString(catalog::NewUuid(), out);
  } else {
    out->append("null");
  }
  out->push_back('}');
}

// The slow path when the body is valid JSON but some document holds a bad typed value
// (`__rockset_type`) or nests too deeply: decodes each item on its own, so that only the
// bad ones fail (their errors go to `item_errors`, one per item).
Result<Value> ParseItemsSeparately(const std::string& text, std::vector<Status>* item_errors) {
  JsonParseOptions plain{.extended_json = false, .max_depth = 1000};
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJson(text, plain));
  if (!body.is_object() || !body.Get("data").is_array()) {
    return body;
  }
  Value data = body.Get("data");
  Array& items = data.MutableArray();
  item_errors->assign(items.size(), Status::Ok());
  for (size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
    Result<Value> decoded = ParseJson(ToJson(items[item_idx]));
    if (decoded.ok()) {
      items[item_idx] = std::move(decoded).value();
    } else {
      (*item_errors)[item_idx] = decoded.status();
    }
  }
  body.Set("data", std::move(data));
  return body;
}

// The collection's compiled transformation, or null when it has none.
Result<std::shared_ptr<const ingest::Transformation>> TransformationOf(
    ApiContext& context, const catalog::CollectionInfo& info, uint32_t storage_id) {
  if (!info.field_mapping_query) {
    return std::shared_ptr<const ingest::Transformation>();
  }
  if (context.transforms != nullptr) {
    return context.transforms->Get(storage_id, *info.field_mapping_query);
  }
  return ingest::Transformation::Compile(*info.field_mapping_query);
}

void NoteSequence(std::atomic<uint64_t>& latest, uint64_t sequence) {
  uint64_t seen = latest.load(std::memory_order_relaxed);
  while (seen < sequence && !latest.compare_exchange_weak(seen, sequence)) {
  }
}

// POST, PATCH and DELETE …/docs (api.md §7).
Result<HttpResponse> WriteDocuments(ApiContext& context, const RouteRequest& request,
                                    WriteKind kind) {
  const std::string& workspace = request.params[0];
  const std::string& collection = request.params[1];
  if (request.http.body.size() > kMaxWriteBodyBytes) {
    return Status(ErrorCode::kContentTooLarge,
                  "The request body is " + std::to_string(request.http.body.size()) +
                      " bytes; the Write API takes at most " + std::to_string(kMaxWriteBodyBytes) +
                      " bytes per request");
  }
  BASALT_ASSIGN_OR_RETURN(std::shared_ptr<catalog::CollectionHandle> handle,
                          context.catalog.OpenCollectionForWrite(workspace, collection));
  std::vector<Status> item_errors;  // per item when some items could not be decoded
  Result<Value> parsed = ParseJsonBody(request.http, false);
  if (!parsed.ok() && parsed.status().code() == ErrorCode::kInvalidInput) {
    parsed = ParseItemsSeparately(request.http.body, &item_errors);
  }
  BASALT_ASSIGN_OR_RETURN(Value body, std::move(parsed));
  const Value& data = body.Get("data");
  if (!body.is_object() || !data.is_array()) {
    return BadRequest("The request body must be an object {\"data\": [...]}");
  }
  const Array& items = data.array();
  if (items.size() > kMaxWriteDocuments) {
    return Status(ErrorCode::kContentTooLarge, "The request has " + std::to_string(items.size()) +
                                                   " documents; the Write API takes at most " +
                                                   std::to_string(kMaxWriteDocuments) +
                                                   " per request");
  }

  int64_t now_micros = NowMicros();
  std::vector<ItemPlan> plans(items.size());
  std::vector<storage::Mutation> mutations;
  mutations.reserve(items.size());
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionInfo info,
                          context.catalog.GetCollection(workspace, collection));
  if (kind == WriteKind::kAdd) {
    // Adds go through the collection's ingest transformation (ingest.md §1-4).
    BASALT_ASSIGN_OR_RETURN(std::shared_ptr<const ingest::Transformation> transformation,
                            TransformationOf(context, info, handle->storage_id));
    std::vector<ingest::AddItemPlan> adds =
        ingest::PlanAdds(transformation, items, item_errors, now_micros, &mutations);
    for (size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
      ItemPlan& plan = plans[item_idx];
      ingest::AddItemPlan& add = adds[item_idx];
      plan.error = std::move(add.error);
      plan.has_id = add.id.has_value();
      plan.id = add.id.value_or("");
      plan.mutation_index = add.mutation_index;
      plan.is_delete = add.is_delete;
    }
  }
  for (size_t item_idx = 0; kind != WriteKind::kAdd && item_idx < items.size(); ++item_idx) {
    ItemPlan& plan = plans[item_idx];
    if (!item_errors.empty() && !item_errors[item_idx].ok()) {
      plan.error = item_errors[item_idx];
      ReportedIdOf(items[item_idx], &plan);
      continue;
    }
    if (kind == WriteKind::kPatch && info.rollup) {
      // A rollup document is rewritten from its group's aggregate states (ingest.md §4.2).
      plan.error = InvalidInput("collection '" + collection +
                                "' is a rollup (insert-only): its documents cannot be patched");
      ReportedIdOf(items[item_idx], &plan);
      continue;
    }
    plan.error = PlanItem(kind, items[item_idx], &mutations, &plan);
    if (!plan.error.ok()) {
      ReportedIdOf(items[item_idx], &plan);
    }
  }

  storage::WriteSummary summary;
  if (!mutations.empty()) {
    std::shared_lock<std::shared_mutex> write_lock = handle->LockForWrite();
    if (!write_lock.owns_lock()) {
      return NotFound("Collection '" + collection + "' not found in workspace '" + workspace + "'");
    }
    BASALT_ASSIGN_OR_RETURN(summary, context.backend.Apply(handle->storage_id, mutations));
    handle->last_updated_ms.store(NowMicros() / 1000);
    NoteSequence(context.latest_sequence, summary.sequence);
  }

  std::string trace_id;  // one per request, made when the first item fails
  std::string out;
  out.reserve(64 + plans.size() * (100 + collection.size()));
  out.append("{\"data\":[");
  for (size_t item_idx = 0; item_idx < plans.size(); ++item_idx) {
    if (item_idx > 0) {
      out.push_back(',');
    }
    const ItemPlan& plan = plans[item_idx];
    const Status* error = nullptr;
    if (!plan.error.ok()) {
      error = &plan.error;
    } else if (plan.mutation_index < 0) {
      // Nothing to store (a record the transformation's WHERE dropped): acknowledged.
    } else if (static_cast<size_t>(plan.mutation_index) >= summary.results.size()) {
      return Internal("storage returned fewer results than mutations");
    } else if (!summary.results[plan.mutation_index].status.ok()) {
      error = &summary.results[plan.mutation_index].status;
    }
    if (error != nullptr) {
      if (trace_id.empty()) {
        trace_id = NewTraceId();
      }
      AppendStatus(collection, plan, "ERROR", error, false, trace_id, &out);
      continue;
    }
    switch (kind) {
      case WriteKind::kAdd:
        AppendStatus(collection, plan, plan.is_delete ? "DELETED" : "ADDED", nullptr, false,
                     trace_id, &out);
        break;
      case WriteKind::kPatch:
        AppendStatus(collection, plan, "PATCHED", nullptr, true, trace_id, &out);
        break;
      case WriteKind::kDelete:
        AppendStatus(collection, plan, "DELETED", nullptr, false, trace_id, &out);
        break;
    }
  }
  out.append("],\"last_offset\":");
  uint64_t offset = mutations.empty() ? context.latest_sequence.load() : summary.sequence;
  AppendJsonString(FormatOffset(handle->storage_id, offset), &out);
  out.push_back('}');
  return RawJsonResponse(std::move(out));
}

Result<HttpResponse> AddDocuments(ApiContext& context, const RouteRequest& request) {
  return WriteDocuments(context, request, WriteKind::kAdd);
}
Result<HttpResponse> PatchDocuments(ApiContext& context, const RouteRequest& request) {
  return WriteDocuments(context, request, WriteKind::kPatch);
}
Result<HttpResponse> DeleteDocuments(ApiContext& context, const RouteRequest& request) {
  return WriteDocuments(context, request, WriteKind::kDelete);
}

Result<HttpResponse> CommitOffsets(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionInfo info,
                          context.catalog.GetCollection(request.params[0], request.params[1]));
  return CommitCollectionOffsets(context, info, request.http);
}

}  // namespace

// Writes are visible once acknowledged, so an offset has passed once it is at most the
// latest acknowledged one.
Result<HttpResponse> CommitCollectionOffsets(ApiContext& context,
                                             const catalog::CollectionInfo& info,
                                             const HttpRequest& http) {
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(http, true));
  if (!body.is_object()) {
    return BadRequest("The request body must be an object {\"name\": [...]}");
  }
  const Value& offsets = body.Get("name");
  if (!offsets.is_nullish() && !offsets.is_array()) {
    return InvalidInput("`name` must be a list of offsets");
  }
  std::optional<uint64_t> fence;
  if (offsets.is_array()) {
    for (const Value& offset : offsets.array()) {
      if (!offset.is_string()) {
        return InvalidInput("offsets must be strings");
      }
      BASALT_ASSIGN_OR_RETURN(uint64_t sequence,
                              ParseOffset(offset.string_value(), info.storage_id));
      if (!fence || sequence > *fence) {
        fence = sequence;
      }
    }
  }
  uint64_t latest = context.latest_sequence.load();
  Value data = Value::MakeObject({
      {"fence", fence ? Value::String(FormatOffset(info.storage_id, *fence)) : Value::Null()},
      {"passed", Value::Bool(!fence || *fence <= latest)},
  });
  Value response = Value::MakeObject({
      {"data", std::move(data)},
      {"offsets",
       Value::MakeObject({{"commit", Value::String(FormatOffset(info.storage_id, latest))}})},
  });
  return RawJsonResponse(ToJson(response));
}

void AddDocumentRoutes(RouteTable& table) {
  constexpr std::string_view kDocs = "/v1/orgs/self/ws/{ws}/collections/{collection}/docs";
  table.Add("POST", kDocs, AddDocuments);
  table.Add("PATCH", kDocs, PatchDocuments);
  table.Add("DELETE", kDocs, DeleteDocuments);
  table.Add("POST", "/v1/orgs/self/ws/{ws}/collections/{collection}/offsets/commit", CommitOffsets);
}

}  // namespace basalt::server
