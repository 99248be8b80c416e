// Query lambdas (api.md §9): create, versions, tags, execution by version or tag, lists,
// deletes, and public lambdas.
#include <utility>

#include "catalog/ids.h"
#include "server/api_json.h"
#include "server/lambda_exec.h"
#include "server/query_exec.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

Value SummaryToApi(ApiContext& context, const catalog::LambdaSummary& summary) {
  Array collections;
  for (const auto& path : summary.latest.collections) {
    collections.push_back(Value::String(path));
  }
  return Value::MakeObject({
      {"name", Value::String(summary.name)},
      {"workspace", Value::String(summary.workspace)},
      {"last_updated", Value::String(catalog::FormatIsoSeconds(summary.last_updated_micros))},
      {"last_updated_by", Value::String(summary.last_updated_by)},
      {"version_count", Value::Int(summary.version_count)},
      {"collections", Value::MakeArray(std::move(collections))},
      {"latest_version", LambdaVersionToApi(context, summary.latest)},
  });
}

Value TagToApi(ApiContext& context, const catalog::LambdaTagInfo& tag) {
  return Value::MakeObject({{"tag_name", Value::String(tag.tag_name)},
                            {"version", LambdaVersionToApi(context, tag.version)}});
}

bool QueryFlag(const RouteRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.query) {
    if (key == name) {
      return value == "true" || value == "1";
    }
  }
  return false;
}

// Checks the SQL and default parameters of a version about to be made; fills collections.
Status CheckSpec(ApiContext& context, const RouteRequest& request,
                 catalog::LambdaVersionSpec& spec) {
  BASALT_ASSIGN_OR_RETURN(
      spec.collections,
      CheckLambdaSql(context, spec.query, spec.default_parameters, request.principal));
  return Status::Ok();
}

Result<HttpResponse> CreateLambda(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(auto parsed, catalog::ParseCreateLambdaRequest(body));
  auto& [name, spec] = parsed;
  BASALT_RETURN_IF_ERROR(context.catalog.GetWorkspace(request.params[0]).status());
  BASALT_RETURN_IF_ERROR(CheckSpec(context, request, spec));
  BASALT_ASSIGN_OR_RETURN(catalog::LambdaVersionInfo version,
                          lambdas->Create(request.params[0], name, spec, request.principal));
  return DataResponse(LambdaVersionToApi(context, version));
}

Result<HttpResponse> UpdateLambda(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(catalog::LambdaVersionSpec spec, catalog::ParseUpdateLambdaRequest(body));
  bool create = QueryFlag(request, "create");
  const std::string& workspace = request.params[0];
  const std::string& name = request.params[1];
  if (!create) {
    BASALT_RETURN_IF_ERROR(lambdas->Get(workspace, name).status());
  } else {
    BASALT_RETURN_IF_ERROR(context.catalog.GetWorkspace(workspace).status());
  }
  BASALT_RETURN_IF_ERROR(CheckSpec(context, request, spec));
  BASALT_ASSIGN_OR_RETURN(catalog::LambdaVersionInfo version,
                          lambdas->AddVersion(workspace, name, spec, request.principal, create));
  return DataResponse(LambdaVersionToApi(context, version));
}

Result<HttpResponse> GetLambda(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(catalog::LambdaSummary summary,
                          lambdas->Get(request.params[0], request.params[1]));
  return DataResponse(SummaryToApi(context, summary));
}

