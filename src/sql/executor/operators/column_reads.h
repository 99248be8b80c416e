#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/reader.h"

namespace basalt::sql {

// One field's column chunk as a column scan reads it: for each selected document of the
// chunk, the index of its value in the chunk, or -1 when it has none.
struct ChunkColumn {
  std::string path;
  std::optional<storage::ColumnChunk> chunk;
  std::vector<int32_t> positions;
};

// Reads `column->path`'s chunk `chunk_no` and finds the value of each of `seqs` (ascending,
// all in that chunk).
Status ReadChunkColumn(storage::CollectionReader& reader, uint64_t chunk_no, const uint64_t* seqs,
                       size_t count, ChunkColumn* column);

}  // namespace basalt::sql
