// Query execution shared by the Query API (api.md §8), virtual-instance queries (§12),
// query lambdas (§9) and the lambda scheduler (§9.1).
#include "server/query_exec.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <new>
#include <utility>

#include "catalog/ids.h"
#include "common/json.h"
#include "common/time_util.h"
#include "server/query_params.h"
#include "server/responses.h"
#include "server/sql_catalog_view.h"

namespace basalt::server {
namespace {

constexpr int64_t kMaxSyncTimeoutMs = 120000;
constexpr int64_t kMaxAsyncTimeoutMs = 1800000;

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

// "sql." for fields read from the `sql` object of a QueryRequest, "" for lambda bodies.
std::string FieldName(const Value& body, const Value& legacy, std::string_view name) {
  return (&body == &legacy ? "" : "sql.") + std::string(name);
}

}  // namespace

Result<QueryRunOptions> ParseRunOptions(const Value& body, const Value& legacy) {
  QueryRunOptions run;
  BASALT_ASSIGN_OR_RETURN(run.options.default_row_limit,
                          OptionalInt(legacy.Get("default_row_limit"),
                                      FieldName(body, legacy, "default_row_limit"), 0));
  if (run.options.default_row_limit < 0) {
    return InvalidInput(FieldName(body, legacy, "default_row_limit") + " must not be negative");
  }
  const Value& is_async = body.Get("async");
  run.async = is_async.type() == ValueType::kBool && is_async.bool_value();
  const Value& async_options = body.Get("async_options");
  BASALT_ASSIGN_OR_RETURN(run.client_timeout_ms, OptionalInt(async_options.Get("client_timeout_ms"),
                                                             "async_options.client_timeout_ms", 0));
  int64_t default_timeout = run.async ? kMaxAsyncTimeoutMs : kMaxSyncTimeoutMs;
  BASALT_ASSIGN_OR_RETURN(int64_t timeout,
                          OptionalInt(body.Get("timeout_ms"), "timeout_ms", default_timeout));
  if (run.async) {
    BASALT_ASSIGN_OR_RETURN(
        timeout, OptionalInt(async_options.Get("timeout_ms"), "async_options.timeout_ms", timeout));
  }
  if (timeout <= 0) {
    return InvalidInput("timeout_ms must be positive");
  }
  run.options.timeout = std::chrono::milliseconds(std::min(timeout, default_timeout));
  // Pagination: max_initial_results, or the legacy spellings.
  BASALT_ASSIGN_OR_RETURN(int64_t max_initial,
                          OptionalInt(body.Get("max_initial_results"), "max_initial_results", -1));
  if (max_initial < 0) {
    BASALT_ASSIGN_OR_RETURN(max_initial, OptionalInt(async_options.Get("max_initial_results"),
                                                     "async_options.max_initial_results", -1));
  }
  const Value& paginate = legacy.Get("paginate");
  if (max_initial < 0 && paginate.type() == ValueType::kBool && paginate.bool_value()) {
    std::string name = FieldName(body, legacy, "initial_paginate_response_doc_count");
    BASALT_ASSIGN_OR_RETURN(
        max_initial, OptionalInt(legacy.Get("initial_paginate_response_doc_count"), name, 10000));
  }
  if (max_initial > 100000) {
    return InvalidInput("max_initial_results must be at most 100000");
  }
  run.max_initial_results = max_initial;
  return run;
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
  BASALT_ASSIGN_OR_RETURN(request.run, ParseRunOptions(body, sql));
  BASALT_ASSIGN_OR_RETURN(request.run.options.parameters,
                          ParseQueryParameters(sql.Get("parameters")));
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

Value PaginationToApi(size_t start, size_t count, size_t total) {
  Value next = start + count < total ? Value::String(Cursor(start + count)) : Value::Null();
  return Value::MakeObject(
      {{"start_cursor", Value::String(Cursor(start))},
       {"next_cursor", next},
       {"next_cursor_offset",
        start + count < total ? Value::Int(int64_t(start + count)) : Value::Null()},
       {"current_page_doc_count", Value::Int(int64_t(count))}});
}

Value StringArray(const std::vector<std::string>& items) {
  Array out;
  for (const auto& item : items) {
    out.push_back(Value::String(item));
  }
  return Value::MakeArray(std::move(out));
}

namespace {

Value ColumnFields(const std::vector<std::string>& names) {
  Array fields;
  for (const auto& name : names) {
    fields.push_back(
        Value::MakeObject({{"name", Value::String(name)}, {"type", Value::String("")}}));
  }
  return Value::MakeArray(std::move(fields));
}

// Runs the query and fills the record (any thread), then tells `on_finish`.
void Execute(ApiContext& context, const std::shared_ptr<QueryRecord>& record,
             sql::QueryOptions options, const QueryRunner& runner,
             const std::function<void(const Status&)>& on_finish) {
  bool cancelled_before_start = false;
  {
    std::lock_guard<std::mutex> lock(record->mu);
    cancelled_before_start = record->cancelled;
    record->status = cancelled_before_start ? "CANCELLED" : "RUNNING";
  }
  if (cancelled_before_start) {
    if (on_finish) {
      on_finish(Status(ErrorCode::kQueryCancelled, "Query was cancelled"));
    }
    record->done.notify_all();
    return;
  }
  options.cancelled = &record->cancelled;
  if (context.virtual_instances != nullptr) {
    context.virtual_instances->NoteQuery(NowMicros() / 1000);
  }
  auto start = std::chrono::steady_clock::now();
  options.current_user = runner.principal.email;
  options.current_role =
      runner.principal.email.empty() ? "" : context.access.RoleName(runner.principal);
  SqlCatalogView view(context.catalog, runner.check_reads ? &context.access : nullptr,
                      runner.principal);
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
  Status outcome = result.status();
  {
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
  }
  // Before waking waiters, so that stats are recorded when the response goes out.
  if (on_finish) {
    on_finish(outcome);
  }
  record->done.notify_all();
}

}  // namespace

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
      {"pagination", max_initial_results < 0 ? Value::Null() : PaginationToApi(0, count, total)},
      {"query_errors", Value::Null()},
      {"warnings", Value::Null()},
      {"last_offset", Value::Null()},
  });
  if (!record.query_lambda_path.empty()) {
    response.Set("query_lambda_path", Value::String(record.query_lambda_path));
  }
  return ToJson(response);
}

