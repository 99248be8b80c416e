// Joins: hash join on equality keys, nested loops otherwise; inner, left, right, full, cross.
// The right side is materialised (the build side: the planner puts the smaller input there,
// sql/planner/join_reorder.cc); an empty one ends an inner or cross join without reading the
// left side. Outer-join padding is `undefined`.
#include <unordered_map>

#include "sql/executor/evaluate.h"
#include "sql/executor/operators.h"

namespace basalt::sql {
namespace {

class JoinOperator : public Operator {
 public:
  JoinOperator(const PlanNode& node, OperatorPtr left, OperatorPtr right)
      : node_(node), left_(std::move(left)), right_(std::move(right)) {}

  Status Open(ExecContext& ctx) override {
    BASALT_RETURN_IF_ERROR(left_->Open(ctx));
    if (node_.lookup) {
      // Index nested loops: nothing is built; the right collection is probed per left row.
      const PlanNode& scan = *node_.children[1];
      BASALT_ASSIGN_OR_RETURN(lookup_reader_, ctx.Reader(scan.collection_id));
      return Status::Ok();
    }
    BASALT_RETURN_IF_ERROR(right_->Open(ctx));
    right_width_ = node_.width - node_.left_width;
    std::vector<Row> batch;
    while (true) {
      BASALT_ASSIGN_OR_RETURN(bool more, right_->Next(ctx, &batch));
      if (!more) {
        break;
      }
      for (Row& row : batch) {
        int64_t size = 64;
        for (const Value& v : row) {
          size += int64_t(v.ApproxSize());
        }
        BASALT_RETURN_IF_ERROR(ctx.Charge(size));
        right_rows_.push_back(std::move(row));
      }
    }
    matched_right_.assign(right_rows_.size(), false);
    if (!node_.right_keys.empty()) {
      table_.reserve(right_rows_.size());
      for (size_t idx = 0; idx < right_rows_.size(); ++idx) {
        std::vector<Value> key;
        bool has_null = false;
        for (const auto& expr : node_.right_keys) {
          BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, right_rows_[idx], ctx));
          has_null |= v.is_nullish();
          key.push_back(std::move(v));
        }
        if (!has_null) {
          table_.emplace(std::move(key), idx);
        }
      }
    }
    return Status::Ok();
  }

  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    if (!node_.lookup && right_rows_.empty() &&
        (node_.join_type == JoinType::kInner || node_.join_type == JoinType::kCross)) {
      return false;  // nothing to join with: the left side is not read
    }
    while (out->empty()) {
      if (left_done_) {
        return EmitUnmatchedRight(out);
      }
      BASALT_ASSIGN_OR_RETURN(bool more, left_->Next(ctx, &input_));
      if (!more) {
        left_done_ = true;
        continue;
      }
      BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      for (const Row& left : input_) {
        BASALT_RETURN_IF_ERROR(JoinRow(left, ctx, out));
      }
    }
    return true;
  }

 private:
  // Looks up the right documents matching the left row's key through the index, applying
  // the right scan's own filter, and joins them with the remaining keys and condition.
  Status LookupRow(const Row& left, ExecContext& ctx, std::vector<Row>* out) {
    bool matched = false;
    std::vector<Value> left_key;
    bool has_null = false;
    for (const auto& expr : node_.left_keys) {
      BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, left, ctx));
      has_null |= v.is_nullish();
      left_key.push_back(std::move(v));
    }
    if (!has_null) {
      BASALT_ASSIGN_OR_RETURN(
          storage::PostingSet postings,
          lookup_reader_->LookupEqual(node_.lookup_path, left_key[size_t(node_.lookup_key)]));
      const PlanNode& scan = *node_.children[1];
      Status st =
          lookup_reader_->MultiGet(postings.ToVector(), [&](uint64_t, const Value& doc) -> Status {
            Row right{doc};
            if (scan.predicate) {
              BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*scan.predicate, right, ctx));
              if (!keep) {
                return Status::Ok();
              }
            }
            for (size_t k = 0; k < node_.right_keys.size(); ++k) {
              BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*node_.right_keys[k], right, ctx));
              if (!ValuesEqual()({v}, {left_key[k]})) {
                return Status::Ok();
              }
            }
            Row combined = left;
            combined.push_back(doc);
            if (node_.predicate) {
              BASALT_ASSIGN_OR_RETURN(bool keep,
                                      EvaluatePredicate(*node_.predicate, combined, ctx));
              if (!keep) {
                return Status::Ok();
              }
            }
            matched = true;
            out->push_back(std::move(combined));
            return Status::Ok();
          });
      BASALT_RETURN_IF_ERROR(st);
    }
    if (!matched && node_.join_type == JoinType::kLeft) {
      Row padded = left;
      padded.resize(size_t(node_.width));
      out->push_back(std::move(padded));
    }
    return Status::Ok();
  }

  Status JoinRow(const Row& left, ExecContext& ctx, std::vector<Row>* out) {
    if (node_.lookup) {
      return LookupRow(left, ctx, out);
    }
    bool matched = false;
    auto try_pair = [&](size_t right_idx) -> Status {
      Row combined = left;
      combined.insert(combined.end(), right_rows_[right_idx].begin(), right_rows_[right_idx].end());
      if (node_.predicate) {
        BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*node_.predicate, combined, ctx));
        if (!keep) {
          return Status::Ok();
        }
      }
      matched = true;
      matched_right_[right_idx] = true;
      out->push_back(std::move(combined));
      return Status::Ok();
    };
    if (!node_.left_keys.empty()) {
      std::vector<Value> key;
      bool has_null = false;
      for (const auto& expr : node_.left_keys) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, left, ctx));
        has_null |= v.is_nullish();
        key.push_back(std::move(v));
      }
      if (!has_null) {
        auto [begin, end] = table_.equal_range(key);
        for (auto it = begin; it != end; ++it) {
          BASALT_RETURN_IF_ERROR(try_pair(it->second));
        }
      }
    } else {
      for (size_t idx = 0; idx < right_rows_.size(); ++idx) {
        BASALT_RETURN_IF_ERROR(try_pair(idx));
      }
    }
    if (!matched && (node_.join_type == JoinType::kLeft || node_.join_type == JoinType::kFull)) {
      Row padded = left;
      padded.resize(size_t(node_.width));
      out->push_back(std::move(padded));
    }
    return Status::Ok();
  }

  Result<bool> EmitUnmatchedRight(std::vector<Row>* out) {
    if (node_.join_type != JoinType::kRight && node_.join_type != JoinType::kFull) {
      return false;
    }
    while (next_unmatched_ < right_rows_.size() && out->size() < kBatchSize) {
      size_t idx = next_unmatched_++;
      if (matched_right_[idx]) {
        continue;
      }
      Row padded(size_t(node_.left_width));
      padded.insert(padded.end(), right_rows_[idx].begin(), right_rows_[idx].end());
      out->push_back(std::move(padded));
    }
    return !out->empty();
  }

  const PlanNode& node_;
  OperatorPtr left_;
  OperatorPtr right_;
  int right_width_ = 0;
  std::vector<Row> right_rows_;
  std::vector<bool> matched_right_;
  std::unordered_multimap<std::vector<Value>, size_t, ValuesHash, ValuesEqual> table_;
  std::vector<Row> input_;
  storage::CollectionReader* lookup_reader_ = nullptr;
  bool left_done_ = false;
  size_t next_unmatched_ = 0;
};

