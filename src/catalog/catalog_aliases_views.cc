// The Catalog's aliases and views (api.md §10, §11) and name resolution for SQL.
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/record_fields.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

// The entries of a name-ordered map, in name order (aliases or views of a workspace).
template <typename Map>
auto ValuesOf(const Map& by_name) {
  std::vector<typename Map::mapped_type> out;
  out.reserve(by_name.size());
  for (const auto& [name, info] : by_name) {
    out.push_back(info);
  }
  return out;
}

constexpr std::string_view kAliasPrefix = "alias/";
constexpr std::string_view kViewPrefix = "view/";

std::string MetaKey(std::string_view prefix, std::string_view workspace, std::string_view name) {
  std::string key(prefix);
  key.append(workspace).append("/").append(name);
  return key;
}

Status AliasNotFound(std::string_view workspace, std::string_view name) {
  return NotFound("Alias '" + std::string(name) + "' not found in workspace '" +
                  std::string(workspace) + "'");
}

Status ViewNotFound(std::string_view workspace, std::string_view name) {
  return NotFound("View '" + std::string(name) + "' not found in workspace '" +
                  std::string(workspace) + "'");
}

std::optional<std::string> ApiKeyName(const Principal& principal) {
  if (principal.apikey_name.empty()) {
    return std::nullopt;
  }
  return principal.apikey_name;
}

std::string Counted(size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

}  // namespace

std::string Catalog::AliasKey(std::string_view workspace, std::string_view name) {
  return MetaKey(kAliasPrefix, workspace, name);
}

std::string Catalog::ViewKey(std::string_view workspace, std::string_view name) {
  return MetaKey(kViewPrefix, workspace, name);
}

Status Catalog::LoadAliasesAndViewsLocked() {
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues aliases, backend_.ScanMeta(kAliasPrefix));
  for (const auto& [key, json] : aliases) {
    BASALT_ASSIGN_OR_RETURN(Value record, internal::ParseCatalogRecord(key, json));
    BASALT_ASSIGN_OR_RETURN(AliasInfo info, AliasInfo::FromValue(record));
    auto workspace = workspaces_.find(info.workspace);
    if (workspace == workspaces_.end()) {
      return Corruption("alias '" + info.name + "' belongs to missing workspace '" +
                        info.workspace + "'");
    }
    std::string name = info.name;
    workspace->second.aliases[name] = std::move(info);
  }
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues views, backend_.ScanMeta(kViewPrefix));
  for (const auto& [key, json] : views) {
    BASALT_ASSIGN_OR_RETURN(Value record, internal::ParseCatalogRecord(key, json));
    BASALT_ASSIGN_OR_RETURN(ViewInfo info, ViewInfo::FromValue(record));
    auto workspace = workspaces_.find(info.workspace);
    if (workspace == workspaces_.end()) {
      return Corruption("view '" + info.name + "' belongs to missing workspace '" + info.workspace +
                        "'");
    }
    std::string name = info.name;
    workspace->second.views[name] = std::move(info);
  }
  return Status::Ok();
}

Status Catalog::CheckNoAliasesLocked(std::string_view workspace,
                                     std::string_view collection) const {
  std::string paths;
  size_t count = 0;
  for (const auto& [ws_name, ws] : workspaces_) {
    for (const auto& [name, alias] : ws.aliases) {
      if (alias.target_workspace == workspace && alias.target_collection == collection) {
        paths += (paths.empty() ? "" : ", ") + alias.Path();
        ++count;
      }
    }
  }
  if (count == 0) {
    return Status::Ok();
  }
  return Status(ErrorCode::kDependentResources,
                "Collection '" + std::string(workspace) + "." + std::string(collection) +
                    "' cannot be deleted: " + Counted(count, "alias") + " point at it (" + paths +
                    "); delete or update them first");
}

