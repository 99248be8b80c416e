// ORDER BY (with LIMIT fused as a bounded top-N when the plan sets `limit`).
#include <algorithm>
#include <queue>

#include "sql/executor/evaluate.h"
#include "sql/executor/operators.h"

namespace basalt::sql {
namespace {

struct Keyed {
  std::vector<Value> keys;
  Row row;
  uint64_t order = 0;  // input position: keeps the sort stable
};

class SortOperator : public Operator {
 public:
  SortOperator(const PlanNode& node, OperatorPtr child) : node_(node), child_(std::move(child)) {}

  Status Open(ExecContext& ctx) override {
    BASALT_RETURN_IF_ERROR(child_->Open(ctx));
    auto less = [this](const Keyed& a, const Keyed& b) { return Less(a, b); };
    // Top-N: a max-heap of the best `keep` rows.
    int64_t keep = node_.limit >= 0 ? node_.limit + node_.offset : -1;
    std::vector<Keyed> heap;
    std::vector<Row> batch;
    uint64_t position = 0;
    while (true) {
      BASALT_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &batch));
      if (!more) {
        break;
      }
      BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      for (Row& row : batch) {
        Keyed keyed;
        keyed.order = position++;
        for (const SortKey& key : node_.sort_keys) {
          BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*key.expr, row, ctx));
          keyed.keys.push_back(std::move(v));
        }
        keyed.row = std::move(row);
        if (keep >= 0) {
          if (int64_t(heap.size()) < keep) {
            heap.push_back(std::move(keyed));
            std::push_heap(heap.begin(), heap.end(), less);
          } else if (keep > 0 && less(keyed, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), less);
            heap.back() = std::move(keyed);
            std::push_heap(heap.begin(), heap.end(), less);
          }
        } else {
          int64_t size = 64;
          for (const Value& v : keyed.row) {
            size += int64_t(v.ApproxSize());
          }
          BASALT_RETURN_IF_ERROR(ctx.Charge(size));
          heap.push_back(std::move(keyed));
        }
      }
    }
    std::sort(heap.begin(), heap.end(), less);
    size_t skip = std::min(heap.size(), size_t(std::max<int64_t>(0, node_.offset)));
    for (size_t idx = skip; idx < heap.size(); ++idx) {
      rows_.push_back(std::move(heap[idx].row));
    }
    return Status::Ok();
  }

  Result<bool> Next(ExecContext&, std::vector<Row>* out) override {
    out->clear();
    while (next_ < rows_.size() && out->size() < kBatchSize) {
      out->push_back(std::move(rows_[next_++]));
    }
    return !out->empty();
  }

 private:
  bool Less(const Keyed& a, const Keyed& b) const {
    for (size_t idx = 0; idx < node_.sort_keys.size(); ++idx) {
      const SortKey& key = node_.sort_keys[idx];
      int c = CompareSortValues(a.keys[idx], b.keys[idx], key.descending, key.nulls_first);
      if (c != 0) {
        return c < 0;
      }
    }
    return a.order < b.order;
  }

  const PlanNode& node_;
  OperatorPtr child_;
  std::vector<Row> rows_;
  size_t next_ = 0;
};

}  // namespace

OperatorPtr MakeSortOperator(const PlanNode& node, OperatorPtr child) {
  return std::make_unique<SortOperator>(node, std::move(child));
}

}  // namespace basalt::sql
