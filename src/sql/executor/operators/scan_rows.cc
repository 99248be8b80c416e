#include "sql/executor/operators/scan_rows.h"

#include <algorithm>

#include "sql/executor/evaluate.h"
#include "sql/executor/operators/column_reads.h"
#include "sql/executor/value_ops.h"
#include "sql/functions/scalar/regex/regex_cache.h"

namespace basalt::sql {
namespace {

// The field paths of the scan row (slot 0) that `expr` reads. False when it may read the
// whole row: a reference to the row itself, or a subquery (its outer references see the
// row).
bool CollectRowPaths(const BoundExpr& expr, std::vector<const std::vector<std::string>*>* paths) {
  if (expr.subquery != nullptr) {
    return false;
  }
  if (expr.kind == BoundKind::kSlot) {
    if (expr.path.empty()) {
      return false;
    }
    paths->push_back(&expr.path);
  }
  for (const BoundExprPtr& arg : expr.args) {
    if (!CollectRowPaths(*arg, paths)) {
      return false;
    }
  }
  return true;
}

// Whether one of `a`, `b` is a prefix of the other (a read of one sees the other).
bool Overlaps(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t common = std::min(a.size(), b.size());
  return std::equal(a.begin(), a.begin() + long(common), b.begin());
}


}  // namespace

Status FilterDocument(const Value& doc, const BoundExpr* predicate, ExecContext& ctx,
                      std::vector<Row>* out) {
  Row row{doc};
  if (predicate != nullptr) {
    BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*predicate, row, ctx));
    if (!keep) {
      return Status::Ok();
    }
  }
  out->push_back(std::move(row));
  return Status::Ok();
}

Result<bool> ColumnRowReader::StringGuard::Test(std::string_view text) const {
  if (regexp) {
    return RegexPartialMatch("REGEXP_LIKE", pattern, text);
  }
  return LikeMatch(text, pattern, -1, case_insensitive) != negated;
}

std::optional<ColumnRowReader::StringGuard> ColumnRowReader::FindStringGuard(
    const std::vector<ScanColumn>& columns, const BoundExpr& predicate) {
  const BoundExpr* first = &predicate;
  while (first->kind == BoundKind::kAnd && !first->args.empty()) {
    first = first->args[0].get();
  }
  StringGuard guard;
  if (first->kind == BoundKind::kFunction && first->function != nullptr &&
      first->function->name == "REGEXP_LIKE") {
    guard.regexp = true;
  } else if (first->kind == BoundKind::kLike && (first->op == "LIKE" || first->op == "ILIKE")) {
    guard.case_insensitive = first->op == "ILIKE";
    guard.negated = first->negated;
  } else {
    return std::nullopt;
  }
  if (first->args.size() != 2 || first->args[0]->kind != BoundKind::kSlot ||
      first->args[0]->slot != 0 || first->args[1]->kind != BoundKind::kConstant ||
      !first->args[1]->value.is_string()) {
    return std::nullopt;
  }
  auto column = std::find_if(columns.begin(), columns.end(),
                             [&](const ScanColumn& c) { return c.keys == first->args[0]->path; });
  if (column == columns.end()) {
    return std::nullopt;
  }
  guard.col_idx = size_t(column - columns.begin());
  guard.pattern = first->args[1]->value.string_value();
  guard.whole = first == &predicate;
  return guard;
}

ColumnRowReader::ColumnRowReader(const std::vector<ScanColumn>& columns, const BoundExpr* predicate)
    : columns_(columns), predicate_(predicate), cursors_(columns.size()) {
  for (size_t col_idx = 0; col_idx < columns.size(); ++col_idx) {
    all_columns_.push_back(col_idx);
  }
  if (predicate != nullptr) {
    guard_ = FindStringGuard(columns, *predicate);
  }
  std::vector<const std::vector<std::string>*> paths;
  if (predicate == nullptr || !CollectRowPaths(*predicate, &paths)) {
    return;
  }
  for (size_t col_idx = 0; col_idx < columns.size(); ++col_idx) {
    bool read = std::any_of(paths.begin(), paths.end(), [&](const std::vector<std::string>* path) {
      return Overlaps(*path, columns[col_idx].keys);
    });
    if (read) {
      predicate_columns_.push_back(col_idx);
    }
  }
  if (predicate_columns_.size() == columns.size()) {
    predicate_columns_.clear();
  }
}

