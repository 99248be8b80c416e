#include "ingest/transform/rollup.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "common/hash.h"
#include "common/value_codec.h"
#include "ingest/write_ops.h"

namespace basalt::ingest {
namespace {

constexpr std::string_view kIdField = "_id";
constexpr std::string_view kEventTimeField = "_event_time";

// The canonical form of a group key value for hashing.
Value Canonical(const Value& value) {
  switch (value.type()) {
    case ValueType::kFloat: {
      double d = value.float_value();
      if (std::nearbyint(d) == d && std::fabs(d) < 9.0e15) {
        return Value::Int(int64_t(d));
      }
      return value;
    }
    case ValueType::kArray: {
      Array elements;
      elements.reserve(value.array().size());
      for (const Value& element : value.array()) {
        elements.push_back(Canonical(element));
      }
      return Value::MakeArray(std::move(elements));
    }
    case ValueType::kObject: {
      Object fields;
      fields.reserve(value.object().size());
      for (const Field& field : value.object()) {
        fields.emplace_back(field.first, Canonical(field.second));
      }
      std::sort(fields.begin(), fields.end(),
                [](const Field& a, const Field& b) { return a.first < b.first; });
      return Value::MakeObject(std::move(fields));
    }
    default:
      return value;
  }
}

std::string Hex64(uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

Status BadState() {
  return Corruption("the stored state of a rollup group has the wrong shape");
}

// The group's stored hidden state: {"keys": [...], "states": [saved aggregate state...]}.
Value StateValue(const std::vector<Value>& keys, Array states) {
  return Value::MakeObject(
      {{"keys", Value::MakeArray(keys)}, {"states", Value::MakeArray(std::move(states))}});
}

// The group's document: `_id`, `_event_time`, then the query's output fields.
Result<Value> GroupDocument(const std::string& id, const Value& output, const Value* current,
                            int64_t now_micros) {
  Value event_time;
  const Value& given = output.Get(kEventTimeField);
  if (!given.is_nullish()) {
    BASALT_ASSIGN_OR_RETURN(event_time, ResolveEventTime(given, now_micros));
  } else if (current != nullptr && !current->Get(kEventTimeField).is_undefined()) {
    event_time = current->Get(kEventTimeField);
  } else {
    event_time = Value::Timestamp(now_micros);
  }
  Object fields;
  fields.reserve(output.object().size() + 2);
  fields.emplace_back(std::string(kIdField), Value::String(id));
  fields.emplace_back(std::string(kEventTimeField), std::move(event_time));
  for (const Field& field : output.object()) {
    if (field.first != kEventTimeField && field.first != "_meta") {
      fields.push_back(field);
    }
  }
  return Value::MakeObject(std::move(fields));
}

}  // namespace

std::string RollupGroupId(const std::vector<Value>& keys) {
  std::string encoded = EncodeValue(Canonical(Value::MakeArray(keys)));
  return Hex64(HashBytes(0x726f6c6c7570ULL, encoded)) + Hex64(HashBytes(0x67726f7570ULL, encoded));
}

RollupBatch::RollupBatch(std::shared_ptr<const Transformation> transformation, int64_t now_micros)
    : transformation_(std::move(transformation)), now_micros_(now_micros) {}

Result<std::optional<RollupBatch::Placement>> RollupBatch::Add(const Value& record) {
  if (!record.is_object()) {
    return InvalidInput("a document must be a JSON object");
  }
  BASALT_ASSIGN_OR_RETURN(RecordOp op, ParseRecordOp(record.Get("_op")));
  if (op != RecordOp::kUpsert && op != RecordOp::kInsert) {
    return InvalidInput("`_op` " + std::string(RecordOpName(op)) +
                        " is not allowed: rollup collections accept only inserts");
  }
  const sql::InputQuery& query = transformation_->query();
  BASALT_ASSIGN_OR_RETURN(
      std::optional<sql::InputQuery::Contribution> contribution,
      query.Contribute(Transformation::InputOf(record), {.now_micros = now_micros_}));
  if (!contribution) {
    return std::optional<Placement>();
  }
  // The record's own states first, so that a value one aggregate refuses changes nothing.
  const std::vector<sql::AggregateCall>& calls = query.aggregates();
  std::vector<Value> saved;
  saved.reserve(calls.size());
  for (size_t a = 0; a < calls.size(); ++a) {
    std::unique_ptr<sql::AggregateState> state = calls[a].def->create();
    if (contribution->arguments[a]) {
      BASALT_RETURN_IF_ERROR(state->Update(*contribution->arguments[a]));
    }
    BASALT_ASSIGN_OR_RETURN(Value one, state->SaveState());
    saved.push_back(std::move(one));
  }
  auto [found, inserted] = index_.emplace(contribution->keys, groups_.size());
  if (inserted) {
    Group group;
    group.id = RollupGroupId(contribution->keys);
    group.keys = std::move(contribution->keys);
    for (const sql::AggregateCall& call : calls) {
      group.states.push_back(call.def->create());
    }
    groups_.push_back(std::move(group));
  }
  Group& group = groups_[found->second];
  for (size_t a = 0; a < calls.size(); ++a) {
    BASALT_RETURN_IF_ERROR(group.states[a]->MergeState(saved[a]));
  }
  return std::optional<Placement>(Placement{group.id, found->second});
}

std::vector<storage::Mutation> RollupBatch::TakeMutations() {
  std::vector<storage::Mutation> mutations;
  mutations.reserve(groups_.size());
  for (Group& group : groups_) {
    Array partial;
    for (const auto& state : group.states) {
      Result<Value> saved = state->SaveState();
      partial.push_back(saved.ok() ? std::move(saved).value() : Value::Null());
    }
    storage::Mutation mutation;
    mutation.id = group.id;
    mutation.apply_with_state =
        [transformation = transformation_, id = group.id, keys = std::move(group.keys),
         partial = std::move(partial), now = now_micros_](
            const Value* current, const Value* stored) -> Result<storage::MutationOutcome> {
      const sql::InputQuery& query = transformation->query();
      const std::vector<sql::AggregateCall>& calls = query.aggregates();
      std::vector<Value> group_keys = keys;
      std::vector<std::unique_ptr<sql::AggregateState>> states;
      states.reserve(calls.size());
      for (const sql::AggregateCall& call : calls) {
        states.push_back(call.def->create());
      }
      if (stored != nullptr) {
        const Value& stored_keys = stored->Get("keys");
        const Value& stored_states = stored->Get("states");
        if (!stored_keys.is_array() || stored_keys.array().size() != keys.size() ||
            !stored_states.is_array() || stored_states.array().size() != calls.size()) {
          return BadState();
        }
        group_keys = stored_keys.array();  // the values as first seen
        for (size_t a = 0; a < calls.size(); ++a) {
          BASALT_RETURN_IF_ERROR(states[a]->MergeState(stored_states.array()[a]));
        }
      }
      std::vector<Value> values;
      Array saved;
      for (size_t a = 0; a < calls.size(); ++a) {
        BASALT_RETURN_IF_ERROR(states[a]->MergeState(partial[a]));
        BASALT_ASSIGN_OR_RETURN(Value value, states[a]->Finalize());
        values.push_back(std::move(value));
        BASALT_ASSIGN_OR_RETURN(Value one, states[a]->SaveState());
        saved.push_back(std::move(one));
      }
      BASALT_ASSIGN_OR_RETURN(std::optional<Value> output,
                              query.GroupOutput(group_keys, values, {.now_micros = now}));
      storage::MutationOutcome outcome;
      outcome.state = StateValue(group_keys, std::move(saved));
      if (!output) {
        // HAVING is false: the group is kept, hidden (ingest.md §4.2).
        outcome.kind =
            current != nullptr ? storage::MutationKind::kDelete : storage::MutationKind::kNoop;
        return outcome;
      }
      BASALT_ASSIGN_OR_RETURN(outcome.document, GroupDocument(id, *output, current, now));
      outcome.kind = storage::MutationKind::kPut;
      return outcome;
    };
    mutations.push_back(std::move(mutation));
  }
  groups_.clear();
  index_.clear();
  return mutations;
}

}  // namespace basalt::ingest
