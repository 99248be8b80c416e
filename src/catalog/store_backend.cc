#include "catalog/backend.h"

namespace basalt::catalog {
namespace {

class StoreBackend final : public Backend {
 public:
  explicit StoreBackend(storage::Store& store) : store_(store) {}

  Result<KeyValues> ScanMeta(std::string_view prefix) const override {
    return store_.ScanMeta(prefix);
  }
  Status WriteMeta(const KeyValues& puts, const std::vector<std::string>& deletes) override {
    return store_.WriteMeta(puts, deletes);
  }
  Result<uint32_t> CreateCollection() override { return store_.CreateCollection(); }
  Status DropCollection(uint32_t collection_id,
                        const std::vector<std::string>& meta_deletes) override {
    return store_.DropCollection(collection_id, meta_deletes);
  }
  Result<storage::WriteSummary> Apply(uint32_t collection_id,
                                      std::vector<storage::Mutation>& mutations) override {
    return store_.Apply(collection_id, mutations);
  }
  Result<uint64_t> DocumentCount(uint32_t collection_id) const override {
    return store_.DocumentCount(collection_id);
  }
  Result<storage::Store::SizeStats> Sizes(uint32_t collection_id) const override {
    return store_.Sizes(collection_id);
  }

 private:
  storage::Store& store_;
};

}  // namespace

std::unique_ptr<Backend> NewStoreBackend(storage::Store& store) {
  return std::make_unique<StoreBackend>(store);
}

}  // namespace basalt::catalog
