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

// Sets the object-key path `keys` in the object `doc` to a column's value, creating the
// objects on the way (a path holding a non-object on the way is left alone: column reads
// happen only where no path holds objects).
void SetColumnPath(Value* doc, const std::vector<std::string>& keys, Value value);

}  // namespace basalt::sql
