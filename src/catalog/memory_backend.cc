#include <map>
#include <mutex>

#include "catalog/backend.h"
#include "common/json.h"

namespace basalt::catalog {
namespace {

class MemoryBackend final : public Backend {
 public:
  Result<KeyValues> ScanMeta(std::string_view prefix) const override {
    std::lock_guard lock(mu_);
    KeyValues out;
    for (auto it = meta_.lower_bound(std::string(prefix));
         it != meta_.end() && std::string_view(it->first).starts_with(prefix); ++it) {
      out.emplace_back(it->first, it->second);
    }
    return out;
  }

  Status WriteMeta(const KeyValues& puts, const std::vector<std::string>& deletes) override {
    std::lock_guard lock(mu_);
    for (const auto& [key, value] : puts) {
      meta_[key] = value;
    }
    for (const std::string& key : deletes) {
      meta_.erase(key);
    }
    return Status::Ok();
  }

  Result<uint32_t> CreateCollection() override {
    std::lock_guard lock(mu_);
    uint32_t id = next_collection_id_++;
    collections_[id];
    return id;
  }

  Status DropCollection(uint32_t collection_id,
                        const std::vector<std::string>& meta_deletes) override {
    std::lock_guard lock(mu_);
    if (collections_.erase(collection_id) == 0) {
      return NotFound("no collection with id " + std::to_string(collection_id));
    }
    for (const std::string& key : meta_deletes) {
      meta_.erase(key);
    }
    return Status::Ok();
  }

  Result<storage::WriteSummary> Apply(uint32_t collection_id,
                                      std::vector<storage::Mutation>& mutations) override {
    std::lock_guard lock(mu_);
    auto collection = collections_.find(collection_id);
    if (collection == collections_.end()) {
      return NotFound("no collection with id " + std::to_string(collection_id));
    }
    std::map<std::string, Value>& docs = collection->second;
    storage::WriteSummary summary;
    summary.results.reserve(mutations.size());
    for (storage::Mutation& mutation : mutations) {
      storage::MutationResult result;
      auto current = docs.find(mutation.id);
      result.existed = current != docs.end();
      Result<storage::MutationOutcome> outcome =
          mutation.apply(result.existed ? &current->second : nullptr);
      if (!outcome.ok()) {
        result.status = outcome.status();
      } else {
        result.applied = outcome->kind;
        if (outcome->kind == storage::MutationKind::kPut) {
          docs[mutation.id] = std::move(outcome->document);
        } else if (outcome->kind == storage::MutationKind::kDelete && result.existed) {
          docs.erase(current);
        }
      }
      summary.results.push_back(std::move(result));
    }
    summary.sequence = ++sequence_;
    return summary;
  }

  Result<uint64_t> DocumentCount(uint32_t collection_id) const override {
    std::lock_guard lock(mu_);
    auto collection = collections_.find(collection_id);
    if (collection == collections_.end()) {
      return NotFound("no collection with id " + std::to_string(collection_id));
    }
    return static_cast<uint64_t>(collection->second.size());
  }

  Result<storage::Store::SizeStats> Sizes(uint32_t collection_id) const override {
    std::lock_guard lock(mu_);
    auto collection = collections_.find(collection_id);
    if (collection == collections_.end()) {
      return NotFound("no collection with id " + std::to_string(collection_id));
    }
    storage::Store::SizeStats sizes;
    for (const auto& [id, doc] : collection->second) {
      sizes.row_bytes += ToJson(doc).size();
    }
    return sizes;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> meta_;
  std::map<uint32_t, std::map<std::string, Value>> collections_;
  uint32_t next_collection_id_ = 1;
  uint64_t sequence_ = 0;
};

}  // namespace

std::unique_ptr<Backend> NewMemoryBackend() {
  return std::make_unique<MemoryBackend>();
}

}  // namespace basalt::catalog
