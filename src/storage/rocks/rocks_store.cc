#include "storage/rocks/rocks_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "common/coding.h"
#include "storage/keys.h"
#include "storage/rocks/merge_operators.h"
#include "storage/rocks/rocks_status.h"
#include "storage/stats_codec.h"

namespace basalt::storage {
namespace {

constexpr const char* kColumnFamilies[] = {"default", "docs", "ids", "columns", "index"};

// `whole_values`: a family read key by key whose values are large (documents): each entry
// is its own restart point, so a block's hash index leads straight to it.
rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache, bool bloom,
                                           size_t block_size, bool whole_values) {
  rocksdb::ColumnFamilyOptions cf;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.block_size = block_size;
  table.format_version = 5;
  table.cache_index_and_filter_blocks = false;
  if (bloom) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
    // Families read by key (documents by seq, ids): a hash index in each data block finds
    // a key without walking the block's entries (the scans still read in key order).
    table.data_block_index_type = rocksdb::BlockBasedTableOptions::kDataBlockBinaryAndHash;
  }
  if (whole_values) {
    table.block_restart_interval = 1;
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  cf.compression = rocksdb::kLZ4Compression;
  cf.bottommost_compression = rocksdb::kZSTD;
  cf.write_buffer_size = 64u << 20;
  cf.max_write_buffer_number = 4;
  cf.level_compaction_dynamic_level_bytes = true;
  return cf;
}

}  // namespace

Result<std::unique_ptr<RocksStore>> RocksStore::Open(const StoreOptions& options) {
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.bytes_per_sync = 1 << 20;
  db_options.keep_log_file_num = 5;

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : kColumnFamilies) {
    std::string n(name);
    bool bloom = n == "ids" || n == "docs" || n == "default";
    auto cf = FamilyOptions(cache, bloom, n == "columns" ? 32 * 1024 : 16 * 1024, n == "docs");
    if (n == "default") {
      cf.merge_operator = NewMetaMergeOperator();
    }
    if (n == "columns") {
      cf.merge_operator = NewColumnMergeOperator();
    }
    if (n == "index") {
      cf.merge_operator = NewPostingMergeOperator();
    }
    families.emplace_back(n, cf);
  }
  std::unique_ptr<RocksStore> store(new RocksStore());
  rocksdb::DB* raw = nullptr;
  BASALT_RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::Open(db_options, options.path, families, &store->handles_, &raw)));
  store->db_.reset(raw);
  store->write_options_.sync = options.sync_writes;
  store->write_options_.disableWAL = false;
  return store;
}

RocksStore::~RocksStore() {
  if (db_) {
    for (auto* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
  }
}

Result<std::optional<std::string>> RocksStore::GetMeta(std::string_view key) const {
  std::string value;
  std::string full = std::string(keys::kCatalogPrefix) + std::string(key);
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta(), full, &value);
  if (s.IsNotFound()) {
    return std::optional<std::string>();
  }
  BASALT_RETURN_IF_ERROR(FromRocks(s));
  return std::optional<std::string>(std::move(value));
}

Status RocksStore::WriteMeta(const std::vector<std::pair<std::string, std::string>>& puts,
                             const std::vector<std::string>& deletes) {
  rocksdb::WriteBatch batch;
  std::string prefix(keys::kCatalogPrefix);
  for (const auto& key : deletes) {
    BASALT_RETURN_IF_ERROR(FromRocks(batch.Delete(meta(), prefix + key)));
  }
  for (const auto& [key, value] : puts) {
    BASALT_RETURN_IF_ERROR(FromRocks(batch.Put(meta(), prefix + key, value)));
  }
  return FromRocks(db_->Write(write_options_, &batch));
}

Result<std::vector<std::pair<std::string, std::string>>> RocksStore::ScanMeta(
    std::string_view prefix) const {
  std::string full = std::string(keys::kCatalogPrefix) + std::string(prefix);
  std::string upper = keys::PrefixSuccessor(full);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, meta()));
  std::vector<std::pair<std::string, std::string>> out;
  for (it->Seek(full); it->Valid(); it->Next()) {
    out.emplace_back(it->key().ToString().substr(keys::kCatalogPrefix.size()),
                     it->value().ToString());
  }
  BASALT_RETURN_IF_ERROR(FromRocks(it->status()));
  return out;
}

namespace {

std::string PathCacheKey(uint32_t coll, std::string_view path) {
  std::string key;
  PutFixed32BE(&key, coll);
  key.append(path);
  return key;
}

}  // namespace

std::optional<uint32_t> RocksStore::CachedPathId(uint32_t coll, std::string_view path) const {
  std::string key = PathCacheKey(coll, path);
  std::lock_guard<std::mutex> lock(path_cache_mu_);
  auto found = path_cache_.find(key);
  return found == path_cache_.end() ? std::nullopt : std::optional<uint32_t>(found->second);
}

void RocksStore::CachePathId(uint32_t coll, std::string_view path, uint32_t id) const {
  std::string key = PathCacheKey(coll, path);
  std::lock_guard<std::mutex> lock(path_cache_mu_);
  path_cache_.emplace(std::move(key), id);
}

