#include "server/sql_catalog_view.h"

namespace basalt::server {

void SqlCatalogView::OverrideView(std::string path, std::string sql) {
  catalog::NamedEntity entity;
  entity.kind = catalog::NamedEntity::Kind::kView;
  entity.path = path;
  entity.query_sql = std::move(sql);
  resolved_[std::move(path)] = std::move(entity);
}

Status SqlCatalogView::CheckQueryable(std::string_view workspace) const {
  if (access_ == nullptr) {
    return Status::Ok();
  }
  return access_->Require(principal_, "QUERY_DATA_WS", workspace);
}

Result<catalog::NamedEntity> SqlCatalogView::Lookup(const std::vector<std::string>& names) {
  std::string workspace(catalog::Catalog::kCommons);
  if (names.size() > 1) {
    workspace.clear();
    for (size_t idx = 0; idx + 1 < names.size(); ++idx) {
      workspace += (idx == 0 ? "" : ".") + names[idx];
    }
  }
  const std::string& name = names.back();
  BASALT_RETURN_IF_ERROR(CheckQueryable(workspace));
  std::string path = workspace + "." + name;
  auto cached = resolved_.find(path);
  if (cached != resolved_.end()) {
    return cached->second;
  }
  BASALT_ASSIGN_OR_RETURN(catalog::NamedEntity entity, catalog_.Resolve(workspace, name));
  // An alias reads its target's workspace too.
  size_t dot = entity.collection_path.rfind('.');
  if (dot != std::string::npos) {
    BASALT_RETURN_IF_ERROR(CheckQueryable(std::string_view(entity.collection_path).substr(0, dot)));
  }
  resolved_[path] = entity;
  return entity;
}

Result<sql::ResolvedCollection> SqlCatalogView::ResolveCollection(
    const std::vector<std::string>& names) {
  BASALT_ASSIGN_OR_RETURN(catalog::NamedEntity entity, Lookup(names));
  if (entity.kind == catalog::NamedEntity::Kind::kView) {
    return NotImplemented("'" + entity.path +
                          "' is a view; DESCRIBE of a view is not supported yet (describe the "
                          "collections it reads)");
  }
  return sql::ResolvedCollection{entity.storage_id, entity.collection_path};
}

Result<sql::ResolvedRelation> SqlCatalogView::ResolveRelation(
    const std::vector<std::string>& names) {
  BASALT_ASSIGN_OR_RETURN(catalog::NamedEntity entity, Lookup(names));
  sql::ResolvedRelation relation;
  relation.path = entity.path;
  if (entity.kind == catalog::NamedEntity::Kind::kView) {
    relation.kind = sql::ResolvedRelation::Kind::kView;
    relation.view_sql = std::move(entity.query_sql);
  } else {
    relation.collection = sql::ResolvedCollection{entity.storage_id, entity.collection_path};
  }
  return relation;
}

}  // namespace basalt::server
