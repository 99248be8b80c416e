// Collection scan: either the documents an index look-up selects (fetched from the row store
// in seq order) or every document; the residual predicate is applied here.
#include <algorithm>

#include "sql/executor/evaluate.h"
#include "sql/executor/operators.h"
#include "storage/field_path.h"

namespace basalt::sql {
namespace {

class ScanOperator : public Operator {
 public:
  explicit ScanOperator(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    BASALT_ASSIGN_OR_RETURN(reader_, ctx.Reader(node_.collection_id));
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
    bool first = true;
    storage::PostingSet selected;
    for (const IndexProbe& probe : node_.probes) {
      if (probe.optional) {
        // Reading a range of many distinct values costs more than filtering the documents
        // the other probes select.
        BASALT_ASSIGN_OR_RETURN(storage::PathStats stats, reader_->GetPathStats(probe.path));
        if (stats.distinct_estimate > kMaxOptionalRangeValues) {
          continue;
        }
      }
      BASALT_ASSIGN_OR_RETURN(storage::PostingSet postings, Probe(probe));
      if (first) {
        selected = std::move(postings);
        first = false;
      } else {
        selected.IntersectWith(postings);
      }
      if (selected.Empty()) {
        break;
      }
    }
    seqs_ = selected.ToVector();
    // No field needed at all (COUNT(*)): nothing to fetch.
    if (node_.column_scan && node_.needed_columns.empty()) {
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
      if (use_columns_) {
        if (next_index_ >= seqs_.size()) {
          return false;
        }
        BASALT_RETURN_IF_ERROR(NextColumnBatch(ctx, out));
      } else if (node_.use_index || indexed_) {
        if (next_index_ >= seqs_.size()) {
          return false;
        }
        size_t end = std::min(seqs_.size(), next_index_ + kBatchSize);
        std::vector<uint64_t> batch(seqs_.begin() + long(next_index_), seqs_.begin() + long(end));
        next_index_ = end;
        BASALT_RETURN_IF_ERROR(reader_->MultiGet(
            batch, [&](uint64_t, const Value& doc) { return Emit(doc, ctx, out); }));
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
          return Emit(doc, ctx, out);
        });
        BASALT_RETURN_IF_ERROR(st);
        if (!stopped) {
          done_ = true;
        }
      }
    }
    return true;
  }

 private:
  Status Emit(const Value& doc, ExecContext& ctx, std::vector<Row>* out) {
    Row row{doc};
    if (node_.predicate) {
      BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*node_.predicate, row, ctx));
      if (!keep) {
        return Status::Ok();
      }
    }
    out->push_back(std::move(row));
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

  static constexpr size_t kColumnDensity = 64;
  static constexpr double kMaxOptionalRangeValues = 1000;

  // `selected`: the documents an index chose (ascending), or null for all of them.
  Status OpenColumns(const std::vector<uint64_t>* selected) {
    for (const auto& keys : node_.needed_columns) {
      std::string path = storage::JoinPath(keys);
      BASALT_ASSIGN_OR_RETURN(storage::PathStats stats, reader_->GetPathStats(path));
      if (stats.count_by_type[int(ValueType::kObject)] > 0) {
        return Status::Ok();
      }
      columns_.push_back(Column{keys, path, std::nullopt, 0});
    }
    if (selected == nullptr) {
      BASALT_ASSIGN_OR_RETURN(storage::PostingSet all, reader_->AllDocuments());
      seqs_ = all.ToVector();
    }
    use_columns_ = true;
    return Status::Ok();
  }

  Status NextColumnBatch(ExecContext& ctx, std::vector<Row>* out) {
    size_t end = std::min(seqs_.size(), next_index_ + kBatchSize);
    for (; next_index_ < end; ++next_index_) {
      uint64_t seq = seqs_[next_index_];
      uint64_t chunk_no = seq / storage::kChunkSize;
      Object fields;
      fields.reserve(columns_.size());
      Value doc = Value::MakeObject(std::move(fields));
      for (Column& column : columns_) {
        if (!column.chunk || column.chunk->chunk_no != chunk_no) {
          BASALT_ASSIGN_OR_RETURN(column.chunk, reader_->ReadColumnChunk(column.path, chunk_no));
          column.cursor = 0;
        }
        if (!column.chunk) {
          continue;
        }
        const storage::ColumnChunk& chunk = *column.chunk;
        auto slot = uint16_t(seq % storage::kChunkSize);
        while (column.cursor < chunk.size() && chunk.slots[column.cursor] < slot) {
          ++column.cursor;
        }
        if (column.cursor < chunk.size() && chunk.slots[column.cursor] == slot) {
          SetPath(&doc, column.keys, chunk.ValueAt(column.cursor));
        }
      }
      BASALT_RETURN_IF_ERROR(Emit(doc, ctx, out));
    }
    return Status::Ok();
  }

  static void SetPath(Value* doc, const std::vector<std::string>& keys, Value value) {
    if (keys.size() == 1) {
      doc->Set(keys[0], std::move(value));
      return;
    }
    Value* current = doc;
    for (size_t idx = 0; idx + 1 < keys.size(); ++idx) {
      Object& fields = current->MutableObject();
      Value* child = nullptr;
      for (Field& f : fields) {
        if (f.first == keys[idx]) {
          child = &f.second;
        }
      }
      if (child == nullptr) {
        fields.emplace_back(keys[idx], Value::EmptyObject());
        child = &fields.back().second;
      } else if (!child->is_object()) {
        return;  // cannot happen when no path holds objects; keep the row consistent
      }
      current = child;
    }
    current->Set(keys.back(), std::move(value));
  }

  struct Column {
    std::vector<std::string> keys;
    std::string path;
    std::optional<storage::ColumnChunk> chunk;
    size_t cursor = 0;
  };

  Result<storage::PostingSet> Probe(const IndexProbe& probe) {
    switch (probe.kind) {
      case IndexProbe::Kind::kEqual:
        return reader_->LookupEqual(probe.path, probe.values[0]);
      case IndexProbe::Kind::kIn: {
        storage::PostingSet all;
        for (const Value& v : probe.values) {
          BASALT_ASSIGN_OR_RETURN(auto postings, reader_->LookupEqual(probe.path, v));
          all.UnionWith(postings);
        }
        return all;
      }
      case IndexProbe::Kind::kRange:
        return reader_->LookupRange(probe.path, probe.range);
      case IndexProbe::Kind::kPrefix:
        return reader_->LookupPrefix(probe.path, probe.prefix);
      case IndexProbe::Kind::kAnyOf: {
        storage::PostingSet all;
        for (const IndexProbe& branch : probe.any_of) {
          BASALT_ASSIGN_OR_RETURN(auto postings, Probe(branch));
          all.UnionWith(postings);
        }
        return all;
      }
    }
    return Internal("unknown index probe");
  }

  const PlanNode& node_;
  storage::CollectionReader* reader_ = nullptr;
  std::vector<Column> columns_;
  bool use_columns_ = false;
  bool indexed_ = false;  // seqs_ came from an index-ordered top-N
  std::vector<uint64_t> seqs_;
  size_t next_index_ = 0;
  uint64_t next_seq_ = 0;
  bool done_ = false;
};

}  // namespace

OperatorPtr MakeScanOperator(const PlanNode& node) {
  return std::make_unique<ScanOperator>(node);
}

}  // namespace basalt::sql
