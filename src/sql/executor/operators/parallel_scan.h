#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "common/result.h"
#include "sql/executor/exec_context.h"
#include "sql/executor/operators/scan_rows.h"
#include "sql/planner/bound_expr.h"
#include "storage/reader.h"

namespace basalt::sql {

// Whether `expr` may be evaluated on worker threads, each with its own ExecContext
// (ExecContext::WorkerContext): no subqueries (their caches and plans live in the query's
// context) and no references to enclosing queries' rows. Scalar functions see only their
// arguments and the FunctionContext, and their shared caches lock (regex, time zones).
bool ParallelSafe(const BoundExpr& expr);

// Below this many morsels a full scan stays on the query's thread.
inline constexpr size_t kMinParallelMorsels = 3;

// A full scan of a collection run on worker threads (morsel-driven): the seq space is cut
// into morsels of one column chunk each (storage::kChunkSize seqs); each worker reads
// morsels with its own fork of the query's reader, builds the scan rows and applies the
// residual predicate. Next hands out the surviving rows in seq order, exactly as the serial
// scan would: the morsels' rows wait in a reorder buffer, at most a few morsels per worker
// ahead of the consumer (memory stays bounded).
//
// An error in a morsel (a bad predicate value, a timeout, a storage error) comes out of
// Next after the rows before it, and stops the hand-out of later morsels; errors of
// morsels the consumer never reaches are never seen. Destroying the scan stops the
// workers (they check between batches of rows) and joins them: a consumer may stop
// early (LIMIT). Next must be called from one thread.
class ParallelScan {
 public:
  // What the scan reads: the documents of `seqs` (ascending; the collection's live
  // documents) from index `begin` on, whole from the row store when `columns` is null,
  // else those columns; the rows `predicate` (if any) keeps.
  struct Source {
    const BoundExpr* predicate = nullptr;
    storage::CollectionReader* reader = nullptr;
    const std::vector<uint64_t>* seqs = nullptr;
    size_t begin = 0;
    const std::vector<ScanColumn>* columns = nullptr;
  };

  // Starts a parallel scan with ctx.threads() workers, or returns null when the scan is
  // better left serial: one thread, a predicate that is not ParallelSafe, or fewer than
  // kMinParallelMorsels morsels. `source`'s pointers must outlive the scan.
  static Result<std::unique_ptr<ParallelScan>> Start(const Source& source, ExecContext& ctx);

  ~ParallelScan();
  ParallelScan(const ParallelScan&) = delete;
  ParallelScan& operator=(const ParallelScan&) = delete;

  // Replaces `out` with the next rows (at most kBatchSize); false at the end.
  Result<bool> Next(std::vector<Row>* out);

  // How many parallel scans this process has started (tests check that one ran).
  static uint64_t StartedCount();

  class State;

 private:
  explicit ParallelScan(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace basalt::sql
