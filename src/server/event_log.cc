#include "server/event_log.h"

#include <cstdio>

#include "common/time_util.h"
#include "ingest/write_ops.h"

namespace basalt::server {

void RecordEvent(ApiContext& context, std::string_view label, std::string_view kind,
                 std::vector<std::pair<std::string, Value>> fields, std::string_view type) {
  Result<std::shared_ptr<catalog::CollectionHandle>> handle = context.catalog.OpenCollectionForWrite(
      catalog::Catalog::kCommons, catalog::Catalog::kEventsCollection);
  if (!handle.ok()) {
    return;  // no event log in this context
  }
  Value record = Value::MakeObject({{"label", Value::String(std::string(label))},
                                    {"kind", Value::String(std::string(kind))},
                                    {"type", Value::String(std::string(type))}});
  for (auto& [key, value] : fields) {
    record.Set(key, std::move(value));
  }
  Result<storage::Mutation> mutation = ingest::MakeAddMutation(std::move(record), NowMicros());
  Status status = mutation.status();
  if (status.ok()) {
    std::shared_lock<std::shared_mutex> write_lock = (*handle)->LockForWrite();
    if (!write_lock.owns_lock()) {
      return;
    }
    std::vector<storage::Mutation> mutations;
    mutations.push_back(std::move(mutation).value());
    Result<storage::WriteSummary> summary = context.backend.Apply((*handle)->storage_id, mutations);
    status = summary.status();
    if (status.ok()) {
      (*handle)->last_updated_ms.store(NowMicros() / 1000);
      uint64_t seen = context.latest_sequence.load();
      while (summary->sequence > seen &&
             !context.latest_sequence.compare_exchange_weak(seen, summary->sequence)) {
      }
    }
  }
  if (!status.ok()) {
    std::fprintf(stderr, "basalt: could not record event %.*s: %s\n", int(label.size()),
                 label.data(), status.message().c_str());
  }
}

}  // namespace basalt::server
