// The Query API (api.md §8): run SQL (sync or async), query info, pages, cancel, validate.
#include <chrono>
#include <set>

#include "catalog/ids.h"
#include "common/json.h"
#include "common/time_util.h"
#include "server/api_json.h"
#include "server/query_params.h"
#include "server/responses.h"
#include "server/router.h"
#include "server/sql_catalog_view.h"
#include "sql/engine.h"
#include "sql/parser/parser.h"

namespace basalt::server {
namespace {

constexpr int64_t kMaxSyncTimeoutMs = 120000;
constexpr int64_t kMaxAsyncTimeoutMs = 1800000;
constexpr size_t kMaxPageDocs = 100000;

struct QueryRequest {
  std::string sql;
  sql::QueryOptions options;
  bool async = false;
  int64_t client_timeout_ms = 0;
  int64_t max_initial_results = -1;  // -1: no pagination requested
};

Result<int64_t> OptionalInt(const Value& v, std::string_view name, int64_t fallback) {
  if (v.is_nullish()) {
    return fallback;
  }
  if (v.type() == ValueType::kInt) {
    return v.int_value();
  }
  if (v.type() == ValueType::kFloat && v.float_value() == double(int64_t(v.float_value()))) {
    return int64_t(v.float_value());
  }
  return InvalidInput(std::string(name) + " must be an integer");
}

Result<QueryRequest> ParseQueryRequest(const Value& body) {
  QueryRequest request;
  const Value& sql = body.Get("sql");
  if (!sql.is_object()) {
    return InvalidInput("sql is required: {\"sql\": {\"query\": \"...\"}}");
  }
  const Value& query = sql.Get("query");
  if (!query.is_string()) {
    return InvalidInput("sql.query is required and must be a string");
  }
  request.sql = std::string(query.string_value());
  BASALT_ASSIGN_OR_RETURN(request.options.parameters, ParseQueryParameters(sql.Get("parameters")));
  BASALT_ASSIGN_OR_RETURN(request.options.default_row_limit,
                          OptionalInt(sql.Get("default_row_limit"), "sql.default_row_limit", 0));
  if (request.options.default_row_limit < 0) {
    return InvalidInput("sql.default_row_limit must not be negative");
  }
  const Value& is_async = body.Get("async");
  request.async = is_async.type() == ValueType::kBool && is_async.bool_value();
  const Value& async_options = body.Get("async_options");
  BASALT_ASSIGN_OR_RETURN(
      request.client_timeout_ms,
      OptionalInt(async_options.Get("client_timeout_ms"), "async_options.client_timeout_ms", 0));
  int64_t default_timeout = request.async ? kMaxAsyncTimeoutMs : kMaxSyncTimeoutMs;
  BASALT_ASSIGN_OR_RETURN(int64_t timeout,
                          OptionalInt(body.Get("timeout_ms"), "timeout_ms", default_timeout));
  if (request.async) {
    BASALT_ASSIGN_OR_RETURN(
        timeout, OptionalInt(async_options.Get("timeout_ms"), "async_options.timeout_ms", timeout));
  }
  if (timeout <= 0) {
    return InvalidInput("timeout_ms must be positive");
  }
  request.options.timeout = std::chrono::milliseconds(std::min(timeout, default_timeout));
  // Pagination: max_initial_results, or the legacy spellings.
  BASALT_ASSIGN_OR_RETURN(int64_t max_initial,
                          OptionalInt(body.Get("max_initial_results"), "max_initial_results", -1));
  if (max_initial < 0) {
    BASALT_ASSIGN_OR_RETURN(max_initial, OptionalInt(async_options.Get("max_initial_results"),
                                                     "async_options.max_initial_results", -1));
  }
  const Value& paginate = sql.Get("paginate");
  if (max_initial < 0 && paginate.type() == ValueType::kBool && paginate.bool_value()) {
    BASALT_ASSIGN_OR_RETURN(max_initial,
                            OptionalInt(sql.Get("initial_paginate_response_doc_count"),
                                        "sql.initial_paginate_response_doc_count", 10000));
  }
  if (max_initial > 100000) {
    return InvalidInput("max_initial_results must be at most 100000");
  }
  request.max_initial_results = max_initial;
  return request;
}

std::string Cursor(size_t offset) {
  return "c" + std::to_string(offset);
}

Result<size_t> ParseCursor(std::string_view cursor) {
  if (cursor.empty()) {
    return size_t(0);
  }
  if (cursor[0] != 'c' || cursor.size() > 20) {
    return InvalidInput("invalid cursor");
  }
  size_t value = 0;
  for (char c : cursor.substr(1)) {
    if (c < '0' || c > '9') {
      return InvalidInput("invalid cursor");
    }
    value = value * 10 + size_t(c - '0');
  }
  return value;
}

Value Pagination(size_t start, size_t count, size_t total) {
  Value next = start + count < total ? Value::String(Cursor(start + count)) : Value::Null();
  return Value::MakeObject(
      {{"start_cursor", Value::String(Cursor(start))},
       {"next_cursor", next},
       {"next_cursor_offset",
        start + count < total ? Value::Int(int64_t(start + count)) : Value::Null()},
       {"current_page_doc_count", Value::Int(int64_t(count))}});
}

Value ColumnFields(const std::vector<std::string>& names) {
  Array fields;
  for (const auto& name : names) {
    fields.push_back(
        Value::MakeObject({{"name", Value::String(name)}, {"type", Value::String("")}}));
  }
  return Value::MakeArray(std::move(fields));
}

Value StringArray(const std::vector<std::string>& items) {
  Array out;
  for (const auto& item : items) {
    out.push_back(Value::String(item));
  }
  return Value::MakeArray(std::move(out));
}

// Runs the query and fills the record (any thread).
void Execute(ApiContext& context, const std::shared_ptr<QueryRecord>& record,
             sql::QueryOptions options) {
  {
    std::lock_guard<std::mutex> lock(record->mu);
    if (record->cancelled) {
      record->status = "CANCELLED";
      record->done.notify_all();
      return;
    }
    record->status = "RUNNING";
  }
  options.cancelled = &record->cancelled;
  auto start = std::chrono::steady_clock::now();
  SqlCatalogView view(context.catalog);
  Result<sql::QueryResult> result = [&]() -> Result<sql::QueryResult> {
    try {
      return sql::ExecuteSql(record->sql, view, *context.store, options);
    } catch (const std::bad_alloc&) {
      return Status(ErrorCode::kResourceExceeded, "Query ran out of memory");
    } catch (const std::exception& e) {
      return Internal(std::string("internal error: ") + e.what());
    }
  }();
  int64_t elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  std::lock_guard<std::mutex> lock(record->mu);
  record->elapsed_ms = elapsed;
  if (result.ok()) {
    record->rows = std::move(result->rows);
    record->column_names = std::move(result->column_names);
    record->collections = std::move(result->collections);
    record->status = "COMPLETED";
  } else {
    record->error = result.status();
    record->status = result.status().code() == ErrorCode::kQueryCancelled ? "CANCELLED" : "ERROR";
  }
  record->done.notify_all();
}

// The full QueryResponse of a completed query (api.md §8.2).
std::string QueryResponseJson(QueryRecord& record, int64_t max_initial_results) {
  size_t total = record.rows.size();
  size_t count = max_initial_results < 0 ? total : std::min(total, size_t(max_initial_results));
  Array results(record.rows.begin(), record.rows.begin() + long(count));
  Value response = Value::MakeObject({
      {"query_id", Value::String(record.id)},
      {"status", Value::String("COMPLETED")},
      {"collections", StringArray(record.collections)},
      {"column_fields", ColumnFields(record.column_names)},
      {"results", Value::MakeArray(std::move(results))},
      {"results_total_doc_count", Value::Int(int64_t(total))},
      {"stats", Value::MakeObject({{"elapsed_time_ms", Value::Int(record.elapsed_ms)},
                                   {"throttled_time_micros", Value::Int(0)}})},
      {"pagination", max_initial_results < 0 ? Value::Null() : Pagination(0, count, total)},
      {"query_errors", Value::Null()},
      {"warnings", Value::Null()},
      {"last_offset", Value::Null()},
  });
  return ToJson(response);
}

Value QueryInfo(QueryRecord& record) {
  // REQUIRES: record.mu held.
  Value errors = Value::Null();
  if (record.status == "ERROR" || record.status == "CANCELLED") {
    if (!record.error.ok()) {
      errors = Value::MakeArray(
          {Value::MakeObject({{"type", Value::String(ErrorTypeOf(record.error.code()))},
                              {"message", Value::String(record.error.message())},
                              {"status_code", Value::Int(HttpStatusOf(record.error.code()))}})});
    }
  }
  bool completed = record.status == "COMPLETED";
  return Value::MakeObject({
      {"query_id", Value::String(record.id)},
      {"status", Value::String(record.status)},
      {"sql", Value::String(record.sql)},
      {"submitted_at", Value::String(catalog::FormatIsoSeconds(record.submitted_micros))},
      {"executed_by", Value::String(record.executed_by)},
      {"expires_at", Value::String(catalog::FormatIsoSeconds(record.expires_micros))},
      {"pagination",
       completed ? Value::MakeObject({{"start_cursor", Value::String(Cursor(0))}}) : Value::Null()},
      {"query_errors", errors},
      {"stats",
       Value::MakeObject({{"elapsed_time_ms", Value::Int(record.elapsed_ms)},
                          {"throttled_time_ms", Value::Int(0)},
                          {"result_set_bytes_size", Value::Null()},
                          {"result_set_document_count", Value::Int(int64_t(record.rows.size()))},
                          {"result_set_file_count", Value::Null()}})},
      {"last_offset", Value::Null()},
      {"destination_uri", Value::Null()},
  });
}

Status RequireQueries(ApiContext& context) {
  if (context.store == nullptr || context.queries == nullptr) {
    return NotImplemented("Queries are not available in this server");
  }
  return Status::Ok();
}

Result<HttpResponse> RunQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(QueryRequest query, ParseQueryRequest(body));
  auto record = context.queries->Create(query.sql, request.principal.email);
  if (!query.async) {
    Execute(context, record, query.options);
    std::lock_guard<std::mutex> lock(record->mu);
    if (record->status != "COMPLETED") {
      if (record->error.ok()) {
        return Status(ErrorCode::kQueryCancelled, "Query was cancelled");
      }
      return record->error;
    }
    return RawJsonResponse(QueryResponseJson(*record, query.max_initial_results));
  }
  context.queries->Submit(
      [&context, record, options = query.options]() { Execute(context, record, options); });
  std::unique_lock<std::mutex> lock(record->mu);
  record->done.wait_for(lock, std::chrono::milliseconds(query.client_timeout_ms), [&]() {
    return record->status != "QUEUED" && record->status != "RUNNING";
  });
  if (record->status == "COMPLETED") {
    return RawJsonResponse(QueryResponseJson(*record, query.max_initial_results));
  }
  Value errors = Value::Null();
  if (record->status == "ERROR") {
    errors = QueryInfo(*record).Get("query_errors");
  }
  return RawJsonResponse(ToJson(Value::MakeObject({{"query_id", Value::String(record->id)},
                                                   {"status", Value::String(record->status)},
                                                   {"query_errors", errors}})));
}

std::string QueryParam(const RouteRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.query) {
    if (key == name) {
      return value;
    }
  }
  return "";
}

