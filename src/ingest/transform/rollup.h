#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "common/value.h"
#include "ingest/transform/transformation.h"
#include "sql/executor/operators.h"
#include "storage/store.h"

namespace basalt::ingest {

// The `_id` of a rollup group: a stable hash (32 hex digits) of the canonical encoding of
// its GROUP BY values (object keys sorted, integral floats as ints, since 1 and 1.0 group
// together), so that the same group always lands in the same document (ingest.md §2.1).
std::string RollupGroupId(const std::vector<Value>& keys);

// Folds the records of one write into a rollup collection (ingest.md §4.2). Records are
// grouped in memory first; TakeMutations then gives one read-modify-write per group that
// merges the batch's partial aggregate states into the group's stored states (kept as the
// document's hidden state, storage/store.h) and rewrites the group's document from them.
// Because the store applies each collection's mutations under its lock, concurrent writes
// to one rollup never lose an update; the result equals aggregating all records at once.
//
// A group's document is {_id, _event_time, <select list>}: `_event_time` is the output's
// `_event_time` when the query names one, else the time the group was created. While HAVING
// is false the group keeps its state but has no document.
//
// Not thread-safe; one per write request.
class RollupBatch {
 public:
  // REQUIRES: transformation->is_rollup().
  RollupBatch(std::shared_ptr<const Transformation> transformation, int64_t now_micros);

  struct Placement {
    std::string group_id;
    size_t group_index = 0;  // index of the group's mutation in TakeMutations()
  };
  // Adds one record; nullopt when WHERE drops it. Errors leave every group as it was:
  // INVALIDINPUT for a record that is not an object or whose `_op` is not INSERT/UPSERT
  // (rollups only insert), and the errors of evaluating the query or feeding an aggregate
  // (e.g. SUM of a string).
  Result<std::optional<Placement>> Add(const Value& record);

  // One mutation per group, in the order of first appearance. Each may still fail as a
  // whole (e.g. SUM overflowing when merged with the stored sum).
  std::vector<storage::Mutation> TakeMutations();

 private:
  struct Group {
    std::string id;
    std::vector<Value> keys;
    std::vector<std::unique_ptr<sql::AggregateState>> states;
  };

  std::shared_ptr<const Transformation> transformation_;
  int64_t now_micros_;
  std::vector<Group> groups_;
  std::unordered_map<std::vector<Value>, size_t, sql::ValuesHash, sql::ValuesEqual> index_;
};

}  // namespace basalt::ingest
