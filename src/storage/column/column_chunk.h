#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"

namespace basalt::storage {

// Number of consecutive sequence numbers whose values of one path share a chunk.
inline constexpr uint64_t kChunkSize = 4096;

// The decoded values of one path for the seqs [chunk_no * kChunkSize, +kChunkSize).
// When every value has the same scalar type the values sit in a flat typed array (the fast
// path of scans): `ints` for int-payload types (int, bool, date, time, datetime, timestamp,
// intervals), `floats` for float, string/bytes as one byte arena (`string_bytes`, entry i
// at [string_ends[i-1], string_ends[i])) so that a scan reads them without building a
// Value each. Chunks with few distinct strings are dictionary-coded: the arena holds each
// distinct string once and `dictionary_ids` names the entry of each value (a scan can then
// work per distinct string). Otherwise (`mixed`) in `values`. Format in
// docs/formats/columns.md.
struct ColumnChunk {
  enum class Layout : uint8_t { kInts = 0, kFloats = 1, kStrings = 2, kMixed = 3 };

  uint64_t chunk_no = 0;
  Layout layout = Layout::kMixed;
  ValueType type = ValueType::kUndefined;  // the common type unless kMixed
  std::vector<uint16_t> slots;             // seq - first seq, ascending, one per value
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::string string_bytes;
  std::vector<uint64_t> string_ends;
  std::vector<uint32_t> dictionary_ids;  // per value when dictionary-coded, else empty
  std::vector<Value> values;

  size_t size() const { return slots.size(); }
  uint64_t FirstSeq() const { return chunk_no * kChunkSize; }
  uint64_t SeqAt(size_t index) const { return FirstSeq() + slots[index]; }
  Value ValueAt(size_t index) const;
  // Layout kStrings: the bytes of value `index`.
  std::string_view StringAt(size_t index) const {
    return StringEntry(dictionary_ids.empty() ? index : dictionary_ids[index]);
  }
  // Layout kStrings: arena entry `entry` (a value, or a dictionary entry when coded).
  std::string_view StringEntry(size_t entry) const {
    uint64_t begin = entry == 0 ? 0 : string_ends[entry - 1];
    return std::string_view(string_bytes.data() + begin, string_ends[entry] - begin);
  }
  bool dictionary_coded() const { return !dictionary_ids.empty(); }

  // Builds a chunk from (slot, value) pairs sorted by slot; picks the layout.
  static ColumnChunk FromValues(uint64_t chunk_no, std::vector<std::pair<uint16_t, Value>> entries);
  // Back to (slot, value) pairs.
  std::vector<std::pair<uint16_t, Value>> Entries() const;

  std::string Encode() const;
  static Result<ColumnChunk> Decode(uint64_t chunk_no, std::string_view bytes);
};

// Merge operands that set or remove one slot's value (docs/formats/columns.md).
class ColumnDelta {
 public:
  void Set(uint16_t slot, const Value& value);
  // Same as Set with the value already in EncodeValue form.
  void SetEncoded(uint16_t slot, std::string_view encoded_value);
  void Remove(uint16_t slot);
  bool empty() const { return count_ == 0; }
  std::string Finish() const;

 private:
  std::string body_;
  uint64_t count_ = 0;
};

// Folds operands (oldest first) into an existing encoded chunk (or none) and encodes the
// result. Used by the RocksDB merge operator.
Result<std::string> MergeColumnChunk(const std::string_view* existing,
                                     const std::vector<std::string_view>& operands);
// Concatenates operands into one (partial merge).
Result<std::string> CombineColumnDeltas(const std::vector<std::string_view>& operands);

}  // namespace basalt::storage
