#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/aliases_views.h"
#include "catalog/backend.h"
#include "catalog/objects.h"
#include "common/result.h"

namespace basalt::catalog {

// The part of a collection the write path holds on to while it writes a batch. Writers
// hold `drop_mu` shared for the duration of a batch; dropping the collection takes it
// exclusively, so a drop waits for in-flight writes and no write lands after a drop. A
// drop first raises `dropping`, which turns new writers away, so that a steady stream of
// writes cannot starve it (glibc's rwlock prefers readers).
// Shared (std::shared_ptr) between the catalog and in-flight requests: a request may
// still hold it after the catalog forgot the collection.
struct CollectionHandle {
  explicit CollectionHandle(uint32_t id) : storage_id(id) {}

  // Holds the collection for one write batch; the returned lock does not own the mutex
  // when the collection is dropped or being dropped (then answer NOTFOUND).
  std::shared_lock<std::shared_mutex> LockForWrite() {
    if (dropping.load()) {
      return {};
    }
    std::shared_lock lock(drop_mu);
    if (dropped) {
      return {};
    }
    return lock;
  }

  uint32_t storage_id;  // never changes
  std::shared_mutex drop_mu;
  std::atomic<bool> dropping{false};
  bool dropped = false;  // guarded by drop_mu
  // Epoch milliseconds of the last successful write (0: none since start), for stats.
  std::atomic<int64_t> last_updated_ms{0};
};

// What a name in a workspace stands for when a query names it (api.md §10, §11): a
// collection, an alias (resolved to its one collection) or a view (its stored SQL).
struct NamedEntity {
  enum class Kind { kCollection, kAlias, kView };
  Kind kind = Kind::kCollection;
  std::string path;  // "<workspace>.<name>" as named
  // kCollection and kAlias: the collection read.
  std::string collection_path;
  uint32_t storage_id = 0;
  // kView: the stored SELECT.
  std::string query_sql;
};

// Workspaces (nested ones too), collections, aliases and views (api.md §5, §6, §10, §11):
// validated, persisted as JSON objects in the store's catalog key space (keys "org",
// "ws/<ws>", "col/<ws>/<collection>", "alias/<ws>/<alias>", "view/<ws>/<view>"), loaded at
// Open and kept in memory.
//
// Thread-safety: all methods are safe to call concurrently; changes are serialised by one
// catalog mutex, and each change is persisted before it becomes visible.
// Errors: NOTFOUND (missing workspace or collection), ALREADYEXISTS (taken name),
// INVALIDINPUT, DEPENDENTRESOURCES, and the backend's errors.
class Catalog {
 public:
  static constexpr std::string_view kCommons = "commons";

  // Loads the catalog; on a fresh store creates the organization and the `commons`
  // workspace, made by `creator`.
  static Result<std::unique_ptr<Catalog>> Open(Backend& backend, const Principal& creator);

  const OrgInfo& org() const { return org_; }

  // --- Workspaces. A dotted name `a.b.c` is a nested workspace: creating it creates the
  // missing ancestors `a` and `a.b` in the same atomic write.
  Result<WorkspaceInfo> CreateWorkspace(const WorkspaceSpec& spec, const Principal& principal);
  Result<WorkspaceInfo> GetWorkspace(std::string_view name) const;
  std::vector<WorkspaceInfo> ListWorkspaces() const;
  // The direct children of a workspace (`a.b` of `a`), by name; NOTFOUND if it is missing.
  Result<std::vector<WorkspaceInfo>> ListChildWorkspaces(std::string_view name) const;
  // Refuses `commons` (INVALIDINPUT) and workspaces that hold collections, aliases, views or
  // child workspaces (DEPENDENTRESOURCES).
  Result<WorkspaceInfo> DeleteWorkspace(std::string_view name);

  // --- Collections.
  Result<CollectionInfo> CreateCollection(std::string_view workspace, const CollectionSpec& spec,
                                          const Principal& principal);
  // The organization's event log `commons._events` (api.md §6.5): made on the first start,
  // kept 30 days, never deleted; its name is one users cannot take.
  static constexpr std::string_view kEventsCollection = "_events";
  Result<CollectionInfo> EnsureEventsCollection(const Principal& principal);
  Result<CollectionInfo> GetCollection(std::string_view workspace, std::string_view name) const;
  // The collections of one workspace (NOTFOUND if it does not exist), by name.
  Result<std::vector<CollectionInfo>> ListCollections(std::string_view workspace) const;
  // Every collection, by workspace then name.
  std::vector<CollectionInfo> ListAllCollections() const;
  Result<CollectionInfo> UpdateCollection(std::string_view workspace, std::string_view name,
                                          const CollectionUpdate& update);
  // Removes the catalog entry and all of the collection's data in one atomic store write;
  // waits for writes in flight on the collection. Returns the entry as it was.
  // DEPENDENTRESOURCES while an alias points at it (views naming it are not checked: they
  // fail when queried, api.md §10).
  Result<CollectionInfo> DropCollection(std::string_view workspace, std::string_view name);
  // The handle the write path uses (NOTFOUND for a missing workspace or collection).
  Result<std::shared_ptr<CollectionHandle>> OpenCollection(std::string_view workspace,
                                                           std::string_view name) const;

