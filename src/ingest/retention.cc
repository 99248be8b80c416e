#include "ingest/retention.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <set>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "common/json.h"
#include "common/time_util.h"
#include "common/value_codec.h"
#include "storage/reader.h"

namespace basalt::ingest {
namespace {

constexpr std::string_view kPurgedPrefix = "purged/";
constexpr int64_t kMicrosPerSecond = 1'000'000;

bool Expired(const Value& document, int64_t cutoff_micros) {
  const Value& event_time = document.Get("_event_time");
  return event_time.type() == ValueType::kTimestamp && event_time.int_value() < cutoff_micros;
}

}  // namespace

std::string PurgedStatsKey(uint32_t storage_id) {
  char digits[16];
  std::snprintf(digits, sizeof(digits), "%08" PRIx32, storage_id);
  return std::string(kPurgedPrefix) + digits;
}

Result<PurgeStats> ReadPurgedStats(const catalog::Backend& backend, uint32_t storage_id) {
  PurgeStats stats;
  BASALT_ASSIGN_OR_RETURN(catalog::Backend::KeyValues records,
                          backend.ScanMeta(PurgedStatsKey(storage_id)));
  if (records.empty()) {
    return stats;
  }
  BASALT_ASSIGN_OR_RETURN(Value value, ParseJson(records.front().second));
  if (value.Get("documents").type() != ValueType::kInt ||
      value.Get("bytes").type() != ValueType::kInt) {
    return Corruption("bad purge statistics record");
  }
  stats.documents = value.Get("documents").int_value();
  stats.bytes = value.Get("bytes").int_value();
  return stats;
}

RetentionPurger::RetentionPurger(catalog::Catalog& catalog, catalog::Backend& backend,
                                 const storage::Store& store, RetentionOptions options)
    : catalog_(catalog), backend_(backend), store_(store), options_(options) {}

RetentionPurger::~RetentionPurger() {
  Stop();
}

Result<PurgeStats> RetentionPurger::PurgeOnce(int64_t now_micros) {
  PurgeStats total;
  for (const catalog::CollectionInfo& info : catalog_.ListAllCollections()) {
    if (!info.retention_secs) {
      continue;
    }
    int64_t cutoff = now_micros - *info.retention_secs * kMicrosPerSecond;
    Result<PurgeStats> purged = PurgeCollection(info, cutoff);
    if (!purged.ok()) {
      if (purged.status().code() == ErrorCode::kNotFound) {
        continue;  // dropped while we looked
      }
      return purged.status();
    }
    total.documents += purged->documents;
    total.bytes += purged->bytes;
  }
  BASALT_RETURN_IF_ERROR(ForgetDroppedCollections());
  return total;
}

Result<PurgeStats> RetentionPurger::PurgeCollection(const catalog::CollectionInfo& info,
                                                    int64_t cutoff_micros) {
  PurgeStats purged;
  BASALT_ASSIGN_OR_RETURN(std::shared_ptr<catalog::CollectionHandle> handle,
                          catalog_.OpenCollection(info.workspace, info.name));
  if (handle->storage_id != info.storage_id) {
    return purged;  // dropped and made again since the listing: the next pass sees it
  }
  // Candidates from one snapshot of the range index: every timestamp before the cutoff.
  // Their `_id`s are read from the same snapshot a batch at a time.
  BASALT_ASSIGN_OR_RETURN(std::unique_ptr<storage::CollectionReader> reader,
                          store_.NewReader(info.storage_id));
  storage::ValueRange range;
  range.type = ValueType::kTimestamp;
  range.upper = Value::Timestamp(cutoff_micros);
  range.upper_inclusive = false;
  BASALT_ASSIGN_OR_RETURN(storage::PostingSet expired, reader->LookupRange("_event_time", range));
  std::vector<uint64_t> seqs = expired.ToVector();
  std::vector<uint64_t> chunk;
  std::vector<std::string> ids;
  for (size_t start = 0; start < seqs.size(); start += options_.batch_size) {
    if (start > 0 && PauseOrStop(options_.pause)) {
      break;
    }
    size_t end = std::min(seqs.size(), start + options_.batch_size);
    chunk.assign(seqs.begin() + static_cast<std::ptrdiff_t>(start),
                 seqs.begin() + static_cast<std::ptrdiff_t>(end));
    ids.clear();
    BASALT_RETURN_IF_ERROR(reader->MultiGet(chunk, [&](uint64_t, const Value& document) {
      const Value& id = document.Get("_id");
      if (id.is_string()) {
        ids.emplace_back(id.string_value());
      }
      return Status::Ok();
    }));
    PurgeStats batch;
    std::vector<storage::Mutation> mutations;
    mutations.reserve(ids.size());
    for (std::string& id : ids) {
      mutations.push_back(storage::Mutation{
          std::move(id),
          [cutoff_micros, &batch](const Value* current) -> Result<storage::MutationOutcome> {
            if (current == nullptr || !Expired(*current, cutoff_micros)) {
              return storage::MutationOutcome{};  // gone, or rewritten with a newer time
            }
            batch.documents += 1;
            batch.bytes += static_cast<int64_t>(EncodeValue(*current).size());
            return storage::MutationOutcome{storage::MutationKind::kDelete, Value()};
          }});
    }
    {
      std::shared_lock<std::shared_mutex> write_lock = handle->LockForWrite();
      if (!write_lock.owns_lock()) {
        break;  // being dropped
      }
      BASALT_RETURN_IF_ERROR(backend_.Apply(info.storage_id, mutations).status());
    }
    BASALT_RETURN_IF_ERROR(RecordStats(info.storage_id, batch));
    purged.documents += batch.documents;
    purged.bytes += batch.bytes;
  }
  return purged;
}

Status RetentionPurger::RecordStats(uint32_t storage_id, const PurgeStats& purged) {
  if (purged.documents == 0) {
    return Status::Ok();
  }
  BASALT_ASSIGN_OR_RETURN(PurgeStats total, ReadPurgedStats(backend_, storage_id));
  total.documents += purged.documents;
  total.bytes += purged.bytes;
  Value record = Value::MakeObject(
      {{"documents", Value::Int(total.documents)}, {"bytes", Value::Int(total.bytes)}});
  return backend_.WriteMeta({{PurgedStatsKey(storage_id), ToJson(record)}}, {});
}

Status RetentionPurger::ForgetDroppedCollections() {
  BASALT_ASSIGN_OR_RETURN(catalog::Backend::KeyValues records, backend_.ScanMeta(kPurgedPrefix));
  if (records.empty()) {
    return Status::Ok();
  }
  std::set<std::string> live;
  for (const catalog::CollectionInfo& info : catalog_.ListAllCollections()) {
    live.insert(PurgedStatsKey(info.storage_id));
  }
  std::vector<std::string> stale;
  for (const auto& [key, value] : records) {
    if (live.count(key) == 0) {
      stale.push_back(key);
    }
  }
  return stale.empty() ? Status::Ok() : backend_.WriteMeta({}, stale);
}

bool RetentionPurger::PauseOrStop(std::chrono::milliseconds duration) {
  std::unique_lock lock(mu_);
  return wake_.wait_for(lock, duration, [this] { return stopping_; });
}

void RetentionPurger::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) {
    return;
  }
  stopping_ = false;
  thread_ = std::thread([this] {
    do {
      Result<PurgeStats> purged = PurgeOnce(NowMicros());
      if (!purged.ok()) {
        std::fprintf(stderr, "basalt: retention pass failed: %s\n",
                     purged.status().ToString().c_str());
      }
    } while (!PauseOrStop(options_.interval));
  });
}

void RetentionPurger::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

}  // namespace basalt::ingest