Result<std::shared_ptr<QueryRecord>> FindQuery(ApiContext& context, const std::string& id) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  auto record = context.queries->Find(id);
  if (!record) {
    return NotFound("Query '" + id + "' not found");
  }
  return record;
}

Result<HttpResponse> GetQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(auto record, FindQuery(context, request.params[0]));
  std::lock_guard<std::mutex> lock(record->mu);
  return DataResponse(QueryInfo(*record));
}

Result<HttpResponse> ListQueries(ApiContext& context, const RouteRequest&) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  Array infos;
  for (const auto& record : context.queries->Active()) {
    std::lock_guard<std::mutex> lock(record->mu);
    infos.push_back(QueryInfo(*record));
  }
  return DataResponse(Value::MakeArray(std::move(infos)));
}

Result<HttpResponse> CancelQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(auto record, FindQuery(context, request.params[0]));
  record->cancelled = true;
  std::lock_guard<std::mutex> lock(record->mu);
  if (record->status == "QUEUED" || record->status == "RUNNING") {
    record->status = "CANCELLED";
  }
  return DataResponse(QueryInfo(*record));
}

Result<HttpResponse> GetPages(ApiContext& context, const RouteRequest& request) {
  BASALT_ASSIGN_OR_RETURN(auto record, FindQuery(context, request.params[0]));
  BASALT_ASSIGN_OR_RETURN(size_t start, ParseCursor(QueryParam(request, "cursor")));
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
                                      {"pagination", Pagination(first, count, total)}});
  return RawJsonResponse(ToJson(response));
}

