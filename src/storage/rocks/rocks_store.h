#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <rocksdb/db.h>

#include "storage/store.h"

namespace basalt::storage {

// Per-collection write state, loaded lazily from `meta` on first use and guarded by `mu`
// (one writer per collection at a time).
struct CollectionState {
  std::mutex mu;
  bool dropped = false;
  uint64_t next_seq = 0;
  uint32_t next_path_id = 1;
  std::unordered_map<std::string, uint32_t> path_ids;
};

// The RocksDB database behind Store: column families `default` (meta), `docs`, `ids`,
// `columns`, `index` (docs/formats/keys.md). Owns the DB and the handles.
class RocksStore {
 public:
  static Result<std::unique_ptr<RocksStore>> Open(const StoreOptions& options);
  ~RocksStore();
  RocksStore(const RocksStore&) = delete;
  RocksStore& operator=(const RocksStore&) = delete;

  Result<std::optional<std::string>> GetMeta(std::string_view key) const;
  Status WriteMeta(const std::vector<std::pair<std::string, std::string>>& puts,
                   const std::vector<std::string>& deletes);
  Result<std::vector<std::pair<std::string, std::string>>> ScanMeta(std::string_view prefix) const;

  Result<uint32_t> CreateCollection();
  Status DropCollection(uint32_t coll, const std::vector<std::string>& meta_deletes);
  Result<WriteSummary> Apply(uint32_t coll, std::vector<Mutation>& mutations);
  Result<std::unique_ptr<CollectionReader>> NewReader(uint32_t coll) const;
  Result<uint64_t> DocumentCount(uint32_t coll) const;
  Result<Store::SizeStats> Sizes(uint32_t coll) const;
  Status CompactAll();

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* meta() const { return handles_[0]; }
  rocksdb::ColumnFamilyHandle* docs() const { return handles_[1]; }
  rocksdb::ColumnFamilyHandle* ids() const { return handles_[2]; }
  rocksdb::ColumnFamilyHandle* columns() const { return handles_[3]; }
  rocksdb::ColumnFamilyHandle* index() const { return handles_[4]; }
  const rocksdb::WriteOptions& write_options() const { return write_options_; }

  // Path ids readers have looked up. A path keeps its id for its collection's life and
  // collection ids are never reused, so an entry never goes stale (a reader whose snapshot
  // predates the path finds nothing under the id, as if the path were unknown).
  std::optional<uint32_t> CachedPathId(uint32_t coll, std::string_view path) const;
  void CachePathId(uint32_t coll, std::string_view path, uint32_t id) const;

 private:
  RocksStore() = default;
  Result<std::shared_ptr<CollectionState>> StateOf(uint32_t coll);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::WriteOptions write_options_;
  std::mutex create_mu_;  // serialises collection id allocation
  std::mutex states_mu_;
  // Shared: a writer keeps its collection's state alive while a drop removes it from the map.
  std::unordered_map<uint32_t, std::shared_ptr<CollectionState>> states_;
  mutable std::mutex path_cache_mu_;
  mutable std::unordered_map<std::string, uint32_t> path_cache_;  // coll (4 bytes) + path
};

}  // namespace basalt::storage
