// CollectionReader over a RocksDB snapshot.
#include <algorithm>
#include <cmath>
#include <memory>

#include <rocksdb/db.h>

#include "common/coding.h"
#include "common/value_codec.h"
#include "storage/inverted/index_key.h"
#include "storage/keys.h"
#include "storage/rocks/rocks_status.h"
#include "storage/rocks/rocks_store.h"
#include "storage/stats_codec.h"

namespace basalt::storage {
namespace {

// SQL compares datetime with timestamp and date with datetime on one time line
// (CrossTemporalComparable), so index lookups for one of them also read the others.
std::vector<ValueType> ComparableTypes(ValueType type) {
  std::vector<ValueType> types = {type};
  for (ValueType other : {ValueType::kDate, ValueType::kDatetime, ValueType::kTimestamp}) {
    if (CrossTemporalComparable(type, other)) {
      types.push_back(other);
    }
  }
  return types;
}

// -1/0/1 of a stored value against a bound of the same or a comparable temporal type.
int CompareForRange(const Value& a, const Value& b) {
  int64_t x = 0, y = 0;
  if (CrossTemporalComparable(a.type(), b.type()) && TemporalMicros(a, &x) &&
      TemporalMicros(b, &y)) {
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return a.Compare(b);
}

// The values of comparable temporal types equal to `value` (a date only at midnight).
std::vector<Value> TemporalTwins(const Value& value) {
  std::vector<Value> twins;
  int64_t micros = 0;
  if (!TemporalMicros(value, &micros)) {
    return twins;
  }
  constexpr int64_t kDay = 86'400'000'000;
  for (ValueType type : ComparableTypes(value.type())) {
    if (type == value.type()) {
      continue;
    }
    if (type == ValueType::kDate) {
      if (micros % kDay == 0) {
        twins.push_back(Value::Date(micros / kDay));
      }
    } else {
      twins.push_back(type == ValueType::kDatetime ? Value::Datetime(micros)
                                                   : Value::Timestamp(micros));
    }
  }
  return twins;
}

class RocksReader : public CollectionReader {
 public:
  RocksReader(const RocksStore& store, uint32_t coll)
      : RocksReader(store, coll, std::make_shared<rocksdb::ManagedSnapshot>(store.db())) {}
  RocksReader(const RocksStore& store, uint32_t coll,
              std::shared_ptr<rocksdb::ManagedSnapshot> snapshot)
      : store_(store), db_(store.db()), coll_(coll), snapshot_(std::move(snapshot)) {
    read_options_.snapshot = snapshot_->snapshot();
  }

  Result<std::unique_ptr<CollectionReader>> Fork() const override {
    return std::unique_ptr<CollectionReader>(new RocksReader(store_, coll_, snapshot_));
  }

  Result<std::optional<uint64_t>> SeqOfId(std::string_view id) override {
    std::string value;
    rocksdb::Status s = db_->Get(read_options_, store_.ids(), keys::Id(coll_, id), &value);
    if (s.IsNotFound()) {
      return std::optional<uint64_t>();
    }
    BASALT_RETURN_IF_ERROR(FromRocks(s));
    if (value.size() != 8) {
      return Corruption("bad id entry");
    }
    return std::optional<uint64_t>(DecodeFixed64BE(value.data()));
  }

  Result<std::optional<Value>> GetById(std::string_view id) override {
    BASALT_ASSIGN_OR_RETURN(auto seq, SeqOfId(id));
    if (!seq) {
      return std::optional<Value>();
    }
    return GetBySeq(*seq);
  }

  Result<std::optional<Value>> GetBySeq(uint64_t seq) override {
    rocksdb::PinnableSlice value;
    rocksdb::Status s = db_->Get(read_options_, store_.docs(), keys::Doc(coll_, seq), &value);
    if (s.IsNotFound()) {
      return std::optional<Value>();
    }
    BASALT_RETURN_IF_ERROR(FromRocks(s));
    Value doc;
    BASALT_RETURN_IF_ERROR(DecodeValue(std::string_view(value.data(), value.size()), &doc));
    return std::optional<Value>(std::move(doc));
  }

  Status MultiGet(const std::vector<uint64_t>& seqs,
                  const std::function<Status(uint64_t, const Value&)>& fn) override {
    return Fetch(seqs, nullptr, fn);
  }

  Status MultiGetFields(const std::vector<uint64_t>& seqs, const std::vector<std::string>& fields,
                        const std::function<Status(uint64_t, const Value&)>& fn) override {
    return Fetch(seqs, &fields, fn);
  }

  // Documents of `seqs`, whole or (`fields`) with only those top-level fields decoded.
  Status Fetch(const std::vector<uint64_t>& seqs, const std::vector<std::string>* fields,
               const std::function<Status(uint64_t, const Value&)>& fn) {
    constexpr size_t kBatch = 256;
    for (size_t start = 0; start < seqs.size(); start += kBatch) {
      size_t n = std::min(kBatch, seqs.size() - start);
      std::vector<std::string> key_storage(n);
      std::vector<rocksdb::Slice> key_slices(n);
      for (size_t idx = 0; idx < n; ++idx) {
        key_storage[idx] = keys::Doc(coll_, seqs[start + idx]);
        key_slices[idx] = key_storage[idx];
      }
      std::vector<rocksdb::PinnableSlice> values(n);
      std::vector<rocksdb::Status> statuses(n);
      db_->MultiGet(read_options_, store_.docs(), n, key_slices.data(), values.data(),
                    statuses.data(), /*sorted_input=*/true);
      for (size_t idx = 0; idx < n; ++idx) {
        if (statuses[idx].IsNotFound()) {
          continue;
        }
        BASALT_RETURN_IF_ERROR(FromRocks(statuses[idx]));
        Value doc;
        std::string_view bytes(values[idx].data(), values[idx].size());
        BASALT_RETURN_IF_ERROR(fields != nullptr ? DecodeFields(bytes, *fields, &doc)
                                                 : DecodeValue(bytes, &doc));
        Status st = fn(seqs[start + idx], doc);
        if (IsStopIteration(st)) {
          return Status::Ok();
        }
        BASALT_RETURN_IF_ERROR(st);
      }
    }
    return Status::Ok();
  }

  Status ScanDocumentsFrom(uint64_t start_seq,
                           const std::function<Status(uint64_t, const Value&)>& fn) override {
    std::string prefix = keys::CollectionPrefix(coll_);
    std::string start = keys::Doc(coll_, start_seq);
    return ScanPrefix(store_.docs(), prefix, start,
                      [&](std::string_view key, std::string_view value) {
                        Value doc;
                        BASALT_RETURN_IF_ERROR(DecodeValue(value, &doc));
                        return fn(keys::SeqOfDocKey(key), doc);
                      });
  }

  Status ScanColumn(std::string_view path,
                    const std::function<Status(const ColumnChunk&)>& fn) override {
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return Status::Ok();
    }
    std::string prefix = keys::ColumnPrefix(coll_, *path_id);
    return ScanPrefix(store_.columns(), prefix, [&](std::string_view key, std::string_view value) {
      uint64_t chunk_no = DecodeFixed64BE(key.data() + prefix.size());
      BASALT_ASSIGN_OR_RETURN(ColumnChunk chunk, ColumnChunk::Decode(chunk_no, value));
      if (chunk.size() == 0) {
        return Status::Ok();
      }
      return fn(chunk);
    });
  }

  Result<std::optional<ColumnChunk>> ReadColumnChunk(std::string_view path,
                                                     uint64_t chunk_no) override {
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return std::optional<ColumnChunk>();
    }
    rocksdb::PinnableSlice value;
    rocksdb::Status s =
        db_->Get(read_options_, store_.columns(), keys::Column(coll_, *path_id, chunk_no), &value);
    if (s.IsNotFound()) {
      return std::optional<ColumnChunk>();
    }
    BASALT_RETURN_IF_ERROR(FromRocks(s));
    BASALT_ASSIGN_OR_RETURN(
        ColumnChunk chunk,
        ColumnChunk::Decode(chunk_no, std::string_view(value.data(), value.size())));
    if (chunk.size() == 0) {
      return std::optional<ColumnChunk>();
    }
    return std::optional<ColumnChunk>(std::move(chunk));
  }