void CollectParameters(const sql::Expr& expr, std::set<std::string>* names);
void CollectParametersInQuery(const sql::Query& query, std::set<std::string>* names);

void CollectParametersInTable(const sql::TableRef& ref, std::set<std::string>* names) {
  if (ref.subquery) {
    CollectParametersInQuery(*ref.subquery, names);
  }
  if (ref.expr) {
    CollectParameters(*ref.expr, names);
  }
  for (const auto& arg : ref.args) {
    CollectParameters(*arg, names);
  }
  if (ref.on) {
    CollectParameters(*ref.on, names);
  }
  if (ref.left) {
    CollectParametersInTable(*ref.left, names);
  }
  if (ref.right) {
    CollectParametersInTable(*ref.right, names);
  }
}

void CollectParametersInBody(const sql::QueryBody& body, std::set<std::string>* names) {
  if (body.select) {
    for (const auto& item : body.select->items) {
      CollectParameters(*item.expr, names);
    }
    if (body.select->from) {
      CollectParametersInTable(*body.select->from, names);
    }
    if (body.select->where) {
      CollectParameters(*body.select->where, names);
    }
    if (body.select->having) {
      CollectParameters(*body.select->having, names);
    }
    for (const auto& e : body.select->group_by.exprs) {
      CollectParameters(*e, names);
    }
  }
  if (body.left) {
    CollectParametersInBody(*body.left, names);
  }
  if (body.right) {
    CollectParametersInBody(*body.right, names);
  }
  if (body.query) {
    CollectParametersInQuery(*body.query, names);
  }
  for (const auto& e : body.values) {
    CollectParameters(*e, names);
  }
}

