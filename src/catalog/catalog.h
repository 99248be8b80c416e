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

// Workspaces and collections (api.md §5, §6): validated, persisted as JSON objects in the
// store's catalog key space (keys "org", "ws/<ws>", "col/<ws>/<collection>"), loaded at
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

  // --- Workspaces.
  Result<WorkspaceInfo> CreateWorkspace(const WorkspaceSpec& spec, const Principal& principal);
  Result<WorkspaceInfo> GetWorkspace(std::string_view name) const;
  std::vector<WorkspaceInfo> ListWorkspaces() const;
  // Refuses `commons` (INVALIDINPUT) and non-empty workspaces (DEPENDENTRESOURCES).
  Result<WorkspaceInfo> DeleteWorkspace(std::string_view name);

  // --- Collections.
  Result<CollectionInfo> CreateCollection(std::string_view workspace, const CollectionSpec& spec,
                                          const Principal& principal);
  Result<CollectionInfo> GetCollection(std::string_view workspace, std::string_view name) const;
  // The collections of one workspace (NOTFOUND if it does not exist), by name.
  Result<std::vector<CollectionInfo>> ListCollections(std::string_view workspace) const;
  // Every collection, by workspace then name.
  std::vector<CollectionInfo> ListAllCollections() const;
  Result<CollectionInfo> UpdateCollection(std::string_view workspace, std::string_view name,
                                          const CollectionUpdate& update);
  // Removes the catalog entry and all of the collection's data in one atomic store write;
  // waits for writes in flight on the collection. Returns the entry as it was.
  Result<CollectionInfo> DropCollection(std::string_view workspace, std::string_view name);
  // The handle the write path uses (NOTFOUND for a missing workspace or collection).
  Result<std::shared_ptr<CollectionHandle>> OpenCollection(std::string_view workspace,
                                                           std::string_view name) const;

  // Meta keys, exposed for tests.
  static std::string WorkspaceKey(std::string_view workspace);
  static std::string CollectionKey(std::string_view workspace, std::string_view name);

 private:
  struct CollectionEntry {
    CollectionInfo info;
    std::shared_ptr<CollectionHandle> handle;
  };
  struct WorkspaceEntry {
    WorkspaceInfo info;
    std::map<std::string, CollectionEntry, std::less<>> collections;
  };

  explicit Catalog(Backend& backend) : backend_(backend) {}

  Status Load(const Principal& creator);
  Status PutWorkspaceLocked(const WorkspaceInfo& info);
  WorkspaceInfo WorkspaceViewLocked(const WorkspaceEntry& entry) const;
  Result<const WorkspaceEntry*> FindWorkspaceLocked(std::string_view name) const;
  Result<const CollectionEntry*> FindCollectionLocked(std::string_view workspace,
                                                      std::string_view name) const;
  // Collections, aliases and views share one namespace per workspace.
  Status CheckNameFreeLocked(const WorkspaceEntry& workspace, std::string_view name) const;

  Backend& backend_;
  OrgInfo org_;
  mutable std::mutex mu_;
  std::map<std::string, WorkspaceEntry, std::less<>> workspaces_;  // guarded by mu_
};

}  // namespace basalt::catalog