Result<const storage::ColumnChunk*> ColumnRowReader::Seek(storage::CollectionReader& reader,
                                                          size_t col_idx, uint64_t seq,
                                                          size_t* position) {
  Cursor& cursor = cursors_[col_idx];
  uint64_t chunk_no = seq / storage::kChunkSize;
  if (cursor.chunk_no != chunk_no) {
    BASALT_ASSIGN_OR_RETURN(cursor.chunk, reader.ReadColumnChunk(columns_[col_idx].path, chunk_no));
    cursor.chunk_no = chunk_no;
    cursor.position = 0;
  }
  if (!cursor.chunk) {
    return nullptr;
  }
  const storage::ColumnChunk& chunk = *cursor.chunk;
  auto slot = uint16_t(seq % storage::kChunkSize);
  while (cursor.position < chunk.size() && chunk.slots[cursor.position] < slot) {
    ++cursor.position;
  }
  if (cursor.position < chunk.size() && chunk.slots[cursor.position] == slot) {
    *position = cursor.position;
    return &chunk;
  }
  return nullptr;
}

Status ColumnRowReader::BuildDocument(storage::CollectionReader& reader,
                                      const std::vector<size_t>& col_idxs, uint64_t seq,
                                      Value* doc) {
  if (doc->is_object()) {
    doc->MutableObject().clear();  // reused: keeps its allocation
  } else {
    Object fields;
    fields.reserve(col_idxs.size());
    *doc = Value::MakeObject(std::move(fields));
  }
  for (size_t col_idx : col_idxs) {
    size_t position = 0;
    BASALT_ASSIGN_OR_RETURN(const storage::ColumnChunk* chunk,
                            Seek(reader, col_idx, seq, &position));
    if (chunk != nullptr) {
      SetColumnPath(doc, columns_[col_idx].keys, chunk->ValueAt(position));
    }
  }
  return Status::Ok();
}

Status ColumnRowReader::Read(storage::CollectionReader& reader, const std::vector<uint64_t>& seqs,
                             size_t begin, size_t end, ExecContext& ctx, std::vector<Row>* out) {
  size_t kept_before = out->size();
  for (size_t seq_idx = begin; seq_idx < end; ++seq_idx) {
    uint64_t seq = seqs[seq_idx];
    if (guard_) {
      size_t position = 0;
      BASALT_ASSIGN_OR_RETURN(const storage::ColumnChunk* chunk,
                              Seek(reader, guard_->col_idx, seq, &position));
      if (chunk != nullptr && chunk->layout == storage::ColumnChunk::Layout::kStrings &&
          chunk->type == ValueType::kString) {
        // An error (a bad pattern) comes from the evaluation below, with its position.
        Result<bool> passes = guard_->Test(chunk->StringAt(position));
        if (passes.ok() && !*passes) {
          continue;
        }
        if (passes.ok() && guard_->whole) {
          Value doc;
          BASALT_RETURN_IF_ERROR(BuildDocument(reader, all_columns_, seq, &doc));
          out->push_back(Row{std::move(doc)});
          continue;
        }
      }
    }
    if (!predicate_columns_.empty()) {
      // The predicate sees the same values at the paths it reads as in the whole row; the
      // partial row is reused from one document to the next.
      BASALT_RETURN_IF_ERROR(BuildDocument(reader, predicate_columns_, seq, &partial_[0]));
      BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*predicate_, partial_, ctx));
      if (!keep) {
        continue;
      }
      Value doc;
      BASALT_RETURN_IF_ERROR(BuildDocument(reader, all_columns_, seq, &doc));
      out->push_back(Row{std::move(doc)});
      continue;
    }
    Value doc;
    BASALT_RETURN_IF_ERROR(BuildDocument(reader, all_columns_, seq, &doc));
    BASALT_RETURN_IF_ERROR(FilterDocument(doc, predicate_, ctx, out));
  }
  rows_read_ += end - begin;
  rows_kept_ += out->size() - kept_before;
  if (!settled_ && rows_read_ >= kRowsToSettle) {
    // When most rows pass, testing first and building after is two passes over them.
    settled_ = true;
    if (rows_kept_ * 2 > rows_read_) {
      predicate_columns_.clear();
      if (guard_ && !guard_->whole) {
        guard_.reset();
      }
    }
  }
  return Status::Ok();
}

}  // namespace basalt::sql
