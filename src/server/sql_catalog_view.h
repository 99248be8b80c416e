#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "catalog/access.h"
#include "catalog/catalog.h"
#include "sql/planner/binder.h"

namespace basalt::server {

// The SQL binder's view of the catalog: `name` resolves in `commons`, `ws.name` in `ws`,
// `a.b.name` in the nested workspace `a.b`. Aliases resolve to their collection, views to
// their stored SQL (api.md §10, §11). Each name is looked up once per instance, so one
// query reads one target of an alias even if the alias is switched while it is bound.
//
// With `access`, every name a query reads must be in a workspace the principal holds
// QUERY_DATA_WS on, and so must an alias's target and whatever a view reads (403 FORBIDDEN,
// checked before the name's existence is revealed); a null `access` checks nothing (say
// why at the call).
//
// Thread-safety: one instance per query (not shared).
class SqlCatalogView : public sql::CatalogView {
 public:
  SqlCatalogView(const catalog::Catalog& catalog, const catalog::AccessControl* access,
                 catalog::Principal principal)
      : catalog_(catalog), access_(access), principal_(std::move(principal)) {}

  // Resolves the view `path` ("ws.view") to `sql` instead of what the catalog holds: the
  // SQL of a view being created or updated, checked before it is stored.
  void OverrideView(std::string path, std::string sql);

  // For DESCRIBE: collections and aliases; a view is NOTIMPLEMENTEDYET.
  Result<sql::ResolvedCollection> ResolveCollection(const std::vector<std::string>& names) override;
  Result<sql::ResolvedRelation> ResolveRelation(const std::vector<std::string>& names) override;

 private:
  Result<catalog::NamedEntity> Lookup(const std::vector<std::string>& names);

  const catalog::Catalog& catalog_;
  Status CheckQueryable(std::string_view workspace) const;

  const catalog::AccessControl* access_;
  catalog::Principal principal_;
  std::map<std::string, catalog::NamedEntity> resolved_;
};

}  // namespace basalt::server
