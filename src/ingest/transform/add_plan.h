#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/value.h"
#include "ingest/transform/transformation.h"
#include "storage/store.h"

namespace basalt::ingest {

// What one element of a Write API add request (POST …/docs) becomes (api.md §7).
struct AddItemPlan {
  // When not ok, the element's status is ERROR with this error, whether or not a mutation
  // was made for it (a bad-record document, below).
  Status error;
  std::optional<std::string> id;  // the `_id` to report (null when unknown)
  int mutation_index = -1;        // index of its mutation, -1 when nothing is stored
  bool is_delete = false;         // its `_op` is DELETE (status DELETED)
};

// Plans the elements of one add request through the collection's transformation
// (ingest.md §1-4), appending storage mutations to `mutations`. `transformation` is null
// for a collection without one. `decode_errors` holds, per element, an error found while
// decoding it (empty when there were none); such elements are refused as they are.
//
// - Without a transformation each element is a record for MakeAddMutationWithOp.
// - A plain transformation maps each record first. A record WHERE drops is acknowledged
//   (ADDED, as Rockset did) but stores nothing; its `_id` is the input's, if it had one.
//   A record the transformation cannot process — an evaluation error, or an output whose
//   `_id`, `_event_time` or `_op` is invalid — does not stop the others: it is stored as a
//   bad-record document {_id, _event_time, _meta: {bad: {message, type}}} (ingest.md §1,
//   §2.3) and reported as ERROR with the reason and that document's `_id`.
// - A rollup folds the records into their groups (rollup.h): one mutation per group, each
//   record reporting its group's `_id`. Records it refuses are reported as ERROR and not
//   stored (a rollup keeps no documents but groups).
std::vector<AddItemPlan> PlanAdds(const std::shared_ptr<const Transformation>& transformation,
                                  const Array& items, const std::vector<Status>& decode_errors,
                                  int64_t now_micros, std::vector<storage::Mutation>* mutations);

// The bad-record document stored for a record that failed with `error`.
Value BadRecordDocument(const std::string& id, const Status& error, int64_t now_micros);

}  // namespace basalt::ingest
