#include "sql/engine.h"

#include <algorithm>

#include "common/parallel.h"
#include "common/time_util.h"
#include "sql/executor/exec_context.h"
#include "sql/executor/operators.h"
#include "sql/parser/parser.h"

namespace basalt::sql {

namespace {

// Splits a storage field path into its components; `[*]` becomes "*" (docs/formats/paths.md).
Value PathComponents(std::string_view path) {
  Array parts;
  std::string current;
  for (size_t pos = 0; pos < path.size(); ++pos) {
    char c = path[pos];
    if (c == '\\' && pos + 1 < path.size()) {
      current.push_back(path[++pos]);
    } else if (c == '.') {
      parts.push_back(Value::String(current));
      current.clear();
    } else if (path.compare(pos, 3, "[*]") == 0) {
      parts.push_back(Value::String(current));
      current.assign(1, '*');
      pos += 2;
      if (pos + 1 < path.size() && path[pos + 1] == '.') {
        parts.push_back(Value::String(current));
        current.clear();
        ++pos;
      }
    } else {
      current.push_back(c);
    }
  }
  parts.push_back(Value::String(current));
  return Value::MakeArray(std::move(parts));
}

// DESCRIBE collection (sql.md §7.8): one row per field path and type with the number of
// documents holding that type there, and the collection's document count.
Result<QueryResult> Describe(const Statement& statement, CatalogView& catalog,
                             const storage::Store& store) {
  BASALT_ASSIGN_OR_RETURN(ResolvedCollection collection,
                          catalog.ResolveCollection(statement.target));
  BASALT_ASSIGN_OR_RETURN(auto reader, store.NewReader(collection.id));
  BASALT_ASSIGN_OR_RETURN(uint64_t total, reader->DocumentCount());
  BASALT_ASSIGN_OR_RETURN(std::vector<std::string> paths, reader->ListPaths());
  std::sort(paths.begin(), paths.end());
  QueryResult result;
  result.collections = {collection.path};
  result.column_names = {"field", "type", "occurrences", "total"};
  for (const std::string& path : paths) {
    BASALT_ASSIGN_OR_RETURN(storage::PathStats stats, reader->GetPathStats(path));
    bool in_array = path.find("[*]") != std::string::npos;
    for (int type = 0; type < kValueTypeCount; ++type) {
      if (stats.count_by_type[type] <= 0) {
        continue;
      }
      int64_t occurrences = stats.count_by_type[type];
      if (in_array) {
        // Counters count distinct values per document inside arrays: count documents.
        BASALT_ASSIGN_OR_RETURN(storage::PostingSet docs,
                                reader->LookupType(path, ValueType(type)));
        occurrences = int64_t(docs.Cardinality());
      }
      result.rows.push_back(Value::MakeObject(
          {{"field", PathComponents(path)},
           {"type", Value::String(ValueTypeName(ValueType(type)))},
           {"occurrences", Value::Int(occurrences)},
           {"total", Value::Int(int64_t(total))}}));
    }
  }
  return result;
}

}  // namespace

Result<QueryResult> ExecuteSql(std::string_view sql, CatalogView& catalog,
                               const storage::Store& store, const QueryOptions& options) {
  BASALT_ASSIGN_OR_RETURN(Statement statement, ParseStatement(sql));
  if (statement.kind == Statement::Kind::kDescribe) {
    return Describe(statement, catalog, store);
  }
  BindOptions bind_options;
  bind_options.parameters = options.parameters;
  bind_options.default_row_limit = options.default_row_limit;
  bind_options.use_indexes = options.use_indexes;
  bind_options.use_column_store = options.use_column_store;
  bind_options.optimize = options.optimize;
  // The planner's statistics come from the readers the query then runs on (one snapshot).
  ExecContext ctx(store, FunctionContext{.now_micros = NowMicros(),
                                         .current_user = options.current_user,
                                         .current_role = options.current_role});
  bind_options.statistics = [&ctx](uint32_t collection_id) { return ctx.Reader(collection_id); };
  BASALT_ASSIGN_OR_RETURN(BoundQuery bound, BindStatement(statement, catalog, bind_options));
  QueryResult result;
  result.collections = bound.collections;
  if (bound.explain) {
    result.column_names = {"plan"};
    result.rows.push_back(Value::MakeObject({{"plan", Value::String(bound.plan->Explain())}}));
    return result;
  }
  result.column_names = bound.column_names;
  ctx.SetDeadline(std::chrono::steady_clock::now() + options.timeout);
  ctx.SetCancelFlag(options.cancelled);
  ctx.SetMemoryLimit(options.memory_limit_bytes);
  ctx.SetThreads(options.threads > 0 ? options.threads : DefaultQueryThreads());
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