Result<HttpResponse> ListLambdas(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(auto summaries, lambdas->List(request.params[0]));
  Array out;
  for (const auto& summary : summaries) {
    out.push_back(SummaryToApi(context, summary));
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

Result<HttpResponse> ListAllLambdas(ApiContext& context, const RouteRequest&) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  Array out;
  for (const auto& summary : lambdas->ListAll()) {
    out.push_back(SummaryToApi(context, summary));
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

Result<HttpResponse> DeleteLambda(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(catalog::LambdaSummary summary,
                          lambdas->DeleteLambda(request.params[0], request.params[1]));
  return DataResponse(SummaryToApi(context, summary));
}

Result<HttpResponse> ListVersions(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(auto versions,
                          lambdas->ListVersions(request.params[0], request.params[1]));
  Array out;
  for (const auto& version : versions) {
    out.push_back(LambdaVersionToApi(context, version));
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

Result<HttpResponse> GetVersion(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(
      catalog::LambdaVersionInfo version,
      lambdas->GetVersion(request.params[0], request.params[1], request.params[2]));
  return DataResponse(LambdaVersionToApi(context, version));
}

Result<HttpResponse> DeleteVersion(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(
      catalog::LambdaVersionInfo version,
      lambdas->DeleteVersion(request.params[0], request.params[1], request.params[2]));
  return DataResponse(LambdaVersionToApi(context, version));
}

Result<HttpResponse> SetTag(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  if (!body.is_object()) {
    return BadRequest("the request body must be a JSON object {\"tag_name\", \"version\"}");
  }
  const Value& tag = body.Get("tag_name");
  const Value& version = body.Get("version");
  if (!tag.is_string() || !version.is_string()) {
    return InvalidInput("tag_name and version are required strings");
  }
  BASALT_ASSIGN_OR_RETURN(catalog::LambdaTagInfo info,
                          lambdas->SetTag(request.params[0], request.params[1], tag.string_value(),
                                          version.string_value()));
  return DataResponse(TagToApi(context, info));
}

Result<HttpResponse> ListTags(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(auto tags, lambdas->ListTags(request.params[0], request.params[1]));
  Array out;
  for (const auto& tag : tags) {
    out.push_back(TagToApi(context, tag));
  }
  return DataResponse(Value::MakeArray(std::move(out)));
}

Result<HttpResponse> GetTag(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(catalog::LambdaTagInfo info,
                          lambdas->GetTag(request.params[0], request.params[1], request.params[2]));
  return DataResponse(TagToApi(context, info));
}

Result<HttpResponse> DeleteTag(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(
      catalog::LambdaTagInfo info,
      lambdas->DeleteTag(request.params[0], request.params[1], request.params[2]));
  return DataResponse(TagToApi(context, info));
}

// Runs `version` with an ExecuteQueryLambdaRequest `body` (api.md §9). Failures before the
// query starts (bad parameters) are recorded in the version's stats too.
Result<HttpResponse> Execute(ApiContext& context, const catalog::LambdaVersionInfo& version,
                             const Value& body, const catalog::Principal& runner) {
  RunExtras extras = LambdaRunExtras(context, version, runner.email);
  Result<QueryRunOptions> run = [&]() -> Result<QueryRunOptions> {
    if (!body.is_object()) {
      return BadRequest("the request body must be a JSON object");
    }
    const Value& vi = body.Get("virtual_instance_id");
    if (!vi.is_nullish()) {
      if (!vi.is_string() || context.virtual_instances == nullptr) {
        return InvalidInput("virtual_instance_id must be the id of a virtual instance");
      }
      BASALT_RETURN_IF_ERROR(context.virtual_instances->Find(vi.string_value()).status());
    }
    BASALT_ASSIGN_OR_RETURN(QueryRunOptions options, ParseRunOptions(body, body));
    BASALT_ASSIGN_OR_RETURN(options.options.parameters,
                            ResolveLambdaParameters(version, body.Get("parameters")));
    return options;
  }();
  if (!run.ok()) {
    extras.on_finish(run.status());
    return run.status();
  }
  // EXECUTE_QUERY_LAMBDA_WS is the whole requirement: the SQL was checked against its author.
  return RunSqlRequest(context, version.query, *run, QueryRunner{runner, false}, std::move(extras));
}

Result<HttpResponse> ExecuteVersion(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(
      catalog::LambdaVersionInfo version,
      lambdas->GetVersion(request.params[0], request.params[1], request.params[2]));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  return Execute(context, version, body.is_null() ? Value::EmptyObject() : body, request.principal);
}

Result<HttpResponse> ExecuteTag(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(
      catalog::LambdaVersionInfo version,
      lambdas->ResolveTag(request.params[0], request.params[1], request.params[2]));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  return Execute(context, version, body.is_null() ? Value::EmptyObject() : body, request.principal);
}

// POST /v1/public/shared_lambdas/{public_access_id}: no API key; only `parameters` and
// `default_row_limit` are taken from the body.
Result<HttpResponse> ExecutePublic(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(catalog::QueryLambdas * lambdas, RequireLambdas(context));
  BASALT_ASSIGN_OR_RETURN(catalog::LambdaVersionInfo version,
                          lambdas->FindPublic(request.params[0]));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, true));
  if (!body.is_nullish() && !body.is_object()) {
    return BadRequest("the request body must be a JSON object");
  }
  Value narrowed = Value::EmptyObject();
  for (std::string_view key : {"parameters", "default_row_limit"}) {
    if (body.is_object() && !body.Get(key).is_undefined()) {
      narrowed.Set(key, body.Get(key));
    }
  }
  return Execute(context, version, narrowed, catalog::Principal{});
}

}  // namespace

void AddLambdaRoutes(RouteTable& table) {
  constexpr std::string_view kLambdas = "/v1/orgs/self/ws/{ws}/lambdas";
  constexpr std::string_view kLambda = "/v1/orgs/self/ws/{ws}/lambdas/{lambda}";
  auto path = [](std::string_view base, std::string_view suffix) {
    return std::string(base) + std::string(suffix);
  };
  table.Add("POST", kLambdas, CreateLambda);
  table.Add("GET", kLambdas, ListLambdas);
  table.Add("GET", "/v1/orgs/self/lambdas", ListAllLambdas);
  table.Add("GET", kLambda, GetLambda);
  table.Add("DELETE", kLambda, DeleteLambda);
  table.Add("POST", path(kLambda, "/versions"), UpdateLambda);
  table.Add("GET", path(kLambda, "/versions"), ListVersions);
  table.Add("GET", path(kLambda, "/versions/{version}"), GetVersion);
  table.Add("POST", path(kLambda, "/versions/{version}"), ExecuteVersion);
  table.Add("DELETE", path(kLambda, "/version/{version}"), DeleteVersion);
  table.Add("DELETE", path(kLambda, "/versions/{version}"), DeleteVersion);
  table.Add("POST", path(kLambda, "/tags"), SetTag);
  table.Add("GET", path(kLambda, "/tags"), ListTags);
  table.Add("GET", path(kLambda, "/tags/{tag}"), GetTag);
  table.Add("POST", path(kLambda, "/tags/{tag}"), ExecuteTag);
  table.Add("DELETE", path(kLambda, "/tags/{tag}"), DeleteTag);
  table.AddPublic("POST", "/v1/public/shared_lambdas/{public_access_id}", ExecutePublic);
}

}  // namespace basalt::server
