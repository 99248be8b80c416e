#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/status.h"
#include "sql/planner/plan.h"
#include "storage/column/column_chunk.h"

namespace basalt::sql {

// Typed inner loops of column-scan aggregation: COUNT(*), COUNT(x), AVG, MIN and MAX over
// one chunk's flat int or float array, accumulated per group in plain arrays and then
// folded into the groups' aggregate states (AggregateState::MergeState), once per chunk.
// Results equal row-by-row updates, except that AVG adds a chunk's values before adding
// them to the running sum (float rounding may differ in the last bits).
class ChunkKernel {
 public:
  enum class Kind : uint8_t { kGeneric, kCountStar, kCount, kAvg, kMin, kMax };
  static Kind KindOf(const AggregateCall& call);

  explicit ChunkKernel(Kind kind) : kind_(kind) {}
  Kind kind() const { return kind_; }

  // Accumulates the rows of one chunk: row r belongs to group groups[r] and has its value at
  // positions[r] in `chunk` (-1: none; `chunk` null: no row has one). False when this chunk
  // has no typed path (then nothing was accumulated and the caller updates row by row).
  // Every group number is below `group_count`.
  bool Accumulate(const storage::ColumnChunk* chunk, const int32_t* positions,
                  const uint32_t* groups, size_t rows, size_t group_count);

  // Folds what Accumulate gathered into states[group][aggregate] and starts over.
  using GroupStates = std::vector<std::vector<std::unique_ptr<AggregateState>>>;
  Status Flush(GroupStates& states, size_t aggregate);

 private:
  void Touch(uint32_t group);
  template <typename T>
  void Extreme(const T* values, const int32_t* positions, const uint32_t* groups, size_t rows,
               std::vector<T>* best);

  Kind kind_;
  bool floats_ = false;  // kMin/kMax: which of int_best_/float_best_ holds the chunk's values
  std::vector<uint32_t> touched_;  // groups with something to flush, in first-touch order
  std::vector<uint8_t> is_touched_;
  std::vector<int64_t> counts_;
  std::vector<double> sums_;
  std::vector<int64_t> int_best_;
  std::vector<double> float_best_;
};

}  // namespace basalt::sql
