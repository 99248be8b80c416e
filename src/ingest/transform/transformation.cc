#include "ingest/transform/transformation.h"

#include <utility>

#include "sql/functions/function_registry.h"

namespace basalt::ingest {
namespace {

// The names of the aggregates whose state can be saved and merged, for error messages.
const std::string& MergeableAggregateNames() {
  static const std::string kNames = [] {
    std::string names;
    for (const sql::AggregateDef& def : sql::FunctionRegistry::Get().aggregates()) {
      if (def.create()->SaveState().ok()) {
        names += (names.empty() ? "" : ", ") + std::string(def.name);
      }
    }
    return names;
  }();
  return kNames;
}

Status RollupError(std::string message) {
  return Status(ErrorCode::kQueryError, std::move(message));
}

// The rules a rollup adds (ingest.md §2.1, §2.4, §4.2).
Status CheckRollup(const sql::InputQuery& query) {
  for (const std::string& name : query.output_names()) {
    if (name == "_id") {
      return RollupError(
          "A rollup may not output `_id`: each group's `_id` is derived from its GROUP BY "
          "values");
    }
    if (name == "_op") {
      return RollupError("A rollup may not output `_op`: rollup collections only insert");
    }
  }
  for (const sql::AggregateCall& call : query.aggregates()) {
    if (call.distinct) {
      return RollupError(call.name +
                         "(DISTINCT ...) cannot be kept incrementally in a rollup (distinct "
                         "values cannot be merged); use APPROX_DISTINCT in a query instead");
    }
    if (!call.order.empty() || call.limit >= 0) {
      return RollupError(call.name + " with ORDER BY or LIMIT cannot be used in a rollup");
    }
    std::unique_ptr<sql::AggregateState> state = call.def->create();
    Result<Value> saved = state->SaveState();
    if (!saved.ok()) {
      return RollupError(call.name +
                         " cannot be kept incrementally in a rollup (its state cannot be "
                         "merged); rollups support " +
                         MergeableAggregateNames());
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<const Transformation>> Transformation::Compile(std::string_view sql) {
  BASALT_ASSIGN_OR_RETURN(std::unique_ptr<sql::InputQuery> query, sql::InputQuery::Compile(sql));
  if (query->aggregated()) {
    BASALT_RETURN_IF_ERROR(CheckRollup(*query));
  }
  return std::shared_ptr<const Transformation>(
      new Transformation(std::string(sql), std::move(query)));
}

Value Transformation::InputOf(const Value& record) {
  if (!record.is_object() || record.Get("_meta").is_undefined()) {
    return record;
  }
  Object fields;
  fields.reserve(record.object().size());
  for (const Field& field : record.object()) {
    if (field.first != "_meta") {
      fields.push_back(field);
    }
  }
  return Value::MakeObject(std::move(fields));
}

Result<std::optional<Value>> Transformation::Apply(const Value& record, int64_t now_micros) const {
  return query_->Apply(InputOf(record), sql::FunctionContext{.now_micros = now_micros});
}

}  // namespace basalt::ingest
