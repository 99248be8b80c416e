// Streaming operators: single row, VALUES, filter, project/remap, limit, distinct, UNNEST.
#include <unordered_map>
#include <unordered_set>

#include "sql/executor/evaluate.h"
#include "sql/executor/operators.h"

namespace basalt::sql {
namespace {

class SingleRowOperator : public Operator {
 public:
  Status Open(ExecContext&) override { return Status::Ok(); }
  Result<bool> Next(ExecContext&, std::vector<Row>* out) override {
    out->clear();
    if (done_) {
      return false;
    }
    done_ = true;
    out->emplace_back();
    return true;
  }

 private:
  bool done_ = false;
};

class ValuesOperator : public Operator {
 public:
  explicit ValuesOperator(const PlanNode& node) : node_(node) {}
  Status Open(ExecContext&) override { return Status::Ok(); }
  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    Row empty;
    while (next_ < node_.value_rows.size() && out->size() < kBatchSize) {
      Row row;
      for (const auto& expr : node_.value_rows[next_]) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, empty, ctx));
        row.push_back(std::move(v));
      }
      out->push_back(std::move(row));
      ++next_;
    }
    return !out->empty();
  }

 private:
  const PlanNode& node_;
  size_t next_ = 0;
};

class FilterOperator : public Operator {
 public:
  FilterOperator(const PlanNode& node, OperatorPtr child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override { return child_->Open(ctx); }
  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    while (out->empty()) {
      BASALT_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &input_));
      if (!more) {
        return false;
      }
      BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      for (Row& row : input_) {
        BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*node_.predicate, row, ctx));
        if (keep) {
          out->push_back(std::move(row));
        }
      }
    }
    return true;
  }

 private:
  const PlanNode& node_;
  OperatorPtr child_;
  std::vector<Row> input_;
};

// kProject appends the expressions to the input row; kRemap replaces the row with them.
class ProjectOperator : public Operator {
 public:
  ProjectOperator(const PlanNode& node, OperatorPtr child)
      : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override { return child_->Open(ctx); }
  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    BASALT_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, out));
    if (!more) {
      return false;
    }
    bool remap = node_.kind == PlanNode::Kind::kRemap;
    for (Row& row : *out) {
      Row result;
      if (!remap) {
        result = std::move(row);
      }
      const Row& input = remap ? row : result;
      std::vector<Value> computed;
      computed.reserve(node_.exprs.size());
      for (const auto& expr : node_.exprs) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*expr, input, ctx));
        computed.push_back(std::move(v));
      }
      for (Value& v : computed) {
        result.push_back(std::move(v));
      }
      row = std::move(result);
    }
    return true;
  }

 private:
  const PlanNode& node_;
  OperatorPtr child_;
};

class LimitOperator : public Operator {
 public:
  LimitOperator(const PlanNode& node, OperatorPtr child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override { return child_->Open(ctx); }
  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    while (out->empty()) {
      if (node_.limit >= 0 && emitted_ >= node_.limit) {
        return false;
      }
      BASALT_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &input_));
      if (!more) {
        return false;
      }
      for (Row& row : input_) {
        if (skipped_ < node_.offset) {
          ++skipped_;
          continue;
        }
        if (node_.limit >= 0 && emitted_ >= node_.limit) {
          break;
        }
        out->push_back(std::move(row));
        ++emitted_;
      }
    }
    return true;
  }

 private:
  const PlanNode& node_;
  OperatorPtr child_;
  std::vector<Row> input_;
  int64_t skipped_ = 0;
  int64_t emitted_ = 0;
};

class DistinctOperator : public Operator {
 public:
  DistinctOperator(const PlanNode& node, OperatorPtr child)
      : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override { return child_->Open(ctx); }
  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    while (out->empty()) {
      BASALT_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &input_));
      if (!more) {
        return false;
      }
      for (Row& row : input_) {
        std::vector<Value> key(row.begin() + node_.distinct_from, row.end());
        int64_t size = 64;
        for (const Value& v : key) {
          size += int64_t(v.ApproxSize());
        }
        if (seen_.insert(std::move(key)).second) {
          BASALT_RETURN_IF_ERROR(ctx.Charge(size));
          out->push_back(std::move(row));
        }
      }
    }
    return true;
  }

 private:
  const PlanNode& node_;
  OperatorPtr child_;
  std::vector<Row> input_;
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEqual> seen_;
};

// UNNEST: one output row per element of the array, appending the element's row object.
class UnnestOperator : public Operator {
 public:
  UnnestOperator(const PlanNode& node, OperatorPtr child) : node_(node), child_(std::move(child)) {}
  Status Open(ExecContext& ctx) override { return child_->Open(ctx); }
  Result<bool> Next(ExecContext& ctx, std::vector<Row>* out) override {
    out->clear();
    while (out->empty()) {
      BASALT_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &input_));
      if (!more) {
        return false;
      }
      for (const Row& row : input_) {
        BASALT_ASSIGN_OR_RETURN(Value array, Evaluate(*node_.unnest_expr, row, ctx));
        if (array.is_nullish() || (array.is_array() && array.array().empty())) {
          if (node_.outer_unnest) {
            Row padded = row;
            padded.push_back(Value());
            out->push_back(std::move(padded));
          }
          continue;
        }
        if (!array.is_array()) {
          return Status(ErrorCode::kQueryError,
                        "UNNEST expects an array, got " + std::string(ValueTypeName(array.type())));
        }
        int64_t position = 0;
        for (const Value& element : array.array()) {
          ++position;
          Value element_row;
          if (!node_.element_alias.empty()) {
            element_row = Value::MakeObject({{node_.element_alias, element}});
          } else if (element.is_object()) {
            element_row = element;
          } else {
            element_row = Value::MakeObject({{"unnest", element}});
          }
          if (node_.with_ordinality) {
            element_row.Set(node_.ordinality_alias.empty() ? "ordinality" : node_.ordinality_alias,
                            Value::Int(position));
          }
          Row expanded = row;
          expanded.push_back(std::move(element_row));
          out->push_back(std::move(expanded));
        }
      }
    }
    return true;
  }

 private:
  const PlanNode& node_;
  OperatorPtr child_;
  std::vector<Row> input_;
};

}  // namespace

OperatorPtr MakeSingleRowOperator(const PlanNode&) {
  return std::make_unique<SingleRowOperator>();
}
OperatorPtr MakeValuesOperator(const PlanNode& node) {
  return std::make_unique<ValuesOperator>(node);
}
OperatorPtr MakeFilterOperator(const PlanNode& node, OperatorPtr child) {
  return std::make_unique<FilterOperator>(node, std::move(child));
}
OperatorPtr MakeProjectOperator(const PlanNode& node, OperatorPtr child) {
  return std::make_unique<ProjectOperator>(node, std::move(child));
}
OperatorPtr MakeLimitOperator(const PlanNode& node, OperatorPtr child) {
  return std::make_unique<LimitOperator>(node, std::move(child));
}
OperatorPtr MakeDistinctOperator(const PlanNode& node, OperatorPtr child) {
  return std::make_unique<DistinctOperator>(node, std::move(child));
}
OperatorPtr MakeUnnestOperator(const PlanNode& node, OperatorPtr child) {
  return std::make_unique<UnnestOperator>(node, std::move(child));
}

}  // namespace basalt::sql
