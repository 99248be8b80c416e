// Collection scan: either the documents an index look-up selects (fetched from the row store
// in seq order) or every document; the residual predicate is applied here.
#include <algorithm>
#include <optional>

#include "sql/executor/operators.h"
#include "sql/executor/operators/index_selection.h"
#include "sql/executor/operators/parallel_scan.h"
#include "sql/executor/operators/scan_rows.h"
#include "storage/field_path.h"

namespace basalt::sql {
namespace {

class ScanOperator : public Operator {
 public:
  explicit ScanOperator(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    BASALT_ASSIGN_OR_RETURN(reader_, ctx.Reader(node_.collection_id));
    predicate_ = node_.predicate.get();
    ChooseFetchFields();
    if (node_.order_limit >= 0 && !node_.use_index) {
      BASALT_ASSIGN_OR_RETURN(bool ordered, OpenIndexOrdered());
      if (ordered) {
        return Status::Ok();
      }
    }
    if (!node_.use_index) {
      if (node_.column_scan) {
        BASALT_RETURN_IF_ERROR(OpenColumns(nullptr));
      }
      return Status::Ok();
    }
    BASALT_ASSIGN_OR_RETURN(IndexSelection selection, SelectByIndex(*reader_, node_));
    seqs_ = std::move(selection.seqs);
    // Every exact probe applied: their conditions hold on every selected document, and the
    // columns only they read are not needed.
    if (selection.exact_applied) {
      residual_ = std::move(selection.residual);
      predicate_ = residual_.get();
      skip_probe_columns_ = true;
      ChooseFetchFields();
    }
    // No field needed at all (COUNT(*)): nothing to fetch.
    if (node_.column_scan && NeededColumns().empty()) {
      return OpenColumns(&seqs_);
    }
    // Many selected documents per column chunk: reading the needed columns beats fetching
    // whole documents.
    if (node_.column_scan && !seqs_.empty()) {
      size_t chunks = 1;
      for (size_t idx = 1; idx < seqs_.size(); ++idx) {
        chunks += seqs_[idx] / storage::kChunkSize != seqs_[idx - 1] / storage::kChunkSize;
      }
      if (seqs_.size() >= kColumnDensity * chunks) {
        BASALT_RETURN_IF_ERROR(OpenColumns(&seqs_));
      }
    }
    return Status::Ok();
  }

  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    while (out->empty()) {
      BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      if (parallel_) {
        return parallel_->Next(out);
      }
      // A scan that goes on past its first batches goes parallel from where it is (the
      // first batches are enough for small collections and LIMIT without ORDER BY).
      if (serial_batches_++ == kSerialBatches) {
        BASALT_RETURN_IF_ERROR(StartParallel(ctx));
        continue;
      }
      size_t kept = out->size();
      if (use_columns_) {
        if (next_index_ >= seqs_.size()) {
          return false;
        }
        size_t end = std::min(seqs_.size(), next_index_ + kBatchSize);
        BASALT_RETURN_IF_ERROR(column_rows_->Read(*reader_, seqs_, next_index_, end, ctx, out));
        serial_scanned_ += end - next_index_;
        next_index_ = end;
      } else if (node_.use_index || indexed_) {
        if (next_index_ >= seqs_.size()) {
          return false;
        }
        size_t end = std::min(seqs_.size(), next_index_ + kBatchSize);
        std::vector<uint64_t> batch(seqs_.begin() + long(next_index_), seqs_.begin() + long(end));
        next_index_ = end;
        auto filter = [&](uint64_t, const Value& doc) {
          return FilterDocument(doc, predicate_, ctx, out);
        };
        BASALT_RETURN_IF_ERROR(fetch_fields_
                                   ? reader_->MultiGetFields(batch, *fetch_fields_, filter)
                                   : reader_->MultiGet(batch, filter));
      } else {
        if (done_) {
          return false;
        }
        size_t taken = 0;
        bool stopped = false;
        Status st = reader_->ScanDocumentsFrom(next_seq_, [&](uint64_t seq, const Value& doc) {
          if (taken == kBatchSize) {
            next_seq_ = seq;
            stopped = true;
            return storage::StopIteration();
          }
          ++taken;
          return FilterDocument(doc, predicate_, ctx, out);
        });
        BASALT_RETURN_IF_ERROR(st);
        serial_scanned_ += taken;
        if (!stopped) {
          done_ = true;
        }
      }
      serial_kept_ += out->size() - kept;
    }
    return true;
  }

 private:
  static constexpr int kSerialBatches = 2;

  // The rest of a full scan (no index look-up, not index-ordered) may run on worker threads
  // when they filter out most rows: a scan that hands on (nearly) every row keeps the
  // consumer as busy as itself, and is left on the query's thread.
  Status StartParallel(ExecContext& ctx) {
    if (node_.use_index || indexed_ || ctx.threads() <= 1 || predicate_ == nullptr ||
        serial_kept_ * 2 > serial_scanned_) {
      return Status::Ok();
    }
    ParallelScan::Source source{.predicate = predicate_, .reader = reader_, .seqs = &seqs_};
    if (use_columns_) {
      source.columns = &columns_;
      source.begin = next_index_;
    } else {
      if (done_) {
        return Status::Ok();
      }
      BASALT_ASSIGN_OR_RETURN(storage::PostingSet all, reader_->AllDocuments());
      seqs_ = all.ToVector();
      source.begin =
          size_t(std::lower_bound(seqs_.begin(), seqs_.end(), next_seq_) - seqs_.begin());
    }
    BASALT_ASSIGN_OR_RETURN(parallel_, ParallelScan::Start(source, ctx));
    return Status::Ok();
  }

