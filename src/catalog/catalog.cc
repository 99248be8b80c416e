#include "catalog/catalog.h"

#include <utility>

#include "catalog/ids.h"
#include "catalog/names.h"
#include "catalog/record_fields.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr std::string_view kOrgKey = "org";
constexpr std::string_view kWorkspacePrefix = "ws/";
constexpr std::string_view kCollectionPrefix = "col/";
constexpr std::string_view kRrnRegion = "use1a1";

Status WorkspaceNotFound(std::string_view name) {
  return NotFound("Workspace '" + std::string(name) + "' not found");
}

Status CollectionNotFound(std::string_view workspace, std::string_view name) {
  return NotFound("Collection '" + std::string(name) + "' not found in workspace '" +
                  std::string(workspace) + "'");
}

}  // namespace

std::string Catalog::WorkspaceKey(std::string_view workspace) {
  return std::string(kWorkspacePrefix) + std::string(workspace);
}

std::string Catalog::CollectionKey(std::string_view workspace, std::string_view name) {
  std::string key(kCollectionPrefix);
  key.append(workspace).append("/").append(name);
  return key;
}

Result<std::unique_ptr<Catalog>> Catalog::Open(Backend& backend, const Principal& creator) {
  std::unique_ptr<Catalog> catalog(new Catalog(backend));
  BASALT_RETURN_IF_ERROR(catalog->Load(creator));
  return catalog;
}

Status Catalog::Load(const Principal& creator) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues org_records, backend_.ScanMeta(kOrgKey));
  bool have_org = false;
  for (const auto& [key, json] : org_records) {
    if (key != kOrgKey) {
      continue;
    }
    BASALT_ASSIGN_OR_RETURN(Value record, internal::ParseCatalogRecord(key, json));
    if (!record.Get("id").is_string() ||
        record.Get("created_at_micros").type() != ValueType::kInt) {
      return Corruption("catalog record 'org' is malformed");
    }
    org_.id = std::string(record.Get("id").string_value());
    org_.created_at_micros = record.Get("created_at_micros").int_value();
    have_org = true;
  }
  if (!have_org) {
    org_.id = NewUuid();
    org_.created_at_micros = NowMicros();
    Value record = Value::MakeObject({{"id", Value::String(org_.id)},
                                      {"created_at_micros", Value::Int(org_.created_at_micros)}});
    BASALT_RETURN_IF_ERROR(backend_.WriteMeta({{std::string(kOrgKey), ToJson(record)}}, {}));
  }

  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues workspaces, backend_.ScanMeta(kWorkspacePrefix));
  for (const auto& [key, json] : workspaces) {
    BASALT_ASSIGN_OR_RETURN(Value record, internal::ParseCatalogRecord(key, json));
    BASALT_ASSIGN_OR_RETURN(WorkspaceInfo info, WorkspaceInfo::FromValue(record));
    std::string name = info.name;
    workspaces_[name].info = std::move(info);
  }
  if (workspaces_.find(kCommons) == workspaces_.end()) {
    WorkspaceInfo commons{.name = std::string(kCommons),
                          .description = std::nullopt,
                          .created_at_micros = org_.created_at_micros,
                          .created_by = creator.email};
    BASALT_RETURN_IF_ERROR(PutWorkspaceLocked(commons));
    workspaces_[commons.name].info = commons;
  }

  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues collections, backend_.ScanMeta(kCollectionPrefix));
  for (const auto& [key, json] : collections) {
    BASALT_ASSIGN_OR_RETURN(Value record, internal::ParseCatalogRecord(key, json));
    BASALT_ASSIGN_OR_RETURN(CollectionInfo info, CollectionInfo::FromValue(record));
    auto workspace = workspaces_.find(info.workspace);
    if (workspace == workspaces_.end()) {
      return Corruption("collection '" + info.name + "' belongs to missing workspace '" +
                        info.workspace + "'");
    }
    auto handle = std::make_shared<CollectionHandle>(info.storage_id);
    std::string name = info.name;
    workspace->second.collections[name] = CollectionEntry{std::move(info), std::move(handle)};
  }
  return LoadAliasesAndViewsLocked();
}

Status Catalog::PutWorkspaceLocked(const WorkspaceInfo& info) {
  return backend_.WriteMeta({{WorkspaceKey(info.name), ToJson(info.ToValue())}}, {});
}

