#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "sql/executor/exec_context.h"
#include "sql/planner/bound_expr.h"
#include "storage/reader.h"

namespace basalt::sql {

// Row production of a collection scan, shared by the serial scan and the workers of a
// parallel one (parallel_scan.h): a scan row is Row{document}, kept when the residual
// predicate (if any) is true.

// A field the scan reads from the column store: its object keys and its joined path.
struct ScanColumn {
  std::vector<std::string> keys;
  std::string path;
};

// Appends Row{doc} to `out` when `predicate` is null or true for it.
Status FilterDocument(const Value& doc, const BoundExpr* predicate, ExecContext& ctx,
                      std::vector<Row>* out);

// Builds the rows of a column scan: for each seq, an object holding the values of the
// columns (documents without a value at a path leave it out). When the predicate reads only
// some of the columns, those are read first and the others only for the rows it keeps.
// Keeps one chunk per column and a cursor in it, so seqs must come in ascending order
// across calls. Not thread-safe: one per thread; borrows `columns` and `predicate`.
class ColumnRowReader {
 public:
  ColumnRowReader(const std::vector<ScanColumn>& columns, const BoundExpr* predicate);

  // Appends the rows of `seqs[begin, end)` that pass the predicate to `out`.
  Status Read(storage::CollectionReader& reader, const std::vector<uint64_t>& seqs, size_t begin,
              size_t end, ExecContext& ctx, std::vector<Row>* out);

 private:
  struct Cursor {
    std::optional<storage::ColumnChunk> chunk;
    uint64_t chunk_no = UINT64_MAX;
    size_t position = 0;
  };
  // The chunk of column `col_idx` holding the value of `seq` at *position, or null when
  // the document has no value there.
  Result<const storage::ColumnChunk*> Seek(storage::CollectionReader& reader, size_t col_idx,
                                           uint64_t seq, size_t* position);
  // Sets *doc to the object of the values of `col_idxs` at `seq` (reusing *doc's object).
  Status BuildDocument(storage::CollectionReader& reader, const std::vector<size_t>& col_idxs,
                       uint64_t seq, Value* doc);

  // The predicate's leftmost conjunct when it is a string test of one column that runs on
  // the column chunk's bytes: REGEXP_LIKE(field, 'pattern'), field [NOT] [I]LIKE 'pattern'.
  // When it is false for a document, so is the predicate (AND stops at its first false
  // argument), and the row is not built at all.
  struct StringGuard {
    size_t col_idx = 0;
    bool regexp = false;  // REGEXP_LIKE, else LIKE
    bool case_insensitive = false;
    bool negated = false;
    std::string_view pattern;
    bool whole = false;  // the predicate is this test alone
    Result<bool> Test(std::string_view text) const;
  };
  static std::optional<StringGuard> FindStringGuard(const std::vector<ScanColumn>& columns,
                                                    const BoundExpr& predicate);

  const std::vector<ScanColumn>& columns_;
  const BoundExpr* predicate_;
  std::optional<StringGuard> guard_;
  std::vector<Cursor> cursors_;
  std::vector<size_t> all_columns_;
  // The columns the predicate reads, when fewer than all (else empty: one pass).
  std::vector<size_t> predicate_columns_;
  Row partial_{Value()};  // the row the predicate sees when predicate_columns_ is set
  // After kRowsToSettle rows, a predicate that keeps most rows is tested on whole rows.
  static constexpr size_t kRowsToSettle = 2048;
  size_t rows_read_ = 0;
  size_t rows_kept_ = 0;
  bool settled_ = false;
};

}  // namespace basalt::sql
