#include "ingest/transform/transform_cache.h"

namespace basalt::ingest {

Result<std::shared_ptr<const Transformation>> TransformCache::Get(uint32_t storage_id,
                                                                  const std::string& sql) {
  {
    std::lock_guard lock(mu_);
    auto found = entries_.find(storage_id);
    if (found != entries_.end() && found->second->sql() == sql) {
      return found->second;
    }
  }
  // Compiled outside the lock: writes to other collections need not wait for it.
  BASALT_ASSIGN_OR_RETURN(std::shared_ptr<const Transformation> compiled,
                          Transformation::Compile(sql));
  std::lock_guard lock(mu_);
  entries_[storage_id] = compiled;
  return compiled;
}

void TransformCache::Forget(uint32_t storage_id) {
  std::lock_guard lock(mu_);
  entries_.erase(storage_id);
}

}  // namespace basalt::ingest
