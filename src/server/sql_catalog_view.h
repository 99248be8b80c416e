#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "sql/planner/binder.h"

namespace basalt::server {

// The SQL binder's view of the catalog: `name` resolves in `commons`, `ws.name` in `ws`,
// `a.b.name` in the nested workspace `a.b`. Aliases resolve to their collection, views to
// their stored SQL (api.md §10, §11). Each name is looked up once per instance, so one
// query reads one target of an alias even if the alias is switched while it is bound.
//
// Thread-safety: one instance per query (not shared).
class SqlCatalogView : public sql::CatalogView {
 public:
  explicit SqlCatalogView(const catalog::Catalog& catalog) : catalog_(catalog) {}

  // Resolves the view `path` ("ws.view") to `sql` instead of what the catalog holds: the
  // SQL of a view being created or updated, checked before it is stored.
  void OverrideView(std::string path, std::string sql);

  // For DESCRIBE: collections and aliases; a view is NOTIMPLEMENTEDYET.
  Result<sql::ResolvedCollection> ResolveCollection(const std::vector<std::string>& names) override;
  Result<sql::ResolvedRelation> ResolveRelation(const std::vector<std::string>& names) override;

 private:
  Result<catalog::NamedEntity> Lookup(const std::vector<std::string>& names);

  const catalog::Catalog& catalog_;
  std::map<std::string, catalog::NamedEntity> resolved_;
};

}  // namespace basalt::server
