#include "sql/executor/operators/column_reads.h"

namespace basalt::sql {

Status ReadChunkColumn(storage::CollectionReader& reader, uint64_t chunk_no, const uint64_t* seqs,
                       size_t count, ChunkColumn* column) {
  BASALT_ASSIGN_OR_RETURN(column->chunk, reader.ReadColumnChunk(column->path, chunk_no));
  column->positions.assign(count, -1);
  if (!column->chunk) {
    return Status::Ok();
  }
  const std::vector<uint16_t>& slots = column->chunk->slots;
  size_t cursor = 0;
  for (size_t row = 0; row < count; ++row) {
    auto slot = uint16_t(seqs[row] % storage::kChunkSize);
    while (cursor < slots.size() && slots[cursor] < slot) {
      ++cursor;
    }
    if (cursor < slots.size() && slots[cursor] == slot) {
      column->positions[row] = int32_t(cursor);
    }
  }
  return Status::Ok();
}

void SetColumnPath(Value* doc, const std::vector<std::string>& keys, Value value) {
  if (keys.size() == 1) {
    doc->Set(keys[0], std::move(value));
    return;
  }
  Value* current = doc;
  for (size_t idx = 0; idx + 1 < keys.size(); ++idx) {
    Object& fields = current->MutableObject();
    Value* child = nullptr;
    for (Field& f : fields) {
      if (f.first == keys[idx]) {
        child = &f.second;
      }
    }
    if (child == nullptr) {
      fields.emplace_back(keys[idx], Value::EmptyObject());
      child = &fields.back().second;
    } else if (!child->is_object()) {
      return;  // cannot happen when no path holds objects; keep the row consistent
    }
    current = child;
  }
  current->Set(keys.back(), std::move(value));
}

}  // namespace basalt::sql