  // --- Aliases (api.md §11; catalog_aliases_views.cc). The target must be an existing
  // collection (NOTFOUND; INVALIDINPUT when it names an alias or a view). Changes are
  // atomic: a query resolves an alias to either the old or the new target.
  Result<AliasInfo> CreateAlias(std::string_view workspace, const AliasSpec& spec,
                                const Principal& principal);
  Result<AliasInfo> GetAlias(std::string_view workspace, std::string_view name) const;
  Result<std::vector<AliasInfo>> ListAliases(std::string_view workspace) const;
  std::vector<AliasInfo> ListAllAliases() const;
  // The aliases pointing at a collection, by workspace then name.
  std::vector<AliasInfo> AliasesOf(std::string_view workspace, std::string_view collection) const;
  Result<AliasInfo> UpdateAlias(std::string_view workspace, std::string_view name,
                                const AliasUpdate& update);
  Result<AliasInfo> DeleteAlias(std::string_view workspace, std::string_view name);

  // --- Views (api.md §10). The SQL is checked by the caller (the catalog knows no SQL).
  Result<ViewInfo> CreateView(std::string_view workspace, const ViewSpec& spec,
                              const Principal& principal);
  Result<ViewInfo> GetView(std::string_view workspace, std::string_view name) const;
  Result<std::vector<ViewInfo>> ListViews(std::string_view workspace) const;
  std::vector<ViewInfo> ListAllViews() const;
  Result<ViewInfo> UpdateView(std::string_view workspace, std::string_view name,
                              const ViewUpdate& update);
  Result<ViewInfo> DeleteView(std::string_view workspace, std::string_view name);

  // OpenCollection for the write path: writes cannot target aliases or views (api.md §7,
  // §11), which answer INVALIDINPUT naming what the name is.
  Result<std::shared_ptr<CollectionHandle>> OpenCollectionForWrite(std::string_view workspace,
                                                                   std::string_view name) const;

  // What `workspace.name` stands for, read under one lock (NOTFOUND naming the path).
  Result<NamedEntity> Resolve(std::string_view workspace, std::string_view name) const;

  // --- Objects kept outside this class that live in a workspace (query lambdas, scheduled
  // lambdas). While any is retained the workspace cannot be deleted (DEPENDENTRESOURCES
  // naming `kind`). RetainWorkspace fails with NOTFOUND when the workspace does not exist.
  // Lock order: callers may hold their own mutex while calling these, never the reverse.
  Status RetainWorkspace(std::string_view workspace, std::string_view kind);
  void ReleaseWorkspace(std::string_view workspace, std::string_view kind);

  // Meta keys, exposed for tests.
  static std::string WorkspaceKey(std::string_view workspace);
  static std::string CollectionKey(std::string_view workspace, std::string_view name);
  static std::string AliasKey(std::string_view workspace, std::string_view name);
  static std::string ViewKey(std::string_view workspace, std::string_view name);

 private:
  struct CollectionEntry {
    CollectionInfo info;
    std::shared_ptr<CollectionHandle> handle;
  };
  struct WorkspaceEntry {
    WorkspaceInfo info;
    std::map<std::string, CollectionEntry, std::less<>> collections;
    std::map<std::string, AliasInfo, std::less<>> aliases;
    std::map<std::string, ViewInfo, std::less<>> views;
    std::map<std::string, int64_t, std::less<>> dependents;  // kind -> count retained
  };

  explicit Catalog(Backend& backend) : backend_(backend) {}

  Status Load(const Principal& creator);
  Status LoadAliasesAndViewsLocked();
  Status PutWorkspaceLocked(const WorkspaceInfo& info);
  WorkspaceInfo WorkspaceViewLocked(const WorkspaceEntry& entry) const;
  Result<const WorkspaceEntry*> FindWorkspaceLocked(std::string_view name) const;
  Result<const CollectionEntry*> FindCollectionLocked(std::string_view workspace,
                                                      std::string_view name) const;
  // CreateCollection after the name check (the event log's name does not pass it).
  Result<CollectionInfo> CreateCheckedCollection(std::string_view workspace,
                                                 const CollectionSpec& spec,
                                                 const Principal& principal);
  Result<WorkspaceEntry*> FindMutableWorkspaceLocked(std::string_view name);
  Result<NamedEntity> ResolveLocked(std::string_view workspace, std::string_view name) const;
  // NOTFOUND unless `workspace.collection` is a collection (INVALIDINPUT for an alias/view).
  Status CheckAliasTargetLocked(std::string_view workspace, std::string_view collection) const;
  // DEPENDENTRESOURCES naming the aliases that point at the collection, if any.
  Status CheckNoAliasesLocked(std::string_view workspace, std::string_view collection) const;
  // What makes a workspace non-empty (besides collections), for DeleteWorkspace.
  std::string WorkspaceDependentsLocked(const WorkspaceEntry& entry) const;
  // Collections, aliases and views share one namespace per workspace.
  Status CheckNameFreeLocked(const WorkspaceEntry& workspace, std::string_view name) const;

  Backend& backend_;
  OrgInfo org_;
  mutable std::mutex mu_;
  std::map<std::string, WorkspaceEntry, std::less<>> workspaces_;  // guarded by mu_
};

}  // namespace basalt::catalog