WorkspaceInfo Catalog::WorkspaceViewLocked(const WorkspaceEntry& entry) const {
  WorkspaceInfo info = entry.info;
  info.collection_count = static_cast<int64_t>(entry.collections.size());
  return info;
}

Result<const Catalog::WorkspaceEntry*> Catalog::FindWorkspaceLocked(std::string_view name) const {
  auto it = workspaces_.find(name);
  if (it == workspaces_.end()) {
    return WorkspaceNotFound(name);
  }
  return &it->second;
}

Result<const Catalog::CollectionEntry*> Catalog::FindCollectionLocked(std::string_view workspace,
                                                                      std::string_view name) const {
  BASALT_ASSIGN_OR_RETURN(const WorkspaceEntry* entry, FindWorkspaceLocked(workspace));
  auto it = entry->collections.find(name);
  if (it == entry->collections.end()) {
    return CollectionNotFound(workspace, name);
  }
  return &it->second;
}

Result<Catalog::WorkspaceEntry*> Catalog::FindMutableWorkspaceLocked(std::string_view name) {
  auto it = workspaces_.find(name);
  if (it == workspaces_.end()) {
    return WorkspaceNotFound(name);
  }
  return &it->second;
}

Status Catalog::CheckNameFreeLocked(const WorkspaceEntry& workspace, std::string_view name) const {
  std::string_view kind;
  if (workspace.collections.find(name) != workspace.collections.end()) {
    kind = "Collection";
  } else if (workspace.aliases.find(name) != workspace.aliases.end()) {
    kind = "Alias";
  } else if (workspace.views.find(name) != workspace.views.end()) {
    kind = "View";
  } else {
    return Status::Ok();
  }
  return AlreadyExists(std::string(kind) + " '" + std::string(name) +
                       "' already exists in workspace '" + workspace.info.name +
                       "' (collections, aliases and views share one namespace)");
}

Result<WorkspaceInfo> Catalog::CreateWorkspace(const WorkspaceSpec& spec,
                                               const Principal& principal) {
  BASALT_RETURN_IF_ERROR(ValidateWorkspaceName(spec.name));
  std::lock_guard lock(mu_);
  if (workspaces_.find(spec.name) != workspaces_.end()) {
    return AlreadyExists("Workspace '" + spec.name + "' already exists");
  }
  int64_t now = NowMicros();
  WorkspaceInfo info{.name = spec.name,
                     .description = spec.description,
                     .created_at_micros = now,
                     .created_by = principal.email};
  // Missing ancestors of a nested workspace (`a` and `a.b` of `a.b.c`) come with it.
  std::vector<WorkspaceInfo> created;
  for (size_t dot = spec.name.find('.'); dot != std::string::npos;
       dot = spec.name.find('.', dot + 1)) {
    std::string ancestor = spec.name.substr(0, dot);
    if (workspaces_.find(ancestor) == workspaces_.end()) {
      created.push_back(WorkspaceInfo{.name = ancestor,
                                      .description = std::nullopt,
                                      .created_at_micros = now,
                                      .created_by = principal.email});
    }
  }
  created.push_back(info);
  Backend::KeyValues puts;
  for (const WorkspaceInfo& workspace : created) {
    puts.emplace_back(WorkspaceKey(workspace.name), ToJson(workspace.ToValue()));
  }
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta(puts, {}));
  for (WorkspaceInfo& workspace : created) {
    std::string name = workspace.name;
    workspaces_[name].info = std::move(workspace);
  }
  return info;
}

Result<std::vector<WorkspaceInfo>> Catalog::ListChildWorkspaces(std::string_view name) const {
  std::lock_guard lock(mu_);
  BASALT_RETURN_IF_ERROR(FindWorkspaceLocked(name).status());
  std::string prefix = std::string(name) + ".";
  std::vector<WorkspaceInfo> out;
  for (auto it = workspaces_.lower_bound(prefix);
       it != workspaces_.end() && it->first.starts_with(prefix); ++it) {
    if (it->first.find('.', prefix.size()) == std::string::npos) {
      out.push_back(WorkspaceViewLocked(it->second));
    }
  }
  return out;
}

