#pragma once

#include "catalog/catalog.h"
#include "sql/planner/binder.h"

namespace basalt::server {

// The SQL binder's view of the catalog: `name` resolves in `commons`, `ws.name` in `ws`.
class SqlCatalogView : public sql::CatalogView {
 public:
  explicit SqlCatalogView(const catalog::Catalog& catalog) : catalog_(catalog) {}
  Result<sql::ResolvedCollection> ResolveCollection(const std::vector<std::string>& names) override;

 private:
  const catalog::Catalog& catalog_;
};

}  // namespace basalt::server
