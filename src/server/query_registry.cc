#include "server/query_registry.h"

#include "catalog/ids.h"
#include "common/time_util.h"

namespace basalt::server {

QueryRegistry::QueryRegistry(int workers) {
  for (int idx = 0; idx < workers; ++idx) {
    workers_.emplace_back([this]() {
      while (true) {
        std::function<void()> work;
        {
          std::unique_lock<std::mutex> lock(mu_);
          work_ready_.wait(lock, [this]() { return stopping_ || !queue_.empty(); });
          if (stopping_ && queue_.empty()) {
            return;
          }
          work = std::move(queue_.front());
          queue_.pop_front();
        }
        work();
      }
    });
  }
}

QueryRegistry::~QueryRegistry() { Shutdown(); }

void QueryRegistry::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (auto& [id, record] : records_) {
      record->cancelled = true;
    }
  }
  work_ready_.notify_all();
  for (auto& worker : workers_) {
    if (worker.joinable()) {
      worker.join();
    }
  }
}

std::shared_ptr<QueryRecord> QueryRegistry::Create(std::string sql, std::string executed_by) {
  auto record = std::make_shared<QueryRecord>();
  record->id = catalog::NewUuid();
  record->sql = std::move(sql);
  record->executed_by = std::move(executed_by);
  record->submitted_micros = NowMicros();
  record->expires_micros = record->submitted_micros + kTtlMicros;
  std::lock_guard<std::mutex> lock(mu_);
  Expire();
  records_[record->id] = record;
  expiry_.emplace_back(record->expires_micros, record->id);
  return record;
}

std::shared_ptr<QueryRecord> QueryRegistry::Find(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  Expire();
  auto found = records_.find(id);
  return found == records_.end() ? nullptr : found->second;
}

std::vector<std::shared_ptr<QueryRecord>> QueryRegistry::Active() {
  std::vector<std::shared_ptr<QueryRecord>> out;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, record] : records_) {
    std::lock_guard<std::mutex> record_lock(record->mu);
    if (record->status == "QUEUED" || record->status == "RUNNING") {
      out.push_back(record);
    }
  }
  return out;
}

void QueryRegistry::Submit(std::function<void()> work) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(work));
  }
  work_ready_.notify_one();
}

void QueryRegistry::Expire() {
  int64_t now = NowMicros();
  while (!expiry_.empty() && expiry_.front().first < now) {
    records_.erase(expiry_.front().second);
    expiry_.pop_front();
  }
}

}  // namespace basalt::server