Result<WorkspaceInfo> Catalog::GetWorkspace(std::string_view name) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const WorkspaceEntry* entry, FindWorkspaceLocked(name));
  return WorkspaceViewLocked(*entry);
}

std::vector<WorkspaceInfo> Catalog::ListWorkspaces() const {
  std::lock_guard lock(mu_);
  std::vector<WorkspaceInfo> out;
  out.reserve(workspaces_.size());
  for (const auto& [name, entry] : workspaces_) {
    out.push_back(WorkspaceViewLocked(entry));
  }
  return out;
}

Result<WorkspaceInfo> Catalog::DeleteWorkspace(std::string_view name) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const WorkspaceEntry* entry, FindWorkspaceLocked(name));
  if (name == kCommons) {
    return InvalidInput("Workspace 'commons' cannot be deleted");
  }
  std::string dependents = WorkspaceDependentsLocked(*entry);
  if (!dependents.empty()) {
    return Status(ErrorCode::kDependentResources, "Workspace '" + std::string(name) +
                                                      "' is not empty: it holds " + dependents +
                                                      "; delete them first");
  }
  for (const auto& [kind, count] : entry->dependents) {
    if (count > 0) {
      return Status(ErrorCode::kDependentResources,
                    "Workspace '" + std::string(name) + "' is not empty: it holds " +
                        std::to_string(count) + " " + kind + "(s); delete them first");
    }
  }
  WorkspaceInfo info = WorkspaceViewLocked(*entry);
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({}, {WorkspaceKey(name)}));
  workspaces_.erase(workspaces_.find(name));
  return info;
}

Status Catalog::RetainWorkspace(std::string_view workspace, std::string_view kind) {
  std::lock_guard lock(mu_);
  auto ws = workspaces_.find(workspace);
  if (ws == workspaces_.end()) {
    return WorkspaceNotFound(workspace);
  }
  auto [it, inserted] = ws->second.dependents.try_emplace(std::string(kind), 0);
  ++it->second;
  return Status::Ok();
}

void Catalog::ReleaseWorkspace(std::string_view workspace, std::string_view kind) {
  std::lock_guard lock(mu_);
  auto ws = workspaces_.find(workspace);
  if (ws == workspaces_.end()) {
    return;
  }
  auto it = ws->second.dependents.find(kind);
  if (it != ws->second.dependents.end() && it->second > 0) {
    --it->second;
  }
}

Result<CollectionInfo> Catalog::CreateCollection(std::string_view workspace,
                                                 const CollectionSpec& spec,
                                                 const Principal& principal) {
  BASALT_RETURN_IF_ERROR(ValidateName("collection", spec.name));
  return CreateCheckedCollection(workspace, spec, principal);
}

Result<CollectionInfo> Catalog::EnsureEventsCollection(const Principal& principal) {
  {
    std::lock_guard lock(mu_);
    Result<const CollectionEntry*> found = FindCollectionLocked(kCommons, kEventsCollection);
    if (found.ok()) {
      return (*found)->info;
    }
  }
  CollectionSpec spec;
  spec.name = std::string(kEventsCollection);
  spec.description = "Events of this organization: collections, API keys, users, integrations";
  spec.retention_secs = int64_t(30) * 24 * 3600;
  return CreateCheckedCollection(kCommons, spec, principal);
}

