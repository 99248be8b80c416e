#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/objects.h"
#include "common/result.h"
#include "common/value.h"
#include "server/http_types.h"
#include "server/router.h"

namespace basalt::server {

// Size limits of one Write API request (api.md §7).
inline constexpr size_t kMaxWriteBodyBytes = 10u << 20;
inline constexpr size_t kMaxWriteDocuments = 20'000;

// The request body as JSON. An empty body is BADREQUEST unless `empty_as_object`, when it
// reads as `{}` (body-less POSTs, optional bodies). Malformed JSON: BADREQUEST.
Result<Value> ParseJsonBody(const HttpRequest& request, bool empty_as_object);

// The API objects (api.md §4-6).
Value WorkspaceToApi(const catalog::WorkspaceInfo& info);

enum class StatsMode { kLive, kEmpty };
// The Collection object with `status`; kLive reads doc_count and sizes from the store,
// kEmpty reports zeros (a collection just created or dropped).
Result<Value> CollectionToApi(ApiContext& context, const catalog::CollectionInfo& info,
                              std::string_view status, StatsMode stats);

// The Alias (api.md §11) and View (§10) objects; `state` is CREATED, or DELETED in the
// answer to a delete.
Value AliasToApi(const catalog::AliasInfo& info, std::string_view state);
Value ViewToApi(const catalog::ViewInfo& info, std::string_view state);

// Write offsets (api.md §6.4, ingest.md §6) are opaque strings
// "f1:<collection storage id>:<storage sequence>", ordered by the sequence.
std::string FormatOffset(uint32_t storage_id, uint64_t sequence);
// The sequence of an offset issued for the collection `storage_id`; INVALIDINPUT when it is
// not one we could have issued, or one of another collection.
Result<uint64_t> ParseOffset(std::string_view offset, uint32_t storage_id);

// POST …/offsets/commit of `info` (api.md §6.4), for a collection or a VI mount (§12):
// {data: {fence, passed}, offsets: {commit}}.
Result<HttpResponse> CommitCollectionOffsets(ApiContext& context,
                                             const catalog::CollectionInfo& info,
                                             const HttpRequest& http);

}  // namespace basalt::server
