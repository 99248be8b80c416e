#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/result.h"
#include "ingest/transform/transformation.h"

namespace basalt::ingest {

// Compiled transformations per collection, so that a collection's `field_mapping_query` is
// compiled once rather than on every write. Entries are keyed by the collection's storage
// id and checked against the SQL the catalog holds now: a changed transformation (PUT) is
// recompiled on its next use, and after a restart every one is compiled again on first use.
//
// Thread-safe. Transformations are handed out as shared immutable objects, so a write keeps
// using the one it started with while another request replaces it.
class TransformCache {
 public:
  // The compiled form of `sql` for the collection `storage_id`. Compile errors (only possible
  // when the catalog holds SQL that no longer compiles) are returned, not cached.
  Result<std::shared_ptr<const Transformation>> Get(uint32_t storage_id, const std::string& sql);

  // Forgets a dropped collection's entry.
  void Forget(uint32_t storage_id);

 private:
  std::mutex mu_;
  std::unordered_map<uint32_t, std::shared_ptr<const Transformation>> entries_;  // guarded by mu_
};

}  // namespace basalt::ingest
