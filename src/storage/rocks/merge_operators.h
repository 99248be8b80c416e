#pragma once

#include <memory>

#include <rocksdb/merge_operator.h>

namespace basalt::storage {

// Merge operators of the column families (docs/formats/): column chunks, posting blocks,
// and the statistics in `meta` (counters and HyperLogLog sketches, chosen by key kind).
std::shared_ptr<rocksdb::MergeOperator> NewColumnMergeOperator();
std::shared_ptr<rocksdb::MergeOperator> NewPostingMergeOperator();
std::shared_ptr<rocksdb::MergeOperator> NewMetaMergeOperator();

}  // namespace basalt::storage