std::string Catalog::WorkspaceDependentsLocked(const WorkspaceEntry& entry) const {
  std::vector<std::string> parts;
  if (!entry.collections.empty()) {
    parts.push_back(Counted(entry.collections.size(), "collection"));
  }
  if (!entry.aliases.empty()) {
    parts.push_back(Counted(entry.aliases.size(), "alias"));
  }
  if (!entry.views.empty()) {
    parts.push_back(Counted(entry.views.size(), "view"));
  }
  std::string prefix = entry.info.name + ".";
  size_t children = 0;
  for (auto it = workspaces_.lower_bound(prefix);
       it != workspaces_.end() && it->first.starts_with(prefix); ++it) {
    children += it->first.find('.', prefix.size()) == std::string::npos ? 1 : 0;
  }
  if (children > 0) {
    parts.push_back(Counted(children, "child workspace"));
  }
  std::string out;
  for (const std::string& part : parts) {
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

// --- Aliases.

Status Catalog::CheckAliasTargetLocked(std::string_view workspace,
                                       std::string_view collection) const {
  Result<NamedEntity> target = ResolveLocked(workspace, collection);
  std::string path = std::string(workspace) + "." + std::string(collection);
  if (!target.ok()) {
    return NotFound("Alias target collection '" + path + "' not found");
  }
  if (target->kind != NamedEntity::Kind::kCollection) {
    return InvalidInput("alias target '" + path + "' is " +
                        (target->kind == NamedEntity::Kind::kAlias ? "an alias" : "a view") +
                        "; an alias points at a collection");
  }
  return Status::Ok();
}

Result<AliasInfo> Catalog::CreateAlias(std::string_view workspace, const AliasSpec& spec,
                                       const Principal& principal) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(WorkspaceEntry * ws, FindMutableWorkspaceLocked(workspace));
  BASALT_RETURN_IF_ERROR(CheckNameFreeLocked(*ws, spec.name));
  BASALT_RETURN_IF_ERROR(CheckAliasTargetLocked(spec.target_workspace, spec.target_collection));
  int64_t now = NowMicros();
  AliasInfo info{.workspace = std::string(workspace),
                 .name = spec.name,
                 .description = spec.description,
                 .target_workspace = spec.target_workspace,
                 .target_collection = spec.target_collection,
                 .created_at_micros = now,
                 .modified_at_micros = now,
                 .creator_email = principal.email,
                 .created_by_apikey_name = ApiKeyName(principal)};
  BASALT_RETURN_IF_ERROR(
      backend_.WriteMeta({{AliasKey(workspace, spec.name), ToJson(info.ToValue())}}, {}));
  ws->aliases[spec.name] = info;
  return info;
}

Result<AliasInfo> Catalog::GetAlias(std::string_view workspace, std::string_view name) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const WorkspaceEntry* ws, FindWorkspaceLocked(workspace));
  auto it = ws->aliases.find(name);
  if (it == ws->aliases.end()) {
    return AliasNotFound(workspace, name);
  }
  return it->second;
}

Result<std::vector<AliasInfo>> Catalog::ListAliases(std::string_view workspace) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const WorkspaceEntry* ws, FindWorkspaceLocked(workspace));
  return ValuesOf(ws->aliases);
}

std::vector<AliasInfo> Catalog::ListAllAliases() const {
  std::lock_guard lock(mu_);
  std::vector<AliasInfo> out;
  for (const auto& [ws_name, ws] : workspaces_) {
    std::vector<AliasInfo> of_workspace = ValuesOf(ws.aliases);
    out.insert(out.end(), of_workspace.begin(), of_workspace.end());
  }
  return out;
}

std::vector<AliasInfo> Catalog::AliasesOf(std::string_view workspace,
                                          std::string_view collection) const {
  std::lock_guard lock(mu_);
  std::vector<AliasInfo> out;
  for (const auto& [ws_name, ws] : workspaces_) {
    for (const auto& [name, alias] : ws.aliases) {
      if (alias.target_workspace == workspace && alias.target_collection == collection) {
        out.push_back(alias);
      }
    }
  }
  return out;
}

Result<AliasInfo> Catalog::UpdateAlias(std::string_view workspace, std::string_view name,
                                       const AliasUpdate& update) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(WorkspaceEntry * ws, FindMutableWorkspaceLocked(workspace));
  auto it = ws->aliases.find(name);
  if (it == ws->aliases.end()) {
    return AliasNotFound(workspace, name);
  }
  BASALT_RETURN_IF_ERROR(CheckAliasTargetLocked(update.target_workspace, update.target_collection));
  AliasInfo info = it->second;
  info.target_workspace = update.target_workspace;
  info.target_collection = update.target_collection;
  if (update.description) {
    info.description = update.description;
  }
  info.modified_at_micros = NowMicros();
  BASALT_RETURN_IF_ERROR(
      backend_.WriteMeta({{AliasKey(workspace, name), ToJson(info.ToValue())}}, {}));
  it->second = info;
  return info;
}

Result<AliasInfo> Catalog::DeleteAlias(std::string_view workspace, std::string_view name) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(WorkspaceEntry * ws, FindMutableWorkspaceLocked(workspace));
  auto it = ws->aliases.find(name);
  if (it == ws->aliases.end()) {
    return AliasNotFound(workspace, name);
  }
  AliasInfo info = it->second;
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {AliasKey(workspace, name)}));
  ws->aliases.erase(it);
  return info;
}

// --- Views.

Result<ViewInfo> Catalog::CreateView(std::string_view workspace, const ViewSpec& spec,
                                     const Principal& principal) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(WorkspaceEntry * ws, FindMutableWorkspaceLocked(workspace));
  BASALT_RETURN_IF_ERROR(CheckNameFreeLocked(*ws, spec.name));
  int64_t now = NowMicros();
  ViewInfo info{.workspace = std::string(workspace),
                .name = spec.name,
                .description = spec.description,
                .query_sql = spec.query,
                .entities = spec.entities,
                .created_at_micros = now,
                .modified_at_micros = now,
                .creator_email = principal.email,
                .created_by_apikey_name = ApiKeyName(principal)};
  BASALT_RETURN_IF_ERROR(
      backend_.WriteMeta({{ViewKey(workspace, spec.name), ToJson(info.ToValue())}}, {}));
  ws->views[spec.name] = info;
  return info;
}

