// Hash aggregation (GROUP BY, grouping sets) with DISTINCT, FILTER and ordered aggregates.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "sql/executor/evaluate.h"
#include "sql/executor/operators.h"

namespace basalt::sql {
namespace {

struct AggregateSlot {
  std::unique_ptr<AggregateState> state;
  // DISTINCT: the argument tuples seen; ordered aggregates: the buffered inputs.
  std::unordered_set<std::vector<Value>, ValuesHash, ValuesEqual> distinct_seen;
  std::vector<std::pair<std::vector<Value>, std::vector<Value>>> ordered;  // (sort keys, args)
};

struct Group {
  std::vector<Value> keys;
  std::vector<AggregateSlot> aggregates;
};

class AggregateOperator : public Operator {
 public:
  AggregateOperator(const PlanNode& node, OperatorPtr child)
      : node_(node), child_(std::move(child)) {}

  Status Open(ExecContext& ctx) override {
    BASALT_RETURN_IF_ERROR(child_->Open(ctx));
    std::vector<std::vector<int>> sets = node_.grouping_sets;
    if (sets.empty()) {
      std::vector<int> all;
      for (size_t idx = 0; idx < node_.group_keys.size(); ++idx) {
        all.push_back(int(idx));
      }
      sets.push_back(all);
    }
    // One hash table per grouping set.
    std::vector<std::unordered_map<std::vector<Value>, size_t, ValuesHash, ValuesEqual>> tables(
        sets.size());
    std::vector<std::vector<Group>> groups(sets.size());
    std::vector<Row> batch;
    while (true) {
      BASALT_ASSIGN_OR_RETURN(bool more, child_->Next(ctx, &batch));
      if (!more) {
        break;
      }
      BASALT_RETURN_IF_ERROR(ctx.CheckInterrupt());
      std::vector<Value> all_keys;
      std::vector<Value> keys;
      for (const Row& row : batch) {
        all_keys.clear();
        for (const auto& key : node_.group_keys) {
          BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*key, row, ctx));
          // null and undefined group together and show as null.
          all_keys.push_back(v.is_undefined() ? Value::Null() : std::move(v));
        }
        for (size_t set_idx = 0; set_idx < sets.size(); ++set_idx) {
          const std::vector<Value>* set_keys = &all_keys;
          if (node_.has_grouping_sets) {
            keys.assign(node_.group_keys.size(), Value::Null());
            for (int k : sets[set_idx]) {
              keys[size_t(k)] = all_keys[size_t(k)];
            }
            set_keys = &keys;
          }
          auto found = tables[set_idx].find(*set_keys);
          if (found == tables[set_idx].end()) {
            BASALT_RETURN_IF_ERROR(ctx.Charge(256));
            found = tables[set_idx].emplace(*set_keys, groups[set_idx].size()).first;
            groups[set_idx].push_back(NewGroup(*set_keys));
          }
          BASALT_RETURN_IF_ERROR(Accumulate(groups[set_idx][found->second], row, ctx));
        }
      }
    }
    // A global aggregate (no GROUP BY) has one group even over no rows.
    for (size_t set_idx = 0; set_idx < sets.size(); ++set_idx) {
      if (groups[set_idx].empty() && sets[set_idx].empty()) {
        groups[set_idx].push_back(
            NewGroup(std::vector<Value>(node_.group_keys.size(), Value::Null())));
      }
      int64_t grouping_bits = 0;
      for (size_t k = 0; k < node_.group_keys.size(); ++k) {
        bool present =
            std::find(sets[set_idx].begin(), sets[set_idx].end(), int(k)) != sets[set_idx].end();
        grouping_bits = (grouping_bits << 1) | (present ? 0 : 1);
      }
      for (Group& group : groups[set_idx]) {
        Row out = std::move(group.keys);
        for (size_t a = 0; a < node_.aggregates.size(); ++a) {
          BASALT_ASSIGN_OR_RETURN(Value v, Finish(node_.aggregates[a], group.aggregates[a]));
          out.push_back(std::move(v));
        }
        if (node_.has_grouping_sets) {
          out.push_back(Value::Int(grouping_bits));
        }
        rows_.push_back(std::move(out));
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
  Group NewGroup(std::vector<Value> keys) {
    Group group;
    group.keys = std::move(keys);
    group.aggregates.resize(node_.aggregates.size());
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      group.aggregates[a].state = node_.aggregates[a].def->create();
    }
    return group;
  }

  Status Accumulate(Group& group, const Row& row, ExecContext& ctx) {
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      const AggregateCall& call = node_.aggregates[a];
      AggregateSlot& slot = group.aggregates[a];
      if (call.filter) {
        BASALT_ASSIGN_OR_RETURN(bool keep, EvaluatePredicate(*call.filter, row, ctx));
        if (!keep) {
          continue;
        }
      }
      std::vector<Value>& args = scratch_args_;
      args.clear();
      for (const auto& arg : call.args) {
        BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*arg, row, ctx));
        args.push_back(std::move(v));
      }
      if (call.def->skip_nulls && !args.empty() && args[0].is_nullish()) {
        continue;
      }
      if (call.distinct) {
        if (!slot.distinct_seen.insert(args).second) {
          continue;
        }
        BASALT_RETURN_IF_ERROR(ctx.Charge(64));
      }
      if (!call.order.empty()) {
        std::vector<Value> keys;
        for (const SortKey& key : call.order) {
          BASALT_ASSIGN_OR_RETURN(Value v, Evaluate(*key.expr, row, ctx));
          keys.push_back(std::move(v));
        }
        BASALT_RETURN_IF_ERROR(ctx.Charge(128));
        slot.ordered.emplace_back(std::move(keys), args);
        continue;
      }
      Status st = slot.state->Update(args);
      if (!st.ok()) {
        return st;
      }
    }
    return Status::Ok();
  }

  Result<Value> Finish(const AggregateCall& call, AggregateSlot& slot) {
    if (!call.order.empty()) {
      std::stable_sort(slot.ordered.begin(), slot.ordered.end(), [&](const auto& a, const auto& b) {
        for (size_t idx = 0; idx < call.order.size(); ++idx) {
          int c = CompareSortValues(a.first[idx], b.first[idx], call.order[idx].descending,
                                    call.order[idx].nulls_first);
          if (c != 0) {
            return c < 0;
          }
        }
        return false;
      });
      size_t first = std::min(slot.ordered.size(), size_t(std::max<int64_t>(0, call.offset)));
      size_t last = call.limit < 0 ? slot.ordered.size()
                                   : std::min(slot.ordered.size(), first + size_t(call.limit));
      for (size_t idx = first; idx < last; ++idx) {
        BASALT_RETURN_IF_ERROR(slot.state->Update(slot.ordered[idx].second));
      }
      slot.ordered.clear();
    }
    return slot.state->Finalize();
  }

  const PlanNode& node_;
  OperatorPtr child_;
  std::vector<Row> rows_;
  size_t next_ = 0;
  std::vector<Value> scratch_args_;
};

}  // namespace

OperatorPtr MakeAggregateOperator(const PlanNode& node, OperatorPtr child) {
  return std::make_unique<AggregateOperator>(node, std::move(child));
}

}  // namespace basalt::sql
