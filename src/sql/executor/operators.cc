#include "sql/executor/operators.h"

#include "common/hash.h"

namespace basalt::sql {

size_t ValuesHash::operator()(const std::vector<Value>& values) const {
  uint64_t h = 0x12345;
  for (const Value& v : values) {
    h = HashInt(h, v.Hash());
  }
  return size_t(h);
}

bool ValuesEqual::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t idx = 0; idx < a.size(); ++idx) {
    if (a[idx].type() != b[idx].type() && !(a[idx].is_number() && b[idx].is_number())) {
      return false;
    }
    if (!a[idx].Equals(b[idx])) {
      return false;
    }
  }
  return true;
}

int CompareSortValues(const Value& a, const Value& b, bool descending, bool nulls_first) {
  bool a_null = a.is_nullish();
  bool b_null = b.is_nullish();
  if (a_null || b_null) {
    if (a_null && b_null) {
      return a.Compare(b) * (descending ? -1 : 1);
    }
    return a_null == nulls_first ? -1 : 1;
  }
  int c = a.Compare(b);
  return descending ? -c : c;
}

Result<OperatorPtr> BuildOperator(const PlanNode& node) {
  std::vector<OperatorPtr> children;
  for (const auto& child : node.children) {
    BASALT_ASSIGN_OR_RETURN(auto op, BuildOperator(*child));
    children.push_back(std::move(op));
  }
  switch (node.kind) {
    case PlanNode::Kind::kSingleRow:
      return MakeSingleRowOperator(node);
    case PlanNode::Kind::kValues:
      return MakeValuesOperator(node);
    case PlanNode::Kind::kScan:
      return MakeScanOperator(node);
    case PlanNode::Kind::kInput:
      // Input rows exist only for the caller that hands them over (sql/input_query.h).
      return Status(ErrorCode::kQueryError,
                    "`" + node.collection_path + "` can only be read by an ingest transformation");
    case PlanNode::Kind::kFilter:
      return MakeFilterOperator(node, std::move(children[0]));
    case PlanNode::Kind::kProject:
    case PlanNode::Kind::kRemap:
      return MakeProjectOperator(node, std::move(children[0]));
    case PlanNode::Kind::kLimit:
      return MakeLimitOperator(node, std::move(children[0]));
    case PlanNode::Kind::kDistinct:
      return MakeDistinctOperator(node, std::move(children[0]));
    case PlanNode::Kind::kUnnest:
      return MakeUnnestOperator(node, std::move(children[0]));
    case PlanNode::Kind::kSort:
      return MakeSortOperator(node, std::move(children[0]));
    case PlanNode::Kind::kAggregate:
      if (node.column_aggregate) {
        return MakeColumnAggregateOperator(
            node, MakeAggregateOperator(node, std::move(children[0])));
      }
      return MakeAggregateOperator(node, std::move(children[0]));
    case PlanNode::Kind::kWindow:
      return MakeWindowOperator(node, std::move(children[0]));
    case PlanNode::Kind::kJoin:
      if (node.lateral) {
        return MakeLateralJoinOperator(node, std::move(children[0]));
      }
      return MakeJoinOperator(node, std::move(children[0]), std::move(children[1]));
    case PlanNode::Kind::kSetOp:
      return MakeSetOpOperator(node, std::move(children[0]), std::move(children[1]));
    case PlanNode::Kind::kRecursiveCte:
      return MakeRecursiveCteOperator(node);
    case PlanNode::Kind::kWorkingTable:
      return MakeWorkingTableOperator(node);
  }
  return Internal("unknown plan node");
}

Result<std::vector<Row>> RunPlan(const PlanNode& node, ExecContext& ctx) {
  BASALT_ASSIGN_OR_RETURN(auto op, BuildOperator(node));
  BASALT_RETURN_IF_ERROR(op->Open(ctx));
  std::vector<Row> all;
  std::vector<Row> batch;
  while (true) {
    BASALT_ASSIGN_OR_RETURN(bool more, op->Next(ctx, &batch));
    if (!more) {
      break;
    }
    for (Row& row : batch) {
      all.push_back(std::move(row));
    }
  }
  return all;
}

}  // namespace basalt::sql