Result<uint32_t> RocksStore::CreateCollection() {
  std::lock_guard<std::mutex> lock(create_mu_);
  std::string key(1, char(keys::MetaKind::kNextCollection));
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta(), key, &value);
  uint32_t next = 1;
  if (s.ok() && value.size() == 4) {
    next = DecodeFixed32BE(value.data());
  } else if (!s.IsNotFound()) {
    BASALT_RETURN_IF_ERROR(FromRocks(s));
  }
  std::string updated;
  PutFixed32BE(&updated, next + 1);
  BASALT_RETURN_IF_ERROR(FromRocks(db_->Put(write_options_, meta(), key, updated)));
  return next;
}

Status RocksStore::DropCollection(uint32_t coll, const std::vector<std::string>& meta_deletes) {
  BASALT_ASSIGN_OR_RETURN(auto state, StateOf(coll));
  std::lock_guard<std::mutex> lock(state->mu);
  rocksdb::WriteBatch batch;
  std::string begin = keys::CollectionPrefix(coll);
  std::string end = keys::CollectionPrefix(coll + 1);
  for (auto* family : {docs(), ids(), columns(), index()}) {
    BASALT_RETURN_IF_ERROR(FromRocks(batch.DeleteRange(family, begin, end)));
  }
  for (keys::MetaKind kind : keys::kPerCollectionMetaKinds) {
    BASALT_RETURN_IF_ERROR(
        FromRocks(batch.DeleteRange(meta(), keys::Meta(kind, coll), keys::Meta(kind, coll + 1))));
  }
  std::string prefix(keys::kCatalogPrefix);
  for (const auto& key : meta_deletes) {
    BASALT_RETURN_IF_ERROR(FromRocks(batch.Delete(meta(), prefix + key)));
  }
  BASALT_RETURN_IF_ERROR(FromRocks(db_->Write(write_options_, &batch)));
  state->dropped = true;
  std::lock_guard<std::mutex> states_lock(states_mu_);
  states_.erase(coll);
  return Status::Ok();
}

Result<std::shared_ptr<CollectionState>> RocksStore::StateOf(uint32_t coll) {
  std::lock_guard<std::mutex> lock(states_mu_);
  auto found = states_.find(coll);
  if (found != states_.end()) {
    return found->second;
  }
  auto state = std::make_shared<CollectionState>();
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), meta(), keys::Meta(keys::MetaKind::kNextSeq, coll), &value);
  if (s.ok() && value.size() == 8) {
    state->next_seq = DecodeFixed64BE(value.data());
  } else if (!s.IsNotFound()) {
    BASALT_RETURN_IF_ERROR(FromRocks(s));
  }
  std::string prefix = keys::Meta(keys::MetaKind::kPathToId, coll);
  std::string upper = keys::PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, meta()));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    if (it->value().size() != 4) {
      return Corruption("bad path id entry");
    }
    uint32_t id = DecodeFixed32BE(it->value().data());
    state->path_ids.emplace(it->key().ToString().substr(prefix.size()), id);
    state->next_path_id = std::max(state->next_path_id, id + 1);
  }
  BASALT_RETURN_IF_ERROR(FromRocks(it->status()));
  states_.emplace(coll, state);
  return state;
}

Result<uint64_t> RocksStore::DocumentCount(uint32_t coll) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), meta(), keys::Meta(keys::MetaKind::kDocCount, coll), &value);
  if (s.IsNotFound()) {
    return uint64_t(0);
  }
  BASALT_RETURN_IF_ERROR(FromRocks(s));
  BASALT_ASSIGN_OR_RETURN(auto counters, DecodeCounters(value));
  return counters.empty() || counters[0] < 0 ? uint64_t(0) : uint64_t(counters[0]);
}

Result<Store::SizeStats> RocksStore::Sizes(uint32_t coll) const {
  std::string begin = keys::CollectionPrefix(coll);
  std::string end = keys::CollectionPrefix(coll + 1);
  rocksdb::Range range(begin, end);
  auto size_of = [&](rocksdb::ColumnFamilyHandle* family) {
    uint64_t size = 0;
    rocksdb::SizeApproximationOptions options;
    options.include_memtables = true;
    options.include_files = true;
    db_->GetApproximateSizes(options, family, &range, 1, &size).PermitUncheckedError();
    return size;
  };
  Store::SizeStats stats;
  stats.row_bytes = size_of(docs()) + size_of(ids());
  stats.column_bytes = size_of(columns());
  stats.index_bytes = size_of(index());
  return stats;
}

Status RocksStore::CompactAll() {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  for (auto* handle : handles_) {
    BASALT_RETURN_IF_ERROR(FromRocks(db_->Flush(flush, handle)));
    rocksdb::CompactRangeOptions compact;
    compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    BASALT_RETURN_IF_ERROR(FromRocks(db_->CompactRange(compact, handle, nullptr, nullptr)));
  }
  return Status::Ok();
}

}  // namespace basalt::storage
