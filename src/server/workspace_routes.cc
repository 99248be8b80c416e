#include <utility>

#include "server/api_json.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

Result<HttpResponse> CreateWorkspace(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::WorkspaceSpec spec, catalog::ParseCreateWorkspaceRequest(body));
  BASALT_ASSIGN_OR_RETURN(catalog::WorkspaceInfo info,
                          context.catalog.CreateWorkspace(spec, request.principal));
  return DataResponse(WorkspaceToApi(info));
}

Result<HttpResponse> ListWorkspaces(ApiContext& context, const RouteRequest&) {
  Array workspaces;
  for (const catalog::WorkspaceInfo& info : context.catalog.ListWorkspaces()) {
    workspaces.push_back(WorkspaceToApi(info));
  }
  return DataResponse(Value::MakeArray(std::move(workspaces)));
}

Result<HttpResponse> GetWorkspace(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::WorkspaceInfo info,
                          context.catalog.GetWorkspace(request.params[0]));
  return DataResponse(WorkspaceToApi(info));
}

Result<HttpResponse> DeleteWorkspace(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::WorkspaceInfo info,
                          context.catalog.DeleteWorkspace(request.params[0]));
  return DataResponse(WorkspaceToApi(info));
}

// The direct children of a workspace (legacy nested workspaces, api.md §5): `a.b` of `a`.
Result<HttpResponse> ListChildWorkspaces(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(std::vector<catalog::WorkspaceInfo> children,
                          context.catalog.ListChildWorkspaces(request.params[0]));
  Array workspaces;
  for (const catalog::WorkspaceInfo& info : children) {
    workspaces.push_back(WorkspaceToApi(info));
  }
  return DataResponse(Value::MakeArray(std::move(workspaces)));
}

}  // namespace

void AddWorkspaceRoutes(RouteTable& table) {
  table.Add("POST", "/v1/orgs/self/ws", CreateWorkspace);
  table.Add("GET", "/v1/orgs/self/ws", ListWorkspaces);
  table.Add("GET", "/v1/orgs/self/ws/{ws}", GetWorkspace);
  table.Add("DELETE", "/v1/orgs/self/ws/{ws}", DeleteWorkspace);
  table.Add("GET", "/v1/orgs/self/ws/{ws}/ws", ListChildWorkspaces);
}

}  // namespace basalt::server
