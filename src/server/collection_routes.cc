#include <utility>

#include "ingest/transform/transform_cache.h"
#include "ingest/transform/transformation.h"
#include "server/event_log.h"
#include "server/api_json.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

Result<HttpResponse> CreateCollection(ApiContext& context, const RouteRequest& request) {
  const std::string& workspace = request.params[0];
  // A missing workspace is reported before problems with the body.
  BASALT_RETURN_IF_ERROR(context.catalog.GetWorkspace(workspace).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionSpec spec,
                          catalog::ParseCreateCollectionRequest(body));
  if (spec.field_mapping_query) {
    // Validated now, so that a bad transformation fails the create (api.md §6.2).
    BASALT_ASSIGN_OR_RETURN(std::shared_ptr<const ingest::Transformation> transformation,
                            ingest::Transformation::Compile(*spec.field_mapping_query));
    spec.rollup = transformation->is_rollup();
  }
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionInfo info,
                          context.catalog.CreateCollection(workspace, spec, request.principal));
  RecordEvent(context, "COLLECTION_CREATED", "COLLECTION",
              {{"collections", Value::MakeArray({Value::String(workspace + "." + info.name)})},
               {"user_email", Value::String(request.principal.email)}});
  BASALT_ASSIGN_OR_RETURN(Value api, CollectionToApi(context, info, "CREATED", StatsMode::kEmpty));
  return DataResponse(api);
}

Result<HttpResponse> RenderList(ApiContext& context,
                                const std::vector<catalog::CollectionInfo>& infos) {
  Array collections;
  collections.reserve(infos.size());
  for (const catalog::CollectionInfo& info : infos) {
    BASALT_ASSIGN_OR_RETURN(Value api, CollectionToApi(context, info, "READY", StatsMode::kLive));
    collections.push_back(std::move(api));
  }
  return DataResponse(Value::MakeArray(std::move(collections)));
}

Result<HttpResponse> ListCollections(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(std::vector<catalog::CollectionInfo> infos,
                          context.catalog.ListCollections(request.params[0]));
  return RenderList(context, infos);
}

Result<HttpResponse> ListAllCollections(ApiContext& context, const RouteRequest&) {
  return RenderList(context, context.catalog.ListAllCollections());
}

Result<HttpResponse> GetCollection(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionInfo info,
                          context.catalog.GetCollection(request.params[0], request.params[1]));
  BASALT_ASSIGN_OR_RETURN(Value api, CollectionToApi(context, info, "READY", StatsMode::kLive));
  return DataResponse(api);
}

Result<HttpResponse> UpdateCollection(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(
      context.catalog.GetCollection(request.params[0], request.params[1]).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionUpdate update,
                          catalog::ParseUpdateCollectionRequest(body));
  if (update.field_mapping_query) {
    BASALT_ASSIGN_OR_RETURN(std::shared_ptr<const ingest::Transformation> transformation,
                            ingest::Transformation::Compile(*update.field_mapping_query));
    update.rollup = transformation->is_rollup();
  }
  BASALT_ASSIGN_OR_RETURN(
      catalog::CollectionInfo info,
      context.catalog.UpdateCollection(request.params[0], request.params[1], update));
  BASALT_ASSIGN_OR_RETURN(Value api, CollectionToApi(context, info, "READY", StatsMode::kLive));
  return DataResponse(api);
}

Result<HttpResponse> DeleteCollection(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::CollectionInfo info,
                          context.catalog.DropCollection(request.params[0], request.params[1]));
  RecordEvent(context, "COLLECTION_DROPPED", "COLLECTION",
              {{"collections", Value::MakeArray({Value::String(info.workspace + "." + info.name)})},
               {"user_email", Value::String(request.principal.email)}});
  if (context.transforms != nullptr) {
    context.transforms->Forget(info.storage_id);
  }
  BASALT_ASSIGN_OR_RETURN(Value api, CollectionToApi(context, info, "DELETED", StatsMode::kEmpty));
  return DataResponse(api);
}

}  // namespace

void AddCollectionRoutes(RouteTable& table) {
  table.Add("POST", "/v1/orgs/self/ws/{ws}/collections", CreateCollection);
  table.Add("GET", "/v1/orgs/self/ws/{ws}/collections", ListCollections);
  table.Add("GET", "/v1/orgs/self/collections", ListAllCollections);
  table.Add("GET", "/v1/orgs/self/ws/{ws}/collections/{collection}", GetCollection);
  table.Add("PUT", "/v1/orgs/self/ws/{ws}/collections/{collection}", UpdateCollection);
  table.Add("DELETE", "/v1/orgs/self/ws/{ws}/collections/{collection}", DeleteCollection);
}

}  // namespace basalt::server
