#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/access.h"
#include "catalog/backend.h"
#include "catalog/catalog.h"
#include "catalog/integrations.h"
#include "catalog/lambdas.h"
#include "catalog/virtual_instances.h"
#include "common/result.h"
#include "server/access_table.h"
#include "server/http_types.h"
#include "server/query_registry.h"
#include "storage/store.h"

namespace basalt::ingest {
class TransformCache;  // ingest/transform/transform_cache.h
}  // namespace basalt::ingest

namespace basalt::server {

// What the handlers work with. Borrowed: everything outlives the Router.
struct ApiContext {
  catalog::Catalog& catalog;
  // Users, roles and API keys: authentication and every privilege check.
  catalog::AccessControl& access;
  catalog::Backend& backend;
  // Greatest storage sequence acknowledged to a writer so far (the source of write offsets,
  // api.md §6.4). Writes are visible when acknowledged, so every offset up to it has passed.
  std::atomic<uint64_t>& latest_sequence;
  // The store queries read, and the registry of query results; null in tests that do not
  // run queries (the Query API then answers 501).
  const storage::Store* store = nullptr;
  QueryRegistry* queries = nullptr;
  // Compiled ingest transformations; null in tests (each write then compiles its own).
  ingest::TransformCache* transforms = nullptr;
  // Query lambdas and virtual instances; null in tests that do not use them (their
  // endpoints then answer 501).
  catalog::QueryLambdas* lambdas = nullptr;
  catalog::VirtualInstances* virtual_instances = nullptr;
  // Scheduled lambdas (api.md §9.1), run by the server's LambdaScheduler; null: 501.
  class LambdaScheduler* scheduler = nullptr;
  // Integrations (api.md §13); null in tests that do not use them (the routes answer 501).
  catalog::Integrations* integrations = nullptr;
};

// A request matched to a route, as a handler gets it.
struct RouteRequest {
  const HttpRequest& http;
  std::vector<std::string> params;  // percent-decoded path parameters, in pattern order
  std::vector<std::pair<std::string, std::string>> query;  // decoded query parameters
  catalog::Principal principal;                            // who sent it (authenticated)
};

using Handler = Result<HttpResponse> (*)(ApiContext& context, const RouteRequest& request);

// Route patterns are paths whose `{name}` segments are parameters, e.g.
// "/v1/orgs/self/ws/{ws}/collections/{collection}".
class RouteTable {
 public:
  void Add(std::string_view method, std::string_view pattern, Handler handler);
  // A route that needs no API key (public query lambdas, api.md §9); the handler gets an
  // empty principal.
  void AddPublic(std::string_view method, std::string_view pattern, Handler handler);
  // Every path starting with `pattern` (any method) answers 501 NOTIMPLEMENTEDYET naming
  // `feature`: endpoints of api.md that are not built yet. Checked after the routes.
  void AddNotImplemented(std::string_view pattern, std::string feature);

  // The method and pattern segments of every route that takes a key (all but AddPublic's),
  // in order (tests check each has an access rule).
  std::vector<std::pair<std::string, std::vector<std::string>>> Describe() const;

 private:
  friend class Router;
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler = nullptr;
    bool is_public = false;
    const AccessRule* access = nullptr;  // from access_table.cc; null: admin only
  };
  struct Family {
    std::vector<std::string> segments;
    std::string feature;
  };
  std::vector<Route> routes_;
  std::vector<Family> not_implemented_;
};

// The REST API as a function from request to response (api.md §1-7): normalises the path
// (repeated slashes collapse, parameters are percent-decoded), answers CORS preflights,
// authenticates (401 AUTHEXCEPTION), checks the route's privilege from the one access table
// (403 FORBIDDEN; access_table.h), routes (404 NOTFOUND, 405 METHODNOTALLOWED, 501 for
// endpoints not built yet) and turns every error — exceptions included — into Rockset's
// error body.
//
// Thread-safety: Handle may be called concurrently.
class Router {
 public:
  explicit Router(ApiContext context);

  HttpResponse Handle(const HttpRequest& request);
  const RouteTable& table() const { return table_; }

 private:
  HttpResponse Dispatch(const HttpRequest& request);

  ApiContext context_;
  RouteTable table_;
};

// --- Helpers shared by the route files.

// Splits a path into segments, dropping empty ones (so "//a///b/" is {"a", "b"}); each
// segment is percent-decoded. BADREQUEST on a bad escape.
Result<std::vector<std::string>> SplitPath(std::string_view path);
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// Registration of each family of routes (one file each).
void AddOrgRoutes(RouteTable& table);
void AddWorkspaceRoutes(RouteTable& table);
void AddCollectionRoutes(RouteTable& table);
void AddDocumentRoutes(RouteTable& table);
void AddAliasRoutes(RouteTable& table);
void AddViewRoutes(RouteTable& table);
void AddQueryRoutes(RouteTable& table);
void AddLambdaRoutes(RouteTable& table);
void AddScheduledLambdaRoutes(RouteTable& table);
void AddVirtualInstanceRoutes(RouteTable& table);
void AddUserRoutes(RouteTable& table);
void AddApiKeyRoutes(RouteTable& table);
void AddRoleRoutes(RouteTable& table);
void AddIntegrationRoutes(RouteTable& table);
void AddSourceRoutes(RouteTable& table);
void AddNotImplementedRoutes(RouteTable& table);

}  // namespace basalt::server
