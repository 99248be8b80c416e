#include "ingest/write_ops.h"

#include <cctype>
#include <string>
#include <utility>

#include "common/time_util.h"
#include "ingest/document_id.h"
#include "ingest/json_patch.h"

namespace basalt::ingest {
namespace {

constexpr std::string_view kIdField = "_id";
constexpr std::string_view kEventTimeField = "_event_time";
constexpr std::string_view kMetaField = "_meta";
constexpr std::string_view kOpField = "_op";

constexpr RecordOp kAllRecordOps[] = {RecordOp::kUpsert,  RecordOp::kInsert,  RecordOp::kUpdate,
                                      RecordOp::kReplace, RecordOp::kRepsert, RecordOp::kDelete};

bool IsSpecialField(std::string_view name) {
  return name == kIdField || name == kEventTimeField || name == kMetaField || name == kOpField;
}

std::string ToUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// The `_id` of a Write API item; nullopt when it has none (undefined or null).
Result<std::optional<std::string>> OptionalIdOf(const Value& item) {
  const Value& id = item.Get(kIdField);
  if (id.is_nullish()) {
    return std::optional<std::string>();
  }
  BASALT_ASSIGN_OR_RETURN(std::string resolved, DocumentIdFromValue(id));
  return std::optional<std::string>(std::move(resolved));
}

Result<std::string> RequiredIdOf(const Value& item, std::string_view what) {
  if (!item.is_object()) {
    return InvalidInput(std::string(what) + " must be an object");
  }
  BASALT_ASSIGN_OR_RETURN(std::optional<std::string> id, OptionalIdOf(item));
  if (!id) {
    return InvalidInput(std::string(what) + " needs an `_id`");
  }
  return std::move(*id);
}

// A fresh stored document: `_id`, `_event_time`, then the record's user fields in order.
Value NewDocument(const std::string& id, const Value& event_time, const Value& record) {
  Object fields;
  fields.reserve(record.object().size() + 2);
  fields.emplace_back(std::string(kIdField), Value::String(id));
  fields.emplace_back(std::string(kEventTimeField), event_time);
  for (const Field& field : record.object()) {
    if (!IsSpecialField(field.first) && !field.second.is_undefined()) {
      fields.push_back(field);
    }
  }
  return Value::MakeObject(std::move(fields));
}

// Top-level merge: the record's user fields overwrite, every other stored field (special
// fields included) stays where it is.
Value MergeInto(const Value& current, const Value& record) {
  Value merged = current;
  for (const Field& field : record.object()) {
    if (!IsSpecialField(field.first) && !field.second.is_undefined()) {
      merged.Set(field.first, field.second);
    }
  }
  return merged;
}

storage::MutationOutcome Put(Value document) {
  return storage::MutationOutcome{storage::MutationKind::kPut, std::move(document)};
}
storage::MutationOutcome Delete() {
  return storage::MutationOutcome{storage::MutationKind::kDelete, Value()};
}
storage::MutationOutcome Noop() {
  return storage::MutationOutcome{storage::MutationKind::kNoop, Value()};
}

Status CheckStored(const Value* current) {
  if (current != nullptr && !current->is_object()) {
    return Internal("stored document is not an object");
  }
  return Status::Ok();
}

// Patches may not write special fields nor the whole document.
Status CheckPatchTarget(const JsonPointer& pointer, std::string_view role) {
  if (pointer.tokens.empty()) {
    return InvalidInput("patch " + std::string(role) + " \"\" (the whole document) is not allowed");
  }
  const std::string& top = pointer.tokens.front();
  if (top == kIdField || top == kEventTimeField) {
    return InvalidInput("patch " + std::string(role) + " `" + pointer.text + "`: `" + top +
                        "` cannot be patched");
  }
  return Status::Ok();
}

Status CheckPatchOps(const std::vector<PatchOp>& ops) {
  for (const PatchOp& op : ops) {
    if (op.kind != PatchOpKind::kTest) {
      BASALT_RETURN_IF_ERROR(CheckPatchTarget(op.path, "path"));
    }
    if (op.kind == PatchOpKind::kMove) {
      BASALT_RETURN_IF_ERROR(CheckPatchTarget(op.from, "from"));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view RecordOpName(RecordOp op) {
  switch (op) {
    case RecordOp::kUpsert:
      return "UPSERT";
    case RecordOp::kInsert:
      return "INSERT";
    case RecordOp::kUpdate:
      return "UPDATE";
    case RecordOp::kReplace:
      return "REPLACE";
    case RecordOp::kRepsert:
      return "REPSERT";
    case RecordOp::kDelete:
      return "DELETE";
  }
  return "UNKNOWN";
}

Result<RecordOp> ParseRecordOp(const Value& op) {
  if (op.is_nullish()) {
    return RecordOp::kUpsert;
  }
  if (!op.is_string()) {
    return InvalidInput("`_op` must be a string");
  }
  std::string upper = ToUpper(op.string_value());
  for (RecordOp candidate : kAllRecordOps) {
    if (upper == RecordOpName(candidate)) {
      return candidate;
    }
  }
  return InvalidInput("unknown `_op` \"" + std::string(op.string_value()) +
                      "\"; expected UPSERT, INSERT, UPDATE, REPLACE, REPSERT or DELETE");
}

Result<Value> ResolveEventTime(const Value& event_time, int64_t ingest_time_micros) {
  switch (event_time.type()) {
    case ValueType::kUndefined:
    case ValueType::kNull:
      return Value::Timestamp(ingest_time_micros);
    case ValueType::kTimestamp:
      return event_time;
    case ValueType::kInt:
      return Value::Timestamp(event_time.int_value());
    case ValueType::kString: {
      Result<int64_t> micros = ParseTimestamp(event_time.string_value());
      if (!micros.ok()) {
        return InvalidInput("`_event_time` \"" + std::string(event_time.string_value()) +
                            "\" is not an ISO-8601 timestamp");
      }
      return Value::Timestamp(*micros);
    }
    default:
      return InvalidInput(
          "`_event_time` must be a timestamp, an integer of microseconds "
          "since the epoch or an ISO-8601 string, not " +
          std::string(ValueTypeName(event_time.type())));
  }
}

Result<AddMutation> MakeAddMutationWithOp(const Value& record, int64_t ingest_time_micros) {
  if (!record.is_object()) {
    return InvalidInput("a document must be a JSON object");
  }
  BASALT_ASSIGN_OR_RETURN(RecordOp op, ParseRecordOp(record.Get(kOpField)));
  BASALT_ASSIGN_OR_RETURN(std::optional<std::string> given_id, OptionalIdOf(record));
  if (!given_id &&
      (op == RecordOp::kUpdate || op == RecordOp::kReplace || op == RecordOp::kDelete)) {
    return InvalidInput("`_op` " + std::string(RecordOpName(op)) + " needs an `_id`");
  }
  std::string id = given_id ? std::move(*given_id) : GenerateUuidV4();

  AddMutation out;
  out.op = op;
  out.mutation.id = id;
  if (op == RecordOp::kDelete) {
    out.mutation.apply = [](const Value*) -> Result<storage::MutationOutcome> { return Delete(); };
    return out;
  }
  BASALT_ASSIGN_OR_RETURN(Value event_time,
                          ResolveEventTime(record.Get(kEventTimeField), ingest_time_micros));
  Value fresh = NewDocument(id, event_time, record);
  bool merge = op == RecordOp::kUpsert || op == RecordOp::kInsert || op == RecordOp::kUpdate;
  bool insert_if_absent = op != RecordOp::kUpdate && op != RecordOp::kReplace;
  out.mutation.apply = [fresh = std::move(fresh), merge, insert_if_absent](
                           const Value* current) -> Result<storage::MutationOutcome> {
    BASALT_RETURN_IF_ERROR(CheckStored(current));
    if (current == nullptr) {
      return insert_if_absent ? Put(fresh) : Noop();
    }
    if (!merge) {
      return Put(fresh);
    }
    return Put(MergeInto(*current, fresh));
  };
  return out;
}

Result<storage::Mutation> MakeAddMutation(Value record, int64_t ingest_time_micros) {
  BASALT_ASSIGN_OR_RETURN(AddMutation add, MakeAddMutationWithOp(record, ingest_time_micros));
  return std::move(add.mutation);
}

Result<storage::Mutation> MakePatchMutation(const Value& item) {
  BASALT_ASSIGN_OR_RETURN(std::string id, RequiredIdOf(item, "a patch item"));
  const Value& patch = item.Get("patch");
  if (patch.is_undefined()) {
    return InvalidInput("a patch item needs a `patch` array");
  }
  BASALT_ASSIGN_OR_RETURN(std::vector<PatchOp> ops, ParsePatch(patch));
  BASALT_RETURN_IF_ERROR(CheckPatchOps(ops));
  storage::Mutation mutation;
  mutation.id = id;
  mutation.apply =
      [id, ops = std::move(ops)](const Value* current) -> Result<storage::MutationOutcome> {
    if (current == nullptr) {
      return NotFound("no document with `_id` \"" + id + "\"");
    }
    BASALT_RETURN_IF_ERROR(CheckStored(current));
    BASALT_ASSIGN_OR_RETURN(Value patched, ApplyPatch(ops, *current));
    if (!patched.is_object()) {
      return InvalidInput("a patched document must stay an object");
    }
    return Put(std::move(patched));
  };
  return mutation;
}

Result<storage::Mutation> MakeDeleteMutation(const Value& item) {
  BASALT_ASSIGN_OR_RETURN(std::string id, RequiredIdOf(item, "a delete item"));
  storage::Mutation mutation;
  mutation.id = std::move(id);
  mutation.apply = [](const Value*) -> Result<storage::MutationOutcome> { return Delete(); };
  return mutation;
}

}  // namespace basalt::ingest
