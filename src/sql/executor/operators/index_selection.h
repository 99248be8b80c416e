#pragma once

#include <cstdint>
#include <vector>

#include "common/result.h"
#include "sql/planner/plan.h"
#include "storage/reader.h"

namespace basalt::sql {

// The documents a scan's index probes select (PlanNode::probes, intersected), for the scan
// operator and for aggregation over columns.
struct IndexSelection {
  std::vector<uint64_t> seqs;  // ascending
  // Every exact probe was applied: the selected documents meet those probes' conditions,
  // and `residual` is what remains of the scan's predicate (null: nothing); the columns
  // only those conditions read need not be read.
  bool exact_applied = false;
  BoundExprPtr residual;
};

// Probes in plan order, skipping an optional range over many distinct values and stopping
// once few candidates are left (checking them costs less than reading more postings).
Result<IndexSelection> SelectByIndex(storage::CollectionReader& reader, const PlanNode& scan);

}  // namespace basalt::sql
