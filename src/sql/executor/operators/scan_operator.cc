// Collection scan: either the documents an index look-up selects (fetched from the row store
// in seq order) or every document; the residual predicate is applied here.
#include "sql/executor/evaluate.h"
#include "sql/executor/operators.h"

namespace basalt::sql {
namespace {

class ScanOperator : public Operator {
 public:
  explicit ScanOperator(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    BASALT_ASSIGN_OR_RETURN(reader_, ctx.Reader(node_.collection_id));
    if (!node_.use_index) return Status::Ok();
    bool first = true;
    storage::PostingSet selected;
    for (const IndexProbe& probe : node_.probes) {
      BASALT_ASSIGN_OR_RETURN(storage::PostingSet postings, Probe(probe));
      if (first) {
        selected = std::move(postings);
        first = false;
      } else {
        selected.IntersectWith(postings);
      }
      if (selected.Empty()) break;
    }
    seqs_ = selected.ToVector();
    return Status::Ok();
  }

  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    while (out->empty()) {
      BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      if (node_.use_index) {
        if (next_index_ >= seqs_.size()) return false;
        size_t end = std::min(seqs_.size(), next_index_ + kBatchSize);
        std::vector<uint64_t> batch(seqs_.begin() + long(next_index_), seqs_.begin() + long(end));
        next_index_ = end;
        BASALT_RETURN_IF_ERROR(reader_->MultiGet(batch, [&](uint64_t, const Value& doc) {
          return Emit(doc, ctx, out);
        }));
      } else {
        if (done_) return false;
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
        if (!stopped) done_ = true;
      }
    }
    return true;
  }

 private:
  Status Emit(const Value& doc, ExecContext& ctx, std::vector<Row>* out) {
    Row row{doc};
    if (node_.predicate) {
      BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*node_.predicate, row, ctx));
      if (!keep) return Status::Ok();
    }
    out->push_back(std::move(row));
    return Status::Ok();
  }

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
    }
    return Internal("unknown index probe");
  }

  const PlanNode& node_;
  storage::CollectionReader* reader_ = nullptr;
  std::vector<uint64_t> seqs_;
  size_t next_index_ = 0;
  uint64_t next_seq_ = 0;
  bool done_ = false;
};

}  // namespace

OperatorPtr MakeScanOperator(const PlanNode& node) { return std::make_unique<ScanOperator>(node); }

}  // namespace basalt::sql
