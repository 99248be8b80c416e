#include <string>

#include "catalog/ids.h"
#include "server/api_json.h"
#include "server/responses.h"
#include "server/router.h"

namespace basalt::server {
namespace {

// GET /v1/orgs/self (api.md §4).
Result<HttpResponse> GetOrganization(ApiContext& context, const RouteRequest& request) {
  const catalog::OrgInfo& org = context.catalog.org();
  std::string host = request.http.host.empty() ? "localhost" : request.http.host;
  std::string hostname =
      host.substr(0, host.rfind(':') == std::string::npos || host.find(']') != std::string::npos
                         ? host.size()
                         : host.rfind(':'));
  Value cluster = Value::MakeObject({
      {"id", Value::String(org.id)},
      {"cluster_type", Value::String("PUBLIC")},
      {"aws_region", Value::String("local")},
      {"apiserver_url", Value::String("http://" + host)},
      {"domain", Value::String(hostname)},
      {"top_level_domain", Value::String(hostname)},
  });
  return DataResponse(Value::MakeObject({
      {"id", Value::String(org.id)},
      {"display_name", Value::String("Basalt")},
      {"created_at", Value::String(catalog::FormatIsoSeconds(org.created_at_micros))},
      {"external_id", Value::Null()},
      {"rockset_user", Value::Null()},
      {"sso_connection", Value::Null()},
      {"sso_only", Value::Bool(false)},
      {"clusters", Value::MakeArray({std::move(cluster)})},
  }));
}

}  // namespace

void AddOrgRoutes(RouteTable& table) {
  table.Add("GET", "/v1/orgs/self", GetOrganization);
}

void AddNotImplementedRoutes(RouteTable& table) {
  constexpr std::string_view kOrg = "/v1/orgs/self";
  struct Family {
    std::string_view suffix;
    std::string_view feature;
  };
  static constexpr Family kFamilies[] = {
      {"/ws/{ws}/collections/{collection}/snapshots", "Snapshots are"},
  };
  for (const Family& family : kFamilies) {
    table.AddNotImplemented(std::string(kOrg) + std::string(family.suffix),
                            std::string(family.feature));
  }
}

}  // namespace basalt::server
