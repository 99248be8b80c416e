#include "server/sql_catalog_view.h"

namespace basalt::server {

Result<sql::ResolvedCollection> SqlCatalogView::ResolveCollection(
    const std::vector<std::string>& names) {
  std::string workspace(catalog::Catalog::kCommons);
  std::string name = names.back();
  if (names.size() == 2) {
    workspace = names[0];
  } else if (names.size() > 2) {
    std::string path;
    for (const auto& part : names) {
      path += (path.empty() ? "" : ".") + part;
    }
    return NotFound("Collection '" + path +
                    "' not found (nested workspaces are not supported yet)");
  }
  auto handle = catalog_.OpenCollection(workspace, name);
  if (!handle.ok()) {
    return NotFound("Collection '" + workspace + "." + name + "' not found");
  }
  return sql::ResolvedCollection{(*handle)->storage_id, workspace + "." + name};
}

}  // namespace basalt::server
