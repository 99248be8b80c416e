#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "sql/engine.h"
#include "storage/store.h"

namespace basalt::sql::testing {

// Collections by path ("commons.people"); a bare name in SQL means the commons workspace.
class MapCatalog : public CatalogView {
 public:
  Result<ResolvedCollection> ResolveCollection(const std::vector<std::string>& names) override;
  std::map<std::string, uint32_t> collections;
};

// Creates the collection `commons.<name>` in `store`, entered in `collections`, holding
// `docs` (JSON text; each document's `_id`, else `<name><n>`).
Status LoadJson(storage::Store& store, std::map<std::string, uint32_t>* collections,
                const std::string& name, const std::vector<std::string>& docs);

// A query's rows as JSON lines, in order, or "ERROR <status>".
std::string RowsText(const Result<QueryResult>& result);

}  // namespace basalt::sql::testing
