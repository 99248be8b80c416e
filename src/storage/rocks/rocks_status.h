#pragma once

#include <rocksdb/status.h>

#include "common/status.h"

namespace basalt::storage {

// Converts a RocksDB status into ours (the only place that does).
inline Status FromRocks(const rocksdb::Status& s) {
  if (s.ok())
    return Status::Ok();
  if (s.IsNotFound())
    return Status(ErrorCode::kNotFound, s.ToString());
  if (s.IsCorruption())
    return Status(ErrorCode::kCorruption, s.ToString());
  if (s.IsIOError())
    return Status(ErrorCode::kIoError, s.ToString());
  return Status(ErrorCode::kInternal, "storage: " + s.ToString());
}

}  // namespace basalt::storage
