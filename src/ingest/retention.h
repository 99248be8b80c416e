#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "catalog/backend.h"
#include "catalog/catalog.h"
#include "common/result.h"
#include "storage/store.h"

namespace basalt::ingest {

// Retention (ingest.md §5): documents whose `_event_time` is older than now minus the
// collection's `retention_secs` are purged in the background.
//
// A pass finds the expired documents of each collection with a retention through the range
// index on `_event_time` (one read snapshot, which also gives their `_id`s a batch at a time),
// and deletes them in small batches through the
// ordinary storage delete mutation, so the row store, column store, inverted index, counters
// and the set of live documents change together, exactly as for a Write API delete. Each
// delete re-checks the document's `_event_time` under the collection's write lock, so a
// document replaced with a newer event time in the meantime stays. Between batches the
// purger pauses, so writes and queries on the collection are never held up for long.
//
// Queries may still see an expired document until the pass that covers it has run (the
// spec allows that lag; passes run every `interval`).
//
// The number and encoded size of purged documents per collection are kept in the catalog
// key space under PurgedStatsKey(storage_id) (collection stats `purged_doc_count` and
// `purged_doc_size`, api.md §6.2); a pass removes the keys of dropped collections.
struct RetentionOptions {
  std::chrono::milliseconds interval{30'000};  // between the starts of two passes
  size_t batch_size = 128;                     // documents per delete batch
  std::chrono::milliseconds pause{2};          // between two delete batches
};

struct PurgeStats {
  int64_t documents = 0;
  int64_t bytes = 0;  // encoded size of the purged documents
};

// The catalog key of a collection's purge totals, and reading it (zeros when absent).
std::string PurgedStatsKey(uint32_t storage_id);
Result<PurgeStats> ReadPurgedStats(const catalog::Backend& backend, uint32_t storage_id);

// Thread-safety: PurgeOnce must not run concurrently with itself; Start runs it on one
// background thread until Stop (or destruction). Everything borrowed outlives the purger.
class RetentionPurger {
 public:
  RetentionPurger(catalog::Catalog& catalog, catalog::Backend& backend, const storage::Store& store,
                  RetentionOptions options);
  ~RetentionPurger();
  RetentionPurger(const RetentionPurger&) = delete;
  RetentionPurger& operator=(const RetentionPurger&) = delete;

  // One pass over every collection with a retention, expiring what is older than
  // `now_micros - retention`. Returns what this pass purged (all collections together).
  // A collection dropped during the pass is skipped.
  Result<PurgeStats> PurgeOnce(int64_t now_micros);

  // Runs a pass at once and then every `interval` on a background thread; errors are
  // printed to stderr and the next pass tries again.
  void Start();
  void Stop();

 private:
  Result<PurgeStats> PurgeCollection(const catalog::CollectionInfo& info, int64_t cutoff_micros);
  Status RecordStats(uint32_t storage_id, const PurgeStats& purged);
  Status ForgetDroppedCollections();
  bool PauseOrStop(std::chrono::milliseconds duration);

  catalog::Catalog& catalog_;
  catalog::Backend& backend_;
  const storage::Store& store_;
  RetentionOptions options_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace basalt::ingest
