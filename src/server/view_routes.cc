// Views (api.md §10): /ws/{ws}/views[/{view}] and /views.
#include <utility>

#include "server/api_json.h"
#include "server/responses.h"
#include "server/router.h"
#include "server/sql_catalog_view.h"

namespace basalt::server {
namespace {

Value ViewList(const std::vector<catalog::ViewInfo>& infos) {
  Array out;
  out.reserve(infos.size());
  for (const catalog::ViewInfo& info : infos) {
    out.push_back(ViewToApi(info, "CREATED"));
  }
  return Value::MakeArray(std::move(out));
}

// Checks the SQL of view `workspace.name` as it would be expanded, with the view itself
// resolving to `sql` (so a cycle through it is found), and returns its entities. Any SQL
// problem, a missing collection included, is 400 QUERY_ERROR (api.md §10). The creator must
// be allowed to query what the view reads (403 FORBIDDEN).
Result<std::vector<std::string>> CheckSql(ApiContext& context, const RouteRequest& request,
                                          const std::string& workspace, const std::string& name,
                                          const std::string& sql) {
  std::string path = workspace + "." + name;
  SqlCatalogView view(context.catalog, &context.access, request.principal);
  view.OverrideView(path, sql);
  Result<std::vector<std::string>> entities = sql::CheckViewSql(path, sql, view);
  if (!entities.ok() && entities.status().code() == ErrorCode::kNotFound) {
    const Status& st = entities.status();
    return Status(ErrorCode::kQueryError, st.message(), st.line(), st.column());
  }
  return entities;
}

Result<HttpResponse> CreateView(ApiContext& context, const RouteRequest& request) {
  const std::string& workspace = request.params[0];
  BASALT_RETURN_IF_ERROR(context.catalog.GetWorkspace(workspace).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::ViewSpec spec, catalog::ParseCreateViewRequest(body));
  // A taken name is reported before problems with the SQL (CreateView checks it again).
  if (context.catalog.Resolve(workspace, spec.name).ok()) {
    return AlreadyExists("'" + spec.name + "' already exists in workspace '" + workspace +
                         "' (collections, aliases and views share one namespace)");
  }
  BASALT_ASSIGN_OR_RETURN(spec.entities,
                          CheckSql(context, request, workspace, spec.name, spec.query));
  BASALT_ASSIGN_OR_RETURN(catalog::ViewInfo info,
                          context.catalog.CreateView(workspace, spec, request.principal));
  return DataResponse(ViewToApi(info, "CREATED"));
}

Result<HttpResponse> ListWorkspaceViews(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(std::vector<catalog::ViewInfo> infos,
                          context.catalog.ListViews(request.params[0]));
  return DataResponse(ViewList(infos));
}

Result<HttpResponse> ListAllViews(ApiContext& context, const RouteRequest&) {
  return DataResponse(ViewList(context.catalog.ListAllViews()));
}

Result<HttpResponse> GetView(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::ViewInfo info,
                          context.catalog.GetView(request.params[0], request.params[1]));
  return DataResponse(ViewToApi(info, "CREATED"));
}

Result<HttpResponse> UpdateView(ApiContext& context, const RouteRequest& request) {
  const std::string& workspace = request.params[0];
  const std::string& name = request.params[1];
  BASALT_RETURN_IF_ERROR(context.catalog.GetView(workspace, name).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::ViewUpdate update, catalog::ParseUpdateViewRequest(body));
  BASALT_ASSIGN_OR_RETURN(update.entities,
                          CheckSql(context, request, workspace, name, update.query));
  BASALT_ASSIGN_OR_RETURN(catalog::ViewInfo info,
                          context.catalog.UpdateView(workspace, name, update));
  return DataResponse(ViewToApi(info, "CREATED"));
}

Result<HttpResponse> DeleteView(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::ViewInfo info,
                          context.catalog.DeleteView(request.params[0], request.params[1]));
  return DataResponse(ViewToApi(info, "DELETED"));
}

}  // namespace

void AddViewRoutes(RouteTable& table) {
  table.Add("POST", "/v1/orgs/self/ws/{ws}/views", CreateView);
  table.Add("GET", "/v1/orgs/self/ws/{ws}/views", ListWorkspaceViews);
  table.Add("GET", "/v1/orgs/self/views", ListAllViews);
  table.Add("GET", "/v1/orgs/self/ws/{ws}/views/{view}", GetView);
  table.Add("POST", "/v1/orgs/self/ws/{ws}/views/{view}", UpdateView);
  table.Add("DELETE", "/v1/orgs/self/ws/{ws}/views/{view}", DeleteView);
}

}  // namespace basalt::server
