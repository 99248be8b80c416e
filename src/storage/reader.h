#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/value.h"
#include "storage/column/column_chunk.h"
#include "storage/inverted/posting_set.h"

namespace basalt::storage {

// Per field path statistics the optimizer needs.
struct PathStats {
  std::string path;
  // Number of documents (or array elements, for `[*]` paths) holding a value of each type,
  // indexed by ValueType.
  int64_t count_by_type[kValueTypeCount] = {};
  // Estimated number of distinct values (HyperLogLog; never decreases on delete).
  double distinct_estimate = 0;
  int64_t TotalCount() const;
};

// Bounds of a range look-up over one type's values; nullopt means unbounded.
struct ValueRange {
  ValueType type = ValueType::kInt;
  std::optional<Value> lower;
  bool lower_inclusive = true;
  std::optional<Value> upper;
  bool upper_inclusive = true;
};

// A consistent read view of one collection: every call sees the same snapshot.
// Not thread-safe; create one reader per thread (readers are cheap).
//
// Field paths (docs/formats/paths.md): object keys joined by '.', e.g. "address.city";
// "tags[*]" names the elements of the array at "tags", "friends[*].age" a field of the
// objects inside it. The row and column stores hold values at paths without `[*]`; the
// index holds every scalar at every path, `[*]` paths included.
class CollectionReader {
 public:
  virtual ~CollectionReader() = default;

  // Another reader over the same snapshot, for another thread (parallel scans): both see
  // exactly the same state, and each may be used by its own thread.
  virtual Result<std::unique_ptr<CollectionReader>> Fork() const = 0;

  // --- Row store.
  virtual Result<std::optional<Value>> GetById(std::string_view id) = 0;
  virtual Result<std::optional<uint64_t>> SeqOfId(std::string_view id) = 0;
  virtual Result<std::optional<Value>> GetBySeq(uint64_t seq) = 0;
  // Documents of `seqs` (ascending), calling `fn(seq, doc)` for each that exists.
  virtual Status MultiGet(const std::vector<uint64_t>& seqs,
                          const std::function<Status(uint64_t, const Value&)>& fn) = 0;
  // The same, when the caller reads only the top-level fields named in `fields`: the
  // documents fn sees hold at least those of them they have (the others may be left out).
  virtual Status MultiGetFields(const std::vector<uint64_t>& seqs,
                                const std::vector<std::string>& /*fields*/,
                                const std::function<Status(uint64_t, const Value&)>& fn) {
    return MultiGet(seqs, fn);
  }
  // Every live document in seq order; stop early by returning a non-ok status from fn
  // (return StopIteration(), below).
  virtual Status ScanDocuments(const std::function<Status(uint64_t, const Value&)>& fn) {
    return ScanDocumentsFrom(0, fn);
  }
  // The same, starting at the first document whose seq is >= start_seq (resumable scans).
  virtual Status ScanDocumentsFrom(uint64_t start_seq,
                                   const std::function<Status(uint64_t, const Value&)>& fn) = 0;

  // --- Column store: the chunks of one path in seq order (each chunk holds the values of
  // up to kChunkSize consecutive seqs; seqs without a value at the path are absent).
  virtual Status ScanColumn(std::string_view path,
                            const std::function<Status(const ColumnChunk&)>& fn) = 0;
  // One chunk of a path (the values of seqs [chunk_no * kChunkSize, +kChunkSize)), or none
  // when no document there has a value at the path.
  virtual Result<std::optional<ColumnChunk>> ReadColumnChunk(std::string_view path,
                                                             uint64_t chunk_no) = 0;
  // Value of `path` for one document from the column store (undefined when absent).
  virtual Result<Value> ColumnValue(std::string_view path, uint64_t seq) = 0;

  // --- Inverted + range index.
  virtual Result<PostingSet> LookupEqual(std::string_view path, const Value& value) = 0;
  virtual Result<PostingSet> LookupRange(std::string_view path, const ValueRange& range) = 0;
  // Strings at `path` starting with `prefix`.
  virtual Result<PostingSet> LookupPrefix(std::string_view path, std::string_view prefix) = 0;
  // Every document with a value of `type` at `path` (e.g. kNull for IS NULL).
  virtual Result<PostingSet> LookupType(std::string_view path, ValueType type) = 0;
  // Calls fn(value, postings) for each distinct indexed value of `path` in index order
  // (type order, then value order within a type); reverse for descending order.
  virtual Status ScanIndex(std::string_view path, bool descending,
                           const std::function<Status(const Value&, const PostingSet&)>& fn) = 0;

  // All documents that exist (seqs), for NOT and full scans.
  virtual Result<PostingSet> AllDocuments() = 0;

  // --- Statistics.
  virtual Result<std::vector<std::string>> ListPaths() = 0;
  virtual Result<PathStats> GetPathStats(std::string_view path) = 0;
  virtual Result<uint64_t> DocumentCount() = 0;
};

// Returned by a scan callback to stop the scan early; the scan then returns ok.
Status StopIteration();
bool IsStopIteration(const Status& status);

}  // namespace basalt::storage
