#include "ingest/transform/add_plan.h"

#include <utility>

#include "ingest/document_id.h"
#include "ingest/transform/rollup.h"
#include "ingest/write_ops.h"

namespace basalt::ingest {
namespace {

// The `_id` an element names, when it is a string (for reporting refused elements).
std::optional<std::string> ReportedId(const Value& item) {
  const Value& id = item.Get("_id");
  if (id.is_string()) {
    return std::string(id.string_value());
  }
  return std::nullopt;
}

void PushMutation(storage::Mutation mutation, AddItemPlan* plan,
                  std::vector<storage::Mutation>* mutations) {
  plan->id = mutation.id;
  plan->mutation_index = static_cast<int>(mutations->size());
  mutations->push_back(std::move(mutation));
}

// A record without transformation, or the output of a plain one.
Status PlanRecord(const Value& record, int64_t now_micros, AddItemPlan* plan,
                  std::vector<storage::Mutation>* mutations) {
  BASALT_ASSIGN_OR_RETURN(AddMutation add, MakeAddMutationWithOp(record, now_micros));
  plan->is_delete = add.op == RecordOp::kDelete;
  PushMutation(std::move(add.mutation), plan, mutations);
  return Status::Ok();
}

void PlanBadRecord(const Status& error, int64_t now_micros, AddItemPlan* plan,
                   std::vector<storage::Mutation>* mutations) {
  storage::Mutation mutation;
  mutation.id = GenerateUuidV4();
  Value document = BadRecordDocument(mutation.id, error, now_micros);
  mutation.apply = [document =
                        std::move(document)](const Value*) -> Result<storage::MutationOutcome> {
    return storage::MutationOutcome{storage::MutationKind::kPut, document};
  };
  PushMutation(std::move(mutation), plan, mutations);
  plan->error = error;
}

void PlanTransformed(const Transformation& transformation, const Value& item, int64_t now_micros,
                     AddItemPlan* plan, std::vector<storage::Mutation>* mutations) {
  if (!item.is_object()) {
    plan->error = InvalidInput("a document must be a JSON object");
    return;
  }
  Result<std::optional<Value>> output = transformation.Apply(item, now_micros);
  if (!output.ok()) {
    PlanBadRecord(output.status(), now_micros, plan, mutations);
    return;
  }
  if (!output->has_value()) {
    plan->id = ReportedId(item);  // dropped by WHERE: acknowledged, nothing stored
    return;
  }
  Status planned = PlanRecord(**output, now_micros, plan, mutations);
  if (!planned.ok()) {
    PlanBadRecord(planned, now_micros, plan, mutations);
  }
}

}  // namespace

Value BadRecordDocument(const std::string& id, const Status& error, int64_t now_micros) {
  Value bad = Value::MakeObject({{"message", Value::String(error.message())},
                                 {"type", Value::String(ErrorTypeOf(error.code()))}});
  return Value::MakeObject({{"_id", Value::String(id)},
                            {"_event_time", Value::Timestamp(now_micros)},
                            {"_meta", Value::MakeObject({{"bad", std::move(bad)}})}});
}

std::vector<AddItemPlan> PlanAdds(const std::shared_ptr<const Transformation>& transformation,
                                  const Array& items, const std::vector<Status>& decode_errors,
                                  int64_t now_micros, std::vector<storage::Mutation>* mutations) {
  std::vector<AddItemPlan> plans(items.size());
  std::optional<RollupBatch> rollup;
  if (transformation != nullptr && transformation->is_rollup()) {
    rollup.emplace(transformation, now_micros);
  }
  std::vector<std::optional<size_t>> groups(items.size());  // rollups: item -> group
  for (size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
    const Value& item = items[item_idx];
    AddItemPlan& plan = plans[item_idx];
    if (!decode_errors.empty() && !decode_errors[item_idx].ok()) {
      plan.error = decode_errors[item_idx];
      plan.id = ReportedId(item);
      continue;
    }
    if (rollup) {
      Result<std::optional<RollupBatch::Placement>> placed = rollup->Add(item);
      if (!placed.ok()) {
        plan.error = placed.status();
        plan.id = ReportedId(item);
      } else if (placed->has_value()) {
        plan.id = (*placed)->group_id;
        groups[item_idx] = (*placed)->group_index;
      } else {
        plan.id = ReportedId(item);
      }
      continue;
    }
    if (transformation != nullptr) {
      PlanTransformed(*transformation, item, now_micros, &plan, mutations);
      continue;
    }
    plan.error = PlanRecord(item, now_micros, &plan, mutations);
    if (!plan.error.ok()) {
      plan.id = ReportedId(item);
    }
  }
  if (rollup) {
    int first = static_cast<int>(mutations->size());
    for (storage::Mutation& mutation : rollup->TakeMutations()) {
      mutations->push_back(std::move(mutation));
    }
    for (size_t item_idx = 0; item_idx < items.size(); ++item_idx) {
      if (groups[item_idx]) {
        plans[item_idx].mutation_index = first + static_cast<int>(*groups[item_idx]);
      }
    }
  }
  return plans;
}

}  // namespace basalt::ingest
