#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace basalt::server {

// One query, sync or async, as the Query API reports it (api.md §8.5). Shared between the
// registry, the worker running it and request handlers (std::shared_ptr: no single owner).
struct QueryRecord {
  std::string id;
  std::string sql;
  std::string executed_by;
  std::string query_lambda_path;  // "<ws>.<lambda>::<version>" for lambda executions, else empty
  int64_t submitted_micros = 0;
  std::atomic<bool> cancelled{false};

  std::mutex mu;
  std::string status = "QUEUED";  // QUEUED RUNNING COMPLETED ERROR CANCELLED; guarded by mu
  Status error;                   // guarded by mu
  std::vector<Value> rows;        // guarded by mu
  std::vector<std::string> column_names;
  std::vector<std::string> collections;
  int64_t elapsed_ms = 0;
  int64_t expires_micros = 0;
  std::condition_variable done;
};

// Keeps query records (results for pagination, async state) for a time to live, and runs
// async queries on its own worker threads so that they never occupy HTTP threads.
class QueryRegistry {
 public:
  explicit QueryRegistry(int workers = 2);
  ~QueryRegistry();
  QueryRegistry(const QueryRegistry&) = delete;
  QueryRegistry& operator=(const QueryRegistry&) = delete;

  std::shared_ptr<QueryRecord> Create(std::string sql, std::string executed_by);
  std::shared_ptr<QueryRecord> Find(const std::string& id);
  std::vector<std::shared_ptr<QueryRecord>> Active();
  // Runs `work` on a worker thread.
  void Submit(std::function<void()> work);
  // Cancels every query, finishes the queued work and joins the workers. Call before what
  // the queued work references (the router's context) goes away; idempotent.
  void Shutdown();

  static constexpr int64_t kTtlMicros = int64_t(30) * 60 * 1000000;

 private:
  void Expire();
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<QueryRecord>> records_;
  // Ids by expiry (creation order, as every record lives kTtlMicros): Expire looks only at
  // the expired ones.
  std::deque<std::pair<int64_t, std::string>> expiry_;
  std::deque<std::function<void()>> queue_;
  std::condition_variable work_ready_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace basalt::server
