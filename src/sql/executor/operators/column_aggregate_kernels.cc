#include "sql/executor/operators/column_aggregate_kernels.h"

#include <algorithm>
#include <cmath>

namespace basalt::sql {

using storage::ColumnChunk;

ChunkKernel::Kind ChunkKernel::KindOf(const AggregateCall& call) {
  std::string_view name = call.def->name;
  if (name == "COUNT") {
    return call.args.empty() ? Kind::kCountStar : Kind::kCount;
  }
  if (call.args.size() != 1) {
    return Kind::kGeneric;
  }
  if (name == "AVG") {
    return Kind::kAvg;
  }
  if (name == "MIN") {
    return Kind::kMin;
  }
  if (name == "MAX") {
    return Kind::kMax;
  }
  return Kind::kGeneric;
}

void ChunkKernel::Touch(uint32_t group) {
  if (!is_touched_[group]) {
    is_touched_[group] = 1;
    touched_.push_back(group);
  }
}

template <typename T>
void ChunkKernel::Extreme(const T* values, const int32_t* positions, const uint32_t* groups,
                         size_t rows, std::vector<T>* best) {
  bool max = kind_ == Kind::kMax;
  for (size_t row = 0; row < rows; ++row) {
    if (positions[row] < 0) {
      continue;
    }
    T v = values[positions[row]];
    uint32_t group = groups[row];
    bool first = !is_touched_[group];
    Touch(group);
    T& b = (*best)[group];
    if (first || (max ? v > b : v < b)) {  // strict: the first of equal values stays
      b = v;
    }
  }
}

bool ChunkKernel::Accumulate(const ColumnChunk* chunk, const int32_t* positions,
                             const uint32_t* groups, size_t rows, size_t group_count) {
  if (group_count > is_touched_.size()) {
    size_t size = std::max(group_count, is_touched_.size() * 2);
    is_touched_.resize(size, 0);
    counts_.resize(size, 0);
    sums_.resize(size, 0);
    int_best_.resize(size, 0);
    float_best_.resize(size, 0);
  }
  switch (kind_) {
    case Kind::kGeneric:
      return false;
    case Kind::kCountStar:
      for (size_t row = 0; row < rows; ++row) {
        Touch(groups[row]);
        ++counts_[groups[row]];
      }
      return true;
    case Kind::kCount: {
      if (chunk != nullptr &&
          (chunk->layout == ColumnChunk::Layout::kMixed || chunk->type == ValueType::kNull)) {
        return false;  // may hold nulls, which COUNT(x) skips
      }
      for (size_t row = 0; chunk != nullptr && row < rows; ++row) {
        if (positions[row] >= 0) {
          Touch(groups[row]);
          ++counts_[groups[row]];
        }
      }
      return true;
    }
    default:
      break;
  }
  if (chunk == nullptr) {
    return true;  // no values: nothing to add
  }
  bool ints = chunk->layout == ColumnChunk::Layout::kInts && chunk->type == ValueType::kInt;
  bool floats = chunk->layout == ColumnChunk::Layout::kFloats;
  if (!ints && !floats) {
    return false;
  }
  if (kind_ == Kind::kAvg) {
    for (size_t row = 0; row < rows; ++row) {
      int32_t pos = positions[row];
      if (pos < 0) {
        continue;
      }
      Touch(groups[row]);
      sums_[groups[row]] += ints ? double(chunk->ints[size_t(pos)]) : chunk->floats[size_t(pos)];
      ++counts_[groups[row]];
    }
    return true;
  }
  if (floats) {
    for (double v : chunk->floats) {
      if (std::isnan(v)) {
        return false;  // NaN orders by Value::Compare's rules, not by `<`
      }
    }
  }
  if (!touched_.empty() && floats_ != floats) {
    return false;  // flushed per chunk, so this does not happen; stay exact if it does
  }
  floats_ = floats;
  if (ints) {
    Extreme(chunk->ints.data(), positions, groups, rows, &int_best_);
  } else {
    Extreme(chunk->floats.data(), positions, groups, rows, &float_best_);
  }
  return true;
}

Status ChunkKernel::Flush(GroupStates& states, size_t aggregate) {
  for (uint32_t group : touched_) {
    AggregateState& state = *states[group][aggregate];
    switch (kind_) {
      case Kind::kCountStar:
      case Kind::kCount:
        BASALT_RETURN_IF_ERROR(state.MergeState(Value::Int(counts_[group])));
        break;
      case Kind::kAvg:
        BASALT_RETURN_IF_ERROR(state.MergeState(
            Value::MakeArray({Value::Float(sums_[group]), Value::Int(counts_[group])})));
        break;
      case Kind::kMin:
      case Kind::kMax:
        BASALT_RETURN_IF_ERROR(state.MergeState(floats_ ? Value::Float(float_best_[group])
                                                        : Value::Int(int_best_[group])));
        break;
      case Kind::kGeneric:
        break;
    }
    is_touched_[group] = 0;
    counts_[group] = 0;
    sums_[group] = 0;
  }
  touched_.clear();
  return Status::Ok();
}

}  // namespace basalt::sql
