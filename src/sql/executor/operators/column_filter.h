#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "sql/executor/exec_context.h"
#include "sql/executor/operators/column_reads.h"
#include "sql/planner/bound_expr.h"

namespace basalt::sql {

// A scan's pushed-down predicate evaluated over column chunks (a column scan that filters
// before aggregating). Each conjunct that compares a field with a constant (`=`, `<>`, `<`,
// `<=`, `>`, `>=`, BETWEEN) runs as a typed loop over the chunk's int, float or string
// array when the constant has the chunk's type (once per distinct string of a
// dictionary-coded chunk); any other conjunct, or another chunk layout, is evaluated row by
// row by the expression evaluator on an object holding the fields it reads. Either way the
// result is the evaluator's.
class ColumnFilter {
 public:
  // Null when the predicate reads more than fields of the scanned document (the whole
  // document, say). A null predicate passes every row.
  static std::optional<ColumnFilter> Make(const BoundExpr* predicate);

  // The fields the predicate reads, as object-key paths.
  const std::vector<std::vector<std::string>>& fields() const { return fields_; }

  // Rows [0, rows) of one chunk, field i read into columns[column_of_field[i]]: leaves the
  // passing rows in `selected` (ascending). `ctx` evaluates row by row (a per-thread
  // context without storage).
  Status Select(const std::vector<ChunkColumn>& columns, const std::vector<int>& column_of_field,
                size_t rows, ExecContext& ctx, std::vector<uint32_t>* selected) const;

 private:
  struct Conjunct {
    const BoundExpr* expr = nullptr;
    std::vector<int> fields;  // indexes into fields_
    // A typed comparison `field op constant`.
    bool comparison = false;
    std::string op;
    Value constant;
  };
  int FieldIndex(const std::vector<std::string>& path);
  bool AddFields(const BoundExpr& expr, Conjunct* conjunct);
  static bool TypedSelect(const Conjunct& conjunct, const ChunkColumn& column,
                          std::vector<uint32_t>* selected);

  std::vector<std::vector<std::string>> fields_;
  std::vector<Conjunct> conjuncts_;
  // The predicate is an AND: a non-boolean operand is AND's type error (a lone condition
  // that is not true just drops the row).
  bool is_and_ = false;
};

}  // namespace basalt::sql
