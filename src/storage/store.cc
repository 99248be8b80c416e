#include "storage/store.h"

#include "storage/rocks/rocks_store.h"

namespace basalt::storage {

int64_t PathStats::TotalCount() const {
  int64_t total = 0;
  for (int64_t count : count_by_type) {
    total += count;
  }
  return total;
}

Status StopIteration() {
  return Status(ErrorCode::kStopIteration, "stop iteration");
}

bool IsStopIteration(const Status& status) {
  return status.code() == ErrorCode::kStopIteration;
}

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  BASALT_ASSIGN_OR_RETURN(auto rocks, RocksStore::Open(options));
  return std::unique_ptr<Store>(new Store(std::move(rocks)));
}

Store::Store(std::unique_ptr<RocksStore> rocks) : rocks_(std::move(rocks)) {}
Store::~Store() = default;

Result<std::optional<std::string>> Store::GetMeta(std::string_view key) const {
  return rocks_->GetMeta(key);
}
Status Store::WriteMeta(const std::vector<std::pair<std::string, std::string>>& puts,
                        const std::vector<std::string>& deletes) {
  return rocks_->WriteMeta(puts, deletes);
}
Result<std::vector<std::pair<std::string, std::string>>> Store::ScanMeta(
    std::string_view prefix) const {
  return rocks_->ScanMeta(prefix);
}
Result<uint32_t> Store::CreateCollection() {
  return rocks_->CreateCollection();
}
Status Store::DropCollection(uint32_t collection_id, const std::vector<std::string>& meta_deletes) {
  return rocks_->DropCollection(collection_id, meta_deletes);
}
Result<WriteSummary> Store::Apply(uint32_t collection_id, std::vector<Mutation>& mutations) {
  return rocks_->Apply(collection_id, mutations);
}
Result<std::unique_ptr<CollectionReader>> Store::NewReader(uint32_t collection_id) const {
  return rocks_->NewReader(collection_id);
}
Result<uint64_t> Store::DocumentCount(uint32_t collection_id) const {
  return rocks_->DocumentCount(collection_id);
}
Result<Store::SizeStats> Store::Sizes(uint32_t collection_id) const {
  return rocks_->Sizes(collection_id);
}
Status Store::CompactAll() {
  return rocks_->CompactAll();
}
uint64_t Store::LatestSequence() const {
  return rocks_->db()->GetLatestSequenceNumber();
}

}  // namespace basalt::storage