  // Column scan: every document, with only the needed fields, read from column chunks.
  // Used when every needed path holds no objects (the column store keeps the leaves of
  // objects, not the objects themselves); otherwise the scan reads whole documents.
  // Top-N in index order: reads the index of the sort field from the first value in sort
  // order until `order_limit` documents are covered (whole value groups, so that ties on
  // the first key reach the sort). Only when the index order is the sort order: every
  // document has the field, with one kind of value (no int/float mix, no arrays/objects).
  Result<bool> OpenIndexOrdered() {
    BASALT_ASSIGN_OR_RETURN(storage::PathStats stats, reader_->GetPathStats(node_.order_path));
    BASALT_ASSIGN_OR_RETURN(uint64_t documents, reader_->DocumentCount());
    const int64_t* counts = stats.count_by_type;
    if (counts[int(ValueType::kArray)] > 0 || counts[int(ValueType::kObject)] > 0 ||
        (counts[int(ValueType::kInt)] > 0 && counts[int(ValueType::kFloat)] > 0) ||
        stats.TotalCount() != int64_t(documents)) {
      return false;
    }
    std::vector<uint64_t> seqs;
    auto limit = uint64_t(node_.order_limit);
    BASALT_RETURN_IF_ERROR(reader_->ScanIndex(
        node_.order_path, node_.order_descending,
        [&](const Value&, const storage::PostingSet& postings) {
          if (seqs.size() >= limit) {
            return storage::StopIteration();
          }
          for (uint64_t seq : postings.ToVector()) {
            seqs.push_back(seq);
          }
          return Status::Ok();
        }));
    std::sort(seqs.begin(), seqs.end());
    seqs_ = std::move(seqs);
    indexed_ = true;
    if (node_.column_scan && node_.needed_columns.empty()) {
      BASALT_RETURN_IF_ERROR(OpenColumns(&seqs_));
    }
    return true;
  }

  // Documents fetched by seq need only the top-level fields of the needed columns when the
  // planner knows them all (the same condition as column reads).
  void ChooseFetchFields() {
    fetch_fields_.reset();
    if (!node_.column_scan) {
      return;
    }
    std::vector<std::string> fields;
    for (const std::vector<std::string>* keys : NeededColumns()) {
      if (std::find(fields.begin(), fields.end(), keys->front()) == fields.end()) {
        fields.push_back(keys->front());
      }
    }
    fetch_fields_ = std::move(fields);
  }

  // The columns to read: those the query needs, less those only answered conditions read.
  std::vector<const std::vector<std::string>*> NeededColumns() const {
    std::vector<const std::vector<std::string>*> out;
    for (const auto& keys : node_.needed_columns) {
      if (!skip_probe_columns_ || !node_.probe_only_columns.contains(keys)) {
        out.push_back(&keys);
      }
    }
    return out;
  }

  static constexpr size_t kColumnDensity = 64;

  // `selected`: the documents an index chose (ascending), or null for all of them.
  Status OpenColumns(const std::vector<uint64_t>* selected) {
    for (const std::vector<std::string>* keys : NeededColumns()) {
      std::string path = storage::JoinPath(*keys);
      BASALT_ASSIGN_OR_RETURN(storage::PathStats stats, reader_->GetPathStats(path));
      if (stats.count_by_type[int(ValueType::kObject)] > 0) {
        columns_.clear();
        return Status::Ok();
      }
      columns_.push_back(ScanColumn{*keys, path});
    }
    if (selected == nullptr) {
      BASALT_ASSIGN_OR_RETURN(storage::PostingSet all, reader_->AllDocuments());
      seqs_ = all.ToVector();
    }
    use_columns_ = true;
    column_rows_ = std::make_unique<ColumnRowReader>(columns_, predicate_);
    return Status::Ok();
  }

  const PlanNode& node_;
  storage::CollectionReader* reader_ = nullptr;
  std::vector<ScanColumn> columns_;
  std::unique_ptr<ColumnRowReader> column_rows_;
  // The condition each document must meet: the predicate, or what remains of it once
  // every exact probe is applied (then the columns only those probes' conditions read are
  // skipped). Documents fetched by seq decode only `fetch_fields_` when set.
  const BoundExpr* predicate_ = nullptr;
  BoundExprPtr residual_;
  bool skip_probe_columns_ = false;
  std::optional<std::vector<std::string>> fetch_fields_;
  // The serial start of a full scan: batches read, rows read and rows kept.
  int serial_batches_ = 0;
  size_t serial_scanned_ = 0;
  size_t serial_kept_ = 0;
  bool use_columns_ = false;
  bool indexed_ = false;  // seqs_ came from an index-ordered top-N
  std::vector<uint64_t> seqs_;
  size_t next_index_ = 0;
  uint64_t next_seq_ = 0;
  bool done_ = false;
  // The rest of a full scan running on worker threads; last, so that it stops (joins its
  // workers) before the members it reads (seqs_, columns_) go.
  std::unique_ptr<ParallelScan> parallel_;
};

}  // namespace

OperatorPtr MakeScanOperator(const PlanNode& node) {
  return std::make_unique<ScanOperator>(node);
}

}  // namespace basalt::sql
