#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "common/value.h"
#include "storage/store.h"

namespace basalt::ingest {

// The Write API's three operations (api.md §7, ingest.md §2-3) as storage mutations: each
// function validates one input element and returns the read-modify-write that applies it.
// A returned error concerns that element only (the request goes on); the `apply` function
// of a returned mutation may also fail, again for its document only. Mutations are plain
// values: safe to build on one thread and apply on another.
//
// Stored documents are objects holding `_id` (a string) first, `_event_time` (a timestamp)
// second, then the user's fields; `_op` is never stored, and an input `_meta` is dropped.

// What a record's `_op` asks for (ingest.md §2.4), case-insensitive; absent means UPSERT.
enum class RecordOp { kUpsert, kInsert, kUpdate, kReplace, kRepsert, kDelete };

std::string_view RecordOpName(RecordOp op);
// Parses an `_op` value; undefined or null mean UPSERT. Anything else unknown: INVALIDINPUT.
Result<RecordOp> ParseRecordOp(const Value& op);

// Resolves a record's `_event_time` (ingest.md §2.2): a timestamp is kept, an integer is
// microseconds since the epoch, a string is ISO-8601 (UTC unless it names a zone), absent
// or null is `ingest_time_micros`. Other types: INVALIDINPUT.
Result<Value> ResolveEventTime(const Value& event_time, int64_t ingest_time_micros);

// One added record (POST …/docs). `record` must be an object (else INVALIDINPUT). Its
// `_id` is kept when a string, converted when a number/bool/object/array
// (DocumentIdFromValue), generated (UUID v4) when absent or null. Outcomes by `_op`:
//   UPSERT, INSERT  merge top-level fields into the stored document, or insert;
//   UPDATE          merge if the document exists, else no-op;
//   REPLACE         replace if it exists, else no-op;
//   REPSERT         replace or insert;
//   DELETE          delete (no-op if absent).
// A merge keeps the stored `_id`, `_event_time` and `_meta` (special fields are immutable);
// a replace takes the record's `_event_time` (or the ingest time when it has none).
// UPDATE, REPLACE and DELETE need an `_id`.
Result<storage::Mutation> MakeAddMutation(Value record, int64_t ingest_time_micros);

// Like MakeAddMutation, also reporting the record's `_op` (the server maps DELETE to a
// DELETED status).
struct AddMutation {
  storage::Mutation mutation;
  RecordOp op = RecordOp::kUpsert;
};
Result<AddMutation> MakeAddMutationWithOp(const Value& record, int64_t ingest_time_micros);

// One patched document (PATCH …/docs): `item` is `{_id, patch: [{op, path, value?,
// from?}]}` (json_patch.h). The operations apply atomically in order to the stored
// document; any failure leaves it unchanged. Paths (or MOVE sources) touching `_id` or
// `_event_time`, and the whole-document path "", are refused (INVALIDINPUT). A missing
// document fails with NOTFOUND. The result must still be an object.
Result<storage::Mutation> MakePatchMutation(const Value& item);

// One deleted document (DELETE …/docs): `item` is `{_id}`. Deleting an absent document is
// a no-op.
Result<storage::Mutation> MakeDeleteMutation(const Value& item);

}  // namespace basalt::ingest