  Result<Value> ColumnValue(std::string_view path, uint64_t seq) override {
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return Value();
    }
    rocksdb::PinnableSlice value;
    uint64_t chunk_no = seq / kChunkSize;
    rocksdb::Status s =
        db_->Get(read_options_, store_.columns(), keys::Column(coll_, *path_id, chunk_no), &value);
    if (s.IsNotFound()) {
      return Value();
    }
    BASALT_RETURN_IF_ERROR(FromRocks(s));
    BASALT_ASSIGN_OR_RETURN(
        ColumnChunk chunk,
        ColumnChunk::Decode(chunk_no, std::string_view(value.data(), value.size())));
    auto slot = uint16_t(seq % kChunkSize);
    auto found = std::lower_bound(chunk.slots.begin(), chunk.slots.end(), slot);
    if (found == chunk.slots.end() || *found != slot) {
      return Value();
    }
    return chunk.ValueAt(size_t(found - chunk.slots.begin()));
  }

  Result<PostingSet> LookupEqual(std::string_view path, const Value& value) override {
    PostingSet out;
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return out;
    }
    BASALT_RETURN_IF_ERROR(CollectExact(*path_id, value, &out));
    // int and float compare numerically: 1 = 1.0.
    if (value.type() == ValueType::kInt) {
      double d = double(value.int_value());
      if (int64_t(d) == value.int_value()) {
        BASALT_RETURN_IF_ERROR(CollectExact(*path_id, Value::Float(d), &out));
      }
    } else if (value.type() == ValueType::kFloat) {
      double d = value.float_value();
      if (std::trunc(d) == d && std::fabs(d) < 9.2e18) {
        BASALT_RETURN_IF_ERROR(CollectExact(*path_id, Value::Int(int64_t(d)), &out));
      }
    } else {
      for (const Value& twin : TemporalTwins(value)) {
        BASALT_RETURN_IF_ERROR(CollectExact(*path_id, twin, &out));
      }
    }
    return out;
  }

  Result<PostingSet> LookupRange(std::string_view path, const ValueRange& range) override {
    PostingSet out;
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return out;
    }
    std::vector<ValueType> types = {range.type};
    if (range.type == ValueType::kInt || range.type == ValueType::kFloat) {
      types = {ValueType::kInt, ValueType::kFloat};
    } else {
      types = ComparableTypes(range.type);
    }
    for (ValueType type : types) {
      const std::optional<Value>& lower = range.lower;
      const std::optional<Value>& upper = range.upper;
      std::string type_prefix = keys::IndexPrefix(coll_, *path_id);
      type_prefix.push_back(char(type));
      std::string start = type_prefix;
      if (lower && lower->type() == type) {
        start = keys::IndexPrefix(coll_, *path_id);
        EncodeIndexValue(*lower, &start);
      }
      BASALT_RETURN_IF_ERROR(
          ScanValues(type_prefix, start, false, [&](const Value& v, const PostingSet& postings) {
            if (lower) {
              int c = CompareForRange(v, *lower);
              if (c < 0 || (c == 0 && !range.lower_inclusive))
                return Status::Ok();
            }
            if (upper) {
              int c = CompareForRange(v, *upper);
              if (c > 0 || (c == 0 && !range.upper_inclusive))
                return StopIteration();
            }
            out.UnionWith(postings);
            return Status::Ok();
          }));
    }
    return out;
  }

  Result<PostingSet> LookupPrefix(std::string_view path, std::string_view prefix) override {
    PostingSet out;
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return out;
    }
    std::string key_prefix = keys::IndexPrefix(coll_, *path_id);
    EncodeIndexStringPrefix(prefix, &key_prefix);
    BASALT_RETURN_IF_ERROR(
        ScanValues(key_prefix, key_prefix, false, [&](const Value&, const PostingSet& postings) {
          out.UnionWith(postings);
          return Status::Ok();
        }));
    return out;
  }

  Result<PostingSet> LookupType(std::string_view path, ValueType type) override {
    PostingSet out;
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return out;
    }
    std::string key_prefix = keys::IndexPrefix(coll_, *path_id);
    key_prefix.push_back(char(type));
    BASALT_RETURN_IF_ERROR(ScanBlocks(
        key_prefix, [&](std::string_view, std::string_view block_key, std::string_view value) {
          return out.AddBlock(DecodeFixed32BE(block_key.data()), value);
        }));
    return out;
  }

  Status ScanIndex(std::string_view path, bool descending,
                   const std::function<Status(const Value&, const PostingSet&)>& fn) override {
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return Status::Ok();
    }
    std::string prefix = keys::IndexPrefix(coll_, *path_id);
    return ScanValues(prefix, prefix, descending, fn);
  }

  Result<PostingSet> AllDocuments() override {
    PostingSet out;
    BASALT_RETURN_IF_ERROR(
        ScanBlocks(keys::AllDocumentsPrefix(coll_),
                   [&](std::string_view, std::string_view block_key, std::string_view value) {
                     return out.AddBlock(DecodeFixed32BE(block_key.data()), value);
                   }));
    return out;
  }

  Result<std::vector<std::string>> ListPaths() override {
    std::vector<std::string> out;
    std::string prefix = keys::Meta(keys::MetaKind::kPathToId, coll_);
    BASALT_RETURN_IF_ERROR(
        ScanPrefix(store_.meta(), prefix, [&](std::string_view key, std::string_view) {
          out.emplace_back(key.substr(prefix.size()));
          return Status::Ok();
        }));
    return out;
  }

  Result<PathStats> GetPathStats(std::string_view path) override {
    PathStats stats;
    stats.path = std::string(path);
    BASALT_ASSIGN_OR_RETURN(auto path_id, PathIdOf(path));
    if (!path_id) {
      return stats;
    }
    std::string value;
    rocksdb::Status s = db_->Get(read_options_, store_.meta(),
                                 keys::Meta(keys::MetaKind::kTypeCounts, coll_, *path_id), &value);
    if (!s.IsNotFound()) {
      BASALT_RETURN_IF_ERROR(FromRocks(s));
      BASALT_ASSIGN_OR_RETURN(auto counts, DecodeCounters(value));
      for (size_t idx = 0; idx < counts.size() && idx < size_t(kValueTypeCount); ++idx) {
        stats.count_by_type[idx] = counts[idx];
      }
    }
    s = db_->Get(read_options_, store_.meta(), keys::Meta(keys::MetaKind::kHll, coll_, *path_id),
                 &value);
    if (!s.IsNotFound()) {
      BASALT_RETURN_IF_ERROR(FromRocks(s));
      stats.distinct_estimate = HllEstimate(value);
    }
    return stats;
  }

  Result<uint64_t> DocumentCount() override {
    std::string value;
    rocksdb::Status s = db_->Get(read_options_, store_.meta(),
                                 keys::Meta(keys::MetaKind::kDocCount, coll_), &value);
    if (s.IsNotFound()) {
      return uint64_t(0);
    }
    BASALT_RETURN_IF_ERROR(FromRocks(s));
    BASALT_ASSIGN_OR_RETURN(auto counters, DecodeCounters(value));
    return counters.empty() || counters[0] < 0 ? uint64_t(0) : uint64_t(counters[0]);
  }

 private:
  Result<std::optional<uint32_t>> PathIdOf(std::string_view path) {
    auto cached = path_ids_.find(std::string(path));
    if (cached != path_ids_.end()) {
      return cached->second;
    }
    if (std::optional<uint32_t> known = store_.CachedPathId(coll_, path)) {
      path_ids_.emplace(std::string(path), known);
      return known;
    }
    std::string value;
    rocksdb::Status s = db_->Get(read_options_, store_.meta(), keys::PathToId(coll_, path), &value);
    std::optional<uint32_t> id;
    if (!s.IsNotFound()) {
      BASALT_RETURN_IF_ERROR(FromRocks(s));
      if (value.size() != 4) {
        return Corruption("bad path id");
      }
      id = DecodeFixed32BE(value.data());
      store_.CachePathId(coll_, path, *id);
    }
    path_ids_.emplace(std::string(path), id);
    return id;
  }

  Status ScanPrefix(rocksdb::ColumnFamilyHandle* family, const std::string& prefix,
                    const std::function<Status(std::string_view, std::string_view)>& fn) {
    return ScanPrefix(family, prefix, prefix, fn);
  }

  Status ScanPrefix(rocksdb::ColumnFamilyHandle* family, const std::string& prefix,
                    const std::string& start,
                    const std::function<Status(std::string_view, std::string_view)>& fn) {
    std::string upper = keys::PrefixSuccessor(prefix);
    rocksdb::Slice upper_slice(upper);
    rocksdb::ReadOptions ro = read_options_;
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, family));
    for (it->Seek(start); it->Valid(); it->Next()) {
      Status st = fn(std::string_view(it->key().data(), it->key().size()),
                     std::string_view(it->value().data(), it->value().size()));
      if (IsStopIteration(st)) {
        return Status::Ok();
      }
      BASALT_RETURN_IF_ERROR(st);
    }
    return FromRocks(it->status());
  }

  // Calls fn(value_key_part, block_bytes, bitmap) for each posting block under `prefix`.
  // Each look-up has its own iterator bounded by the prefix: an unbounded one would step
  // onto the next key, merging its pending operands only to find it out of the prefix.
  Status ScanBlocks(
      const std::string& prefix,
      const std::function<Status(std::string_view, std::string_view, std::string_view)>& fn) {
    return ScanPrefix(store_.index(), prefix, [&](std::string_view key, std::string_view value) {
      if (key.size() < keys::kIndexHeaderSize + keys::kBlockSuffixSize) {
        return Corruption("short index key");
      }
      std::string_view value_part = key.substr(
          keys::kIndexHeaderSize, key.size() - keys::kIndexHeaderSize - keys::kBlockSuffixSize);
      return fn(value_part, key.substr(key.size() - keys::kBlockSuffixSize), value);
    });
  }

  Status CollectExact(uint32_t path_id, const Value& value, PostingSet* out) {
    std::string prefix = keys::IndexPrefix(coll_, path_id);
    EncodeIndexValue(value, &prefix);
    return ScanBlocks(prefix, [&](std::string_view value_part, std::string_view block_key,
                                  std::string_view bitmap) {
      // The prefix may also match longer values only for types whose encoding is not
      // prefix-free; every encoding is prefix-free, so the value part must match exactly.
      if (value_part.size() != prefix.size() - keys::kIndexHeaderSize) {
        return Status::Ok();
      }
      return out->AddBlock(DecodeFixed32BE(block_key.data()), bitmap);
    });
  }

  // Walks distinct values under `prefix`, starting at `start` (ascending) or from the end
  // (descending), merging the blocks of each value into one PostingSet.
  Status ScanValues(const std::string& prefix, const std::string& start, bool descending,
                    const std::function<Status(const Value&, const PostingSet&)>& fn) {
    std::string upper = keys::PrefixSuccessor(prefix);
    rocksdb::Slice upper_slice(upper);
    rocksdb::Slice lower_slice(prefix);
    rocksdb::ReadOptions ro = read_options_;
    ro.iterate_upper_bound = &upper_slice;
    ro.iterate_lower_bound = &lower_slice;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, store_.index()));
    if (descending) {
      it->SeekToLast();
    } else {
      it->Seek(start);
    }
    std::string current_part;
    PostingSet current;
    bool have = false;
    auto flush = [&]() -> Status {
      if (!have || current.Empty()) {
        return Status::Ok();
      }
      std::string_view part = current_part;
      Value v;
      BASALT_RETURN_IF_ERROR(DecodeIndexValue(&part, &v));
      return fn(v, current);
    };
    for (; it->Valid(); descending ? it->Prev() : it->Next()) {
      std::string_view key(it->key().data(), it->key().size());
      if (key.size() < keys::kIndexHeaderSize + keys::kBlockSuffixSize) {
        return Corruption("short index key");
      }
      std::string_view part = key.substr(
          keys::kIndexHeaderSize, key.size() - keys::kIndexHeaderSize - keys::kBlockSuffixSize);
      if (!have || part != current_part) {
        Status st = flush();
        if (IsStopIteration(st)) {
          return Status::Ok();
        }
        BASALT_RETURN_IF_ERROR(st);
        current_part.assign(part);
        current = PostingSet();
        have = true;
      }
      BASALT_RETURN_IF_ERROR(
          current.AddBlock(DecodeFixed32BE(key.data() + key.size() - keys::kBlockSuffixSize),
                           std::string_view(it->value().data(), it->value().size())));
    }
    BASALT_RETURN_IF_ERROR(FromRocks(it->status()));
    Status st = flush();
    return IsStopIteration(st) ? Status::Ok() : st;
  }

  const RocksStore& store_;
  rocksdb::DB* db_;
  uint32_t coll_;
  // Shared by forks; released when the last of them is gone.
  std::shared_ptr<rocksdb::ManagedSnapshot> snapshot_;
  rocksdb::ReadOptions read_options_;
  std::unordered_map<std::string, std::optional<uint32_t>> path_ids_;
};

}  // namespace

Result<std::unique_ptr<CollectionReader>> RocksStore::NewReader(uint32_t coll) const {
  return std::unique_ptr<CollectionReader>(new RocksReader(*this, coll));
}

}  // namespace basalt::storage