Result<ViewInfo> Catalog::GetView(std::string_view workspace, std::string_view name) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const WorkspaceEntry* ws, FindWorkspaceLocked(workspace));
  auto it = ws->views.find(name);
  if (it == ws->views.end()) {
    return ViewNotFound(workspace, name);
  }
  return it->second;
}

Result<std::vector<ViewInfo>> Catalog::ListViews(std::string_view workspace) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const WorkspaceEntry* ws, FindWorkspaceLocked(workspace));
  return ValuesOf(ws->views);
}

std::vector<ViewInfo> Catalog::ListAllViews() const {
  std::lock_guard lock(mu_);
  std::vector<ViewInfo> out;
  for (const auto& [ws_name, ws] : workspaces_) {
    std::vector<ViewInfo> of_workspace = ValuesOf(ws.views);
    out.insert(out.end(), of_workspace.begin(), of_workspace.end());
  }
  return out;
}

Result<ViewInfo> Catalog::UpdateView(std::string_view workspace, std::string_view name,
                                     const ViewUpdate& update) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(WorkspaceEntry * ws, FindMutableWorkspaceLocked(workspace));
  auto it = ws->views.find(name);
  if (it == ws->views.end()) {
    return ViewNotFound(workspace, name);
  }
  ViewInfo info = it->second;
  info.query_sql = update.query;
  info.entities = update.entities;
  if (update.description) {
    info.description = update.description;
  }
  info.modified_at_micros = NowMicros();
  BASALT_RETURN_IF_ERROR(
      backend_.WriteMeta({{ViewKey(workspace, name), ToJson(info.ToValue())}}, {}));
  it->second = info;
  return info;
}

Result<ViewInfo> Catalog::DeleteView(std::string_view workspace, std::string_view name) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(WorkspaceEntry * ws, FindMutableWorkspaceLocked(workspace));
  auto it = ws->views.find(name);
  if (it == ws->views.end()) {
    return ViewNotFound(workspace, name);
  }
  ViewInfo info = it->second;
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {ViewKey(workspace, name)}));
  ws->views.erase(it);
  return info;
}

// --- Resolution.

Result<std::shared_ptr<CollectionHandle>> Catalog::OpenCollectionForWrite(
    std::string_view workspace, std::string_view name) const {
  std::lock_guard lock(mu_);
  Result<const CollectionEntry*> found = FindCollectionLocked(workspace, name);
  if (found.ok()) {
    return (*found)->handle;
  }
  Result<NamedEntity> entity = ResolveLocked(workspace, name);
  if (entity.ok() && entity->kind == NamedEntity::Kind::kAlias) {
    return InvalidInput("'" + entity->path + "' is an alias (of collection '" +
                        entity->collection_path +
                        "'); writes cannot target aliases, write to the collection itself");
  }
  if (entity.ok() && entity->kind == NamedEntity::Kind::kView) {
    return InvalidInput("'" + entity->path +
                        "' is a view; writes cannot target views, write to a collection");
  }
  return found.status();
}

Result<NamedEntity> Catalog::Resolve(std::string_view workspace, std::string_view name) const {
  std::lock_guard lock(mu_);
  return ResolveLocked(workspace, name);
}

Result<NamedEntity> Catalog::ResolveLocked(std::string_view workspace,
                                           std::string_view name) const {
  NamedEntity entity;
  entity.path = std::string(workspace) + "." + std::string(name);
  auto ws = workspaces_.find(workspace);
  if (ws == workspaces_.end()) {
    return NotFound("Collection, alias or view '" + entity.path + "' not found: workspace '" +
                    std::string(workspace) + "' does not exist");
  }
  if (auto it = ws->second.collections.find(name); it != ws->second.collections.end()) {
    entity.kind = NamedEntity::Kind::kCollection;
    entity.collection_path = entity.path;
    entity.storage_id = it->second.info.storage_id;
    return entity;
  }
  if (auto it = ws->second.aliases.find(name); it != ws->second.aliases.end()) {
    const AliasInfo& alias = it->second;
    auto target_ws = workspaces_.find(alias.target_workspace);
    if (target_ws != workspaces_.end()) {
      auto target = target_ws->second.collections.find(alias.target_collection);
      if (target != target_ws->second.collections.end()) {
        entity.kind = NamedEntity::Kind::kAlias;
        entity.collection_path = alias.TargetPath();
        entity.storage_id = target->second.info.storage_id;
        return entity;
      }
    }
    // Deleting a collection an alias points at is refused, so this means a broken store.
    return NotFound("Alias '" + entity.path + "' points at collection '" + alias.TargetPath() +
                    "', which does not exist");
  }
  if (auto it = ws->second.views.find(name); it != ws->second.views.end()) {
    entity.kind = NamedEntity::Kind::kView;
    entity.query_sql = it->second.query_sql;
    return entity;
  }
  return NotFound("Collection, alias or view '" + entity.path + "' not found");
}

}  // namespace basalt::catalog
