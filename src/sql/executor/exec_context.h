#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "sql/functions/function.h"
#include "sql/planner/bound_expr.h"
#include "storage/store.h"

namespace basalt::sql {

inline constexpr size_t kBatchSize = 1024;

// The error of a query that needs more memory than its budget.
Status MemoryLimitExceeded(int64_t limit_bytes);

// Per-query execution state: the storage snapshot readers, the function context, the
// deadline and cancellation flag, the memory budget, and the rows of enclosing queries
// (for correlated subqueries). Not thread-safe: one per executing query.
class ExecContext {
 public:
  ExecContext(const storage::Store& store, FunctionContext functions)
      : store_(&store), functions_(functions) {}
  // A context with no storage (expressions over in-memory rows, sql/input_query.h): Reader
  // fails.
  explicit ExecContext(FunctionContext functions) : functions_(functions) {}

  const FunctionContext& functions() const { return functions_; }

  // One reader (snapshot) per collection for the whole query, so the query sees one state.
  Result<storage::CollectionReader*> Reader(uint32_t collection_id);

  // Deadline and cancellation; checked between batches.
  void SetDeadline(std::chrono::steady_clock::time_point deadline) { deadline_ = deadline; }
  void SetCancelFlag(const std::atomic<bool>* cancelled) { cancelled_ = cancelled; }
  Status CheckInterrupt() const;

  // Memory accounting for materialising operators (sort, aggregate, join build, distinct).
  void SetMemoryLimit(int64_t bytes) { memory_limit_ = bytes; }
  Status Charge(int64_t bytes);
  void Release(int64_t bytes) { memory_used_ -= bytes; }

  // Threads the query's scans may use (1: everything on the calling thread).
  void SetThreads(int threads) { threads_ = threads < 1 ? 1 : threads; }
  int threads() const { return threads_; }

  // The memory budget (parallel workers each keep within a share of it).
  int64_t memory_limit() const { return memory_limit_; }

  // A context for one worker thread of a parallel operator: the same functions, deadline,
  // cancellation flag and memory limit, one thread, no storage (Reader fails), no outer
  // rows, its own caches. Evaluates only ParallelSafe expressions (operators/parallel_scan.h).
  std::unique_ptr<ExecContext> WorkerContext() const;

  // Rows of enclosing queries, innermost last.
  std::vector<const Row*>& outer_rows() { return outer_rows_; }

  // WITH RECURSIVE: the rows (row objects) the current round of each recursive CTE reads.
  std::unordered_map<int, std::vector<Row>>& working_tables() { return working_tables_; }

  // Results of uncorrelated subqueries, computed once per query.
  std::unordered_map<const BoundExpr*, Value>& subquery_cache() { return subquery_cache_; }
  std::unordered_map<const BoundExpr*, std::shared_ptr<void>>& subquery_sets() {
    return subquery_sets_;
  }

 private:
  const storage::Store* store_ = nullptr;
  FunctionContext functions_;
  std::map<uint32_t, std::unique_ptr<storage::CollectionReader>> readers_;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  const std::atomic<bool>* cancelled_ = nullptr;
  int64_t memory_limit_ = int64_t(2) << 30;
  int64_t memory_used_ = 0;
  int threads_ = 1;
  std::vector<const Row*> outer_rows_;
  std::unordered_map<const BoundExpr*, Value> subquery_cache_;
  std::unordered_map<int, std::vector<Row>> working_tables_;
  std::unordered_map<const BoundExpr*, std::shared_ptr<void>> subquery_sets_;
};

}  // namespace basalt::sql