Value QueryInfoToApi(QueryRecord& record) {
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

Result<std::shared_ptr<QueryRecord>> RunSqlSync(ApiContext& context, std::string sql,
                                                const sql::QueryOptions& options,
                                                const QueryRunner& runner, RunExtras extras) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  auto record = context.queries->Create(std::move(sql), runner.principal.email);
  record->query_lambda_path = std::move(extras.query_lambda_path);
  Execute(context, record, options, runner, extras.on_finish);
  return record;
}

Result<HttpResponse> RunSqlRequest(ApiContext& context, std::string sql, const QueryRunOptions& run,
                                   const QueryRunner& runner, RunExtras extras) {
  BASALT_RETURN_IF_ERROR(RequireQueries(context));
  if (!run.async) {
    BASALT_ASSIGN_OR_RETURN(
        auto record, RunSqlSync(context, std::move(sql), run.options, runner, std::move(extras)));
    std::lock_guard<std::mutex> lock(record->mu);
    if (record->status != "COMPLETED") {
      if (record->error.ok()) {
        return Status(ErrorCode::kQueryCancelled, "Query was cancelled");
      }
      return record->error;
    }
    return RawJsonResponse(QueryResponseJson(*record, run.max_initial_results));
  }
  auto record = context.queries->Create(std::move(sql), runner.principal.email);
  record->query_lambda_path = std::move(extras.query_lambda_path);
  context.queries->Submit(
      [&context, record, options = run.options, runner, on_finish = std::move(extras.on_finish)]() {
        Execute(context, record, options, runner, on_finish);
      });
  std::unique_lock<std::mutex> lock(record->mu);
  record->done.wait_for(lock, std::chrono::milliseconds(run.client_timeout_ms), [&]() {
    return record->status != "QUEUED" && record->status != "RUNNING";
  });
  if (record->status == "COMPLETED") {
    return RawJsonResponse(QueryResponseJson(*record, run.max_initial_results));
  }
  Value errors = Value::Null();
  if (record->status == "ERROR") {
    errors = QueryInfoToApi(*record).Get("query_errors");
  }
  Value response = Value::MakeObject({{"query_id", Value::String(record->id)},
                                      {"status", Value::String(record->status)},
                                      {"query_errors", errors}});
  if (!record->query_lambda_path.empty()) {
    response.Set("query_lambda_path", Value::String(record->query_lambda_path));
  }
  return RawJsonResponse(ToJson(response));
}

namespace {

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

}  // namespace

std::set<std::string> ParametersOf(const sql::Statement& statement) {
  std::set<std::string> names;
  if (statement.query) {
    CollectParametersInQuery(*statement.query, &names);
  }
  return names;
}

}  // namespace basalt::server
