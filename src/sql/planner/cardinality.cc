// Cardinality estimates for cost-based join ordering (sql/planner/join_order.h): rows per
// scan from the collection statistics, rows per plan node from its inputs.
#include <algorithm>

#include "sql/planner/binder_internal.h"
#include "sql/planner/join_order.h"

namespace basalt::sql::internal {
namespace {

void ForEachConjunct(const BoundExpr& expr, const std::function<void(const BoundExpr&)>& fn) {
  if (expr.kind == BoundKind::kAnd) {
    for (const auto& arg : expr.args) {
      ForEachConjunct(*arg, fn);
    }
    return;
  }
  fn(expr);
}

// Documents holding `value` at `path`, or < 0 when the index cannot say.
double ExactCount(storage::CollectionReader& reader, const std::string& path, const Value& value) {
  auto postings = reader.LookupEqual(path, value);
  return postings.ok() ? double(postings->Cardinality()) : -1;
}

// Average documents per distinct value of `path`, or < 0 when unknown.
double RowsPerValue(storage::CollectionReader& reader, const std::string& path) {
  auto stats = reader.GetPathStats(path);
  if (!stats.ok() || stats->distinct_estimate < 1) {
    return -1;
  }
  return double(stats->TotalCount()) / stats->distinct_estimate;
}

double ProbeSelectivity(const IndexProbe& probe, storage::CollectionReader& reader, double docs) {
  switch (probe.kind) {
    case IndexProbe::Kind::kEqual:
    case IndexProbe::Kind::kIn: {
      double rows = 0;
      if (probe.values.size() <= kMaxExactInValues) {
        for (const Value& value : probe.values) {
          double count = ExactCount(reader, probe.path, value);
          if (count < 0) {
            return kDefaultSelectivity;
          }
          rows += count;
        }
      } else {
        double per_value = RowsPerValue(reader, probe.path);
        if (per_value < 0) {
          return kDefaultSelectivity;
        }
        rows = double(probe.values.size()) * per_value;
      }
      return std::min(1.0, rows / docs);
    }
    case IndexProbe::Kind::kRange:
      return kRangeSelectivity;
    case IndexProbe::Kind::kPrefix:
      return kPrefixSelectivity;
    case IndexProbe::Kind::kAnyOf: {
      double sum = 0;
      for (const IndexProbe& branch : probe.any_of) {
        sum += ProbeSelectivity(branch, reader, docs);
      }
      return std::min(1.0, sum);
    }
  }
  return kDefaultSelectivity;
}

double Child(PlanNode* node, size_t idx, const StatisticsFn& stats) {
  return idx < node->children.size() ? EstimateRows(node->children[idx].get(), stats) : 1;
}

}  // namespace

double EstimateScanRows(const PlanNode& scan, const StatisticsFn& stats) {
  if (!stats) {
    return -1;
  }
  auto reader = stats(scan.collection_id);
  if (!reader.ok()) {
    return -1;
  }
  double docs = CollectionDocuments(scan, stats);
  if (docs < 0) {
    return -1;
  }
  if (docs <= 0 || !scan.predicate) {
    return docs;
  }
  double selectivity = 1;
  ForEachConjunct(*scan.predicate, [&](const BoundExpr& conjunct) {
    IndexProbe probe;
    if (ProbeFor(conjunct, 0, &probe, [](const std::string& p) { return p; })) {
      selectivity *= ProbeSelectivity(probe, **reader, docs);
    } else {
      selectivity *= kDefaultSelectivity;
    }
  });
  return docs * selectivity;
}

double CollectionDocuments(const PlanNode& scan, const StatisticsFn& stats) {
  if (!stats || scan.kind != PlanNode::Kind::kScan) {
    return -1;
  }
  auto reader = stats(scan.collection_id);
  if (!reader.ok()) {
    return -1;
  }
  auto count = (*reader)->DocumentCount();
  return count.ok() ? double(*count) : -1;
}

bool ScalarsOnly(const PlanNode& scan, const std::string& path, const StatisticsFn& stats) {
  if (!stats || scan.kind != PlanNode::Kind::kScan) {
    return false;
  }
  auto reader = stats(scan.collection_id);
  if (!reader.ok()) {
    return false;
  }
  auto path_stats = (*reader)->GetPathStats(path);
  return path_stats.ok() && path_stats->count_by_type[int(ValueType::kArray)] == 0 &&
         path_stats->count_by_type[int(ValueType::kObject)] == 0;
}

double DistinctValues(const PlanNode& scan, const std::string& path, const StatisticsFn& stats) {
  if (!stats || scan.kind != PlanNode::Kind::kScan) {
    return 0;
  }
  auto reader = stats(scan.collection_id);
  if (!reader.ok()) {
    return 0;
  }
  auto path_stats = (*reader)->GetPathStats(path);
  return path_stats.ok() ? path_stats->distinct_estimate : 0;
}

double EstimateRows(PlanNode* node, const StatisticsFn& stats) {
  if (node->estimated_rows >= 0) {
    return node->estimated_rows;
  }
  double rows = 1;
  switch (node->kind) {
    case PlanNode::Kind::kSingleRow:
      rows = 1;
      break;
    case PlanNode::Kind::kValues:
      rows = double(node->value_rows.size());
      break;
    case PlanNode::Kind::kScan:
      rows = EstimateScanRows(*node, stats);
      if (rows < 0) {
        rows = kUnknownRows;
      }
      break;
    case PlanNode::Kind::kInput:
    case PlanNode::Kind::kWorkingTable:
      rows = kUnknownRows;
      break;
    case PlanNode::Kind::kFilter:
      rows = Child(node, 0, stats) * kDefaultSelectivity;
      break;
    case PlanNode::Kind::kProject:
    case PlanNode::Kind::kRemap:
    case PlanNode::Kind::kWindow:
      rows = Child(node, 0, stats);
      break;
    case PlanNode::Kind::kSort:
    case PlanNode::Kind::kLimit:
      rows = Child(node, 0, stats);
      if (node->limit >= 0) {
        rows = std::min(rows, double(node->limit));
      }
      break;
    case PlanNode::Kind::kAggregate: {
      double input = Child(node, 0, stats);
      double sets = node->has_grouping_sets ? double(node->grouping_sets.size()) : 1;
      rows = node->group_keys.empty() ? sets : std::max(1.0, input / 10) * sets;
      break;
    }
    case PlanNode::Kind::kDistinct:
      rows = std::max(1.0, Child(node, 0, stats) * kDefaultSelectivity);
      break;
    case PlanNode::Kind::kUnnest: {
      double input = Child(node, 0, stats);
      const BoundExpr* e = node->unnest_expr.get();
      double per_row = e != nullptr && e->kind == BoundKind::kConstant && e->value.is_array()
                           ? double(e->value.array().size())
                           : 10;
      rows = input * per_row;
      break;
    }
    case PlanNode::Kind::kJoin: {
      double left = Child(node, 0, stats);
      double right = Child(node, 1, stats);
      double inner = left * right;
      if (!node->left_keys.empty()) {
        inner = std::min(left, right);
      } else if (node->predicate) {
        inner *= kRangeSelectivity;
      }
      switch (node->join_type) {
        case JoinType::kLeft:
          rows = std::max(inner, left);
          break;
        case JoinType::kRight:
          rows = std::max(inner, right);
          break;
        case JoinType::kFull:
          rows = std::max(inner, left + right);
          break;
        default:
          rows = inner;
      }
      break;
    }
    case PlanNode::Kind::kSetOp: {
      double left = Child(node, 0, stats);
      double right = Child(node, 1, stats);
      rows = node->set_op == SetOpKind::kUnion       ? left + right
             : node->set_op == SetOpKind::kIntersect ? std::min(left, right)
                                                     : left;
      break;
    }
    case PlanNode::Kind::kRecursiveCte:
      rows = Child(node, 0, stats) * 10;
      Child(node, 1, stats);
      break;
  }
  // Every child gets its estimate (EXPLAIN shows those of scans and joins).
  for (auto& child : node->children) {
    EstimateRows(child.get(), stats);
  }
  node->estimated_rows = std::max(0.0, rows);
  return node->estimated_rows;
}

}  // namespace basalt::sql::internal
