// The write path: read-modify-write of documents and the matching changes to the row store,
// column store, inverted index and statistics, all in one WriteBatch.
#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>

#include <rocksdb/write_batch.h>

#include "common/coding.h"
#include "common/hash.h"
#include "common/value_codec.h"
#include "storage/column/column_chunk.h"
#include "storage/field_path.h"
#include "storage/inverted/index_key.h"
#include "storage/inverted/posting_delta.h"
#include "storage/keys.h"
#include "storage/rocks/rocks_status.h"
#include "storage/rocks/rocks_store.h"
#include "storage/stats_codec.h"

namespace basalt::storage {
namespace {

// One document touched by a batch: what was stored before, and what the batch leaves.
struct Touched {
  std::string id;
  std::optional<uint64_t> seq;  // stored seq, if the document existed before the batch
  std::optional<Value> original;
  std::optional<Value> current;
  // The hidden state (store.h), read only when a mutation needs it.
  bool state_loaded = false;
  std::optional<Value> state_original;
  std::optional<Value> state_current;
};

// An index entry of one document: path and encoded value (type byte + value bytes).
struct IndexEntry {
  std::string path;
  std::string encoded;
  bool operator<(const IndexEntry& o) const {
    return path != o.path ? path < o.path : encoded < o.encoded;
  }
  bool operator==(const IndexEntry& o) const { return path == o.path && encoded == o.encoded; }
};

std::vector<IndexEntry> IndexEntriesOf(const std::optional<Value>& doc) {
  std::vector<IndexEntry> out;
  if (!doc) {
    return out;
  }
  std::vector<PathValue> flat;
  FlattenForIndex(*doc, &flat);
  out.reserve(flat.size());
  for (PathValue& pv : flat) {
    IndexEntry entry{std::move(pv.path), {}};
    EncodeIndexValue(pv.value, &entry.encoded);
    out.push_back(std::move(entry));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::map<std::string, std::string> ColumnEntriesOf(const std::optional<Value>& doc) {
  std::map<std::string, std::string> out;
  if (!doc) {
    return out;
  }
  std::vector<PathValue> flat;
  FlattenForColumns(*doc, &flat);
  for (PathValue& pv : flat) {
    out[std::move(pv.path)] = EncodeValue(pv.value);
  }
  return out;
}

// Collects every change of a batch, grouped by RocksDB key, then writes them.
class BatchBuilder {
 public:
  BatchBuilder(RocksStore& store, CollectionState& state, uint32_t coll)
      : store_(store), state_(state), coll_(coll), next_path_id_(state.next_path_id) {}

  Result<uint32_t> PathId(const std::string& path) {
    auto found = state_.path_ids.find(path);
    if (found != state_.path_ids.end()) {
      return found->second;
    }
    auto pending = new_paths_.find(path);
    if (pending != new_paths_.end()) {
      return pending->second;
    }
    uint32_t id = next_path_id_++;
    new_paths_.emplace(path, id);
    std::string value;
    PutFixed32BE(&value, id);
    BASALT_RETURN_IF_ERROR(
        FromRocks(batch_.Put(store_.meta(), keys::PathToId(coll_, path), value)));
    BASALT_RETURN_IF_ERROR(FromRocks(
        batch_.Put(store_.meta(), keys::Meta(keys::MetaKind::kIdToPath, coll_, id), path)));
    return id;
  }

  Status AddDocument(const Touched& t, uint64_t seq) {
    std::string doc_key = keys::Doc(coll_, seq);
    if (t.current) {
      BASALT_RETURN_IF_ERROR(
          FromRocks(batch_.Put(store_.docs(), doc_key, EncodeValue(*t.current))));
    } else {
      BASALT_RETURN_IF_ERROR(FromRocks(batch_.Delete(store_.docs(), doc_key)));
    }
    if (t.current.has_value() != t.original.has_value()) {
      // The set of live documents (reserved path id 0) changes on insert and delete.
      std::string key = keys::AllDocumentsPrefix(coll_);
      PutFixed32BE(&key, uint32_t(seq >> 16));
      PostingDelta& delta = posting_deltas_[key];
      if (t.current) {
        delta.Add(uint16_t(seq & 0xFFFF));
      } else {
        delta.Remove(uint16_t(seq & 0xFFFF));
      }
    }
    if (t.current && !t.original) {
      std::string seq_value;
      PutFixed64BE(&seq_value, seq);
      BASALT_RETURN_IF_ERROR(FromRocks(batch_.Put(store_.ids(), keys::Id(coll_, t.id), seq_value)));
      doc_count_delta_ += 1;
    } else if (!t.current && t.original) {
      BASALT_RETURN_IF_ERROR(FromRocks(batch_.Delete(store_.ids(), keys::Id(coll_, t.id))));
      doc_count_delta_ -= 1;
    }
    BASALT_RETURN_IF_ERROR(DiffColumns(t, seq));
    return DiffIndex(t, seq);
  }

  Status WriteState(const Touched& t) {
    if (!t.state_loaded) {
      return Status::Ok();
    }
    bool unchanged =
        t.state_original.has_value() == t.state_current.has_value() &&
        (!t.state_current || EncodeValue(*t.state_original) == EncodeValue(*t.state_current));
    if (unchanged) {
      return Status::Ok();
    }
    std::string key = keys::HiddenState(coll_, t.id);
    if (t.state_current) {
      return FromRocks(batch_.Put(store_.meta(), key, EncodeValue(*t.state_current)));
    }
    return FromRocks(batch_.Delete(store_.meta(), key));
  }

  Status Write(uint64_t next_seq) {
    for (auto& [key, delta] : column_deltas_) {
      BASALT_RETURN_IF_ERROR(FromRocks(batch_.Merge(
          store_.columns(), keys::Column(coll_, key.first, key.second), delta.Finish())));
    }
    // Keys go into the batch in sorted order: the memtable's skip list then reuses the
    // previous insert position instead of searching from the top for every key.
    std::vector<const std::pair<const std::string, PostingDelta>*> postings;
    postings.reserve(posting_deltas_.size());
    for (const auto& entry : posting_deltas_) {
      postings.push_back(&entry);
    }
    std::sort(postings.begin(), postings.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    for (const auto* entry : postings) {
      BASALT_RETURN_IF_ERROR(
          FromRocks(batch_.Merge(store_.index(), entry->first, entry->second.Finish())));
    }
    for (auto& [path_id, counts] : type_counts_) {
      BASALT_RETURN_IF_ERROR(FromRocks(
          batch_.Merge(store_.meta(), keys::Meta(keys::MetaKind::kTypeCounts, coll_, path_id),
                       EncodeCounters(counts))));
    }
    for (auto& [path_id, update] : hll_) {
      if (update.empty()) {
        continue;
      }
      BASALT_RETURN_IF_ERROR(FromRocks(batch_.Merge(
          store_.meta(), keys::Meta(keys::MetaKind::kHll, coll_, path_id), update.Finish())));
    }
    if (doc_count_delta_ != 0) {
      BASALT_RETURN_IF_ERROR(
          FromRocks(batch_.Merge(store_.meta(), keys::Meta(keys::MetaKind::kDocCount, coll_),
                                 EncodeCounters({doc_count_delta_}))));
    }
    std::string seq_value;
    PutFixed64BE(&seq_value, next_seq);
    BASALT_RETURN_IF_ERROR(FromRocks(
        batch_.Put(store_.meta(), keys::Meta(keys::MetaKind::kNextSeq, coll_), seq_value)));
    BASALT_RETURN_IF_ERROR(FromRocks(store_.db()->Write(store_.write_options(), &batch_)));
    // Only now is the new dictionary state durable.
    for (auto& [path, id] : new_paths_) {
      state_.path_ids.emplace(path, id);
    }
    state_.next_path_id = next_path_id_;
    return Status::Ok();
  }

 private:
  Status DiffColumns(const Touched& t, uint64_t seq) {
    auto before = ColumnEntriesOf(t.original);
    auto after = ColumnEntriesOf(t.current);
    uint64_t chunk_no = seq / kChunkSize;
    auto slot = uint16_t(seq % kChunkSize);
    for (const auto& [path, encoded] : after) {
      auto old = before.find(path);
      if (old != before.end() && old->second == encoded) {
        continue;
      }
      BASALT_ASSIGN_OR_RETURN(uint32_t path_id, PathId(path));
      column_deltas_[{path_id, chunk_no}].SetEncoded(slot, encoded);
    }
    for (const auto& [path, encoded] : before) {
      if (after.count(path) != 0) {
        continue;
      }
      BASALT_ASSIGN_OR_RETURN(uint32_t path_id, PathId(path));
      column_deltas_[{path_id, chunk_no}].Remove(slot);
    }
    return Status::Ok();
  }

  Status DiffIndex(const Touched& t, uint64_t seq) {
    if (!t.original || !t.current) {
      // Insert or delete: every entry is added or removed; no diff needed.
      for (const IndexEntry& e : IndexEntriesOf(t.original ? t.original : t.current)) {
        BASALT_RETURN_IF_ERROR(Posting(e, seq, t.current.has_value()));
      }
      return Status::Ok();
    }
    auto before = IndexEntriesOf(t.original);
    auto after = IndexEntriesOf(t.current);
    std::vector<IndexEntry> removed, added;
    std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                        std::back_inserter(removed));
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                        std::back_inserter(added));
    for (const IndexEntry& e : removed) {
      BASALT_RETURN_IF_ERROR(Posting(e, seq, false));
    }
    for (const IndexEntry& e : added) {
      BASALT_RETURN_IF_ERROR(Posting(e, seq, true));
    }
    return Status::Ok();
  }

  Status Posting(const IndexEntry& entry, uint64_t seq, bool add) {
    BASALT_ASSIGN_OR_RETURN(uint32_t path_id, PathId(entry.path));
    std::string key = keys::IndexPrefix(coll_, path_id);
    key += entry.encoded;
    PutFixed32BE(&key, uint32_t(seq >> 16));
    PostingDelta& delta = posting_deltas_[key];
    if (add) {
      delta.Add(uint16_t(seq & 0xFFFF));
    } else {
      delta.Remove(uint16_t(seq & 0xFFFF));
    }
    auto& counts = type_counts_[path_id];
    if (counts.empty()) {
      counts.assign(kValueTypeCount, 0);
    }
    counts[uint8_t(entry.encoded[0]) % kValueTypeCount] += add ? 1 : -1;
    if (add && entry.encoded.size() > 1) {
      hll_[path_id].AddHash(HashBytes(0, entry.encoded));
    }
    return Status::Ok();
  }

  RocksStore& store_;
  CollectionState& state_;
  uint32_t coll_;
  uint32_t next_path_id_;
  rocksdb::WriteBatch batch_;
  std::unordered_map<std::string, uint32_t> new_paths_;
  std::map<std::pair<uint32_t, uint64_t>, ColumnDelta> column_deltas_;
  std::unordered_map<std::string, PostingDelta> posting_deltas_;
  std::unordered_map<uint32_t, std::vector<int64_t>> type_counts_;
  std::unordered_map<uint32_t, HllUpdate> hll_;
  int64_t doc_count_delta_ = 0;
};

Status LoadOriginal(RocksStore& store, uint32_t coll, Touched* t) {
  std::string seq_value;
  rocksdb::Status s =
      store.db()->Get(rocksdb::ReadOptions(), store.ids(), keys::Id(coll, t->id), &seq_value);
  if (s.IsNotFound()) {
    return Status::Ok();
  }
  BASALT_RETURN_IF_ERROR(FromRocks(s));
  if (seq_value.size() != 8) {
    return Corruption("bad id entry");
  }
  uint64_t seq = DecodeFixed64BE(seq_value.data());
  std::string encoded;
  BASALT_RETURN_IF_ERROR(FromRocks(
      store.db()->Get(rocksdb::ReadOptions(), store.docs(), keys::Doc(coll, seq), &encoded)));
  Value doc;
  BASALT_RETURN_IF_ERROR(DecodeValue(encoded, &doc));
  t->seq = seq;
  t->original = doc;
  t->current = std::move(doc);
  return Status::Ok();
}

Status LoadState(RocksStore& store, uint32_t coll, Touched* t) {
  if (t->state_loaded) {
    return Status::Ok();
  }
  std::string encoded;
  rocksdb::Status s = store.db()->Get(rocksdb::ReadOptions(), store.meta(),
                                      keys::HiddenState(coll, t->id), &encoded);
  if (!s.IsNotFound()) {
    BASALT_RETURN_IF_ERROR(FromRocks(s));
    Value state;
    BASALT_RETURN_IF_ERROR(DecodeValue(encoded, &state));
    t->state_original = state;
    t->state_current = std::move(state);
  }
  t->state_loaded = true;
  return Status::Ok();
}

}  // namespace

Result<WriteSummary> RocksStore::Apply(uint32_t coll, std::vector<Mutation>& mutations) {
  BASALT_ASSIGN_OR_RETURN(auto state, StateOf(coll));
  std::lock_guard<std::mutex> lock(state->mu);
  if (state->dropped) {
    return NotFound("collection was dropped");
  }

  WriteSummary summary;
  summary.results.resize(mutations.size());
  std::vector<Touched> touched;
  std::unordered_map<std::string, size_t> touched_index;
  touched.reserve(mutations.size());
  for (size_t m_idx = 0; m_idx < mutations.size(); ++m_idx) {
    Mutation& mutation = mutations[m_idx];
    MutationResult& result = summary.results[m_idx];
    auto [it, inserted] = touched_index.emplace(mutation.id, touched.size());
    if (inserted) {
      touched.push_back(Touched{mutation.id, std::nullopt, std::nullopt, std::nullopt});
      BASALT_RETURN_IF_ERROR(LoadOriginal(*this, coll, &touched.back()));
    }
    Touched& t = touched[it->second];
    result.existed = t.current.has_value();
    if (mutation.apply_with_state) {
      BASALT_RETURN_IF_ERROR(LoadState(*this, coll, &t));
    }
    Result<MutationOutcome> outcome =
        mutation.apply_with_state
            ? mutation.apply_with_state(t.current ? &*t.current : nullptr,
                                        t.state_current ? &*t.state_current : nullptr)
            : mutation.apply(t.current ? &*t.current : nullptr);
    if (!outcome.ok()) {
      result.status = outcome.status();
      continue;
    }
    switch (outcome->kind) {
      case MutationKind::kPut: {
        const Value& doc = outcome->document;
        const Value& id = doc.Get("_id");
        if (!doc.is_object() || !id.is_string() || id.string_value() != mutation.id) {
          result.status = Internal("mutation produced a document without its _id");
          continue;
        }
        t.current = doc;
        break;
      }
      case MutationKind::kDelete:
        t.current.reset();
        BASALT_RETURN_IF_ERROR(LoadState(*this, coll, &t));
        t.state_current.reset();
        break;
      case MutationKind::kNoop:
        break;
    }
    if (outcome->state) {
      if (outcome->state->is_undefined()) {
        t.state_current.reset();
      } else {
        t.state_current = std::move(*outcome->state);
      }
    }
    result.applied = outcome->kind;
  }

  BatchBuilder builder(*this, *state, coll);
  uint64_t next_seq = state->next_seq;
  for (const Touched& t : touched) {
    BASALT_RETURN_IF_ERROR(builder.WriteState(t));
    if (!t.original && !t.current) {
      continue;
    }
    if (t.original && t.current && EncodeValue(*t.original) == EncodeValue(*t.current)) {
      continue;
    }
    uint64_t seq = t.seq ? *t.seq : next_seq++;
    if (seq > UINT32_MAX) {
      return Status(ErrorCode::kResourceExceeded, "collection is full");
    }
    BASALT_RETURN_IF_ERROR(builder.AddDocument(t, seq));
  }
  BASALT_RETURN_IF_ERROR(builder.Write(next_seq));
  state->next_seq = next_seq;
  summary.sequence = db_->GetLatestSequenceNumber();
  return summary;
}

}  // namespace basalt::storage
