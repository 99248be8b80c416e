#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "storage/store.h"

namespace basalt::catalog {

// The storage operations the catalog and the REST server use, as an interface so that they
// can be unit-tested against an in-memory fake (NewMemoryBackend) while the server runs on
// the real store (NewStoreBackend). The methods mean exactly what storage::Store's do.
//
// Thread-safety: implementations are safe to call concurrently.
class Backend {
 public:
  using KeyValues = std::vector<std::pair<std::string, std::string>>;

  Backend() = default;
  virtual ~Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // --- Catalog key-value space.
  virtual Result<KeyValues> ScanMeta(std::string_view prefix) const = 0;
  virtual Status WriteMeta(const KeyValues& puts, const std::vector<std::string>& deletes) = 0;

  // --- Collections and documents.
  virtual Result<uint32_t> CreateCollection() = 0;
  virtual Status DropCollection(uint32_t collection_id,
                                const std::vector<std::string>& meta_deletes) = 0;
  virtual Result<storage::WriteSummary> Apply(uint32_t collection_id,
                                              std::vector<storage::Mutation>& mutations) = 0;
  virtual Result<uint64_t> DocumentCount(uint32_t collection_id) const = 0;
  virtual Result<storage::Store::SizeStats> Sizes(uint32_t collection_id) const = 0;
};

// A backend over `store`, which must outlive it.
std::unique_ptr<Backend> NewStoreBackend(storage::Store& store);

// A backend that keeps everything in memory (for tests): documents in a map per collection,
// sequence numbers counting applied batches.
std::unique_ptr<Backend> NewMemoryBackend();

}  // namespace basalt::catalog