Result<CollectionInfo> Catalog::CreateCheckedCollection(std::string_view workspace,
                                                        const CollectionSpec& spec,
                                                        const Principal& principal) {
  if (spec.retention_secs) {
    BASALT_RETURN_IF_ERROR(ValidateRetentionSecs(*spec.retention_secs));
  }
  std::lock_guard lock(mu_);
  auto ws = workspaces_.find(workspace);
  if (ws == workspaces_.end()) {
    return WorkspaceNotFound(workspace);
  }
  BASALT_RETURN_IF_ERROR(CheckNameFreeLocked(ws->second, spec.name));

  BASALT_ASSIGN_OR_RETURN(uint32_t storage_id, backend_.CreateCollection());
  CollectionInfo info;
  info.workspace = std::string(workspace);
  info.name = spec.name;
  info.description = spec.description;
  info.rrn = "rrn:col:" + std::string(kRrnRegion) + ":" + NewUuid();
  info.created_at_micros = NowMicros();
  info.created_by = principal.email;
  if (!principal.apikey_name.empty()) {
    info.created_by_apikey_name = principal.apikey_name;
  }
  info.retention_secs = spec.retention_secs;
  info.storage_compression_type = spec.storage_compression_type;
  info.clustering_key = spec.clustering_key;
  info.source_download_soft_limit_bytes = spec.source_download_soft_limit_bytes;
  info.field_mapping_query = spec.field_mapping_query;
  info.rollup = spec.rollup;
  info.storage_id = storage_id;

  std::string key = CollectionKey(workspace, spec.name);
  Status written = backend_.WriteMeta({{key, ToJson(info.ToValue())}}, {});
  if (!written.ok()) {
    // Do not leak the empty collection the store allocated.
    backend_.DropCollection(storage_id, {}).IgnoreError();  // the write error matters more
    return written;
  }
  auto handle = std::make_shared<CollectionHandle>(storage_id);
  ws->second.collections[spec.name] = CollectionEntry{info, std::move(handle)};
  return info;
}

Result<CollectionInfo> Catalog::GetCollection(std::string_view workspace,
                                              std::string_view name) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const CollectionEntry* entry, FindCollectionLocked(workspace, name));
  return entry->info;
}

Result<std::vector<CollectionInfo>> Catalog::ListCollections(std::string_view workspace) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const WorkspaceEntry* entry, FindWorkspaceLocked(workspace));
  std::vector<CollectionInfo> out;
  out.reserve(entry->collections.size());
  for (const auto& [name, collection] : entry->collections) {
    out.push_back(collection.info);
  }
  return out;
}

std::vector<CollectionInfo> Catalog::ListAllCollections() const {
  std::lock_guard lock(mu_);
  std::vector<CollectionInfo> out;
  for (const auto& [ws_name, ws] : workspaces_) {
    for (const auto& [name, collection] : ws.collections) {
      out.push_back(collection.info);
    }
  }
  return out;
}

Result<CollectionInfo> Catalog::UpdateCollection(std::string_view workspace, std::string_view name,
                                                 const CollectionUpdate& update) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const CollectionEntry* found, FindCollectionLocked(workspace, name));
  CollectionInfo info = found->info;
  if (update.description) {
    info.description = update.description;
  }
  if (update.field_mapping_query) {
    // ingest.md §4.1: a rollup's query cannot change, and a collection of raw documents
    // cannot turn into one of groups.
    if (info.rollup) {
      return InvalidInput("the rollup query of collection '" + info.name +
                          "' cannot change after creation");
    }
    if (update.rollup) {
      return InvalidInput(
          "a transformation with GROUP BY or aggregates (a rollup) can only be set when the "
          "collection is created");
    }
    info.field_mapping_query = update.field_mapping_query;
  }
  BASALT_RETURN_IF_ERROR(
      backend_.WriteMeta({{CollectionKey(workspace, name), ToJson(info.ToValue())}}, {}));
  workspaces_.find(workspace)->second.collections.find(name)->second.info = info;
  return info;
}

Result<CollectionInfo> Catalog::DropCollection(std::string_view workspace, std::string_view name) {
  if (workspace == kCommons && name == kEventsCollection) {
    return InvalidInput("The collection commons._events is the organization's event log and "
                        "cannot be deleted");
  }
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const CollectionEntry* found, FindCollectionLocked(workspace, name));
  BASALT_RETURN_IF_ERROR(CheckNoAliasesLocked(workspace, name));
  CollectionInfo info = found->info;
  std::shared_ptr<CollectionHandle> handle = found->handle;
  {
    handle->dropping.store(true);
    std::unique_lock drop_lock(handle->drop_mu);  // waits for writes in flight
    Status dropped = backend_.DropCollection(info.storage_id, {CollectionKey(workspace, name)});
    if (!dropped.ok()) {
      handle->dropping.store(false);
      return dropped;
    }
    handle->dropped = true;
  }
  workspaces_.find(workspace)->second.collections.erase(info.name);
  return info;
}

Result<std::shared_ptr<CollectionHandle>> Catalog::OpenCollection(std::string_view workspace,
                                                                  std::string_view name) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(const CollectionEntry* entry, FindCollectionLocked(workspace, name));
  return entry->handle;
}

}  // namespace basalt::catalog
