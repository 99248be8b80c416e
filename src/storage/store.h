#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/value.h"
#include "storage/reader.h"

namespace basalt::storage {

class RocksStore;  // storage/rocks/rocks_store.h: the only code that sees RocksDB.

struct StoreOptions {
  std::string path;
  // fsync the WAL on every write batch. Off by default: the WAL is still written before a
  // write is acknowledged, so an acknowledged write survives `kill -9` of the server (the
  // OS keeps the file data); turn it on to also survive power loss.
  bool sync_writes = false;
  size_t block_cache_bytes = 256u << 20;
};

// What a mutation does to one document (storage does not interpret _op: the ingest layer
// turns UPSERT/REPLACE/PATCH/... into a MutationOutcome from the current document).
enum class MutationKind : uint8_t {
  kPut,     // store `document` (insert, or replace the current one)
  kDelete,  // remove the document (no-op when absent)
  kNoop,    // leave the collection unchanged
};

struct MutationOutcome {
  MutationKind kind = MutationKind::kNoop;
  // REQUIRES for kPut: an object. Its `_id` field must equal Mutation::id.
  Value document;
  // Only from Mutation::apply_with_state: the document's new hidden state, kept beside it
  // in the same batch but neither indexed nor visible to queries (a rollup's aggregate
  // states). nullopt leaves the state as it is (a kDelete outcome then removes it with the
  // document); an undefined value removes it; any other value is stored, whatever `kind`.
  std::optional<Value> state;
};

// One read-modify-write of the document with `id`. `apply` sees the current document
// (nullptr when absent, or when an earlier mutation of the same batch deleted it; it sees
// the result of earlier mutations of the same batch) and returns the outcome, or an error
// that fails only this document.
struct Mutation {
  std::string id;
  std::function<Result<MutationOutcome>(const Value* current)> apply;
  // When set, used instead of `apply`: also sees the hidden state kept for this `_id`
  // (nullptr when none), which may exist without a document.
  std::function<Result<MutationOutcome>(const Value* current, const Value* state)> apply_with_state;
};

struct MutationResult {
  Status status;  // error from `apply`, if any
  MutationKind applied = MutationKind::kNoop;
  bool existed = false;  // a document with this id existed before this mutation
};

struct WriteSummary {
  std::vector<MutationResult> results;  // one per mutation, in order
  uint64_t sequence = 0;                // RocksDB sequence after the batch (offset source)
};

// The converged-index store: every collection's row store, column store and inverted/range
// index, plus the catalog's key-value space, in one RocksDB database (DESIGN.md).
//
// Thread-safety: all methods are safe to call concurrently. Writes to one collection are
// serialised by a per-collection lock (read-modify-write of documents, sequence numbers);
// writes to different collections run in parallel. Every write call is one atomic
// WriteBatch with the WAL on: when it returns ok, the write survives a process crash.
class Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // --- Catalog key-value space (the `meta` column family, under a "catalog/" prefix).
  Result<std::optional<std::string>> GetMeta(std::string_view key) const;
  // Applies puts and deletes atomically.
  Status WriteMeta(const std::vector<std::pair<std::string, std::string>>& puts,
                   const std::vector<std::string>& deletes = {});
  // All (key, value) pairs whose key starts with `prefix`, in key order.
  Result<std::vector<std::pair<std::string, std::string>>> ScanMeta(std::string_view prefix) const;

  // --- Collections. A collection is addressed by a numeric id the store allocates; the
  // catalog maps names to ids.
  Result<uint32_t> CreateCollection();
  // Removes every key of the collection from every column family, atomically with the
  // given catalog deletes (so a crash never leaves a half-deleted collection visible).
  Status DropCollection(uint32_t collection_id, const std::vector<std::string>& meta_deletes = {});

  // Applies the mutations in order as one atomic batch.
  Result<WriteSummary> Apply(uint32_t collection_id, std::vector<Mutation>& mutations);

  // A consistent read view of one collection (a RocksDB snapshot).
  Result<std::unique_ptr<CollectionReader>> NewReader(uint32_t collection_id) const;

  // Live documents in the collection (exact).
  Result<uint64_t> DocumentCount(uint32_t collection_id) const;

  // Approximate bytes on disk per index, for collection stats.
  struct SizeStats {
    uint64_t row_bytes = 0;
    uint64_t column_bytes = 0;
    uint64_t index_bytes = 0;
  };
  Result<SizeStats> Sizes(uint32_t collection_id) const;

  // The storage sequence of the last applied write (write offsets are made from it).
  uint64_t LatestSequence() const;

  // Flushes memtables and compacts; for benchmarks and tests.
  Status CompactAll();

 private:
  explicit Store(std::unique_ptr<RocksStore> rocks);
  std::unique_ptr<RocksStore> rocks_;
};

}  // namespace basalt::storage
