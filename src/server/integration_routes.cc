// Integrations (api.md §13) as stored metadata: credentials are sealed at rest
// (catalog/integrations.h) and every answer shows them masked. Sources (api.md §14): only
// Write-API collections exist yet, so every collection lists no source; creating one
// answers 501 until connectors are built.
#include <string>
#include <utility>

#include "catalog/ids.h"
#include "server/event_log.h"
#include "server/api_json.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

Result<catalog::Integrations*> RequireIntegrations(ApiContext& context) {
  if (context.integrations == nullptr) {
    return NotImplemented("Integrations are not available in this server");
  }
  return context.integrations;
}

Value IntegrationToApi(const catalog::IntegrationInfo& info) {
  Object fields = {
      {"name", Value::String(info.name)},
      {"description", info.description ? Value::String(*info.description) : Value::Null()},
      {"is_write_enabled", Value::Bool(info.is_write_enabled)},
      {"created_at", Value::String(catalog::FormatIsoSeconds(info.created_at_micros))},
      {"created_by", Value::String(info.created_by)},
      {"created_by_apikey_name",
       info.created_by_apikey_name ? Value::String(*info.created_by_apikey_name) : Value::Null()},
      {"owner_email", Value::String(info.created_by)},
      // No collection can use an integration until sources are built.
      {"collections", Value::EmptyArray()},
  };
  for (std::string_view kind : catalog::IntegrationKinds()) {
    fields.emplace_back(std::string(kind), kind == info.kind ? info.config : Value::Null());
  }
  return Value::MakeObject(std::move(fields));
}

Result<HttpResponse> CreateIntegration(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::Integrations * integrations, RequireIntegrations(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::IntegrationSpec spec,
                          catalog::ParseCreateIntegrationRequest(body));
  BASALT_ASSIGN_OR_RETURN(catalog::IntegrationInfo info,
                          integrations->Create(spec, request.principal));
  RecordEvent(context, "INTEGRATION_CREATED", "INTEGRATION",
              {{"integrations", Value::MakeArray({Value::String(info.name)})},
               {"user_email", Value::String(request.principal.email)}});
  return DataResponse(IntegrationToApi(info));
}

Result<HttpResponse> ListIntegrations(ApiContext& context, const RouteRequest&) {
  BASALT_ASSIGN_OR_RETURN(catalog::Integrations * integrations, RequireIntegrations(context));
  Array out;
  for (const catalog::IntegrationInfo& info : integrations->List()) {
    out.push_back(IntegrationToApi(info));
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

Result<HttpResponse> GetIntegration(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::Integrations * integrations, RequireIntegrations(context));
  BASALT_ASSIGN_OR_RETURN(catalog::IntegrationInfo info, integrations->Get(request.params[0]));
  return DataResponse(IntegrationToApi(info));
}

Result<HttpResponse> UpdateIntegration(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::Integrations * integrations, RequireIntegrations(context));
  BASALT_RETURN_IF_ERROR(integrations->Get(request.params[0]).status());
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  BASALT_ASSIGN_OR_RETURN(catalog::IntegrationSpec spec,
                          catalog::ParseUpdateIntegrationRequest(body));
  BASALT_ASSIGN_OR_RETURN(catalog::IntegrationInfo info,
                          integrations->Update(request.params[0], spec));
  return DataResponse(IntegrationToApi(info));
}

Result<HttpResponse> DeleteIntegration(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::Integrations * integrations, RequireIntegrations(context));
  // No source can name an integration yet, so nothing depends on it (api.md §13's
  // DEPENDENTRESOURCES comes with sources).
  BASALT_ASSIGN_OR_RETURN(catalog::IntegrationInfo info, integrations->Delete(request.params[0]));
  return DataResponse(IntegrationToApi(info));
}

// --- Sources of a collection.

Status SourceNotFound(const RouteRequest& request) {
  return NotFound("Source '" + request.params[2] + "' not found in collection '" +
                  request.params[0] + "." + request.params[1] + "'");
}

Result<HttpResponse> ListSources(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(
      context.catalog.GetCollection(request.params[0], request.params[1]).status());
  return DataResponse(Value::EmptyArray());
}

Result<HttpResponse> CreateSource(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(
      context.catalog.GetCollection(request.params[0], request.params[1]).status());
  return NotImplemented(
      "Sources (live ingestion from integrations) are not supported yet; write documents "
      "through the Write API instead");
}

// Get, update, delete, suspend and resume of one source: no collection has one yet.
Result<HttpResponse> SourceById(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(
      context.catalog.GetCollection(request.params[0], request.params[1]).status());
  return SourceNotFound(request);
}

}  // namespace

void AddIntegrationRoutes(RouteTable& table) {
  table.Add("POST", "/v1/orgs/self/integrations", CreateIntegration);
  table.Add("GET", "/v1/orgs/self/integrations", ListIntegrations);
  table.Add("GET", "/v1/orgs/self/integrations/{integration}", GetIntegration);
  table.Add("PUT", "/v1/orgs/self/integrations/{integration}", UpdateIntegration);
  table.Add("DELETE", "/v1/orgs/self/integrations/{integration}", DeleteIntegration);
}

void AddSourceRoutes(RouteTable& table) {
  constexpr std::string_view kSources = "/v1/orgs/self/ws/{ws}/collections/{collection}/sources";
  std::string sources(kSources);
  table.Add("GET", sources, ListSources);
  table.Add("POST", sources, CreateSource);
  table.Add("GET", sources + "/{source}", SourceById);
  table.Add("PUT", sources + "/{source}", SourceById);
  table.Add("DELETE", sources + "/{source}", SourceById);
  table.Add("POST", sources + "/{source}/suspend", SourceById);
  table.Add("POST", sources + "/{source}/resume", SourceById);
}

}  // namespace basalt::server
