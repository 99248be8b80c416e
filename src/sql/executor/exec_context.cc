#include "sql/executor/exec_context.h"

#include <string>

namespace basalt::sql {

Result<storage::CollectionReader*> ExecContext::Reader(uint32_t collection_id) {
  auto found = readers_.find(collection_id);
  if (found != readers_.end()) {
    return found->second.get();
  }
  if (store_ == nullptr) {
    return Internal("this query context reads no collections");
  }
  BASALT_ASSIGN_OR_RETURN(auto reader, store_->NewReader(collection_id));
  storage::CollectionReader* raw = reader.get();
  readers_.emplace(collection_id, std::move(reader));
  return raw;
}

std::unique_ptr<ExecContext> ExecContext::WorkerContext() const {
  auto worker = std::make_unique<ExecContext>(functions_);
  worker->deadline_ = deadline_;
  worker->cancelled_ = cancelled_;
  worker->memory_limit_ = memory_limit_;
  return worker;
}

Status ExecContext::CheckInterrupt() const {
  if (cancelled_ != nullptr && cancelled_->load(std::memory_order_relaxed)) {
    return Status(ErrorCode::kQueryCancelled, "Query was cancelled");
  }
  if (std::chrono::steady_clock::now() > deadline_) {
    return Status(ErrorCode::kQueryTimeout, "Query timed out");
  }
  return Status::Ok();
}

Status MemoryLimitExceeded(int64_t limit_bytes) {
  return Status(ErrorCode::kResourceExceeded,
                "Query exceeded its memory limit of " + std::to_string(limit_bytes >> 20) + " MiB");
}

Status ExecContext::Charge(int64_t bytes) {
  memory_used_ += bytes;
  if (memory_used_ > memory_limit_) {
    return MemoryLimitExceeded(memory_limit_);
  }
  return Status::Ok();
}

}  // namespace basalt::sql
