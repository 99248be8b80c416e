#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"
#include "sql/planner/binder.h"
#include "storage/store.h"

namespace basalt::sql {

struct QueryOptions {
  std::map<std::string, Value> parameters;
  int64_t default_row_limit = 0;
  std::chrono::milliseconds timeout{120000};
  const std::atomic<bool>* cancelled = nullptr;
  int64_t memory_limit_bytes = int64_t(2) << 30;
  bool use_indexes = true;
  bool use_column_store = true;
  bool optimize = true;  // see BindOptions::optimize
  // Threads a query may use for its scans (0: DefaultQueryThreads(), common/parallel.h).
  int threads = 0;
  // Who runs the query, for CURRENT_USER() and CURRENT_ROLE() (empty outside a request).
  std::string current_user;
  std::string current_role;
};

struct QueryResult {
  std::vector<Value> rows;                // objects; undefined fields already left out
  std::vector<std::string> column_names;  // empty for SELECT *
  std::vector<std::string> collections;
};

// Parses, binds, plans and runs one SQL statement against one consistent snapshot per
// collection. EXPLAIN returns one row {"plan": text}. Errors carry Rockset's codes.
Result<QueryResult> ExecuteSql(std::string_view sql, CatalogView& catalog,
                               const storage::Store& store, const QueryOptions& options);

}  // namespace basalt::sql
