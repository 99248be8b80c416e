#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "catalog/objects.h"
#include "common/result.h"
#include "common/value.h"
#include "server/http_types.h"
#include "server/query_registry.h"
#include "server/router.h"
#include "sql/engine.h"
#include "sql/parser/ast.h"

namespace basalt::server {

// How to run a query: the engine's options plus sync/async and pagination (api.md §8.1).
// Shared by the Query API, virtual-instance queries, query lambdas and the scheduler.
struct QueryRunOptions {
  sql::QueryOptions options;
  bool async = false;
  int64_t client_timeout_ms = 0;
  int64_t max_initial_results = -1;  // -1: no pagination requested
};

// Reads async, async_options, timeout_ms and max_initial_results from `body`, and
// default_row_limit, paginate and initial_paginate_response_doc_count from `legacy` (the
// `sql` object of a QueryRequest, the body itself of an ExecuteQueryLambdaRequest).
// Parameters are not read here. INVALIDINPUT for wrongly typed or out-of-range values.
Result<QueryRunOptions> ParseRunOptions(const Value& body, const Value& legacy);

// A QueryRequest body (api.md §8.1): sql.query, sql.parameters and the run options.
struct QueryRequest {
  std::string sql;
  QueryRunOptions run;
};
Result<QueryRequest> ParseQueryRequest(const Value& body);

// What a run adds besides the SQL: the lambda path reported in the response, and a
// callback told the outcome once the query finished (sync or async; any thread).
struct RunExtras {
  std::string query_lambda_path;
  std::function<void(const Status&)> on_finish;
};

// Who runs a query. `principal.email` is recorded as executed_by and, with the role, shown
// by CURRENT_USER() / CURRENT_ROLE(). With `check_reads`, every workspace the SQL reads needs
// QUERY_DATA_WS (403 FORBIDDEN); lambda executions run without it, needing only
// EXECUTE_QUERY_LAMBDA_WS, because a lambda's SQL is checked against its author when stored.
struct QueryRunner {
  catalog::Principal principal;
  bool check_reads = true;
};

// NOTIMPLEMENTEDYET when the server runs without a store or query registry (some tests).
Status RequireQueries(ApiContext& context);

// Runs `sql` as the Query API does and answers with the QueryResponse (sync, or async per
// `run`), or the query's error.
Result<HttpResponse> RunSqlRequest(ApiContext& context, std::string sql, const QueryRunOptions& run,
                                   const QueryRunner& runner, RunExtras extras);

// Runs `sql` synchronously and returns the finished record (status COMPLETED, ERROR or
// CANCELLED), registered so that its id can be paged and looked up.
Result<std::shared_ptr<QueryRecord>> RunSqlSync(ApiContext& context, std::string sql,
                                                const sql::QueryOptions& options,
                                                const QueryRunner& runner, RunExtras extras);

// The QueryResponse of a completed record (api.md §8.2). REQUIRES: record.mu held.
std::string QueryResponseJson(QueryRecord& record, int64_t max_initial_results);
// QueryInfo (api.md §8.5). REQUIRES: record.mu held.
Value QueryInfoToApi(QueryRecord& record);

// Page cursors are opaque strings "c<row>".
std::string Cursor(size_t offset);
Result<size_t> ParseCursor(std::string_view cursor);
Value PaginationToApi(size_t start, size_t count, size_t total);

Value StringArray(const std::vector<std::string>& items);

// The names of the `:name` parameters a statement uses.
std::set<std::string> ParametersOf(const sql::Statement& statement);

}  // namespace basalt::server
