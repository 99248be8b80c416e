#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/backend.h"
#include "catalog/objects.h"
#include "common/result.h"

namespace basalt::catalog {

inline constexpr std::string_view kDefaultViName = "main";

// A virtual instance (api.md §12). Basalt has one: the default VI `main`, which is the whole
// server (it ingests and runs every query). Persisted under "vi/<id>".
struct VirtualInstanceInfo {
  std::string id;  // UUID
  std::string rrn;
  std::string name;
  std::optional<std::string> description;
  int64_t created_at_micros = 0;
  std::string created_by;
  bool default_vi = true;

  Value ToValue() const;
  static Result<VirtualInstanceInfo> FromValue(const Value& value);
};

// What an update request may change on the default VI; everything else it may carry is
// checked by the server (api.md §12 UpdateVirtualInstanceRequest).
struct VirtualInstanceUpdate {
  std::optional<std::string> name;
  std::optional<std::string> description;
};

// The virtual instances and the deployment settings (api.md §12), persisted in the catalog
// key space and kept in memory. On a fresh store Open makes the default VI and points the
// deployment's default_query_vi at it.
//
// Thread-safety: all methods are safe to call concurrently; changes are persisted before
// they become visible. Errors: NOTFOUND for an unknown VI, INVALIDINPUT, the backend's.
class VirtualInstances {
 public:
  static Result<std::unique_ptr<VirtualInstances>> Open(Backend& backend, const Principal& creator);

  std::vector<VirtualInstanceInfo> List() const;
  // By id or rrn (clients pass either). NOTFOUND otherwise.
  Result<VirtualInstanceInfo> Find(std::string_view id_or_rrn) const;
  VirtualInstanceInfo Default() const;
  Result<VirtualInstanceInfo> Update(std::string_view id_or_rrn,
                                     const VirtualInstanceUpdate& update);

  // The rrn of the VI that runs queries naming none.
  std::string DefaultQueryVi() const;
  // Sets it; `vi` may be an rrn or an id (stored as the rrn). NOTFOUND for an unknown VI.
  Result<std::string> SetDefaultQueryVi(std::string_view vi);

  // When the server started serving (the default VI's `resumed_at`).
  int64_t started_micros() const { return started_micros_; }
  // Epoch milliseconds of the last query run since start, 0 if none (stats.last_queried_ms).
  int64_t last_queried_ms() const { return last_queried_ms_.load(); }
  void NoteQuery(int64_t now_ms) { last_queried_ms_.store(now_ms); }

  static std::string Key(std::string_view id);

 private:
  explicit VirtualInstances(Backend& backend);
  Status Load(const Principal& creator);
  Result<size_t> IndexLocked(std::string_view id_or_rrn) const;

  Backend& backend_;
  const int64_t started_micros_;
  std::atomic<int64_t> last_queried_ms_{0};
  mutable std::mutex mu_;
  std::vector<VirtualInstanceInfo> instances_;  // guarded by mu_
  std::string default_query_vi_;                // guarded by mu_
};

}  // namespace basalt::catalog
