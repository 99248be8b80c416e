// The Query API (api.md §8): run SQL (sync or async), query info, pages, cancel, validate.
#include <chrono>
#include <set>

#include "catalog/ids.h"
#include "common/json.h"
#include "common/time_util.h"
#include "server/api_json.h"
#include "server/query_exec.h"
#include "server/responses.h"
#include "server/router.h"
#include "server/sql_catalog_view.h"
#include "sql/engine.h"
#include "sql/parser/parser.h"

namespace basalt::server {
namespace {

constexpr size_t kMaxPageDocs = 100000;

Result<HttpResponse> RunQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(QueryRequest query, ParseQueryRequest(body));
  return RunSqlRequest(context, std::move(query.sql), query.run,
                       QueryRunner{request.principal, true}, {});
}

std::string QueryParam(const RouteRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.query) {
    if (key == name) {
      return value;
    }
  }
  return "";
}

// A query's info and results are its runner's; admins (ALL_GLOBAL_ACTIONS) see every query.
// `executed_by` never changes after the record is made.
bool MaySee(ApiContext& context, const RouteRequest& request, const QueryRecord& record) {
  return record.executed_by == request.principal.email ||
         context.access.Allows(request.principal, "ALL_GLOBAL_ACTIONS", "");
}

Result<std::shared_ptr<QueryRecord>> FindQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  const std::string& id = request.params[0];
  auto record = context.queries->Find(id);
  if (!record || !MaySee(context, request, *record)) {
    return NotFound("Query '" + id + "' not found");
  }
  return record;
}

Result<HttpResponse> GetQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(auto record, FindQuery(context, request));
  std::lock_guard<std::mutex> lock(record->mu);
  return DataResponse(QueryInfoToApi(*record));
}

Result<HttpResponse> ListQueries(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  Array infos;
  for (const auto& record : context.queries->Active()) {
    if (!MaySee(context, request, *record)) {
      continue;
    }
    std::lock_guard<std::mutex> lock(record->mu);
    infos.push_back(QueryInfoToApi(*record));
  }
  return DataResponse(Value::MakeArray(std::move(infos)));
}

Result<HttpResponse> CancelQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(auto record, FindQuery(context, request));
  record->cancelled = true;
  std::lock_guard<std::mutex> lock(record->mu);
  if (record->status == "QUEUED" || record->status == "RUNNING") {
    record->status = "CANCELLED";
  }
  return DataResponse(QueryInfoToApi(*record));
}

Result<HttpResponse> GetPages(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(auto record, FindQuery(context, request));
  // The cursor comes as `?cursor=` or, as older scripts write it, as `/pages/{cursor}`.
  std::string cursor = request.params.size() > 1 ? request.params[1] : QueryParam(request, "cursor");
  BASALT_ASSIGN_OR_RETURN(size_t start, ParseCursor(cursor));
  std::string docs_text = QueryParam(request, "docs");
  std::string offset_text = QueryParam(request, "offset");
  size_t docs = kMaxPageDocs, offset = 0;
  for (auto [text, target] : {std::pair{&docs_text, &docs}, std::pair{&offset_text, &offset}}) {
    if (text->empty()) {
      continue;
    }
    if (text->size() > 9 || text->find_first_not_of("0123456789") != std::string::npos) {
      return InvalidInput("docs and offset must be non-negative integers");
    }
    *target = size_t(std::stoul(*text));
  }
  std::lock_guard<std::mutex> lock(record->mu);
  if (record->status == "ERROR") {
    return record->error;
  }
  if (record->status != "COMPLETED") {
    return Status(ErrorCode::kNotReady, "Query " + record->id + " is " + record->status);
  }
  size_t total = record->rows.size();
  size_t first = std::min(total, start + offset);
  size_t count = std::min(std::min(docs, kMaxPageDocs), total - first);
  Array results(record->rows.begin() + long(first), record->rows.begin() + long(first + count));
  Value response = Value::MakeObject({{"results", Value::MakeArray(std::move(results))},
                                      {"results_total_doc_count", Value::Int(int64_t(total))},
                                      {"pagination", PaginationToApi(first, count, total)}});
  return RawJsonResponse(ToJson(response));
}

Result<HttpResponse> ValidateQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(QueryRequest query, ParseQueryRequest(body));
  BASALT_ASSIGN_OR_RETURN(sql::Statement statement, sql::ParseStatement(query.sql));
  std::set<std::string> names = ParametersOf(statement);
  sql::BindOptions options;
  options.parameters = query.run.options.parameters;
  for (const auto& name : names) {
    options.parameters.emplace(name, Value::Null());
  }
  SqlCatalogView view(context.catalog, &context.access, request.principal);
  BASALT_ASSIGN_OR_RETURN(sql::BoundQuery bound, sql::BindStatement(statement, view, options));
  std::vector<std::string> parameters(names.begin(), names.end());
  return RawJsonResponse(ToJson(Value::MakeObject(
      {{"collections", StringArray(bound.collections)}, {"parameters", StringArray(parameters)}})));
}

}  // namespace

void AddQueryRoutes(RouteTable& table) {
  table.Add("POST", "/v1/orgs/self/queries", RunQuery);
  table.Add("GET", "/v1/orgs/self/queries", ListQueries);
  table.Add("POST", "/v1/orgs/self/queries/validations", ValidateQuery);
  table.Add("GET", "/v1/orgs/self/queries/{id}", GetQuery);
  table.Add("DELETE", "/v1/orgs/self/queries/{id}", CancelQuery);
  table.Add("GET", "/v1/orgs/self/queries/{id}/pages", GetPages);
  table.Add("GET", "/v1/orgs/self/queries/{id}/pages/{cursor}", GetPages);
}

}  // namespace basalt::server
