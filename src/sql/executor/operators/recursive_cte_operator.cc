// WITH RECURSIVE: the anchor runs once; the recursive part then runs in rounds, each over
// the rows the previous round added (the working table), until a round adds nothing. UNION
// drops rows seen before (which also ends cycles); UNION ALL keeps them, so a query that
// never stops adding rows ends with an error after kMaxRounds rounds (or at the memory
// budget) instead of running forever.
#include <unordered_set>

#include "sql/executor/operators.h"

namespace basalt::sql {
namespace {

constexpr int kMaxRounds = 10000;

class RecursiveCteOperator : public Operator {
 public:
  explicit RecursiveCteOperator(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    std::unordered_set<Row, ValuesHash, ValuesEqual> seen;
    // Keeps the rows of `round` that are new (UNION) and adds them to the result.
    auto add_round = [&](std::vector<Row> round) -> Result<std::vector<Row>> {
      std::vector<Row> added;
      for (Row& row : round) {
        row.resize(size_t(node_.width));
        if (!node_.all && !seen.insert(row).second) {
          continue;
        }
        int64_t size = 64;
        for (const Value& value : row) {
          size += int64_t(value.ApproxSize());
        }
        BASALT_RETURN_IF_ERROR(ctx.Charge(size));
        rows_.push_back(row);
        added.push_back(std::move(row));
      }
      return added;
    };
    BASALT_ASSIGN_OR_RETURN(std::vector<Row> anchor, RunPlan(*node_.children[0], ctx));
    BASALT_ASSIGN_OR_RETURN(std::vector<Row> added, add_round(std::move(anchor)));
    for (int round = 0; !added.empty(); ++round) {
      if (round == kMaxRounds) {
        return Status(ErrorCode::kQueryError,
                      "WITH RECURSIVE did not finish within " + std::to_string(kMaxRounds) +
                          " rounds; a recursive CTE must stop adding rows");
      }
      BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      std::vector<Row>& working = ctx.working_tables()[node_.cte_id];
      working.clear();
      for (const Row& row : added) {
        Object fields;
        for (size_t idx = 0; idx < node_.cte_columns.size(); ++idx) {
          if (!row[idx].is_undefined()) {
            fields.emplace_back(node_.cte_columns[idx], row[idx]);
          }
        }
        working.push_back(Row{Value::MakeObject(std::move(fields))});
      }
      BASALT_ASSIGN_OR_RETURN(std::vector<Row> step, RunPlan(*node_.children[1], ctx));
      BASALT_ASSIGN_OR_RETURN(added, add_round(std::move(step)));
    }
    ctx.working_tables().erase(node_.cte_id);
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
  const PlanNode& node_;
  std::vector<Row> rows_;
  size_t next_ = 0;
};

class WorkingTableOperator : public Operator {
 public:
  explicit WorkingTableOperator(const PlanNode& node) : node_(node) {}

  Status Open(ExecContext& ctx) override {
    auto found = ctx.working_tables().find(node_.cte_id);
    if (found == ctx.working_tables().end()) {
      return Internal("recursive CTE reference outside its rounds");
    }
    rows_ = &found->second;
    return Status::Ok();
  }

  Result<bool> Next(ExecContext&, std::vector<Row>* out) override {
    out->clear();
    while (next_ < rows_->size() && out->size() < kBatchSize) {
      out->push_back((*rows_)[next_++]);
    }
    return !out->empty();
  }

 private:
  const PlanNode& node_;
  const std::vector<Row>* rows_ = nullptr;
  size_t next_ = 0;
};

}  // namespace

OperatorPtr MakeRecursiveCteOperator(const PlanNode& node) {
  return std::make_unique<RecursiveCteOperator>(node);
}

OperatorPtr MakeWorkingTableOperator(const PlanNode& node) {
  return std::make_unique<WorkingTableOperator>(node);
}

}  // namespace basalt::sql
