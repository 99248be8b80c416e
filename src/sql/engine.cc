#include "sql/engine.h"

#include "common/time_util.h"
#include "sql/executor/exec_context.h"
#include "sql/executor/operators.h"
#include "sql/parser/parser.h"

namespace basalt::sql {

Result<QueryResult> ExecuteSql(std::string_view sql, CatalogView& catalog,
                               const storage::Store& store, const QueryOptions& options) {
  BASALT_ASSIGN_OR_RETURN(Statement statement, ParseStatement(sql));
  BindOptions bind_options;
  bind_options.parameters = options.parameters;
  bind_options.default_row_limit = options.default_row_limit;
  bind_options.use_indexes = options.use_indexes;
  bind_options.use_column_store = options.use_column_store;
  bind_options.optimize = options.optimize;
  BASALT_ASSIGN_OR_RETURN(BoundQuery bound, BindStatement(statement, catalog, bind_options));
  QueryResult result;
  result.collections = bound.collections;
  if (bound.explain) {
    result.column_names = {"plan"};
    result.rows.push_back(Value::MakeObject({{"plan", Value::String(bound.plan->Explain())}}));
    return result;
  }
  result.column_names = bound.column_names;
  ExecContext ctx(store, FunctionContext{.now_micros = NowMicros()});
  ctx.SetDeadline(std::chrono::steady_clock::now() + options.timeout);
  ctx.SetCancelFlag(options.cancelled);
  ctx.SetMemoryLimit(options.memory_limit_bytes);
  BASALT_ASSIGN_OR_RETURN(auto op, BuildOperator(*bound.plan));
  BASALT_RETURN_IF_ERROR(op->Open(ctx));
  std::vector<Row> batch;
  while (true) {
    BASALT_ASSIGN_OR_RETURN(bool more, op->Next(ctx, &batch));
    if (!more) {
      break;
    }
    for (Row& row : batch) {
      // Results count against the query's memory budget too.
      BASALT_RETURN_IF_ERROR(ctx.Charge(int64_t(row[0].ApproxSize())));
      result.rows.push_back(std::move(row[0]));
    }
  }
  return result;
}

}  // namespace basalt::sql
