// Window functions: partitions, ordering, frames; appends one slot per window call.
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "sql/executor/evaluate.h"
#include "sql/executor/operators.h"

namespace basalt::sql {
namespace {

class WindowOperator : public Operator {
 public:
  WindowOperator(const PlanNode& node, OperatorPtr child) : node_(node), child_(std::move(child)) {}

  Status Open(ExecContext& ctx) override {
    BASALT_RETURN_IF_ERROR(child_->Open(ctx));
    std::vector<Row> batch;
    while (true) {
      BASALT_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &batch));
      if (!more) {
        break;
      }
      for (Row& row : batch) {
        int64_t size = 64;
        for (const Value& v : row) {
          size += int64_t(v.ApproxSize());
        }
        BASALT_RETURN_IF_ERROR(ctx.Charge(size));
        rows_.push_back(std::move(row));
      }
    }
    std::vector<std::vector<Value>> results(node_.windows.size(), std::vector<Value>(rows_.size()));
    for (size_t w = 0; w < node_.windows.size(); ++w) {
      BASALT_RETURN_IF_ERROR(Compute(node_.windows[w], ctx, &results[w]));
    }
    for (size_t r = 0; r < rows_.size(); ++r) {
      for (size_t w = 0; w < node_.windows.size(); ++w) {
        rows_[r].push_back(std::move(results[w][r]));
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
  Status Compute(const WindowCall& call, ExecContext& ctx, std::vector<Value>* out) {
    // Partition.
    std::unordered_map<std::vector<Value>, std::vector<size_t>, ValuesHash, ValuesEqual> parts;
    std::vector<std::vector<Value>> order_keys(rows_.size());
    std::vector<const std::vector<size_t>*> partition_order;
    for (size_t r = 0; r < rows_.size(); ++r) {
      std::vector<Value> key;
      for (const auto& expr : call.partition_by) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, rows_[r], ctx));
        key.push_back(v.is_undefined() ? Value::Null() : std::move(v));
      }
      for (const SortKey& sk : call.order_by) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*sk.expr, rows_[r], ctx));
        order_keys[r].push_back(std::move(v));
      }
      parts[key].push_back(r);
    }
    auto compare = [&](size_t a, size_t b) {
      for (size_t idx = 0; idx < call.order_by.size(); ++idx) {
        int c = CompareSortValues(order_keys[a][idx], order_keys[b][idx],
                                  call.order_by[idx].descending, call.order_by[idx].nulls_first);
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
    for (auto& [key, members] : parts) {
      std::stable_sort(members.begin(), members.end(),
                       [&](size_t a, size_t b) { return compare(a, b) < 0; });
      BASALT_RETURN_IF_ERROR(ComputePartition(call, members, compare, order_keys, ctx, out));
    }
    return Status::Ok();
  }

  template <typename Compare>
  Status ComputePartition(const WindowCall& call, const std::vector<size_t>& members,
                          const Compare& compare, const std::vector<std::vector<Value>>& order_keys,
                          ExecContext& ctx, std::vector<Value>* out) {
    const size_t n = members.size();
    // Peer groups (rows equal in ORDER BY).
    std::vector<size_t> peer_start(n), peer_end(n);
    for (size_t i = 0; i < n;) {
      size_t j = i;
      while (j + 1 < n && compare(members[i], members[j + 1]) == 0) {
        ++j;
      }
      for (size_t k = i; k <= j; ++k) {
        peer_start[k] = i;
        peer_end[k] = j;
      }
      i = j + 1;
    }
    auto arg = [&](size_t row_idx, size_t arg_idx) -> Result<Value> {
      if (arg_idx >= call.args.size()) {
        return Value::Null();
      }
      return Evaluate(*call.args[arg_idx], rows_[row_idx], ctx);
    };
    switch (call.kind) {
      case WindowFunctionKind::kRowNumber:
        for (size_t i = 0; i < n; ++i) {
          (*out)[members[i]] = Value::Int(int64_t(i + 1));
        }
        return Status::Ok();
      case WindowFunctionKind::kRank:
        for (size_t i = 0; i < n; ++i) {
          (*out)[members[i]] = Value::Int(int64_t(peer_start[i] + 1));
        }
        return Status::Ok();
      case WindowFunctionKind::kDenseRank: {
        int64_t rank = 0;
        for (size_t i = 0; i < n; ++i) {
          if (i == peer_start[i]) {
            ++rank;
          }
          (*out)[members[i]] = Value::Int(rank);
        }
        return Status::Ok();
      }
      case WindowFunctionKind::kPercentRank:
        for (size_t i = 0; i < n; ++i) {
          (*out)[members[i]] = Value::Float(n <= 1 ? 0.0 : double(peer_start[i]) / double(n - 1));
        }
        return Status::Ok();
      case WindowFunctionKind::kCumeDist:
        for (size_t i = 0; i < n; ++i) {
          (*out)[members[i]] = Value::Float(double(peer_end[i] + 1) / double(n));
        }
        return Status::Ok();
      case WindowFunctionKind::kNtile: {
        BASALT_ASSIGN_OR_RETURN(Value buckets_v, arg(members.empty() ? 0 : members[0], 0));
        if (buckets_v.type() != ValueType::kInt || buckets_v.int_value() <= 0) {
          return Status(ErrorCode::kQueryError, "NTILE needs a positive integer");
        }
        auto buckets = size_t(buckets_v.int_value());
        for (size_t i = 0; i < n; ++i) {
          size_t per = n / buckets, extra = n % buckets;
          size_t bucket = i < extra * (per + 1)
                              ? i / (per + 1)
                              : extra + (i - extra * (per + 1)) / std::max<size_t>(per, 1);
          (*out)[members[i]] = Value::Int(int64_t(bucket + 1));
        }
        return Status::Ok();
      }
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead: {
        for (size_t i = 0; i < n; ++i) {
          int64_t offset = 1;
          if (call.args.size() > 1) {
            BASALT_ASSIGN_OR_RETURN(Value off, arg(members[i], 1));
            if (off.type() != ValueType::kInt) {
              return Status(ErrorCode::kQueryError, "LAG/LEAD offset must be an integer");
            }
            offset = off.int_value();
          }
          int64_t target =
              call.kind == WindowFunctionKind::kLag ? int64_t(i) - offset : int64_t(i) + offset;
          if (target >= 0 && target < int64_t(n)) {
            BASALT_ASSIGN_OR_RETURN((*out)[members[i]], arg(members[size_t(target)], 0));
          } else {
            BASALT_ASSIGN_OR_RETURN((*out)[members[i]], arg(members[i], 2));
          }
        }
        return Status::Ok();
      }
      default:
        break;
    }
    // Frame-based: aggregates, FIRST_VALUE, LAST_VALUE, NTH_VALUE.
    bool has_order = !call.order_by.empty();
    for (size_t i = 0; i < n; ++i) {
      size_t start = 0, end = n - 1;  // inclusive
      if (call.frame) {
        auto bound = [&](const FrameBound& b, int64_t offset, bool is_start) -> int64_t {
          switch (b.kind) {
            case FrameBoundKind::kUnboundedPreceding:
              return 0;
            case FrameBoundKind::kUnboundedFollowing:
              return int64_t(n) - 1;
            case FrameBoundKind::kCurrentRow:
              if (call.frame->unit == FrameUnit::kRange) {
                return int64_t(is_start ? peer_start[i] : peer_end[i]);
              }
              return int64_t(i);
            case FrameBoundKind::kPreceding:
            case FrameBoundKind::kFollowing:
              if (call.frame->unit == FrameUnit::kRange) {
                return RangeBound(call, members, order_keys, i, b.kind, offset, is_start);
              }
              return b.kind == FrameBoundKind::kPreceding ? int64_t(i) - offset
                                                          : int64_t(i) + offset;
          }
          return int64_t(i);
        };
        int64_t s = bound(call.frame->start, call.frame_start_offset, true);
        int64_t e = bound(call.frame->end, call.frame_end_offset, false);
        if (s < 0) {
          s = 0;
        }
        if (e > int64_t(n) - 1) {
          e = int64_t(n) - 1;
        }
        if (s > e) {
          start = 1;
          end = 0;  // empty frame
        } else {
          start = size_t(s);
          end = size_t(e);
        }
      } else if (has_order) {
        end = peer_end[i];
      }
      bool empty = start > end;
      Value result = Value::Null();
      switch (call.kind) {
        case WindowFunctionKind::kFirstValue:
          if (!empty) {
            BASALT_ASSIGN_OR_RETURN(result, arg(members[start], 0));
          }
          break;
        case WindowFunctionKind::kLastValue:
          if (!empty) {
            BASALT_ASSIGN_OR_RETURN(result, arg(members[end], 0));
          }
          break;
        case WindowFunctionKind::kNthValue: {
          BASALT_ASSIGN_OR_RETURN(Value nth, arg(members[i], 1));
          if (nth.type() != ValueType::kInt || nth.int_value() < 1) {
            return Status(ErrorCode::kQueryError, "NTH_VALUE needs a positive integer");
          }
          size_t pos = start + size_t(nth.int_value()) - 1;
          if (!empty && pos <= end) {
            BASALT_ASSIGN_OR_RETURN(result, arg(members[pos], 0));
          }
          break;
        }
        default: {
          const AggregateCall& agg = call.aggregate;
          auto state = agg.def->create();
          if (!empty) {
            for (size_t k = start; k <= end; ++k) {
              std::vector<Value> args;
              for (const auto& a : agg.args) {
                BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*a, rows_[members[k]], ctx));
                args.push_back(std::move(v));
              }
              if (agg.def->skip_nulls && !args.empty() && args[0].is_nullish()) {
                continue;
              }
              BASALT_RETURN_IF_ERROR(state->Update(args));
            }
          }
          BASALT_ASSIGN_OR_RETURN(result, state->Finalize());
        }
      }
      (*out)[members[i]] = std::move(result);
    }
    return Status::Ok();
  }

  // RANGE n PRECEDING/FOLLOWING: the frame edge is the first (start) or last (end) row whose
  // single ORDER BY key lies within n of the current row's key, in the sort direction.
  // Rows whose key is null or not a number frame their peers only.
  static int64_t RangeBound(const WindowCall& call, const std::vector<size_t>& members,
                            const std::vector<std::vector<Value>>& order_keys, size_t i,
                            FrameBoundKind kind, int64_t offset, bool is_start) {
    const SortKey& key = call.order_by[0];
    const Value& current = order_keys[members[i]][0];
    auto peer_edge = [&]() {
      size_t j = i;
      if (is_start) {
        while (j > 0 && order_keys[members[j - 1]][0].Equals(current)) {
          --j;
        }
      } else {
        while (j + 1 < members.size() && order_keys[members[j + 1]][0].Equals(current)) {
          ++j;
        }
      }
      return int64_t(j);
    };
    if (!current.is_number()) {
      return peer_edge();
    }
    // "Preceding" is toward the start of the sort order: smaller keys ascending, larger
    // keys descending.
    bool toward_start = kind == FrameBoundKind::kPreceding;
    double delta = double(offset) * (toward_start != key.descending ? -1.0 : 1.0);
    Value target = current.type() == ValueType::kInt && std::abs(delta) < 9e15
                       ? Value::Int(current.int_value() + int64_t(delta))
                       : Value::Float(current.AsDouble() + delta);
    auto before = [&](size_t j) {  // row j sorts before the target
      return CompareSortValues(order_keys[members[j]][0], target, key.descending, key.nulls_first) <
             0;
    };
    auto after = [&](size_t j) {  // row j sorts after the target
      return CompareSortValues(order_keys[members[j]][0], target, key.descending, key.nulls_first) >
             0;
    };
    size_t lo = 0, hi = members.size();
    if (is_start) {
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (before(mid)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return int64_t(lo);
    }
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (!after(mid)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return int64_t(lo) - 1;
  }

  const PlanNode& node_;
  OperatorPtr child_;
  std::vector<Row> rows_;
  size_t next_ = 0;
};

}  // namespace

OperatorPtr MakeWindowOperator(const PlanNode& node, OperatorPtr child) {
  return std::make_unique<WindowOperator>(node, std::move(child));
}

}  // namespace basalt::sql