// UNION / INTERSECT / EXCEPT [ALL] over rows of equal width, compared by position.
class SetOpOperator : public Operator {
 public:
  SetOpOperator(const PlanNode& node, OperatorPtr left, OperatorPtr right)
      : node_(node), left_(std::move(left)), right_(std::move(right)) {}

  Status Open(ExecContext& ctx) override {
    BASALT_RETURN_IF_ERROR(left_->Open(ctx));
    BASALT_RETURN_IF_ERROR(right_->Open(ctx));
    BASALT_ASSIGN_OR_RETURN(auto left_rows, Drain(*left_, ctx));
    BASALT_ASSIGN_OR_RETURN(auto right_rows, Drain(*right_, ctx));
    using Counts = std::unordered_map<std::vector<Value>, int64_t, ValuesHash, ValuesEqual>;
    switch (node_.set_op) {
      case SetOpKind::kUnion: {
        if (node_.all) {
          rows_ = std::move(left_rows);
          for (Row& r : right_rows) {
            rows_.push_back(std::move(r));
          }
          break;
        }
        Counts seen;
        for (auto* side : {&left_rows, &right_rows}) {
          for (Row& r : *side) {
            if (seen.emplace(r, 1).second) {
              rows_.push_back(std::move(r));
            }
          }
        }
        break;
      }
      case SetOpKind::kIntersect:
      case SetOpKind::kExcept: {
        Counts right_counts;
        for (Row& r : right_rows) {
          right_counts[r]++;
        }
        Counts emitted;
        bool intersect = node_.set_op == SetOpKind::kIntersect;
        for (Row& r : left_rows) {
          auto found = right_counts.find(r);
          int64_t available = found == right_counts.end() ? 0 : found->second;
          if (node_.all) {
            if (intersect ? available > 0 : available == 0) {
              rows_.push_back(r);
            }
            if (found != right_counts.end() && found->second > 0) {
              found->second--;
            }
          } else {
            bool keep = intersect ? available > 0 : available == 0;
            if (keep && emitted.emplace(r, 1).second) {
              rows_.push_back(std::move(r));
            }
          }
        }
        break;
      }
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
  static Result<std::vector<Row>> Drain(Operator& op, ExecContext& ctx) {
    std::vector<Row> all, batch;
    while (true) {
      BASALT_ASSIGN_OR_RETURN(bool more, op.Next(ctx, &batch));
      if (!more) {
        break;
      }
      for (Row& r : batch) {
        all.push_back(std::move(r));
      }
    }
    return all;
  }

  const PlanNode& node_;
  OperatorPtr left_;
  OperatorPtr right_;
  std::vector<Row> rows_;
  size_t next_ = 0;
};

}  // namespace

OperatorPtr MakeJoinOperator(const PlanNode& node, OperatorPtr left, OperatorPtr right) {
  return std::make_unique<JoinOperator>(node, std::move(left), std::move(right));
}

OperatorPtr MakeSetOpOperator(const PlanNode& node, OperatorPtr left, OperatorPtr right) {
  return std::make_unique<SetOpOperator>(node, std::move(left), std::move(right));
}

}  // namespace basalt::sql
