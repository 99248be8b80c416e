#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/backend.h"
#include "catalog/catalog.h"
#include "common/result.h"
#include "common/value.h"

namespace basalt::catalog {

// ExecutionStatus (api.md §9.1): the last problem of a scheduled run or its webhook.
struct ExecutionStatusInfo {
  std::string state;  // WARNING (the schedule goes on) or ERROR (it stopped)
  std::string message;
};

// A scheduled lambda (api.md §9.1): a query lambda (by tag or version) run on a 5-field cron
// schedule as the principal of the API key it was made with, optionally POSTing to a webhook.
// The API key itself is not stored, only whose it is.
struct ScheduledLambdaInfo {
  std::string rrn;  // rrn:sl:<region>:<uuid>
  std::string workspace;
  std::string ql_name;
  std::optional<std::string> tag;
  std::optional<std::string> version;
  std::string cron_string;
  std::optional<int64_t> total_times_to_execute;
  int64_t execution_count = 0;
  std::optional<int64_t> next_execution_micros;  // null: nothing scheduled (done or stopped)
  std::optional<int64_t> last_completion_micros;
  std::optional<std::string> last_query_id;
  std::optional<std::string> webhook_url;
  std::optional<std::string> webhook_auth_header;
  std::optional<std::string> webhook_payload;
  bool resume_permanent_error = false;
  std::optional<ExecutionStatusInfo> query_execution_status;
  std::optional<ExecutionStatusInfo> webhook_execution_status;
  std::string run_as_email;
  std::string run_as_apikey_name;
  int64_t created_at_micros = 0;

  Value ToValue() const;
  static Result<ScheduledLambdaInfo> FromValue(const Value& value);
};

// The stored scheduled lambdas, under "sl/<rrn>" in the catalog key space, loaded at Open.
// Each retains its workspace in the Catalog. Running them is the server's LambdaScheduler's
// job; this class only keeps them.
//
// Thread-safety: all methods are safe to call concurrently; changes are persisted before they
// become visible. Errors: NOTFOUND (unknown rrn, or not in the workspace), the backend's.
class ScheduledLambdas {
 public:
  static Result<std::unique_ptr<ScheduledLambdas>> Open(Backend& backend, Catalog& catalog);

  // Stores a new one (rrn and created_at filled here). NOTFOUND for a missing workspace.
  Result<ScheduledLambdaInfo> Create(ScheduledLambdaInfo info);
  Result<ScheduledLambdaInfo> Get(std::string_view workspace, std::string_view rrn) const;
  std::vector<ScheduledLambdaInfo> List() const;
  // Applies `change` to a copy and stores it. A change returning an error changes nothing.
  Result<ScheduledLambdaInfo> Update(std::string_view workspace, std::string_view rrn,
                                     const std::function<Status(ScheduledLambdaInfo&)>& change);
  Result<ScheduledLambdaInfo> Delete(std::string_view workspace, std::string_view rrn);

  static std::string Key(std::string_view rrn);

 private:
  ScheduledLambdas(Backend& backend, Catalog& catalog) : backend_(backend), catalog_(catalog) {}
  Status Load();
  Result<std::map<std::string, ScheduledLambdaInfo>::iterator> FindLocked(
      std::string_view workspace, std::string_view rrn);

  Backend& backend_;
  Catalog& catalog_;
  mutable std::mutex mu_;
  std::map<std::string, ScheduledLambdaInfo> by_rrn_;  // guarded by mu_
};

}  // namespace basalt::catalog
