// LATERAL joins: the right side is a subquery that reads the left row, so it runs once per
// left row (with the left row as its enclosing row, like a correlated subquery). Inner,
// cross and left joins; a left row without right rows is padded with `undefined` in LEFT.
#include "sql/executor/evaluate.h"
#include "sql/executor/operators.h"
#include "sql/executor/value_ops.h"

namespace basalt::sql {
namespace {

class LateralJoinOperator : public Operator {
 public:
  LateralJoinOperator(const PlanNode& node, OperatorPtr left)
      : node_(node), left_(std::move(left)) {}

  Status Open(ExecContext& ctx) override { return left_->Open(ctx); }

  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    const PlanNode& right_plan = *node_.children[1];
    size_t right_width = size_t(node_.width - node_.left_width);
    while (out->empty()) {
      BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      BASALT_ASSIGN_OR_RETURN(bool more, left_->Next(ctx, &left_batch_));
      if (!more) {
        return false;
      }
      for (Row& left_row : left_batch_) {
        ctx.outer_rows().push_back(&left_row);
        auto right_rows = RunPlan(right_plan, ctx);
        ctx.outer_rows().pop_back();
        BASALT_RETURN_IF_ERROR(right_rows.status());
        bool matched = false;
        for (Row& right_row : *right_rows) {
          Row joined = left_row;
          for (Value& value : right_row) {
            joined.push_back(std::move(value));
          }
          if (node_.predicate) {
            BASALT_ASSIGN_OR_RETURN(Value keep, Evaluate(*node_.predicate, joined, ctx));
            if (!IsTrue(keep)) {
              continue;
            }
          }
          matched = true;
          out->push_back(std::move(joined));
        }
        if (!matched && node_.join_type == JoinType::kLeft) {
          Row padded = left_row;
          padded.resize(padded.size() + right_width);
          out->push_back(std::move(padded));
        }
      }
    }
    return true;
  }

 private:
  const PlanNode& node_;
  OperatorPtr left_;
  std::vector<Row> left_batch_;
};

}  // namespace

OperatorPtr MakeLateralJoinOperator(const PlanNode& node, OperatorPtr left) {
  return std::make_unique<LateralJoinOperator>(node, std::move(left));
}

}  // namespace basalt::sql
