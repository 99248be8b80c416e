// Aliases (api.md §11): /ws/{ws}/aliases[/{alias}] and /aliases.
#include <utility>

#include "server/api_json.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

Value AliasList(const std::vector<catalog::AliasInfo>& infos) {
  Array out;
  out.reserve(infos.size());
  for (const catalog::AliasInfo& info : infos) {
    out.push_back(AliasToApi(info, "CREATED"));
  }
  return Value::MakeArray(std::move(out));
}

Result<HttpResponse> CreateAlias(ApiContext& context, const RouteRequest& request) {
  const std::string& workspace = request.params[0];
  // A missing workspace is reported before problems with the body.
  BASALT_RETURN_IF_ERROR(context.catalog.GetWorkspace(workspace).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::AliasSpec spec, catalog::ParseCreateAliasRequest(body));
  BASALT_ASSIGN_OR_RETURN(catalog::AliasInfo info,
                          context.catalog.CreateAlias(workspace, spec, request.principal));
  return DataResponse(AliasToApi(info, "CREATED"));
}

Result<HttpResponse> ListWorkspaceAliases(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(std::vector<catalog::AliasInfo> infos,
                          context.catalog.ListAliases(request.params[0]));
  return DataResponse(AliasList(infos));
}

Result<HttpResponse> ListAllAliases(ApiContext& context, const RouteRequest&) {
  return DataResponse(AliasList(context.catalog.ListAllAliases()));
}

Result<HttpResponse> GetAlias(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::AliasInfo info,
                          context.catalog.GetAlias(request.params[0], request.params[1]));
  return DataResponse(AliasToApi(info, "CREATED"));
}

// Switching the target is one atomic catalog change: queries already bound keep reading the
// old collection, queries bound afterwards read the new one.
Result<HttpResponse> UpdateAlias(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(context.catalog.GetAlias(request.params[0], request.params[1]).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::AliasUpdate update, catalog::ParseUpdateAliasRequest(body));
  BASALT_ASSIGN_OR_RETURN(
      catalog::AliasInfo info,
      context.catalog.UpdateAlias(request.params[0], request.params[1], update));
  return DataResponse(AliasToApi(info, "CREATED"));
}

Result<HttpResponse> DeleteAlias(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::AliasInfo info,
                          context.catalog.DeleteAlias(request.params[0], request.params[1]));
  return DataResponse(AliasToApi(info, "DELETED"));
}

}  // namespace

void AddAliasRoutes(RouteTable& table) {
  table.Add("POST", "/v1/orgs/self/ws/{ws}/aliases", CreateAlias);
  table.Add("GET", "/v1/orgs/self/ws/{ws}/aliases", ListWorkspaceAliases);
  table.Add("GET", "/v1/orgs/self/aliases", ListAllAliases);
  table.Add("GET", "/v1/orgs/self/ws/{ws}/aliases/{alias}", GetAlias);
  table.Add("POST", "/v1/orgs/self/ws/{ws}/aliases/{alias}", UpdateAlias);
  table.Add("DELETE", "/v1/orgs/self/ws/{ws}/aliases/{alias}", DeleteAlias);
}

}  // namespace basalt::server