void CollectParametersInQuery(const sql::Query& query, std::set<std::string>* names) {
  for (const auto& cte : query.with) {
    CollectParametersInQuery(*cte.query, names);
  }
  CollectParametersInBody(*query.body, names);
  for (const auto& item : query.order_by) {
    CollectParameters(*item.expr, names);
  }
  if (query.limit) {
    CollectParameters(*query.limit, names);
  }
  if (query.offset) {
    CollectParameters(*query.offset, names);
  }
}

void CollectParameters(const sql::Expr& expr, std::set<std::string>* names) {
  if (expr.kind == sql::ExprKind::kParameter) {
    names->insert(expr.name);
  }
  for (const auto& arg : expr.args) {
    CollectParameters(*arg, names);
  }
  if (expr.else_expr) {
    CollectParameters(*expr.else_expr, names);
  }
  if (expr.filter) {
    CollectParameters(*expr.filter, names);
  }
  if (expr.subquery) {
    CollectParametersInQuery(*expr.subquery, names);
  }
}

Result<HttpResponse> ValidateQuery(ApiContext& context, const RouteRequest& request) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  BASALT_ASSIGN_OR_RETURN(Value body, ParseJsonBody(request.http, false));
  BASALT_ASSIGN_OR_RETURN(QueryRequest query, ParseQueryRequest(body));
  BASALT_ASSIGN_OR_RETURN(sql::Statement statement, sql::ParseStatement(query.sql));
  std::set<std::string> names;
  if (statement.query) {
    CollectParametersInQuery(*statement.query, &names);
  }
  sql::BindOptions options;
  options.parameters = query.options.parameters;
  for (const auto& name : names) {
    options.parameters.emplace(name, Value::Null());
  }
  SqlCatalogView view(context.catalog);
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
}

}  // namespace basalt::server
